using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>What a slot on the calendar is: free to book, booked, blocked (its session cancelled, its clinic closed) or past.</summary>
public enum CalendarSlotState
{
    Free,
    Booked,
    Blocked,
    Past,
}

/// <summary>Whose calendar: one clinician's, or one room's (site and room).</summary>
public sealed record CalendarSubject(Guid? ClinicianId, string? Site, string? Room)
{
    public bool IsRoom => ClinicianId is null;
}

/// <summary>A slot as the calendar shows it: its state, the bookings in it, and every reason it cannot be booked now.</summary>
public sealed record CalendarSlot(Slot Slot, CalendarSlotState State, IReadOnlyList<Appointment> Bookings, IReadOnlyList<Unavailable> Problems);

public sealed record CalendarSession(ClinicSession Session, Clinic Clinic, IReadOnlyList<CalendarSlot> Slots);

public sealed record CalendarDay(DateOnly Date, IReadOnlyList<CalendarSession> Sessions);

public sealed record CalendarView(IReadOnlyList<CalendarDay> Days, IReadOnlyDictionary<Guid, PatientBannerModel> Patients);

/// <summary>A choice in the calendar's "whose" list.</summary>
public sealed record CalendarChoice(Guid? ClinicianId, string? Site, string? Room, string Label);

/// <summary>
/// The day/week calendar per clinician and per room (ADR 0076): sessions, slots by state, and bookings. Every booking
/// shown is audited against its patient as a search, as the clinic list is. The reasons a slot is unavailable come
/// from the booking rules themselves (<see cref="Availability"/>), so the calendar says what a booking would.
/// </summary>
public sealed class CalendarQueries(InfirmaryDbContext db, IPatientDirectory patients, AuditTrail audit, Availability availability)
{
    public async Task<IReadOnlyList<CalendarChoice>> ChoicesAsync(CancellationToken ct)
    {
        var clinics = await db.Set<Clinic>().AsNoTracking().Where(c => c.Active)
            .Select(c => new { c.ClinicianId, c.ClinicianName, c.Site, c.Room }).ToListAsync(ct);
        var clinicians = clinics.GroupBy(c => c.ClinicianId).Select(g => new CalendarChoice(g.Key, null, null, g.First().ClinicianName))
            .OrderBy(c => c.Label, StringComparer.Ordinal);
        var rooms = clinics.Select(c => (c.Site, c.Room)).Distinct().Select(r => new CalendarChoice(null, r.Site, r.Room, $"{r.Room}, {r.Site}"))
            .OrderBy(c => c.Label, StringComparer.Ordinal);
        return [.. clinicians, .. rooms];
    }

    /// <summary>The days shown: the one day, or Monday to Sunday of its week.</summary>
    public static IReadOnlyList<DateOnly> Days(DateOnly date, bool week)
    {
        if (!week)
        {
            return [date];
        }

        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        return [.. Enumerable.Range(0, 7).Select(monday.AddDays)];
    }

    public async Task<CalendarView> LoadAsync(CalendarSubject subject, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        var first = days[0];
        var last = days[^1];
        var clinics = db.Set<Clinic>().AsNoTracking();
        clinics = subject.ClinicianId is { } clinician
            ? clinics.Where(c => c.ClinicianId == clinician)
            : clinics.Where(c => c.Site == subject.Site && c.Room == subject.Room);
        var clinicList = await clinics.ToListAsync(ct);
        var clinicIds = clinicList.Select(c => c.Id).ToList();
        var sessions = await db.Set<ClinicSession>().AsNoTracking()
            .Where(s => clinicIds.Contains(s.ClinicId) && s.Date >= first && s.Date <= last).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var slots = await db.Set<Slot>().AsNoTracking().Where(s => sessionIds.Contains(s.SessionId)).OrderBy(s => s.StartsAt).ThenBy(s => s.Place).ToListAsync(ct);
        var slotIds = slots.Select(s => s.Id).ToList();
        var bookings = await db.Set<Appointment>().AsNoTracking()
            .Where(a => slotIds.Contains(a.SlotId) && a.Status != AppointmentStatus.Cancelled).OrderBy(a => a.BookedAt).ToListAsync(ct);
        var banners = bookings.Count == 0
            ? new Dictionary<Guid, PatientBannerModel>()
            : await patients.GetBannersAsync([.. bookings.Select(a => a.PatientId)], ct);
        if (bookings.Count > 0)
        {
            var whose = subject.ClinicianId is { } c ? $"clinician {c}" : $"room {subject.Room}, {subject.Site}";
            await audit.RecordManyAsync(AuditAction.Search, bookings.Select(a => ($"Appointment/{a.Id}", (Guid?)a.PatientId)),
                $"calendar {whose} {first:yyyy-MM-dd}..{last:yyyy-MM-dd}", ct);
        }

        var clinicById = clinicList.ToDictionary(c => c.Id);
        var bySlot = bookings.ToLookup(a => a.SlotId);
        var slotsBySession = slots.ToLookup(s => s.SessionId);
        var result = days.Select(d => new CalendarDay(d, [.. sessions.Where(s => s.Date == d).Select(s =>
        {
            var clinic = clinicById[s.ClinicId];
            return new CalendarSession(s, clinic, [.. slotsBySession[s.Id].Select(slot => Describe(new SlotContext(slot, s, clinic), [.. bySlot[slot.Id]]))]);
        })])).ToList();
        return new CalendarView(result, banners);
    }

    /// <summary>One slot with its state and reasons, for the booking panel.</summary>
    public async Task<(CalendarSlot Slot, SlotContext Context)?> SlotAsync(Guid slotId, CancellationToken ct)
    {
        if (await availability.LoadAsync(slotId, track: false, ct) is not { } context)
        {
            return null;
        }

        var bookings = await db.Set<Appointment>().AsNoTracking().Where(a => a.SlotId == slotId && a.Status != AppointmentStatus.Cancelled)
            .OrderBy(a => a.BookedAt).ToListAsync(ct);
        if (bookings.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Search, bookings.Select(a => ($"Appointment/{a.Id}", (Guid?)a.PatientId)), $"calendar slot {slotId}", ct);
        }

        return (Describe(context, bookings), context);
    }

    private CalendarSlot Describe(SlotContext context, List<Appointment> bookings)
    {
        var problems = availability.SlotProblems(context);
        var state = context.Slot.Status == SlotStatus.Busy || bookings.Count > 0 ? CalendarSlotState.Booked
            : problems.Any(p => p.Why is Why.SessionCancelled or Why.ClinicClosed or Why.OutsideSession) ? CalendarSlotState.Blocked
            : problems.Any(p => p.Why == Why.Past) ? CalendarSlotState.Past
            : CalendarSlotState.Free;
        return new CalendarSlot(context.Slot, state, bookings, problems);
    }
}
