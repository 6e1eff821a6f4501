using CsCheck;

namespace Infirmary.Medicines.Tests;

public class PropertyTests
{
    private static readonly IReadOnlyList<Product> Products = SampleFormulary.Load();

    [Fact]
    public void GivenAnyMedicineList_WhenReordered_ThenSameAlertsInSameOrder()
    {
        var gen = Gen.Select(
            Gen.Int[0, Products.Count - 1].Array[1, 12],
            Gen.Int[0, Products.Count - 1].Array[0, 8],
            Gen.Int.Array[20],
            Gen.Bool);
        gen.Sample((drafts, current, keys, withFood) =>
        {
            var request = new ScreeningRequest
            {
                DraftOrders = [.. drafts.Select(i => new MedicineOrder(Code: Products[i].Code))],
                CurrentMedicines = [.. current.Select(i => new MedicineOrder(Text: Products[i].Name))],
                Allergies = ["penicillin", "morphine"],
                Foods = withFood ? ["grapefruit", "alcohol"] : [],
            };
            var shuffled = request with
            {
                DraftOrders = [.. request.DraftOrders.Select((o, i) => (o, k: keys[i % keys.Length] + i)).OrderBy(x => x.k).Select(x => x.o)],
                CurrentMedicines = [.. request.CurrentMedicines.Reverse()],
                Allergies = [.. request.Allergies.Reverse()],
            };
            var a = Fixture.Engine.Screen(request).Select(x => x.Id).ToList();
            var b = Fixture.Engine.Screen(shuffled).Select(x => x.Id).ToList();
            Assert.Equal(a, b);
        }, iter: 300);
    }

    [Fact]
    public void GivenAnyMedicineList_WhenScreened_ThenAlertsSortedBySeverityThenKind()
    {
        Gen.Int[0, Products.Count - 1].Array[2, 15].Sample(drafts =>
        {
            var alerts = Fixture.Engine.Screen(new ScreeningRequest { DraftOrders = [.. drafts.Select(i => new MedicineOrder(Code: Products[i].Code))] });
            for (var i = 1; i < alerts.Count; i++)
            {
                var prev = alerts[i - 1];
                var cur = alerts[i];
                Assert.True(prev.Severity > cur.Severity || (prev.Severity == cur.Severity && prev.Kind <= cur.Kind));
            }

            Assert.Equal(alerts.Count, alerts.Select(x => x.Id).Distinct().Count());
        }, iter: 200);
    }

    [Fact]
    public void GivenSameAlert_WhenScreenedByAnotherEngine_ThenIdIsStable()
    {
        var other = new MedicinesEngine(KnowledgeBase.LoadEmbedded(), SampleFormulary.Load());
        var request = new ScreeningRequest { DraftOrders = [Fixture.Text("Warfarin 5mg tablets"), Fixture.Text("Ibuprofen 400mg tablets")] };
        var a = Assert.Single(Fixture.Engine.Screen(request), x => x.Kind == AlertKind.Interaction);
        var b = Assert.Single(other.Screen(request), x => x.Kind == AlertKind.Interaction);
        Assert.Equal(a.Id, b.Id);
        Assert.Matches("^[0-9a-f]{16}$", a.Id);
        var c = Assert.Single(Fixture.Screen("Warfarin 1mg tablets", "Ibuprofen 400mg tablets"), x => x.Kind == AlertKind.Interaction);
        Assert.NotEqual(a.Id, c.Id);
    }
}
