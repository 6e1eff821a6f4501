using System.Globalization;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// A booking: a slot by id, or a clinic and a start time (local Europe/London, or with an offset). Overbooking a
/// taken slot is deliberate: <c>overbook</c> true, a reason, and the overbooking permission.
/// </summary>
public sealed record BookingInput(Guid? PatientId, Guid? SlotId = null, Guid? ClinicId = null, string? Start = null, bool Overbook = false, string? OverbookReason = null);

/// <summary>
/// Books a patient into a slot. The rules are checked here first; the database holds the last word (ADR 0030): if
/// two people book the same slot, or the same clinician's time, at the same instant, one booking is stored and the
/// other is answered with a conflict — never two confirmed bookings.
/// </summary>
public sealed class BookAppointment(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, Availability availability, TimeProvider clock,
    BookingGroupCommit groupCommit)
{
    public const string TakenTitle = "Slot already booked";
    public const string TakenMessage = "Someone else has booked this slot. Choose another slot (or, with permission, overbook it giving a reason).";
    public const string ClinicianBusyMessage = "The clinician is already booked at this time in another slot. Choose another slot.";

    public async Task<Result<Appointment>> HandleAsync(BookingInput input, CancellationToken ct) =>
        (await HandleWithClinicAsync(input, ct)).Result;

    /// <summary>
    /// The booking and, when it is made, the clinic it is in (already read for the checks), so the API can answer
    /// without reading the clinic again.
    /// </summary>
    internal async Task<(Result<Appointment> Result, Clinic? Clinic)> HandleWithClinicAsync(BookingInput input, CancellationToken ct)
    {
        if (input.PatientId is not { } patientId || patientId == Guid.Empty)
        {
            return (Result.Invalid<Appointment>("patientId", "Say which patient to book (patientId).", "The booking needs correcting"), null);
        }

        // One pooled connection for the checks (and the refusal's audit): returning it to the pool between statements
        // would cost a connection reset each time (ADR 0115).
        SlotContext? context;
        Prepared prepared;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            (context, var resolveError) = await ResolveSlotAsync(input, patientId, ct);
            if (resolveError is not null)
            {
                return (resolveError, null);
            }

            prepared = await PrepareAsync(context!, patientId, input.Overbook, input.OverbookReason, rebookFrom: null, walkIn: false, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (prepared.Refusal is { } refused)
        {
            return (refused, null);
        }

        // The connection is back in the pool before the booking waits for the group commit's writer (ADR 0135), which
        // needs one; with the group commit off or stopped the booking is written here, in its own transaction.
        var result = groupCommit.TryWrite(prepared.Booking!) is { } written
            ? await AnswerAsync(context!.Slot, prepared.Booking!, await written, ct)
            : await WriteAsync(context!.Slot, prepared.Booking!, ct);
        return (result, result.Value is null ? null : context.Clinic);
    }

    /// <summary>
    /// Books into a loaded (tracked) slot; also used by rebooking, walk-ins and the waiting list, which add their own
    /// changes first. A rebooking keeps the waiting-list referral of the appointment it replaces.
    /// </summary>
    internal async Task<Result<Appointment>> BookAsync(SlotContext context, Guid patientId, bool overbook, string? overbookReason,
        Appointment? rebookFrom, bool walkIn, CancellationToken ct, Guid? referralId = null)
    {
        var prepared = await PrepareAsync(context, patientId, overbook, overbookReason, rebookFrom, walkIn, ct, referralId);
        return prepared.Refusal ?? await WriteAsync(context.Slot, prepared.Booking!, ct);
    }

    /// <summary>A booking that passed its checks (<see cref="Booking"/>), or the answer refusing it (<see cref="Refusal"/>, already audited).</summary>
    private readonly record struct Prepared(PreparedBooking? Booking, Result<Appointment>? Refusal);

    /// <summary>
    /// The booking rules, then the rows to write: refused (and the refusal audited) or ready. Nothing is saved here.
    /// </summary>
    private async Task<Prepared> PrepareAsync(SlotContext context, Guid patientId, bool overbook, string? overbookReason,
        Appointment? rebookFrom, bool walkIn, CancellationToken ct, Guid? referralId = null)
    {
        var slot = context.Slot;
        var actor = actors.Current;
        var problems = availability.SlotProblems(context).ToList();
        if (walkIn)
        {
            // A walk-in takes today's slot that is under way; only a slot already over is too late.
            problems.RemoveAll(p => p.Why == Why.Past && slot.EndsAt > clock.GetUtcNow().UtcDateTime);
        }

        var taken = problems.FirstOrDefault(p => p.Why == Why.Taken);
        problems.RemoveAll(p => p.Why == Why.Taken);
        problems.AddRange(context.Patient is { } facts && facts.PatientId == patientId && rebookFrom is null
            ? Availability.PatientProblems(facts)
            : await availability.PatientProblemsAsync(patientId, slot, rebookFrom?.Id, ct));
        if (problems.Count > 0)
        {
            await RefuseAsync(slot, patientId, string.Join(" ", problems.Select(p => p.Reason)), ct);
            var clash = problems.FirstOrDefault(p => p.Why == Why.PatientBooked);
            return new(null, clash is not null && problems.Count == 1
                ? Result.Conflict<Appointment>("Patient already booked at this time", clash.Reason)
                : Result.Invalid<Appointment>(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()),
                    "The slot cannot be booked"));
        }

        var overbooking = false;
        if (taken is not null)
        {
            if (!overbook)
            {
                await RefuseAsync(slot, patientId, "slot taken", ct);
                return new(null, Result.Conflict<Appointment>(TakenTitle, TakenMessage));
            }

            if (!actor.Has(Permissions.SchedulingOverbook))
            {
                await RefuseAsync(slot, patientId, "overbooking without permission", ct, AuditOutcome.Denied);
                return new(null, Result.Forbidden<Appointment>("Overbooking needs permission",
                    "Only staff allowed to overbook (for example the practice manager or a medical secretary) can book a patient into a taken slot."));
            }

            if (string.IsNullOrWhiteSpace(overbookReason) || overbookReason.Trim().Length < 5 || overbookReason.Length > 500)
            {
                return new(null, Result.Invalid<Appointment>("overbookReason", "Give the reason for overbooking (5 to 500 characters), for example \"Urgent review asked for by the consultant\"."));
            }

            overbooking = true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var appointment = Appointment.For(slot, patientId, now, actor.Id, Who.Name(actor));
        appointment.WalkIn = walkIn;
        appointment.RebookedFromId = rebookFrom?.Id;
        appointment.ReferralId = referralId ?? rebookFrom?.ReferralId;
        if (overbooking)
        {
            appointment.Overbooked = true;
            appointment.OverbookReason = overbookReason!.Trim();
            appointment.OverbookedById = actor.Id;
            appointment.OverbookedByName = Who.Name(actor);
        }

        if (walkIn)
        {
            appointment.Status = AppointmentStatus.Arrived;
            appointment.ArrivedAt = now;
        }

        // No reminder rows are written with the booking: the dispatcher writes them when they fall due, for an
        // appointment still booked then (ADR 0150); ReminderPlan.For lists what is planned.
        var detail = $"{(overbooking ? "overbooked" : walkIn ? "walk-in" : rebookFrom is null ? referralId is null ? "booked" : "booked from the waiting list" : "rebooked")} {context.Clinic.Name} " +
                     $"{SchedulingFormat.DateAndTime(slot.StartsAt)}{(overbooking ? $": {appointment.OverbookReason}" : string.Empty)}";
        // The booking's audit event is made here, as its requester's, whichever path writes it.
        var created = audit.Describe(AuditAction.Create, $"Appointment/{appointment.Id}", patientId, detail: detail);
        return new(new PreparedBooking(appointment, slot.Id, MarkSlotBusy: !overbooking, patientId, created), null);
    }

    /// <summary>
    /// Writes a prepared booking in this unit of work's own transaction, with whatever else it holds (a rebooking's
    /// cancellation, a referral taken off the waiting list).
    /// </summary>
    private async Task<Result<Appointment>> WriteAsync(Slot slot, PreparedBooking booking, CancellationToken ct)
    {
        booking.AddTo(db, slot);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Conflict<Appointment>("The appointment has changed", "Someone else changed the appointment at the same moment. Reload it and try again.");
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // Lost the race: another booking of this slot (or of the clinician's time) committed first. Nothing of
            // ours is stored; say so plainly.
            db.ChangeTracker.Clear();
            var clinicianBusy = DbErrors.ConstraintName(e) is SchedulingDatabaseRules.ClinicianTimeConstraint or SchedulingModel.ClinicianStartIndex;
            return await AnswerAsync(slot, booking, clinicianBusy ? BookingWriteOutcome.ClinicianBusy : BookingWriteOutcome.SlotTaken, ct);
        }

        return Result.Ok(booking.Appointment);
    }

    /// <summary>The answer for a booking the database stored or refused; a refusal is audited.</summary>
    private async Task<Result<Appointment>> AnswerAsync(Slot slot, PreparedBooking booking, BookingWriteOutcome outcome, CancellationToken ct)
    {
        switch (outcome)
        {
            case BookingWriteOutcome.Committed:
                if (booking.MarkSlotBusy)
                {
                    slot.Status = SlotStatus.Busy;
                }

                return Result.Ok(booking.Appointment);
            case BookingWriteOutcome.Changed:
                return Result.Conflict<Appointment>("The appointment has changed", "Someone else changed the appointment at the same moment. Reload it and try again.");
            default:
                var clinicianBusy = outcome == BookingWriteOutcome.ClinicianBusy;
                await RefuseAsync(slot, booking.PatientId, clinicianBusy ? "clinician booked at this time (database)" : "slot taken (database)", ct);
                return Result.Conflict<Appointment>(TakenTitle, clinicianBusy ? ClinicianBusyMessage : TakenMessage);
        }
    }

    /// <summary>Finds the slot: by id, or by clinic and start time, saying why when there is none.</summary>
    private async Task<(SlotContext? Context, Result<Appointment>? Error)> ResolveSlotAsync(BookingInput input, Guid patientId, CancellationToken ct)
    {
        if (input.SlotId is { } slotId)
        {
            // The slot, its session and clinic, and the patient's status and clashing booking: one round trip (ADR 0150).
            return await availability.LoadForBookingAsync(slotId, patientId, ct) is { } found
                ? (found, null)
                : (null, Result.NotFound<Appointment>("No such slot", $"There is no slot {slotId}."));
        }

        if (input.ClinicId is not { } clinicId || string.IsNullOrWhiteSpace(input.Start))
        {
            return (null, Result.Invalid<Appointment>("slotId", "Say which slot to book: slotId, or clinicId and start.", "The booking needs correcting"));
        }

        if (!TryParseStart(input.Start, out var start))
        {
            return (null, Result.Invalid<Appointment>("start", "Give the start as a date and time, for example 2026-12-01T09:20 (UK time) or 2026-12-01T09:20:00Z."));
        }

        var clinic = await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct);
        if (clinic is null)
        {
            return (null, Result.NotFound<Appointment>("No such clinic", $"There is no clinic {clinicId}."));
        }

        var date = LondonTime.LocalDate(start);
        var sessions = await db.Set<ClinicSession>().AsNoTracking().Where(s => s.ClinicId == clinicId && s.Date == date).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var session = sessions.FirstOrDefault(s => s.StartsAt <= start && start < s.EndsAt);
        if (session is null)
        {
            var times = sessions.Count == 0
                ? $"{clinic.Name} has no session on {SchedulingFormat.Date(start)}."
                : $"{clinic.Name} runs {string.Join(" and ", sessions.Select(s => $"{SchedulingFormat.Time(s.StartsAt)}–{SchedulingFormat.Time(s.EndsAt)}"))} on {SchedulingFormat.Date(start)}.";
            return (null, Result.Invalid<Appointment>("start", $"{SchedulingFormat.Time(start)} is outside the clinic's session times: {times}", "Outside session times"));
        }

        var slot = await db.Set<Slot>().Where(s => s.SessionId == session.Id && s.StartsAt == start)
            .OrderBy(s => s.Status == SlotStatus.Free ? 0 : 1).ThenBy(s => s.Place).FirstOrDefaultAsync(ct);
        if (slot is null)
        {
            var first = await db.Set<Slot>().AsNoTracking().Where(s => s.SessionId == session.Id).OrderBy(s => s.StartsAt).Select(s => new { s.StartsAt, s.EndsAt }).FirstAsync(ct);
            return (null, Result.Invalid<Appointment>("start",
                $"No slot starts at {SchedulingFormat.Time(start)}: slots run every {(int)(first.EndsAt - first.StartsAt).TotalMinutes} minutes from {SchedulingFormat.Time(first.StartsAt)}.",
                "Not a slot time"));
        }

        return (new SlotContext(slot, session, clinic), null);
    }

    private static bool TryParseStart(string text, out DateTime utc)
    {
        text = text.Trim();
        utc = default;
        var hasOffset = text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10;
        if (hasOffset)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
            {
                return false;
            }

            utc = dto.UtcDateTime;
            return true;
        }

        if (!DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        utc = LondonTime.ToUtc(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        return true;
    }

    private async Task RefuseAsync(Slot slot, Guid patientId, string why, CancellationToken ct, string outcome = AuditOutcome.Failure)
    {
        // The refusal is recorded on its own: anything the failed attempt added has been discarded.
        db.ChangeTracker.Clear();
        await audit.RecordAsync(AuditAction.Create, $"Slot/{slot.Id}", patientId, outcome, $"booking refused: {why}", ct);
    }
}
