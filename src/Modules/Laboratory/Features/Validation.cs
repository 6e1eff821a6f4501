using System.Globalization;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

public sealed record ResultDto(
    Guid Id,
    string? TestCode,
    string Code,
    string Name,
    string Value,
    string? Units,
    string? ReferenceRange,
    string? Flag,
    string FlagText,
    string? AnalyserFlag,
    string? Note,
    decimal? PreviousValue,
    DateTime? PreviousAt,
    decimal? Delta,
    DateTime FiledAt,
    bool Superseded,
    string? SupersededBy,
    DateTime? SupersededAt,
    string? AmendmentReason)
{
    public static ResultDto From(LabResult r) => new(r.Id, r.TestCode, r.Code, r.Name, r.Value, r.Units, r.ReferenceRange, r.Flag,
        ResultFlags.Describe(r.Flag), r.AnalyserFlag, r.Note, r.PreviousValue, r.PreviousAt, r.Delta, r.FiledAt, r.Superseded, r.SupersededBy,
        r.SupersededAt, r.AmendmentReason);

    public bool Critical => ResultFlags.IsCritical(Flag);
}

public sealed record ReportDto(
    Guid Id,
    Guid PatientId,
    Guid OrderId,
    string Accession,
    string Container,
    string Status,
    string StatusText,
    bool Amended,
    DateTime LastFiledAt,
    string? ValidatedBy,
    DateTime? ValidatedAt,
    string? AuthorisedBy,
    DateTime? AuthorisedAt,
    int Version,
    IReadOnlyList<ResultDto> Results)
{
    public static ReportDto From(LabReport r, Specimen s) => new(r.Id, r.PatientId, r.OrderId, s.Accession, s.Container, r.Status,
        ReportStatus.Describe(r.Status), r.Amended, r.LastFiledAt, r.ValidatedBy, r.ValidatedAt, r.AuthorisedBy, r.AuthorisedAt, r.Version,
        [.. r.Results.OrderBy(x => x.FiledAt).ThenBy(x => x.Superseded).Select(ResultDto.From)]);

    public IEnumerable<ResultDto> Current => Results.Where(r => !r.Superseded);
}

public enum ReportOutcome
{
    Done,
    NotFound,
    Invalid,
    Conflict,
}

public sealed record ReportActionResult(ReportOutcome Outcome, ReportDto? Report, string? Message);

public sealed record UnmatchedDto(Guid Id, DateTime ReceivedAt, string PlacerNumber, string FillerNumber, string Patient, string Service,
    int ObservationCount, string Reason);

