namespace Infirmary.Platform.Fhir;

/// <summary>What a module serves for one FHIR resource type; the CapabilityStatement is built from these.</summary>
public sealed record FhirResourceCapability(
    string Type,
    IReadOnlyList<string> Interactions,
    IReadOnlyList<(string Name, string Type, string Documentation)> SearchParameters,
    bool ConditionalCreate = false,
    bool UpdateCreate = false,
    string? Profile = null);
