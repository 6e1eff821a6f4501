namespace Infirmary.Patients.Domain;

/// <summary>
/// A FHIR resource of a type no module models (yet): Encounter, Condition, Observation, Claim, … kept as the JSON it
/// was given (ids and references rewritten to ours) so it can be read back unchanged (ADR 0045). Each write bumps
/// <see cref="Version"/> and leaves a <see cref="StoredResourceVersion"/> behind.
/// </summary>
public sealed class StoredResource
{
    /// <summary>The FHIR id (the server assigns a Guid).</summary>
    public Guid Id { get; set; }

    public string ResourceType { get; set; } = string.Empty;

    public int Version { get; set; } = 1;

    /// <summary>The patient the resource is about (its <c>subject</c> or <c>patient</c>); a merge moves it.</summary>
    public Guid? PatientId { get; set; }

    public string Json { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One version of a stored resource, as written.</summary>
public sealed class StoredResourceVersion
{
    public long Id { get; set; }

    public Guid ResourceId { get; set; }

    public int Version { get; set; }

    public DateTime RecordedAt { get; set; }

    public string RecordedBy { get; set; } = string.Empty;

    public string Json { get; set; } = string.Empty;
}

/// <summary>An identifier of a stored resource, so conditional references (<c>Practitioner?identifier=s|v</c>) resolve.</summary>
public sealed class StoredResourceIdentifier
{
    public long Id { get; set; }

    public Guid ResourceId { get; set; }

    public string ResourceType { get; set; } = string.Empty;

    public string System { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

/// <summary>
/// An identifier of a patient other than the NHS number: the hospital number this system issues, and those brought
/// in by an import (a US social security number, a medical record number elsewhere). One system and value names at
/// most one patient.
/// </summary>
public sealed class PatientIdentifier
{
    public long Id { get; set; }

    public Guid PatientId { get; set; }

    public string System { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;

    /// <summary>The identifier type as text (e.g. "Social Security Number"), when given.</summary>
    public string? TypeText { get; set; }
}

/// <summary>A named counter the module issues numbers from (the hospital number); <see cref="NextValue"/> is the next to issue.</summary>
public sealed class PatientNumberCounter
{
    public string Name { get; set; } = string.Empty;

    public long NextValue { get; set; }
}

/// <summary>The hospital number this system issues: "H" and (at least) seven digits, counted up from H0000001.</summary>
public static class PatientIdentifiers
{
    public const string HospitalNumberSystem = "https://infirmary.nhs.example/Id/hospital-number";

    public const string HospitalNumberText = "Hospital number";

    public static string FormatHospitalNumber(long n) => "H" + n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    public static long? ParseHospitalNumber(string? value) =>
        value is { Length: >= 8 and <= 12 } && value[0] is 'H' or 'h'
            && long.TryParse(value.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1
            ? n
            : null;

    /// <summary>A hospital number as typed ("h123 4567", " H1234567 ") in its one stored form, or null if it is not one.</summary>
    public static string? NormaliseHospitalNumber(string? value)
    {
        var compact = value?.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        return ParseHospitalNumber(compact) is { } n ? FormatHospitalNumber(n) : null;
    }
}
