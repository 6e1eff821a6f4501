using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// Demo clinics: cardiology follow-up, a diabetes clinic and GP surgery sessions (every day, so today always has a
/// clinic), with templates and free slots over the coming six weeks, and a handful of today's GP patients at
/// different stages (seen, waiting, did not attend, still to come) so the arrivals board is not empty.
/// </summary>
public sealed class SchedulingDemoData(InfirmaryDbContext db, GenerateSlots generator, TimeProvider clock)
{
    public const int Weeks = 6;

    /// <param name="clinicians">Demo staff user names with the Clinician role, looked up by name: cardiology, diabetes, GP.</param>
    /// <param name="patientIds">Demo patients to book today.</param>
    public async Task SeedAsync(IReadOnlyList<string> clinicians, IReadOnlyList<Guid> patientIds, CancellationToken ct)
    {
        if (await db.Set<Clinic>().AnyAsync(ct))
        {
            return;
        }

        var names = clinicians.Select(c => c.ToUpperInvariant()).ToList();
        var staff = await db.Users.AsNoTracking().Where(u => names.Contains(u.NormalizedUserName!)).ToListAsync(ct);
        StaffUser Find(int i) => staff.FirstOrDefault(u => u.NormalizedUserName == names[Math.Min(i, names.Count - 1)]) ?? staff[0];
        if (staff.Count == 0)
        {
            return;
        }

        var today = LondonTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var from = today.AddDays(-7);
        Clinic Clinic(string name, string specialty, string site, string room, StaffUser clinician) => new()
        {
            Name = name, Specialty = specialty, Site = site, Room = room, ClinicianId = clinician.Id, ClinicianName = clinician.DisplayName,
            CreatedAt = now, CreatedBy = "demo-data",
        };
        ClinicTemplate Template(Clinic c, DayOfWeek day, int sh, int sm, int eh, int em, int minutes, SlotType type, Recurrence recurrence = Recurrence.Weekly) => new()
        {
            ClinicId = c.Id, DayOfWeek = day, StartTime = new TimeOnly(sh, sm), EndTime = new TimeOnly(eh, em), SlotMinutes = minutes,
            SlotType = type, Recurrence = recurrence, ValidFrom = from, CreatedAt = now, CreatedBy = "demo-data",
        };

        var cardiology = Clinic("Cardiology follow-up", "Cardiology", "St James's University Hospital", "Outpatients B, room 4", Find(0));
        var diabetes = Clinic("Diabetes clinic", "Diabetes", "Chapel Allerton Hospital", "Room 12", Find(1));
        var gp = Clinic("GP surgery", "General practice", "Park Row Surgery", "Consulting room 2", Find(2));
        db.AddRange(cardiology, diabetes, gp);
        db.AddRange(
            Template(cardiology, DayOfWeek.Monday, 9, 0, 12, 0, 20, SlotType.FollowUp),
            Template(cardiology, DayOfWeek.Wednesday, 9, 0, 12, 0, 20, SlotType.FollowUp),
            Template(cardiology, DayOfWeek.Thursday, 14, 0, 16, 0, 30, SlotType.New),
            Template(diabetes, DayOfWeek.Tuesday, 13, 30, 16, 30, 20, SlotType.FollowUp),
            Template(diabetes, DayOfWeek.Friday, 9, 0, 11, 0, 40, SlotType.New, Recurrence.Fortnightly));
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            db.Add(Template(gp, day, 8, 30, 12, 0, 15, SlotType.New));
            if (day is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                db.Add(Template(gp, day, 14, 0, 15, 0, 10, SlotType.Telephone));
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var clinic in new[] { cardiology, diabetes, gp })
        {
            await generator.GenerateAsync(clinic, today, today.AddDays((Weeks * 7) - 1), ct);
        }

        // Today's GP morning: earlier patients seen, waiting or absent; later ones still to come.
        var slots = db.ChangeTracker.Entries<Slot>().Select(e => e.Entity)
            .Where(s => s.ClinicId == gp.Id && LondonTime.LocalDate(s.StartsAt) == today && s.Type == SlotType.New)
            .OrderBy(s => s.StartsAt).ToList();
        for (var i = 0; i < Math.Min(patientIds.Count, 6) && i * 2 < slots.Count; i++)
        {
            var slot = slots[i * 2];
            var a = Appointment.For(slot, patientIds[i], now.AddDays(-3), "demo-data", "Demo data");
            if (slot.StartsAt < now)
            {
                (a.Status, a.ArrivedAt, a.SeenAt, a.OutcomeAt) = (i % 3) switch
                {
                    0 => (AppointmentStatus.Seen, slot.StartsAt.AddMinutes(-6), (DateTime?)slot.StartsAt.AddMinutes(4), (DateTime?)null),
                    1 => (AppointmentStatus.DidNotAttend, (DateTime?)null, (DateTime?)null, (DateTime?)slot.EndsAt),
                    _ => (AppointmentStatus.Arrived, slot.StartsAt.AddMinutes(-3), (DateTime?)null, (DateTime?)null),
                };
            }

            slot.Status = SlotStatus.Busy;
            db.Add(a);
        }

        await db.SaveChangesAsync(ct);
    }
}
