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

/// <summary>
/// A slot with its session and clinic, as the booking rules need them, and (when read for a booking) what the rules need
/// to know of the patient.
/// </summary>
public sealed record SlotContext(Slot Slot, ClinicSession Session, Clinic Clinic, PatientFacts? Patient = null);

/// <summary>
/// What the booking rules need to know of a patient for one slot: whether the record exists and is in use, and their
/// earliest booked appointment overlapping the slot (its start and clinic), if any.
/// </summary>
public sealed record PatientFacts(Guid PatientId, PatientStatus? Status, DateTime? ClashStartsAt, string? ClashClinic);

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
        return found is null ? null : Context(found.Slot, found.Session, found.Clinic, null, track);
    }

    /// <summary>
    /// As <see cref="LoadAsync"/>, with the patient's status and clashing booking read in the same query: a booking's
    /// checks in one round trip (ADR 0150). The Patients module supplies its part as a query (<see cref="IPatientDirectory.StatusQuery"/>).
    /// </summary>
    public async Task<SlotContext?> LoadForBookingAsync(Guid slotId, Guid patientId, CancellationToken ct)
    {
        var status = patients.StatusQuery(patientId);
        var booked = db.Set<Appointment>().AsNoTracking().Where(a => a.PatientId == patientId && a.Status == AppointmentStatus.Booked);
        var clinics = db.Set<Clinic>().AsNoTracking();
        var found = await (from s in db.Set<Slot>().AsNoTracking()
                           join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                           join clinic in db.Set<Clinic>() on s.ClinicId equals clinic.Id
                           where s.Id == slotId
                           select new
                           {
                               Slot = s, Session = session, Clinic = clinic,
                               Active = status.Select(p => (bool?)p.Active).FirstOrDefault(),
                               DateOfDeath = status.Select(p => p.DateOfDeath).FirstOrDefault(),
                               ClashStartsAt = booked.Where(a => a.StartsAt < s.EndsAt && s.StartsAt < a.EndsAt)
                                   .OrderBy(a => a.StartsAt).ThenBy(a => a.Id).Select(a => (DateTime?)a.StartsAt).FirstOrDefault(),
                               ClashClinic = booked.Where(a => a.StartsAt < s.EndsAt && s.StartsAt < a.EndsAt)
                                   .Join(clinics, a => a.ClinicId, c => c.Id, (a, c) => new { a.StartsAt, a.Id, c.Name })
                                   .OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Select(x => x.Name).FirstOrDefault(),
                           }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var facts = new PatientFacts(patientId, found.Active is { } active ? new PatientStatus(patientId, active, found.DateOfDeath) : null,
            found.ClashStartsAt, found.ClashClinic);
        return Context(found.Slot, found.Session, found.Clinic, facts, track: true);
    }

    private SlotContext Context(Slot slot, ClinicSession session, Clinic clinic, PatientFacts? facts, bool track)
    {
        if (track)
        {
            if (db.Set<Slot>().Local.FindEntry(slot.Id) is { } tracked)
            {
                slot = tracked.Entity;
            }
            else
            {
                db.Attach(slot);
            }
        }

        return new SlotContext(slot, session, clinic, facts);
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
            return PatientProblems(new PatientFacts(patientId, null, null, null));
        }

        var clash = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Id != except && a.Status == AppointmentStatus.Booked
                        && a.StartsAt < slot.EndsAt && slot.StartsAt < a.EndsAt)
            .Join(db.Set<Clinic>(), a => a.ClinicId, c => c.Id, (a, c) => new { a.StartsAt, a.Id, c.Name })
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Id)
            .FirstOrDefaultAsync(ct);
        return PatientProblems(new PatientFacts(patientId, status, clash?.StartsAt, clash?.Name));
    }

    /// <summary>The patient's problems from facts already read (<see cref="LoadForBookingAsync"/>, or the two queries above).</summary>
    public static IReadOnlyList<Unavailable> PatientProblems(PatientFacts facts)
    {
        if (facts.Status is not { } status)
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

        if (facts.ClashStartsAt is { } clashStart)
        {
            problems.Add(new(Why.PatientBooked, "patientId", $"The patient is already booked at {SchedulingFormat.DateAndTime(clashStart)} in {facts.ClashClinic}."));
        }

        return problems;
    }
}
