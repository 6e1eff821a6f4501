namespace Infirmary.Medicines.Tests;

/// <summary>One engine for all tests: loading is deterministic and the engine is immutable.</summary>
internal static class Fixture
{
    public static readonly KnowledgeBase Kb = KnowledgeBase.LoadEmbedded();
    public static readonly MedicinesEngine Engine = new(Kb, SampleFormulary.Load());

    public static MedicineOrder Text(string text) => new(Text: text);

    public static IReadOnlyList<Alert> Screen(params string[] drafts) =>
        Engine.Screen(new ScreeningRequest { DraftOrders = [.. drafts.Select(Text)] });

    public static Alert? Find(IEnumerable<Alert> alerts, AlertKind kind) => alerts.FirstOrDefault(a => a.Kind == kind);
}
