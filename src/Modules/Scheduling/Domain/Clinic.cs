namespace Infirmary.Scheduling.Domain;

/// <summary>
/// A clinic: what is offered (specialty), where (site and room) and by whom (a clinician, a member of staff by id,
/// with the name shown on lists). Its sessions come from its templates.
/// </summary>
public sealed class Clinic
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string Name { get; set; } = string.Empty;

    public string Specialty { get; set; } = string.Empty;

    public string Site { get; set; } = string.Empty;

    public string Room { get; set; } = string.Empty;

    /// <summary>The clinician's staff user id. Their bookings can never overlap (see ADR 0030).</summary>
    public Guid ClinicianId { get; set; }

    public string ClinicianName { get; set; } = string.Empty;

    public bool Active { get; set; } = true;

    public int Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;
}

/// <summary>
/// A repeating session of a clinic: every (or every other) given weekday, from a local start to a local end time,
/// cut into slots of one length and type, each with a number of places (capacity). Times are Europe/London wall-clock.
/// </summary>
public sealed class ClinicTemplate
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ClinicId { get; set; }

    public Recurrence Recurrence { get; set; }

    public DayOfWeek DayOfWeek { get; set; }

    /// <summary>Local (Europe/London) time the session starts.</summary>
    public TimeOnly StartTime { get; set; }

    /// <summary>Local (Europe/London) time the session ends.</summary>
    public TimeOnly EndTime { get; set; }

    public int SlotMinutes { get; set; }

    public SlotType SlotType { get; set; }

    /// <summary>Patients who can be seen at once in one slot (each place is a bookable slot of its own).</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>First date the pattern runs; a fortnightly pattern runs in the week of its first session and every other week.</summary>
    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public int SlotsPerSession => (int)((EndTime - StartTime).TotalMinutes / SlotMinutes);

    /// <summary>The first date on or after <see cref="ValidFrom"/> that falls on <see cref="DayOfWeek"/>.</summary>
    public DateOnly FirstOccurrence => ValidFrom.AddDays(((int)DayOfWeek - (int)ValidFrom.DayOfWeek + 7) % 7);

    /// <summary>True when the pattern runs on <paramref name="date"/>.</summary>
    public bool RunsOn(DateOnly date)
    {
        if (date.DayOfWeek != DayOfWeek || date < ValidFrom || (ValidTo is { } to && date > to))
        {
            return false;
        }

        return Recurrence == Recurrence.Weekly || (date.DayNumber - FirstOccurrence.DayNumber) / 7 % 2 == 0;
    }

    /// <summary>"Mondays 09:00–12:00, weekly, 20-minute follow-up slots".</summary>
    public string Describe() =>
        $"{DayOfWeek}s {StartTime:HH\\:mm}–{EndTime:HH\\:mm}, {(Recurrence == Recurrence.Weekly ? "weekly" : "fortnightly")}, " +
        $"{SlotMinutes}-minute {Codes.Of(SlotType)} slots";
}

/// <summary>One session of a template on one date: active, or cancelled with a reason (its slots then cannot be booked).</summary>
public sealed class ClinicSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ClinicId { get; set; }

    public Guid TemplateId { get; set; }

    /// <summary>The local (Europe/London) date of the session.</summary>
    public DateOnly Date { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public SessionStatus Status { get; set; } = SessionStatus.Active;

    public string? CancelReason { get; set; }

    public string? CancelledById { get; set; }

    public string? CancelledByName { get; set; }

    public DateTime? CancelledAt { get; set; }

    public int Version { get; set; } = 1;
}

/// <summary>
/// One bookable place at one time: start and end are UTC instants. A slot of a template with capacity 3 is three
/// slots at the same time, places 1, 2 and 3. Its status is <c>busy</c> while a confirmed booking holds it.
/// </summary>
public sealed class Slot
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SessionId { get; set; }

    public Guid ClinicId { get; set; }

    public Guid ClinicianId { get; set; }

    public int Place { get; set; } = 1;

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public SlotType Type { get; set; }

    public SlotStatus Status { get; set; } = SlotStatus.Free;
}
