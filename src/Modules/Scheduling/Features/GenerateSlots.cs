using System.Globalization;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public sealed record GenerateInput(string? From, string? To, int? Weeks);

public sealed record GenerateSummary(Guid ClinicId, DateOnly From, DateOnly To, int Sessions, int Slots);

/// <summary>
/// Makes a clinic's sessions and slots from its templates for a horizon (from today at the earliest, a year ahead at
/// the most). Dates that already have a session — active or cancelled — are left alone, so it can run again safely.
/// </summary>
public sealed class GenerateSlots(InfirmaryDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxDaysAhead = 366;

    public async Task<Result<GenerateSummary>> HandleAsync(Guid clinicId, GenerateInput input, CancellationToken ct)
    {
        var clinic = await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct);
        if (clinic is null)
        {
            return Result.NotFound<GenerateSummary>("No such clinic", $"There is no clinic {clinicId}.");
        }

        var today = LondonTime.Today(clock);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = Parse(input.From, "from", errors) ?? today;
        DateOnly to;
        if (!string.IsNullOrWhiteSpace(input.To))
        {
            to = Parse(input.To, "to", errors) ?? from;
        }
        else if (input.Weeks is { } weeks and >= 1 and <= 52)
        {
            to = from.AddDays((weeks * 7) - 1);
        }
        else
        {
            errors[input.Weeks is null ? "to" : "weeks"] = ["Give the last date to generate, or a number of weeks from 1 to 52."];
            to = from;
        }

        if (from < today)
        {
            from = today;
        }

        if (errors.Count == 0 && to < from)
        {
            errors["to"] = [$"The last date must be on or after {UkFormat.Date(from)} (slots are never made in the past)."];
        }

        if (errors.Count == 0 && to > today.AddDays(MaxDaysAhead))
        {
            errors["to"] = [$"Slots can be generated up to a year ahead, to {UkFormat.Date(today.AddDays(MaxDaysAhead))}."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<GenerateSummary>(errors, "The horizon needs correcting");
        }

        var summary = await GenerateAsync(clinic, from, to, ct);
        audit.Add(AuditAction.Create, $"Schedule/{clinic.Id}",
            detail: $"generated {summary.Sessions} sessions, {summary.Slots} slots, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Result.Conflict<GenerateSummary>("Slots are being generated already",
                "Someone else generated slots for this clinic at the same moment. Run it again: dates already done are skipped.");
        }

        return Result.Ok<GenerateSummary>(summary);
    }

    /// <summary>Adds the sessions and slots to the context (the caller saves). Used by the demo data too.</summary>
    internal async Task<GenerateSummary> GenerateAsync(Clinic clinic, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var templates = await db.Set<ClinicTemplate>().AsNoTracking().Where(t => t.ClinicId == clinic.Id).ToListAsync(ct);
        var ids = templates.Select(t => t.Id).ToList();
        var existing = (await db.Set<ClinicSession>().AsNoTracking()
                .Where(s => ids.Contains(s.TemplateId) && s.Date >= from && s.Date <= to)
                .Select(s => new { s.TemplateId, s.Date })
                .ToListAsync(ct))
            .Select(s => (s.TemplateId, s.Date)).ToHashSet();
        int sessions = 0, slots = 0;
        foreach (var template in templates)
        {
            foreach (var date in SlotGenerator.Occurrences(template, from, to))
            {
                if (existing.Contains((template.Id, date)))
                {
                    continue;
                }

                var (session, made) = SlotGenerator.Build(clinic, template, date);
                db.Set<ClinicSession>().Add(session);
                db.Set<Slot>().AddRange(made);
                sessions++;
                slots += made.Count;
            }
        }

        return new GenerateSummary(clinic.Id, from, to, sessions, slots);
    }

    private static DateOnly? Parse(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors[field] = ["Give the date as YYYY-MM-DD, for example 2026-12-01."];
        return null;
    }
}

/// <summary>
/// Cancels one session (holiday, clinician away) with a reason. Its free slots can no longer be booked; patients
/// already booked stay booked and appear on the clinic's rebooking worklist — never silently lost.
/// </summary>
public sealed class CancelSession(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<Result<ClinicSession>> HandleAsync(Guid sessionId, string? reason, CancellationToken ct)
    {
        var session = await db.Set<ClinicSession>().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return Result.NotFound<ClinicSession>("No such session", $"There is no session {sessionId}.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 3 || reason.Length > 500)
        {
            return Result.Invalid<ClinicSession>("reason", "Give the reason the session is cancelled (up to 500 characters), for example \"Clinician on leave\".");
        }

        if (session.Status == SessionStatus.Cancelled)
        {
            return Result.Conflict<ClinicSession>("Already cancelled", $"This session was already cancelled: {session.CancelReason}");
        }

        var actor = actors.Current;
        session.Status = SessionStatus.Cancelled;
        session.CancelReason = reason.Trim();
        session.CancelledAt = clock.GetUtcNow().UtcDateTime;
        session.CancelledById = actor.Id;
        session.CancelledByName = Who.Name(actor);
        session.Version++;
        var affected = await db.Set<Appointment>().CountAsync(a => a.Status == AppointmentStatus.Booked
            && db.Set<Slot>().Any(s => s.Id == a.SlotId && s.SessionId == session.Id), ct);
        audit.Add(AuditAction.Update, $"Schedule/{session.ClinicId}",
            detail: $"session {session.Date:yyyy-MM-dd} cancelled ({affected} booked patients to rebook): {session.CancelReason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Conflict<ClinicSession>("The session has changed", "Someone else changed this session at the same moment. Reload and try again.");
        }

        return Result.Ok<ClinicSession>(session);
    }
}
