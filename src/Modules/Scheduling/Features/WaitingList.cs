using System.Globalization;
using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>A referral for the waiting list. <c>receivedOn</c> is a date (yyyy-mm-dd); priority is routine, urgent or two-week-wait.</summary>
public sealed record ReferralInput(Guid? PatientId, string? Specialty, string? ReceivedOn, string? Priority, string? Referrer, string? Notes = null);

/// <summary>Stops a referral's clock: the reason code, the day (default today) and an optional note.</summary>
public sealed record ClockStopInput(string? Reason, string? StoppedOn = null, string? Note = null);

/// <summary>Where a referral stands: waiting, booked (a booked or arrived appointment), seen, or its clock stopped.</summary>
public enum ReferralState
{
    Waiting,
    Booked,
    Seen,
    Stopped,
}

/// <summary>One line of the waiting list: the referral, its clock today, its current appointment and the patient's banner.</summary>
public sealed record WaitingLine(Referral Referral, ReferralState State, int WeeksWaited, int DaysWaited, DateOnly BreachesOn, bool Breached,
    Appointment? Appointment, PatientBannerModel? Patient);

/// <summary>What the waiting list is filtered by: specialty, priority, and "breaching within N weeks" for the breach worklist.</summary>
public sealed record WaitingFilter(string? Specialty = null, ReferralPriority? Priority = null, int? BreachWithinWeeks = null, bool IncludeStopped = false);

