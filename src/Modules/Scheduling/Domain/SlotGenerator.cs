namespace Infirmary.Scheduling.Domain;

/// <summary>
/// Turns templates into sessions and slots. A session starts and ends at its template's local times on its date,
/// each resolved to a UTC instant on its own (<see cref="LondonTime.ToUtc"/>), so a 09:00 clinic is at 09:00 on
/// both sides of a clock change; slots follow one another in elapsed time from the start.
/// </summary>
public static class SlotGenerator
{
    /// <summary>The dates in [from, to] on which the template runs.</summary>
    public static IEnumerable<DateOnly> Occurrences(ClinicTemplate template, DateOnly from, DateOnly to)
    {
        var first = from < template.ValidFrom ? template.ValidFrom : from;
        var last = template.ValidTo is { } vt && vt < to ? vt : to;
        for (var d = first.AddDays(((int)template.DayOfWeek - (int)first.DayOfWeek + 7) % 7); d <= last; d = d.AddDays(7))
        {
            if (template.RunsOn(d))
            {
                yield return d;
            }
        }
    }

    public static (ClinicSession Session, List<Slot> Slots) Build(Clinic clinic, ClinicTemplate template, DateOnly date)
    {
        var session = new ClinicSession
        {
            ClinicId = clinic.Id,
            TemplateId = template.Id,
            Date = date,
            StartsAt = LondonTime.ToUtc(date, template.StartTime),
            EndsAt = LondonTime.ToUtc(date, template.EndTime),
        };
        var slots = new List<Slot>();
        var length = TimeSpan.FromMinutes(template.SlotMinutes);
        for (var start = session.StartsAt; start + length <= session.EndsAt; start += length)
        {
            for (var place = 1; place <= template.Capacity; place++)
            {
                slots.Add(new Slot
                {
                    SessionId = session.Id,
                    ClinicId = clinic.Id,
                    ClinicianId = clinic.ClinicianId,
                    Place = place,
                    StartsAt = start,
                    EndsAt = start + length,
                    Type = template.SlotType,
                });
            }
        }

        return (session, slots);
    }
}
