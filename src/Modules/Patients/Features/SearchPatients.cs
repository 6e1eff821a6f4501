using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public sealed class PatientQuery
{
    public string? NhsNumber { get; set; }

    public string? Family { get; set; }

    public string? Given { get; set; }

    public DateOnly? BirthDate { get; set; }

    public int Limit { get; set; } = 50;

    public bool IsEmpty => string.IsNullOrWhiteSpace(NhsNumber) && string.IsNullOrWhiteSpace(Family) &&
                           string.IsNullOrWhiteSpace(Given) && BirthDate is null;

    public string Describe() => string.Join(' ', new[]
    {
        string.IsNullOrWhiteSpace(NhsNumber) ? null : "nhsNumber",
        string.IsNullOrWhiteSpace(Family) ? null : "family",
        string.IsNullOrWhiteSpace(Given) ? null : "given",
        BirthDate is null ? null : "birthDate",
    }.Where(x => x is not null));
}

/// <summary>One row of a search result. Restricted records show only that they exist.</summary>
public sealed record PatientSummary(Guid Id, string DisplayName, string? NhsNumber, DateOnly? BirthDate, Sex Sex, string? Postcode, bool Restricted, int Version);

/// <summary>
/// The rows to show, plus the full records of those the caller may see in full (for channels such as FHIR that
/// return whole resources), so nothing is loaded twice.
/// </summary>
public sealed record SearchResult(IReadOnlyList<PatientSummary> Patients, IDictionary<string, string[]> Errors, bool Truncated)
{
    public IReadOnlyList<Patient> VisibleRecords { get; init; } = [];
}

public sealed class SearchPatients(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors)
{
    public const int MaxLimit = 200;

    public async Task<SearchResult> HandleAsync(PatientQuery query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (query.IsEmpty)
        {
            errors["query"] = ["Search by NHS number, family name, given name or date of birth."];
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

        var q = db.Set<Patient>().AsNoTracking().Where(p => p.Active);
        if (nhs is not null)
        {
            q = q.Where(p => p.NhsNumber == nhs);
        }

        if (!string.IsNullOrWhiteSpace(query.Family))
        {
            var family = query.Family.Trim().ToUpperInvariant();
            q = q.Where(p => p.FamilyNameSearch.StartsWith(family));
        }

        if (!string.IsNullOrWhiteSpace(query.Given))
        {
            var given = query.Given.Trim().ToUpperInvariant();
            q = q.Where(p => p.GivenNameSearch.StartsWith(given));
        }

        if (query.BirthDate is { } dob)
        {
            q = q.Where(p => p.BirthDate == dob);
        }

        var rows = await q.OrderBy(p => p.FamilyNameSearch).ThenBy(p => p.GivenNameSearch).ThenBy(p => p.BirthDate)
            .Take(query.Limit + 1)
            .ToListAsync(ct);
        var truncated = rows.Count > query.Limit;
        if (truncated)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var actor = actors.Current;
        var seeSensitive = actor.Has(Permissions.PatientsSensitive);
        if (actor.IsSystem && !seeSensitive)
        {
            // A system without the sensitive scope is not told restricted records exist.
            rows.RemoveAll(p => p.Sensitive);
        }

        var result = rows.Select(p => p.Sensitive && !seeSensitive
            ? new PatientSummary(p.Id, "Restricted record", null, null, Sex.Unknown, null, true, p.Version)
            : new PatientSummary(p.Id, p.DisplayName, p.NhsNumber, p.BirthDate, p.Sex, p.Postcode, false, p.Version)).ToList();

        var detail = $"search by {query.Describe()}";
        if (result.Count == 0)
        {
            await audit.RecordAsync(AuditAction.Search, "Patient", null, AuditOutcome.Success, detail + "; no matches", ct);
        }
        else
        {
            await audit.RecordManyAsync(AuditAction.Search, result.Select(r => ($"Patient/{r.Id}", (Guid?)r.Id)), detail, ct);
        }

        var visible = rows.Where(p => !p.Sensitive || seeSensitive).ToList();
        return new SearchResult(result, errors, truncated) { VisibleRecords = visible };
    }
}