/// <summary>
/// The waiting list for first appointments and its referral-to-treatment clocks (ADR 0040): referrals added with
/// priority and referrer, booked from the list through the same booking handler as any other booking, clocks
/// stopped with a reason, and the breach worklist (over 18 weeks, or breaching within a number of weeks).
/// </summary>
public sealed class WaitingList(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients,
    Availability availability, BookAppointment book, TimeProvider clock)
{
    public const int MaxBreachWeeks = 52;

    public async Task<Result<Referral>> AddAsync(ReferralInput input, CancellationToken ct)
    {
        var today = LondonTime.Today(clock);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var specialty = input.Specialty?.Trim();
        if (string.IsNullOrEmpty(specialty) || specialty.Length > 100)
        {
            errors["specialty"] = ["Enter the specialty the patient is referred to (up to 100 characters), for example Cardiology."];
        }

        var referrer = input.Referrer?.Trim();
        if (string.IsNullOrEmpty(referrer) || referrer.Length > 200)
        {
            errors["referrer"] = ["Enter who referred the patient (up to 200 characters), for example \"Dr A Patel, Park Row Surgery\"."];
        }

        if (input.Notes is { Length: > 1000 })
        {
            errors["notes"] = ["Notes must be 1,000 characters or fewer."];
        }

        var received = ParseDate(input.ReceivedOn, "receivedOn", errors, required: true);
        if (received is { } r && r > today)
        {
            errors["receivedOn"] = [$"The referral cannot have been received after today ({UkFormat.Date(today)})."];
        }

        if (!Codes.TryParse<ReferralPriority>(input.Priority, out var priority))
        {
            errors["priority"] = ["Choose the priority: routine, urgent or two-week-wait (suspected cancer)."];
        }

        if (input.PatientId is not { } patientId || patientId == Guid.Empty)
        {
            errors["patientId"] = ["Say which patient is referred (patientId)."];
        }
        else if (await patients.GetStatusAsync(patientId, ct) is not { } status)
        {
            errors["patientId"] = ["There is no patient with this id. Find the patient first."];
        }
        else if (status.Deceased || !status.Active)
        {
            errors["patientId"] = [status.Deceased
                ? $"The patient is recorded as having died on {UkFormat.Date(status.DateOfDeath!.Value)}; they cannot be added to the waiting list."
                : "The patient's record is inactive (for example merged); add the referral to the record that is in use."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<Referral>(errors, "The referral needs correcting");
        }

        var actor = actors.Current;
        var referral = new Referral
        {
            PatientId = input.PatientId!.Value, Specialty = specialty!, ReceivedOn = received!.Value, Priority = priority, Referrer = referrer!,
            Notes = FreeText.Clean(input.Notes),
            AddedAt = clock.GetUtcNow().UtcDateTime, AddedById = actor.Id, AddedByName = Who.Name(actor),
        };
        db.Set<Referral>().Add(referral);
        audit.Add(AuditAction.Create, $"ServiceRequest/{referral.Id}", referral.PatientId,
            detail: $"waiting list: {referral.Specialty}, {Codes.Of(priority)}, received {referral.ReceivedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return Result.Ok(referral);
    }

    /// <summary>The waiting list (running clocks, longest wait first within priority), every line's read audited.</summary>
    public async Task<IReadOnlyList<WaitingLine>> ListAsync(WaitingFilter filter, CancellationToken ct)
    {
        var today = LondonTime.Today(clock);
        var query = db.Set<Referral>().AsNoTracking();
        if (!filter.IncludeStopped)
        {
            query = query.Where(r => r.ClockStoppedOn == null);
        }

        if (!string.IsNullOrWhiteSpace(filter.Specialty))
        {
            var specialty = filter.Specialty.Trim().ToUpperInvariant();
#pragma warning disable CA1862 // ToUpper is what the database can translate.
            query = query.Where(r => r.Specialty.ToUpper() == specialty);
#pragma warning restore CA1862
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(r => r.Priority == priority);
        }

        if (filter.BreachWithinWeeks is { } weeks)
        {
            // Breaches on received + 127 days; on or before today + 7N days means breached or breaching within N weeks.
            var latestReceipt = today.AddDays(7 * weeks - RttClock.StandardDays - 1);
            query = query.Where(r => r.ClockStoppedOn == null && r.ReceivedOn <= latestReceipt);
        }

        var referrals = await query.OrderBy(r => r.ReceivedOn).ThenBy(r => r.AddedAt).ToListAsync(ct);
        return await LinesAsync(referrals, today, filter.BreachWithinWeeks is null ? "waiting list" : $"breach worklist {filter.BreachWithinWeeks} weeks", ct);
    }

    public async Task<WaitingLine?> GetAsync(Guid id, CancellationToken ct)
    {
        var referral = await db.Set<Referral>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return referral is null ? null : (await LinesAsync([referral], LondonTime.Today(clock), "referral", ct))[0];
    }

    /// <summary>
    /// Books the referral's first appointment into a slot through <see cref="BookAppointment"/> (the same checks and
    /// database rules as every booking). The referral's version is bumped in the same transaction, so two people
    /// booking one referral at the same moment make one appointment, not two.
    /// </summary>
    public async Task<Result<Appointment>> BookAsync(Guid id, Guid? slotId, CancellationToken ct)
    {
        var referral = await db.Set<Referral>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null)
        {
            return Result.NotFound<Appointment>("No such referral", $"There is no referral {id} on the waiting list.");
        }

        if (slotId is not { } sid)
        {
            return Result.Invalid<Appointment>("slotId", "Choose the slot for the first appointment (slotId).", "The booking needs correcting");
        }

        if (!referral.ClockRunning)
        {
            return Result.Conflict<Appointment>("The referral is off the waiting list",
                $"The clock was stopped on {UkFormat.Date(referral.ClockStoppedOn!.Value)} ({Describe(referral.StopReason!.Value)}); it cannot be booked from the list.");
        }

        if (await CurrentAppointmentAsync(referral.Id, ct) is { } current && current.Status != AppointmentStatus.DidNotAttend)
        {
            return Result.Conflict<Appointment>(current.Status == AppointmentStatus.Seen ? "The first appointment has taken place" : "The referral is already booked",
                $"The referral's first appointment is {SchedulingFormat.Status(current.Status).ToLowerInvariant()} ({SchedulingFormat.DateAndTime(current.StartsAt)}). " +
                (current.Status == AppointmentStatus.Seen ? "Stop the clock when treatment starts." : "Rebook that appointment instead."));
        }

        if (await availability.LoadAsync(sid, track: true, ct) is not { } context)
        {
            return Result.NotFound<Appointment>("No such slot", $"There is no slot {sid}.");
        }

        if (!string.Equals(context.Clinic.Specialty, referral.Specialty, StringComparison.OrdinalIgnoreCase))
        {
            return Result.Invalid<Appointment>("slotId",
                $"The slot is in {context.Clinic.Name} ({context.Clinic.Specialty}); the referral is to {referral.Specialty}. Choose a {referral.Specialty} slot.",
                "Wrong specialty");
        }

        referral.Version++;
        var result = await book.BookAsync(context, referral.PatientId, overbook: false, overbookReason: null, rebookFrom: null, walkIn: false, ct, referral.Id);
        return result.Outcome == Outcome.Conflict && result.Title == "The appointment has changed"
            ? Result.Conflict<Appointment>("The referral has changed", "Someone else booked or changed this referral at the same moment. Reload the waiting list.")
            : result;
    }

    public async Task<Result<Referral>> StopClockAsync(Guid id, ClockStopInput input, int? expectedVersion, CancellationToken ct)
    {
        var referral = await db.Set<Referral>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null)
        {
            return Result.NotFound<Referral>("No such referral", $"There is no referral {id} on the waiting list.");
        }

        var today = LondonTime.Today(clock);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Codes.TryParse<ClockStop>(input.Reason, out var reason))
        {
            errors["reason"] = [$"Say why the clock stops: {string.Join(", ", Codes.All<ClockStop>())}."];
        }

        var stoppedOn = ParseDate(input.StoppedOn, "stoppedOn", errors, required: false) ?? today;
        if (stoppedOn > today)
        {
            errors["stoppedOn"] = ["A clock cannot be stopped on a future day."];
        }
        else if (stoppedOn < referral.ReceivedOn)
        {
            errors["stoppedOn"] = [$"The clock cannot stop before the referral was received ({UkFormat.Date(referral.ReceivedOn)})."];
        }

        if (input.Note is { Length: > 500 })
        {
            errors["note"] = ["The note must be 500 characters or fewer."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<Referral>(errors, "The clock stop needs correcting");
        }

        if (!referral.ClockRunning)
        {
            return Result.Conflict<Referral>("The clock is already stopped", $"The clock was stopped on {UkFormat.Date(referral.ClockStoppedOn!.Value)} ({Describe(referral.StopReason!.Value)}).");
        }

        if (expectedVersion is { } v && v != referral.Version)
        {
            return Result.Stale<Referral>("The referral has changed", "Someone else changed this referral while you were looking at it. Reload it and try again.");
        }

        if (reason != ClockStop.Treated && await CurrentAppointmentAsync(referral.Id, ct) is { Status: AppointmentStatus.Booked } booked)
        {
            return Result.Conflict<Referral>("The referral has a booked appointment",
                $"The patient is booked on {SchedulingFormat.DateAndTime(booked.StartsAt)}. Cancel the appointment first, then stop the clock.");
        }

        var actor = actors.Current;
        referral.ClockStoppedOn = stoppedOn;
        referral.StopReason = reason;
        referral.StopNote = FreeText.Clean(input.Note);
        referral.StoppedById = actor.Id;
        referral.StoppedByName = Who.Name(actor);
        referral.Version++;
        audit.Add(AuditAction.Update, $"ServiceRequest/{referral.Id}", referral.PatientId,
            detail: $"clock stopped {stoppedOn:yyyy-MM-dd} after {RttClock.WeeksWaited(referral.ReceivedOn, stoppedOn)} weeks: {Codes.Of(reason)}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Stale<Referral>("The referral has changed", "Someone else changed this referral at the same moment. Reload it and try again.");
        }

        return Result.Ok(referral);
    }

    public static string Describe(ClockStop reason) => reason switch
    {
        ClockStop.Treated => "first definitive treatment started",
        ClockStop.NotTreating => "decision not to treat",
        ClockStop.ActiveMonitoring => "active monitoring",
        ClockStop.PatientDeclined => "patient declined treatment",
        ClockStop.DidNotAttend => "did not attend and discharged",
        ClockStop.NoLongerNeeded => "no longer needed",
        ClockStop.Deceased => "patient died",
        _ => "transferred to another provider",
    };

    public static string Describe(ReferralPriority priority) => priority switch
    {
        ReferralPriority.TwoWeekWait => "Two-week wait (suspected cancer)",
        ReferralPriority.Urgent => "Urgent",
        _ => "Routine",
    };

    /// <summary>The referral's latest appointment that was not cancelled (a rebooking replaces a cancelled one).</summary>
    private Task<Appointment?> CurrentAppointmentAsync(Guid referralId, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking().Where(a => a.ReferralId == referralId && a.Status != AppointmentStatus.Cancelled)
            .OrderByDescending(a => a.BookedAt).FirstOrDefaultAsync(ct);

    private async Task<IReadOnlyList<WaitingLine>> LinesAsync(List<Referral> referrals, DateOnly today, string why, CancellationToken ct)
    {
        if (referrals.Count == 0)
        {
            return [];
        }

        var ids = referrals.Select(r => r.Id).ToList();
        var appointments = (await db.Set<Appointment>().AsNoTracking()
                .Where(a => a.ReferralId != null && ids.Contains(a.ReferralId.Value) && a.Status != AppointmentStatus.Cancelled)
                .ToListAsync(ct))
            .GroupBy(a => a.ReferralId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.BookedAt).First());
        var banners = await patients.GetBannersAsync([.. referrals.Select(r => r.PatientId)], ct);
        await audit.RecordManyAsync(AuditAction.Search, referrals.Select(r => ($"ServiceRequest/{r.Id}", (Guid?)r.PatientId)), why, ct);
        return [.. referrals
            .Select(r =>
            {
                var asOf = r.ClockStoppedOn ?? today;
                var appointment = appointments.GetValueOrDefault(r.Id);
                var state = !r.ClockRunning ? ReferralState.Stopped
                    : appointment?.Status is AppointmentStatus.Booked or AppointmentStatus.Arrived ? ReferralState.Booked
                    : appointment?.Status is AppointmentStatus.Seen ? ReferralState.Seen
                    : ReferralState.Waiting;
                return new WaitingLine(r, state, RttClock.WeeksWaited(r.ReceivedOn, asOf), RttClock.DaysWaited(r.ReceivedOn, asOf),
                    RttClock.BreachesOn(r.ReceivedOn), r.ClockRunning && RttClock.Breached(r.ReceivedOn, today), appointment,
                    banners.GetValueOrDefault(r.PatientId));
            })
            .OrderBy(l => l.Referral.Priority == ReferralPriority.TwoWeekWait ? 0 : l.Referral.Priority == ReferralPriority.Urgent ? 1 : 2)
            .ThenBy(l => l.Referral.ReceivedOn)];
    }

    private static DateOnly? ParseDate(string? text, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = ["Give the date as YYYY-MM-DD, for example 2026-11-02."];
            }

            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors[field] = ["Give the date as YYYY-MM-DD, for example 2026-11-02."];
        return null;
    }
}
