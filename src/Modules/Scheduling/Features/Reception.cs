using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public enum ArrivalStep
{
    CheckIn,
    Seen,
    DidNotAttend,
    Left,
}

/// <summary>One line of the arrivals board: the appointment and the patient's banner.</summary>
public sealed record BoardLine(Appointment Appointment, PatientBannerModel? Patient);

/// <summary>
/// The reception desk for one clinic on one day: the list (every read audited against each patient), check-in with
/// the arrival time, then seen, did not attend or left before being seen; and walk-ins into the next free slot.
/// </summary>
public sealed class Reception(InfirmaryDbContext db, AuditTrail audit, IPatientDirectory patients, Availability availability,
    BookAppointment book, TimeProvider clock)
{
    public async Task<IReadOnlyList<BoardLine>> BoardAsync(Guid clinicId, DateOnly date, CancellationToken ct)
    {
        var (start, end) = LondonTime.Day(date);
        var appointments = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.ClinicId == clinicId && a.StartsAt >= start && a.StartsAt < end && a.Status != AppointmentStatus.Cancelled)
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Place).ThenBy(a => a.BookedAt).ToListAsync(ct);
        if (appointments.Count == 0)
        {
            return [];
        }

        var banners = await patients.GetBannersAsync([.. appointments.Select(a => a.PatientId)], ct);
        await audit.RecordManyAsync(AuditAction.Search, appointments.Select(a => ($"Appointment/{a.Id}", (Guid?)a.PatientId)),
            $"clinic list {clinicId} {date:yyyy-MM-dd}", ct);
        return [.. appointments.Select(a => new BoardLine(a, banners.GetValueOrDefault(a.PatientId)))];
    }

    /// <summary>
    /// A stamp that changes whenever the day's board would (ADR 0077): how many of the clinic's appointments that day
    /// (any status) and the sum of their versions. No patient data is read.
    /// </summary>
    public async Task<string> StampAsync(Guid clinicId, DateOnly date, CancellationToken ct)
    {
        var (start, end) = LondonTime.Day(date);
        var versions = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.ClinicId == clinicId && a.StartsAt >= start && a.StartsAt < end).Select(a => a.Version).ToListAsync(ct);
        return $"{versions.Count}.{versions.Sum(v => (long)v)}";
    }

    /// <summary>The rebooking worklist: patients still booked into cancelled sessions of a clinic, from today on.</summary>
    public async Task<IReadOnlyList<BoardLine>> ToRebookAsync(Guid clinicId, CancellationToken ct)
    {
        var today = LondonTime.Day(LondonTime.Today(clock)).Start;
        var appointments = await (from a in db.Set<Appointment>().AsNoTracking()
                                  join s in db.Set<Slot>() on a.SlotId equals s.Id
                                  join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                                  where a.ClinicId == clinicId && a.Status == AppointmentStatus.Booked && session.Status == SessionStatus.Cancelled && a.StartsAt >= today
                                  orderby a.StartsAt
                                  select a).ToListAsync(ct);
        if (appointments.Count == 0)
        {
            return [];
        }

        var banners = await patients.GetBannersAsync([.. appointments.Select(a => a.PatientId)], ct);
        await audit.RecordManyAsync(AuditAction.Search, appointments.Select(a => ($"Appointment/{a.Id}", (Guid?)a.PatientId)),
            $"rebooking worklist {clinicId}", ct);
        return [.. appointments.Select(a => new BoardLine(a, banners.GetValueOrDefault(a.PatientId)))];
    }

    public async Task<Result<Appointment>> RecordAsync(Guid id, ArrivalStep step, CancellationToken ct)
    {
        var a = await db.Set<Appointment>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return Result.NotFound<Appointment>("No such appointment", $"There is no appointment {id}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = LondonTime.Today(clock);
        var (from, to, what) = step switch
        {
            ArrivalStep.CheckIn => (AppointmentStatus.Booked, AppointmentStatus.Arrived, "checked in"),
            ArrivalStep.Seen => (AppointmentStatus.Arrived, AppointmentStatus.Seen, "seen"),
            ArrivalStep.DidNotAttend => (AppointmentStatus.Booked, AppointmentStatus.DidNotAttend, "did not attend"),
            _ => (AppointmentStatus.Arrived, AppointmentStatus.Left, "left before being seen"),
        };
        if (a.Status != from)
        {
            return Result.Conflict<Appointment>($"Cannot record {what}",
                $"The appointment is {SchedulingFormat.Status(a.Status).ToLowerInvariant()}; {what} follows {SchedulingFormat.Status(from).ToLowerInvariant()}.");
        }

        if (LondonTime.LocalDate(a.StartsAt) != today)
        {
            return Result.Conflict<Appointment>($"Cannot record {what}",
                $"The appointment is on {SchedulingFormat.Date(a.StartsAt)}; arrivals are recorded on the day ({UkFormat.Date(today)}).");
        }

        if (step == ArrivalStep.DidNotAttend && now < a.StartsAt)
        {
            return Result.Conflict<Appointment>("Too early for did not attend",
                $"The appointment is at {SchedulingFormat.Time(a.StartsAt)}; record did not attend once that time has passed.");
        }

        a.Status = to;
        switch (step)
        {
            case ArrivalStep.CheckIn:
                a.ArrivedAt = now;
                break;
            case ArrivalStep.Seen:
                a.SeenAt = now;
                break;
            default:
                a.OutcomeAt = now;
                break;
        }

        a.Version++;
        audit.Add(AuditAction.Update, $"Appointment/{a.Id}", a.PatientId, detail: what);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Stale<Appointment>("The appointment has changed", "Someone else updated this appointment at the same moment. Reload the list.");
        }

        return Result.Ok(a);
    }

    /// <summary>A patient who turns up without an appointment: booked into today's next free slot and checked in.</summary>
    public async Task<Result<Appointment>> WalkInAsync(Guid clinicId, Guid? patientId, CancellationToken ct)
    {
        if (patientId is not { } pid || pid == Guid.Empty)
        {
            return Result.Invalid<Appointment>("patientId", "Find the patient first (by NHS number).");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = LondonTime.Today(clock);
        var slotId = await (from s in db.Set<Slot>()
                            join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                            where s.ClinicId == clinicId && session.Date == today && session.Status == SessionStatus.Active
                                  && s.Status == SlotStatus.Free && s.EndsAt > now
                            orderby s.StartsAt, s.Place
                            select (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (slotId is null)
        {
            return Result.Conflict<Appointment>("No free slot today",
                "There is no free slot left in this clinic today. Ask someone allowed to overbook (practice manager, medical secretary) to fit the patient in.");
        }

        var context = await availability.LoadAsync(slotId.Value, track: true, ct);
        return await book.BookAsync(context!, pid, overbook: false, overbookReason: null, rebookFrom: null, walkIn: true, ct);
    }
}
