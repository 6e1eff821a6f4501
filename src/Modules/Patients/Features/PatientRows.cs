using System.Data.Common;
using Infirmary.Patients.Domain;

namespace Infirmary.Patients.Features;

/// <summary>
/// Reads patient records straight from a data reader, for the search (ADR 0121): the columns a search result and its
/// FHIR resources show, in a fixed order, read into an untracked <see cref="Patient"/>. The search columns, date of
/// death and creation time are not read.
/// </summary>
internal static class PatientRows
{
    /// <summary>The select list, from <c>patients AS p</c>, with whether any record was merged into each row last.</summary>
    public const string Select =
        "SELECT p.id, p.nhs_number, p.hospital_number, p.title, p.given_name, p.family_name, p.birth_date, p.sex, " +
        "p.address_line1, p.address_line2, p.town, p.postcode, p.phone, p.gp_practice_ods, p.sensitive, p.active, " +
        "p.replaced_by_id, p.version, p.updated_at, " +
        "EXISTS (SELECT 1 FROM patients AS r WHERE r.replaced_by_id = p.id) " +
        "FROM patients AS p";

    public const int HasMergedRecordsOrdinal = 19;

    public static Patient Read(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        NhsNumber = String(r, 1),
        HospitalNumber = String(r, 2),
        Title = String(r, 3),
        GivenName = r.GetString(4),
        FamilyName = r.GetString(5),
        BirthDate = r.GetFieldValue<DateOnly>(6),
        Sex = Enum.Parse<Sex>(r.GetString(7)),
        AddressLine1 = String(r, 8),
        AddressLine2 = String(r, 9),
        Town = String(r, 10),
        Postcode = String(r, 11),
        Phone = String(r, 12),
        GpPracticeOds = String(r, 13),
        Sensitive = r.GetBoolean(14),
        Active = r.GetBoolean(15),
        ReplacedById = r.IsDBNull(16) ? null : r.GetGuid(16),
        Version = r.GetInt32(17),
        // Stored as UTC on both providers (SQLite has no instant type: the context marks it UTC the same way).
        UpdatedAt = DateTime.SpecifyKind(r.GetDateTime(18), DateTimeKind.Utc),
    };

    private static string? String(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
