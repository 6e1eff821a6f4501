using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public sealed class PatientQuery
{
    public string? NhsNumber { get; set; }

    /// <summary>A hospital number; a record merged into another is found through to the survivor.</summary>
    public string? HospitalNumber { get; set; }

    public string? Family { get; set; }

    public string? Given { get; set; }

    public DateOnly? BirthDate { get; set; }

    public int Limit { get; set; } = 50;

    public bool IsEmpty => string.IsNullOrWhiteSpace(NhsNumber) && string.IsNullOrWhiteSpace(HospitalNumber) && string.IsNullOrWhiteSpace(Family) &&
                           string.IsNullOrWhiteSpace(Given) && BirthDate is null;

    public string Describe() => string.Join(' ', new[]
    {
        string.IsNullOrWhiteSpace(NhsNumber) ? null : "nhsNumber",
        string.IsNullOrWhiteSpace(HospitalNumber) ? null : "hospitalNumber",
        string.IsNullOrWhiteSpace(Family) ? null : "family",
        string.IsNullOrWhiteSpace(Given) ? null : "given",
        BirthDate is null ? null : "birthDate",
    }.Where(x => x is not null));
}

/// <summary>One row of a search result. Restricted records show only that they exist.</summary>
public sealed record PatientSummary(Guid Id, string DisplayName, string? NhsNumber, DateOnly? BirthDate, Sex Sex, string? Postcode, bool Restricted, int Version,
    string? HospitalNumber = null);

/// <summary>
/// The rows to show, plus the full records of those the caller may see in full (for channels such as FHIR that
/// return whole resources), so nothing is loaded twice.
/// </summary>
public sealed record SearchResult(IReadOnlyList<PatientSummary> Patients, IDictionary<string, string[]> Errors, bool Truncated)
{
    public IReadOnlyList<Patient> VisibleRecords { get; init; } = [];

    /// <summary>Ids of the records found that others were merged into (only these have <c>replaces</c> links to look up).</summary>
    public IReadOnlySet<Guid> HaveMergedRecords { get; init; } = new HashSet<Guid>();
}

public sealed class SearchPatients(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors)
{
    public const int MaxLimit = 200;

    public async Task<SearchResult> HandleAsync(PatientQuery query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (query.IsEmpty)
        {
            errors["query"] = ["Search by NHS number, hospital number, family name, given name or date of birth."];
        }

        string? nhs = null;
        if (!string.IsNullOrWhiteSpace(query.NhsNumber))
        {
            nhs = NhsNumber.Normalise(query.NhsNumber);
            if (nhs is null)
            {
                errors["nhsNumber"] = ["An NHS number is 10 digits, for example 943 476 5919."];
            }
        }

        string? hospitalNumber = null;
        if (!string.IsNullOrWhiteSpace(query.HospitalNumber))
        {
            hospitalNumber = PatientIdentifiers.NormaliseHospitalNumber(query.HospitalNumber);
            if (hospitalNumber is null)
            {
                errors["hospitalNumber"] = ["A hospital number is H and seven digits, for example H0001234."];
            }
        }

        if (query.Family?.Length > 100 || query.Given?.Length > 100)
        {
            errors["name"] = ["Names in a search must be 100 characters or fewer."];
        }

        if (query.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The number of results must be between 1 and {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return new SearchResult([], errors, false);
        }

        var rows = await FindAsync(query, nhs, hospitalNumber, ct);
        var truncated = rows.Count > query.Limit;
        if (truncated)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var merged = rows.Where(r => r.HasMergedRecords).Select(r => r.Patient.Id).ToHashSet();
        var patients = rows.Select(r => r.Patient).ToList();

        var actor = actors.Current;
        var seeSensitive = actor.Has(Permissions.PatientsSensitive);
        if (actor.IsSystem && !seeSensitive)
        {
            // A system without the sensitive scope is not told restricted records exist.
            patients.RemoveAll(p => p.Sensitive);
        }

        var result = patients.Select(p => p.Sensitive && !seeSensitive
            ? new PatientSummary(p.Id, "Restricted record", null, null, Sex.Unknown, null, true, p.Version)
            : new PatientSummary(p.Id, p.DisplayName, p.NhsNumber, p.BirthDate, p.Sex, p.Postcode, false, p.Version, p.HospitalNumber)).ToList();

        var detail = $"search by {query.Describe()}";
        if (result.Count == 0)
        {
            await audit.RecordAsync(AuditAction.Search, "Patient", null, AuditOutcome.Success, detail + "; no matches", ct);
        }
        else
        {
            await audit.RecordManyAsync(AuditAction.Search, result.Select(r => ($"Patient/{r.Id}", (Guid?)r.Id)), detail, ct);
        }

        var visible = patients.Where(p => !p.Sensitive || seeSensitive).ToList();
        return new SearchResult(result, errors, truncated) { VisibleRecords = visible, HaveMergedRecords = merged };
    }

    /// <summary>
    /// The matching active records in display order, one more than the limit (to tell whether there are more), each
    /// with whether other records were merged into it — one query (ADR 0101).
    /// </summary>
    private async Task<List<Row>> FindAsync(PatientQuery query, string? nhs, string? hospitalNumber, CancellationToken ct)
    {
        var take = query.Limit + 1;
        var family = string.IsNullOrWhiteSpace(query.Family) ? null : query.Family.Trim().ToUpperInvariant();
        var given = string.IsNullOrWhiteSpace(query.Given) ? null : query.Given.Trim().ToUpperInvariant();
        var q = db.Set<Patient>().AsNoTracking().Where(p => p.Active);
        if (nhs is not null)
        {
            q = q.Where(p => p.NhsNumber == nhs);
        }

        if (hospitalNumber is not null)
        {
            var holder = await SurvivorOfAsync(hospitalNumber, ct);
            q = q.Where(p => p.Id == holder);
        }

        if (family is not null)
        {
            q = q.Where(p => p.FamilyNameSearch.StartsWith(family));
        }

        if (given is not null)
        {
            q = q.Where(p => p.GivenNameSearch.StartsWith(given));
        }

        if (query.BirthDate is { } dob)
        {
            q = q.Where(p => p.BirthDate == dob);
        }

        return await q.OrderBy(p => p.FamilyNameSearch).ThenBy(p => p.GivenNameSearch).ThenBy(p => p.BirthDate)
            .Take(take)
            .Select(p => new Row(p, db.Set<Patient>().Any(r => r.ReplacedById == p.Id)))
            .ToListAsync(ct);
    }

    private sealed record Row(Patient Patient, bool HasMergedRecords);

    /// <summary>
    /// The record holding this hospital number, or — when that record was merged into another — the record in use now:
    /// the number on an old case-note folder still leads to the live record.
    /// </summary>
    private async Task<Guid?> SurvivorOfAsync(string hospitalNumber, CancellationToken ct)
    {
        var found = await db.Set<Patient>().AsNoTracking().Where(p => p.HospitalNumber == hospitalNumber)
            .Select(p => new { p.Id, p.ReplacedById }).FirstOrDefaultAsync(ct);
        var id = found?.Id;
        var next = found?.ReplacedById;
        for (var hops = 0; next is not null && hops < 10; hops++)
        {
            id = next;
            next = await db.Set<Patient>().AsNoTracking().Where(p => p.Id == id).Select(p => p.ReplacedById).FirstOrDefaultAsync(ct);
        }

        return id;
    }
}
