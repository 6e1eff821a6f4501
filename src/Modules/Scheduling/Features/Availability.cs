using Infirmary.Patients;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public enum Why
{
    SessionCancelled,
    OutsideSession,
    Past,
    ClinicClosed,
    Taken,
    NoPatient,
    Deceased,
    Inactive,
    PatientBooked,
}

/// <summary>Why a slot cannot be booked, in words a receptionist can act on, and the field it is about.</summary>
public sealed record Unavailable(Why Why, string Field, string Reason);

/// <summary>A slot with its session and clinic, as the booking rules need them.</summary>
public sealed record SlotContext(Slot Slot, ClinicSession Session, Clinic Clinic);

/// <summary>
/// The booking rules, checked in code before the database is asked (ADR 0030): the same checks give the booking
/// form its explanation of why a slot is unavailable and the API its problem details.
/// </summary>
public sealed class Availability(InfirmaryDbContext db, IPatientDirectory patients, TimeProvider clock)
{
    /// <summary>
    /// The slot with its session and clinic, in one query. With <paramref name="track"/> the slot (only) is tracked,
    /// for the booking to mark it busy; a slot the unit of work already tracks is the instance returned.
    /// </summary>
    public async Task<SlotContext?> LoadAsync(Guid slotId, bool track, CancellationToken ct)
    {
        var found = await (from s in db.Set<Slot>().AsNoTracking()
                           join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                           join clinic in db.Set<Clinic>() on s.ClinicId equals clinic.Id
                           where s.Id == slotId
                           select new { Slot = s, Session = session, Clinic = clinic }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var slot = found.Slot;
        if (track)
        {
            if (db.Set<Slot>().Local.FindEntry(slotId) is { } tracked)
            {
                slot = tracked.Entity;
            }
            else
            {
                db.Attach(slot);
            }
        }

        return new SlotContext(slot, found.Session, found.Clinic);
    }

    /// <summary>Everything that stops the slot being booked now, whoever the patient.</summary>
    public IReadOnlyList<Unavailable> SlotProblems(SlotContext c)
    {
        var problems = new List<Unavailable>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (c.Session.Status == SessionStatus.Cancelled)
        {
            problems.Add(new(Why.SessionCancelled, "slotId", $"The {SchedulingFormat.Date(c.Session.StartsAt)} session of {c.Clinic.Name} is cancelled: {c.Session.CancelReason}"));
        }

        if (c.Slot.StartsAt < c.Session.StartsAt || c.Slot.EndsAt > c.Session.EndsAt)
        {
            problems.Add(new(Why.OutsideSession, "slotId", $"The slot is outside the session's times ({SchedulingFormat.Time(c.Session.StartsAt)}–{SchedulingFormat.Time(c.Session.EndsAt)})."));
        }

        if (c.Slot.StartsAt <= now)
        {
            problems.Add(new(Why.Past, "slotId", $"The slot at {SchedulingFormat.DateAndTime(c.Slot.StartsAt)} is in the past. Choose a later one."));
        }

        if (!c.Clinic.Active)
        {
            problems.Add(new(Why.ClinicClosed, "slotId", $"{c.Clinic.Name} is no longer running."));
        }

        if (c.Slot.Status == SlotStatus.Busy)
        {
            problems.Add(new(Why.Taken, "slotId", "Another patient is already booked into this slot."));
        }

        return problems;
    }

    /// <summary>What stops this patient being booked at this time: unknown, inactive, deceased, or already booked then.</summary>
    public async Task<IReadOnlyList<Unavailable>> PatientProblemsAsync(Guid patientId, Slot slot, Guid? except, CancellationToken ct)
    {
        var status = await patients.GetStatusAsync(patientId, ct);
        if (status is null)
        {
            return [new(Why.NoPatient, "patientId", "There is no patient with this id. Find the patient first.")];
        }

        var problems = new List<Unavailable>();
        if (status.Deceased)
        {
            problems.Add(new(Why.Deceased, "patientId", $"The patient is recorded as having died on {UkFormat.Date(status.DateOfDeath!.Value)}. Appointments cannot be booked."));
        }

        if (!status.Active)
        {
            problems.Add(new(Why.Inactive, "patientId", "The patient's record is inactive (for example merged or left the area). Check the record before booking."));
        }

        var clash = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Id != except && a.Status == AppointmentStatus.Booked
                        && a.StartsAt < slot.EndsAt && slot.StartsAt < a.EndsAt)
            .Join(db.Set<Clinic>(), a => a.ClinicId, c => c.Id, (a, c) => new { a.StartsAt, c.Name })
            .FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            problems.Add(new(Why.PatientBooked, "patientId", $"The patient is already booked at {SchedulingFormat.DateAndTime(clash.StartsAt)} in {clash.Name}."));
        }

        return problems;
    }
}
