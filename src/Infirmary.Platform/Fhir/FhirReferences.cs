namespace Infirmary.Platform.Fhir;

/// <summary>Reading references as FHIR clients write them in search parameters.</summary>
public static class FhirReferences
{
    /// <summary>
    /// A <c>patient</c> or <c>subject</c> search value: <c>Patient/{id}</c> or the bare id, as FHIR search allows both.
    /// </summary>
    public static bool TryPatientId(string value, out Guid id)
    {
        ArgumentNullException.ThrowIfNull(value);
        var raw = value.StartsWith("Patient/", StringComparison.Ordinal) ? value["Patient/".Length..] : value;
        return Guid.TryParse(raw, out id);
    }
}
