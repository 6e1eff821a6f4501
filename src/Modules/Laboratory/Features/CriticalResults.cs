using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;
using Specimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>A critical result still to be phoned (one line of the worklist).</summary>
public sealed record CriticalToPhone(
    Guid ResultId,
    Guid ReportId,
    Guid PatientId,
    string Accession,
    string OrderNumber,
    string Location,
    string RequestedBy,
    string Test,
    string Value,
    string? Units,
    string Flag,
    DateTime FiledAt,
    string ReportStatus);

public sealed record CriticalCallDto(Guid ResultId, string Test, string Value, string? Units, string Flag, string PhonedBy, string PhonedTo, DateTime CalledAt, string? Note)
{
    public static CriticalCallDto From(CriticalCall c, LabResult r) => new(c.ResultId, r.Name, r.Value, r.Units, r.Flag ?? string.Empty, c.PhonedBy, c.PhonedTo, c.CalledAt, c.Note);
}

public sealed record LogCallRequest(string? PhonedTo, bool? ReadBackConfirmed, DateTime? CalledAt, string? Note);

public sealed record LogCallResult(ReportOutcome Outcome, IReadOnlyList<CriticalCallDto> Calls, string? Message);

/// <summary>
/// Critical results (LL/HH against the catalogue's critical limits) are phoned to the requesting team as soon as the
/// laboratory has them — before authorisation, which may come later — and stay on the "to phone" worklist until a call
/// is logged for each: who phoned, whom, that it was read back, and when (ADR 0050).
/// </summary>
public sealed class CriticalResults(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<IReadOnlyList<CriticalToPhone>> WorklistAsync(CancellationToken ct)
    {
        var rows = await (from r in db.Set<LabResult>().AsNoTracking()
                          where !r.Superseded && (r.Flag == ResultFlags.CriticalLow || r.Flag == ResultFlags.CriticalHigh)
                                && !db.Set<CriticalCall>().Any(c => c.ResultId == r.Id)
                          join rep in db.Set<LabReport>().AsNoTracking() on r.ReportId equals rep.Id
                          join s in db.Set<Specimen>().AsNoTracking() on rep.SpecimenId equals s.Id
                          join o in db.Set<LabOrder>().AsNoTracking() on rep.OrderId equals o.Id
                          select new CriticalToPhone(r.Id, rep.Id, r.PatientId, s.Accession, o.Number, o.Location, o.RequestedByName, r.Name, r.Value, r.Units,
                              r.Flag!, r.FiledAt, rep.Status)).ToListAsync(ct);
        await audit.RecordManyAsync(AuditAction.Search, rows.Select(r => ($"Observation/{r.ResultId}", (Guid?)r.PatientId)), "critical results to phone", ct);
        return [.. rows.OrderBy(r => r.FiledAt).ThenBy(r => r.Accession, StringComparer.Ordinal)];
    }

    /// <summary>The calls logged for a report, oldest first.</summary>
    public async Task<IReadOnlyList<CriticalCallDto>> CallsAsync(Guid reportId, CancellationToken ct) =>
        [.. (await (from c in db.Set<CriticalCall>().AsNoTracking()
                    join r in db.Set<LabResult>().AsNoTracking() on c.ResultId equals r.Id
                    where c.ReportId == reportId
                    select new { c, r }).ToListAsync(ct))
            .OrderBy(x => x.c.CalledAt).Select(x => CriticalCallDto.From(x.c, x.r))];

    /// <summary>Logs one call covering every critical result of the report not yet phoned.</summary>
    public async Task<LogCallResult> LogAsync(Guid reportId, LogCallRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var phonedTo = request.PhonedTo?.Trim();
        var note = FreeText.Clean(request.Note);
        var calledAt = request.CalledAt?.ToUniversalTime() ?? now;
        string? invalid = null;
        if (string.IsNullOrEmpty(phonedTo) || phonedTo.Length > CriticalCall.MaxPhonedTo)
        {
            invalid = $"Say whom you spoke to (name, role and where), up to {CriticalCall.MaxPhonedTo} characters.";
        }
        else if (request.ReadBackConfirmed != true)
        {
            invalid = "The person must read the result back to you before the call is logged. If they could not, phone again.";
        }
        else if (note?.Length > CriticalCall.MaxNote)
        {
            invalid = $"The note can be up to {CriticalCall.MaxNote} characters.";
        }
        else if (calledAt > now.AddMinutes(5))
        {
            invalid = "The time of the call cannot be in the future.";
        }

        if (invalid is not null)
        {
            return new LogCallResult(ReportOutcome.Invalid, [], invalid);
        }

        var report = await db.Set<LabReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null)
        {
            return new LogCallResult(ReportOutcome.NotFound, [], $"There is no report {reportId}.");
        }

        var pending = await db.Set<LabResult>().AsNoTracking()
            .Where(r => r.ReportId == reportId && !r.Superseded && (r.Flag == ResultFlags.CriticalLow || r.Flag == ResultFlags.CriticalHigh)
                        && !db.Set<CriticalCall>().Any(c => c.ResultId == r.Id))
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return new LogCallResult(ReportOutcome.Conflict, [], "This report has no critical result waiting to be phoned.");
        }

        if (pending.Any(r => calledAt < r.FiledAt.AddMinutes(-5)))
        {
            return new LogCallResult(ReportOutcome.Invalid, [], "The call cannot be before the result was filed.");
        }

        var actor = actors.Current;
        var calls = pending.Select(r => new CriticalCall
        {
            ResultId = r.Id, ReportId = reportId, PatientId = r.PatientId, PhonedById = actor.Id, PhonedBy = StaffName.Of(actor),
            PhonedTo = phonedTo!, ReadBackConfirmed = true, CalledAt = calledAt, LoggedAt = now, Note = note,
        }).ToList();
        db.AddRange(calls);
        audit.Add(AuditAction.Create, $"DiagnosticReport/{reportId}", report.PatientId, detail: $"critical result phoned ({pending.Count} result(s))");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new LogCallResult(ReportOutcome.Conflict, [], "Someone else logged a call for this result at the same moment.");
        }

        return new LogCallResult(ReportOutcome.Done, [.. calls.Select(c => CriticalCallDto.From(c, pending.Single(r => r.Id == c.ResultId)))], null);
    }
}
