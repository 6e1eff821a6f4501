namespace Infirmary.Patients.Domain;

public enum Sex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
    Other = 3,
}

/// <summary>
/// A patient's demographic record. Never deleted; each change bumps <see cref="Version"/> (the optimistic
/// concurrency token and FHIR versionId) and leaves a <see cref="PatientVersion"/> snapshot behind.
/// </summary>
public sealed class Patient
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Ten digits, no spaces; null for unknown or emergency patients. Unique across the index.</summary>
    public string? NhsNumber { get; set; }

    /// <summary>
    /// The local hospital number ("H" and seven digits) this system issued when the record was created; unique, and it
    /// stays with this record through a merge (it is the record's, not the person's). Null only on records created
    /// before numbers were issued at registration.
    /// </summary>
    public string? HospitalNumber { get; set; }

    public string? Title { get; set; }

    public string GivenName { get; set; } = string.Empty;

    public string FamilyName { get; set; } = string.Empty;

    /// <summary>Upper-case copies for case-insensitive prefix search that uses an index on every provider.</summary>
    public string GivenNameSearch { get; set; } = string.Empty;

    public string FamilyNameSearch { get; set; } = string.Empty;

    public DateOnly BirthDate { get; set; }

    public Sex Sex { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? Town { get; set; }

    public string? Postcode { get; set; }

    public string? Phone { get; set; }

    /// <summary>ODS code of the registered GP practice, e.g. A81001.</summary>
    public string? GpPracticeOds { get; set; }

    /// <summary>A restricted record: staff must break the glass, with a reason, to see it.</summary>
    public bool Sensitive { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Set when this record was merged into another (the survivor); the record is then inactive.</summary>
    public Guid? ReplacedById { get; set; }
    /// <summary>Date of death when the patient has died; other modules refuse to book a deceased patient.</summary>
    public DateOnly? DateOfDeath { get; set; }

    public int Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string DisplayName => $"{FamilyName.ToUpperInvariant()}, {GivenName}{(Title is null ? string.Empty : $" ({Title})")}";

    public void Apply(PatientDetails d)
    {
        NhsNumber = Domain.NhsNumber.Normalise(d.NhsNumber);
        Title = Blank(d.Title);
        GivenName = d.GivenName!.Trim();
        FamilyName = d.FamilyName!.Trim();
        GivenNameSearch = GivenName.ToUpperInvariant();
        FamilyNameSearch = FamilyName.ToUpperInvariant();
        BirthDate = d.BirthDate!.Value;
        Sex = d.Sex;
        AddressLine1 = Blank(d.AddressLine1);
        AddressLine2 = Blank(d.AddressLine2);
        Town = Blank(d.Town);
        Postcode = UkPostcode.Normalise(d.Postcode);
        Phone = Blank(d.Phone);
        GpPracticeOds = Blank(d.GpPracticeOds)?.ToUpperInvariant();
        Sensitive = d.Sensitive;
    }

    public PatientDetails ToDetails() => new()
    {
        NhsNumber = NhsNumber,
        Title = Title,
        GivenName = GivenName,
        FamilyName = FamilyName,
        BirthDate = BirthDate,
        Sex = Sex,
        AddressLine1 = AddressLine1,
        AddressLine2 = AddressLine2,
        Town = Town,
        Postcode = Postcode,
        Phone = Phone,
        GpPracticeOds = GpPracticeOds,
        Sensitive = Sensitive,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>A snapshot of a patient as it was at one version; the history behind FHIR _history and audit.</summary>
public sealed class PatientVersion
{
    public long Id { get; set; }

    public Guid PatientId { get; set; }

    public int Version { get; set; }

    public DateTime RecordedAt { get; set; }

    public string RecordedBy { get; set; } = string.Empty;

    public string Snapshot { get; set; } = string.Empty;
}
