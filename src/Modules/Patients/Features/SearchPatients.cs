using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
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

public sealed class SearchPatients(UnitOfWork unit, AuditTrail audit, ActorAccessor actors, ReadConnections connections)
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
    /// with whether other records were merged into it — one query (ADR 0101), sent as plain SQL and read into untracked
    /// records by hand (ADR 0121): only the columns a search shows, and none of EF Core's per-query or per-context work.
    /// On PostgreSQL the query has a pooled connection of its own, so a search by NHS number or name never constructs the
    /// request's context at all (ADR 0156); on SQLite it uses the context's connection.
    /// </summary>
    private async Task<List<Row>> FindAsync(PatientQuery query, string? nhs, string? hospitalNumber, CancellationToken ct)
    {
        var sqlite = connections.Provider == DatabaseProvider.Sqlite;
        Guid? holder = null;
        if (hospitalNumber is not null)
        {
            holder = await SurvivorOfAsync(hospitalNumber, ct);
            if (holder is null)
            {
                return [];
            }
        }

        var family = FreeText.Clean(query.Family)?.ToUpperInvariant();
        var given = FreeText.Clean(query.Given)?.ToUpperInvariant();

        var own = await connections.OpenAsync(ct);
        var connection = own ?? unit.Context.Database.GetDbConnection();
        if (own is null)
        {
            await unit.Context.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            var sql = new System.Text.StringBuilder(PatientRows.Select);
            sql.Append(" WHERE p.active");
            if (nhs is not null)
            {
                sql.Append(" AND p.nhs_number = @nhs");
                Add(command, "@nhs", nhs);
            }

            if (holder is { } id)
            {
                sql.Append(" AND p.id = @id");
                // SQLite keeps a Guid as upper-case text (as EF Core writes it); PostgreSQL as uuid.
                Add(command, "@id", sqlite ? id.ToString().ToUpperInvariant() : id);
            }

            if (family is not null)
            {
                sql.Append(" AND p.family_name_search LIKE @family ESCAPE '\\'");
                Add(command, "@family", LikePrefix(family));
                // The same prefix as a range in byte order as well (ADR 0158), so a search by name and date of birth is a range
                // of the date-and-name index rather than every record born that day. LIKE still decides which rows match.
                var collate = sqlite ? string.Empty : " COLLATE \"C\"";
                sql.Append(" AND p.family_name_search").Append(collate).Append(" >= @familyFrom");
                Add(command, "@familyFrom", family);
                if (PrefixEnd(family) is { } end)
                {
                    sql.Append(" AND p.family_name_search").Append(collate).Append(" < @familyTo");
                    Add(command, "@familyTo", end);
                }
            }

            if (given is not null)
            {
                sql.Append(" AND p.given_name_search LIKE @given ESCAPE '\\'");
                Add(command, "@given", LikePrefix(given));
            }

            if (query.BirthDate is { } dob)
            {
                sql.Append(" AND p.birth_date = @dob");
                Add(command, "@dob", dob);
            }

            sql.Append(" ORDER BY p.family_name_search, p.given_name_search, p.birth_date LIMIT @take");
            Add(command, "@take", query.Limit + 1);
            command.CommandText = sql.ToString();

            var rows = new List<Row>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new Row(PatientRows.Read(reader), reader.GetBoolean(PatientRows.HasMergedRecordsOrdinal)));
            }

            return rows;
        }
        finally
        {
            // Closed before the audit: a unit of work holding its connection does not join the group commit (ADR 0100).
            if (own is null)
            {
                await unit.Context.Database.CloseConnectionAsync();
            }
            else
            {
                await own.DisposeAsync();
            }
        }
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A LIKE pattern for "starts with", the name's own <c>%</c>, <c>_</c> and <c>\</c> taken literally.</summary>
    private static string LikePrefix(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>
    /// The first string after every string that starts with <paramref name="prefix"/>, in code-point order (UTF-8 byte
    /// order: PostgreSQL's collation "C", SQLite's BINARY): the prefix with its last character's code point plus one. Null
    /// when that is not a plain step (the last character a surrogate, or the step would reach one); the search then has
    /// a lower bound only, which still holds every match.
    /// </summary>
    public static string? PrefixEnd(string prefix)
    {
        var last = prefix[^1];
        if (last == char.MaxValue || char.IsSurrogate(last) || char.IsSurrogate((char)(last + 1)))
        {
            return null;
        }

        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(last + 1)]);
    }

    private sealed record Row(Patient Patient, bool HasMergedRecords);

    /// <summary>
    /// The record holding this hospital number, or — when that record was merged into another — the record in use now:
    /// the number on an old case-note folder still leads to the live record.
    /// </summary>
    private async Task<Guid?> SurvivorOfAsync(string hospitalNumber, CancellationToken ct)
    {
        var db = unit.Context;
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
