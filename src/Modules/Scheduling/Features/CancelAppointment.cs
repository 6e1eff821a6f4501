using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>Why and at whose request: <c>by</c> is <c>patient</c> or <c>hospital</c>.</summary>
public sealed record CancelInput(string? Reason, string? By);

/// <summary>
/// Cancels a booked appointment with a reason and who asked (patient or hospital). The slot is free again at once:
/// a cancelled booking no longer counts in the database's booking rules. Transport booked for it is cancelled, and
/// its reminders not yet sent are withdrawn, too.
/// </summary>
public sealed class CancelAppointment(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, PatientTransport transport, ReminderOutbox reminders, TimeProvider clock)
{
    public async Task<Result<Appointment>> HandleAsync(Guid id, CancelInput input, int? expectedVersion, CancellationToken ct)
    {
        var appointment = await db.Set<Appointment>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null)
        {
            return Result.NotFound<Appointment>("No such appointment", $"There is no appointment {id}.");
        }

        var (by, errors) = Read(input);
        if (errors.Count > 0)
        {
            return Result.Invalid<Appointment>(errors, "The cancellation needs correcting");
        }

        if (appointment.Status != AppointmentStatus.Booked)
        {
            return Result.Conflict<Appointment>("The appointment cannot be cancelled",
                $"The appointment is {SchedulingFormat.Status(appointment.Status).ToLowerInvariant()}; only a booked appointment can be cancelled.");
        }

        if (expectedVersion is { } v && v != appointment.Version)
        {
            return Stale();
        }

        await CancelAsync(appointment, by, input.Reason!.Trim(), ct);
        audit.Add(AuditAction.Update, $"Appointment/{appointment.Id}", appointment.PatientId,
            detail: $"cancelled by {Codes.Of(by)}: {appointment.CancellationReason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale();
        }

        return Result.Ok(appointment);
    }

    internal static (CancelledBy By, Dictionary<string, string[]> Errors) Read(CancelInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Trim().Length < 3 || input.Reason.Length > 500)
        {
            errors["reason"] = ["Give the reason for cancelling (up to 500 characters), for example \"Patient on holiday\"."];
        }

        if (!Codes.TryParse<CancelledBy>(input.By, out var by))
        {
            errors["by"] = ["Say who asked for the cancellation: the patient or the hospital."];
        }

        return (by, errors);
    }

    /// <summary>Marks a tracked appointment cancelled and frees its slot (the caller saves); rebooking uses it too.</summary>
    internal async Task CancelAsync(Appointment appointment, CancelledBy by, string reason, CancellationToken ct)
    {
        var actor = actors.Current;
        appointment.Status = AppointmentStatus.Cancelled;
        appointment.CancelledAt = clock.GetUtcNow().UtcDateTime;
        appointment.CancellationReason = reason;
        appointment.CancelledBy = by;
        appointment.CancelledById = actor.Id;
        appointment.CancelledByName = Who.Name(actor);
        appointment.Version++;
        if (!appointment.Overbooked)
        {
            // The slot was held by this appointment: free it in the same transaction.
            var slot = await db.Set<Slot>().FirstAsync(s => s.Id == appointment.SlotId, ct);
            slot.Status = SlotStatus.Free;
        }

        // Transport to an appointment that is not happening is cancelled with it, in the same transaction.
        await transport.CancelForAppointmentAsync(appointment, ct);

        // So are its reminders not yet sent; a rebooking makes new ones for the new time.
        await reminders.WithdrawAsync(appointment.Id, ct);
    }

    private static Result<Appointment> Stale() => Result.Stale<Appointment>("The appointment has changed",
        "Someone else changed this appointment while you were looking at it. Reload it and try again.");
}