/// <summary>
/// The laboratory's side of results: the validation worklist (flags, deltas, history of amendments), technical
/// validation, clinical authorisation by a different person, amendments that keep the old value, and the
/// unmatched-results worklist. All reads and writes are audited against the patient.
/// </summary>
public sealed class ResultValidation(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReportDto>> WorklistAsync(int limit, CancellationToken ct)
    {
        var reports = await db.Set<LabReport>().AsNoTracking().Include(r => r.Results)
            .Where(r => r.Status != ReportStatus.Authorised).OrderBy(r => r.LastFiledAt).Take(Math.Clamp(limit, 1, 200)).ToListAsync(ct);
        var result = await WithSpecimensAsync(reports, ct);
        await audit.RecordManyAsync(AuditAction.Search, result.Select(r => ($"LabReport/{r.Id}", (Guid?)r.PatientId)), "validation worklist", ct);
        return result;
    }

    public async Task<ReportDto?> GetAsync(Guid id, CancellationToken ct)
    {
        var report = await db.Set<LabReport>().AsNoTracking().Include(r => r.Results).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"LabReport/{id}", report.PatientId, ct: ct);
        return (await WithSpecimensAsync([report], ct))[0];
    }

    public Task<ReportActionResult> ValidateAsync(Guid id, int? expectedVersion, CancellationToken ct) =>
        ActAsync(id, expectedVersion, "validated", (r, a, at) => r.Validate(a.Id, StaffName.Of(a), at), ct);

    public Task<ReportActionResult> AuthoriseAsync(Guid id, int? expectedVersion, CancellationToken ct) =>
        ActAsync(id, expectedVersion, "authorised", (r, a, at) => r.Authorise(a.Id, StaffName.Of(a), at), ct);

    /// <summary>Replaces a result's value: a new result row, the old one kept and marked superseded; the report is reopened.</summary>
    public async Task<ReportActionResult> AmendAsync(Guid resultId, string? value, string? reason, CancellationToken ct)
    {
        var old = await db.Set<LabResult>().FirstOrDefaultAsync(r => r.Id == resultId, ct);
        if (old is null)
        {
            return new ReportActionResult(ReportOutcome.NotFound, null, $"There is no result {resultId}.");
        }

        value = value?.Trim();
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 4000 || string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            return new ReportActionResult(ReportOutcome.Invalid, null, "Give the new value (up to 4000 characters) and the reason for the amendment (up to 500).");
        }

        if (old.Superseded)
        {
            return new ReportActionResult(ReportOutcome.Conflict, null, "This result has already been replaced: amend the current one.");
        }

        decimal? number = null;
        if (old.NumericValue is not null)
        {
            if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n))
            {
                return new ReportActionResult(ReportOutcome.Invalid, null, "This result is a number: give the new value as a number.");
            }

            number = n;
        }

        var report = await db.Set<LabReport>().Include(r => r.Results).SingleAsync(r => r.Id == old.ReportId, ct);
        var specimen = await db.Set<Specimen>().AsNoTracking().SingleAsync(s => s.Id == report.SpecimenId, ct);
        var test = old.TestCode is null ? null : await db.Set<LabTest>().AsNoTracking().Include(t => t.Ranges).SingleAsync(t => t.Code == old.TestCode, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = actors.Current;
        var flag = old.Flag;
        if (number is { } v && test is not null && old.Note is null)
        {
            // The range the original was flagged against is the one shown; critical limits are the test's.
            var range = test.Ranges.FirstOrDefault(r => r.Display == old.ReferenceRange);
            flag = ResultFlags.Compute(v, range, test.CriticalLow, test.CriticalHigh);
        }

        var amended = new LabResult
        {
            ReportId = report.Id, PatientId = old.PatientId, TestCode = old.TestCode, Code = old.Code, Name = old.Name, Value = value,
            NumericValue = number, Units = old.Units, ReferenceRange = old.ReferenceRange, Flag = number is null ? old.Flag : flag,
            Note = old.Note, PreviousValue = old.PreviousValue, PreviousAt = old.PreviousAt, ObservedAt = old.ObservedAt, FiledAt = now,
        };
        old.Supersede(amended.Id, StaffName.Of(actor), now, reason);
        db.Add(amended);
        report.Reopen(now, amended: true);
        audit.Add(AuditAction.Update, $"LabReport/{report.Id}", report.PatientId, detail: $"result {old.Name} amended on {specimen.Accession}: {reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ReportActionResult(ReportOutcome.Conflict, null, "The report changed while you were amending it. Open it again.");
        }

        report.Results.Add(amended);
        return new ReportActionResult(ReportOutcome.Done, ReportDto.From(report, specimen), null);
    }

    public async Task<IReadOnlyList<UnmatchedDto>> UnmatchedAsync(int limit, CancellationToken ct)
    {
        var rows = await db.Set<UnmatchedResult>().AsNoTracking().OrderByDescending(u => u.ReceivedAt).Take(Math.Clamp(limit, 1, 500))
            .Select(u => new UnmatchedDto(u.Id, u.ReceivedAt, u.PlacerNumber, u.FillerNumber, u.PatientText, u.Service, u.ObservationCount, u.Reason))
            .ToListAsync(ct);
        // The rows name patients (from PID) who are not linked to a record: audited as a search without a patient id.
        await audit.RecordAsync(AuditAction.Search, "LabUnmatchedResults", detail: $"{rows.Count} unmatched result groups listed", ct: ct);
        return rows;
    }

    private async Task<ReportActionResult> ActAsync(Guid id, int? expectedVersion, string what, Func<LabReport, Actor, DateTime, string?> act, CancellationToken ct)
    {
        var report = await db.Set<LabReport>().Include(r => r.Results).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return new ReportActionResult(ReportOutcome.NotFound, null, $"There is no report {id}.");
        }

        if (expectedVersion is { } v && v != report.Version)
        {
            return new ReportActionResult(ReportOutcome.Conflict, null, "The report has changed since you opened it (new or amended results). Review it again.");
        }

        var error = act(report, actors.Current, clock.GetUtcNow().UtcDateTime);
        if (error is not null)
        {
            db.ChangeTracker.Clear();
            return new ReportActionResult(ReportOutcome.Conflict, null, error);
        }

        var specimen = await db.Set<Specimen>().AsNoTracking().SingleAsync(s => s.Id == report.SpecimenId, ct);
        audit.Add(AuditAction.Update, $"LabReport/{report.Id}", report.PatientId, detail: $"{what} ({specimen.Accession})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ReportActionResult(ReportOutcome.Conflict, null, "The report changed at the same moment (new results or another scientist). Review it again.");
        }

        return new ReportActionResult(ReportOutcome.Done, ReportDto.From(report, specimen), null);
    }

    private async Task<List<ReportDto>> WithSpecimensAsync(List<LabReport> reports, CancellationToken ct)
    {
        var ids = reports.Select(r => r.SpecimenId).ToList();
        var specimens = await db.Set<Specimen>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        return [.. reports.Select(r => ReportDto.From(r, specimens[r.SpecimenId]))];
    }
}
