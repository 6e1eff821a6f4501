using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>Moves a booking to another slot: why, and at whose request (patient or hospital).</summary>
public sealed record RebookInput(Guid? SlotId, string? Reason, string? By);

/// <summary>
/// Rebooks: the old appointment is cancelled (saying where it went) and the new one booked, in one transaction. If
/// the new slot is taken — even by a booking made a moment ago — nothing changes and the old booking stands.
/// </summary>
public sealed class RebookAppointment(InfirmaryDbContext db, Availability availability, CancelAppointment cancel, BookAppointment book)
{
    public async Task<Result<Appointment>> HandleAsync(Guid id, RebookInput input, CancellationToken ct)
    {
        var old = await db.Set<Appointment>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (old is null)
        {
            return Result.NotFound<Appointment>("No such appointment", $"There is no appointment {id}.");
        }

        var (by, errors) = CancelAppointment.Read(new CancelInput(input.Reason, input.By));
        if (input.SlotId is null)
        {
            errors["slotId"] = ["Choose the new slot."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<Appointment>(errors, "The rebooking needs correcting");
        }

        if (old.Status != AppointmentStatus.Booked)
        {
            return Result.Conflict<Appointment>("The appointment cannot be rebooked",
                $"The appointment is {SchedulingFormat.Status(old.Status).ToLowerInvariant()}; only a booked appointment can be moved.");
        }

        if (await availability.LoadAsync(input.SlotId!.Value, track: true, ct) is not { } target)
        {
            return Result.NotFound<Appointment>("No such slot", $"There is no slot {input.SlotId}.");
        }

        if (target.Slot.Id == old.SlotId)
        {
            return Result.Invalid<Appointment>("slotId", "This is the slot the appointment is already in.");
        }

        await cancel.CancelAsync(old, by, $"Rebooked to {SchedulingFormat.DateAndTime(target.Slot.StartsAt)} ({target.Clinic.Name}): {input.Reason!.Trim()}", ct);
        return await book.BookAsync(target, old.PatientId, overbook: false, overbookReason: null, rebookFrom: old, walkIn: false, ct);
    }
}
