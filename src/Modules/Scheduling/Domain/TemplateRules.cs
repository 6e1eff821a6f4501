using System.Globalization;

namespace Infirmary.Scheduling.Domain;

/// <summary>What a template's form or API body carries, as text, so each mistake is reported against its field.</summary>
public sealed record TemplateInput(
    string? Recurrence,
    string? DayOfWeek,
    string? StartTime,
    string? EndTime,
    int? SlotMinutes,
    string? SlotType,
    int? Capacity,
    string? ValidFrom,
    string? ValidTo);

public static class TemplateRules
{
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 240;
    public const int MaxCapacity = 20;

    /// <summary>Reads and checks a template; returns it (without ids) or the errors by field.</summary>
    public static (ClinicTemplate? Template, Dictionary<string, string[]> Errors) Read(TemplateInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var t = new ClinicTemplate();

        if (!Codes.TryParse<Recurrence>(input.Recurrence ?? "weekly", out var recurrence))
        {
            errors["recurrence"] = ["Choose weekly or fortnightly."];
        }

        t.Recurrence = recurrence;
        if (!Enum.TryParse<DayOfWeek>(input.DayOfWeek?.Trim(), ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(input.DayOfWeek, out _))
        {
            errors["dayOfWeek"] = ["Choose the day of the week, for example Monday."];
        }

        t.DayOfWeek = day;
        var start = Time(input.StartTime, "startTime", "start", errors);
        var end = Time(input.EndTime, "endTime", "end", errors);
        if (start is { } s && end is { } e && e <= s)
        {
            errors["endTime"] = ["The session must end after it starts, on the same day."];
        }

        t.StartTime = start ?? default;
        t.EndTime = end ?? default;

        if (input.SlotMinutes is not { } minutes || minutes < MinSlotMinutes || minutes > MaxSlotMinutes)
        {
            errors["slotMinutes"] = [$"Give the slot length in minutes, from {MinSlotMinutes} to {MaxSlotMinutes}."];
        }
        else
        {
            t.SlotMinutes = minutes;
            if (start is { } s2 && end is { } e2 && e2 > s2 && (int)(e2 - s2).TotalMinutes % minutes != 0)
            {
                errors["slotMinutes"] = [$"The session {s2:HH\\:mm}–{e2:HH\\:mm} is not a whole number of {minutes}-minute slots."];
            }
        }

        if (!Codes.TryParse<SlotType>(input.SlotType, out var type))
        {
            errors["slotType"] = ["Choose the slot type: new, follow-up, urgent, telephone or video."];
        }

        t.SlotType = type;
        if (input.Capacity is { } capacity && (capacity < 1 || capacity > MaxCapacity))
        {
            errors["capacity"] = [$"Capacity is the patients seen at once in one slot, from 1 to {MaxCapacity}."];
        }

        t.Capacity = input.Capacity ?? 1;

        var from = Date(input.ValidFrom, "validFrom", "first date", errors);
        var to = string.IsNullOrWhiteSpace(input.ValidTo) ? null : Date(input.ValidTo, "validTo", "last date", errors);
        if (from is { } f && to is { } t2 && t2 < f)
        {
            errors["validTo"] = ["The last date must be on or after the first date."];
        }

        if (to is { } last && last < today)
        {
            errors["validTo"] = ["The last date is in the past: the template would never run."];
        }

        t.ValidFrom = from ?? default;
        t.ValidTo = to;
        return errors.Count > 0 ? (null, errors) : (t, errors);
    }

    /// <summary>
    /// The first date in the future on which both templates run with overlapping times, or null when they never
    /// clash (different days, times apart, validity apart, or fortnightly on alternate weeks).
    /// </summary>
    public static DateOnly? FirstClash(ClinicTemplate a, ClinicTemplate b, DateOnly today)
    {
        if (a.DayOfWeek != b.DayOfWeek || a.StartTime >= b.EndTime || b.StartTime >= a.EndTime)
        {
            return null;
        }

        var from = Max(Max(a.ValidFrom, b.ValidFrom), today);
        DateOnly? to = a.ValidTo is { } at ? (b.ValidTo is { } bt ? Min(at, bt) : at) : b.ValidTo;
        var first = from.AddDays(((int)a.DayOfWeek - (int)from.DayOfWeek + 7) % 7);
        // Two weeks cover every combination of weekly and fortnightly patterns.
        for (var d = first; d <= first.AddDays(7) && (to is null || d <= to); d = d.AddDays(7))
        {
            if (a.RunsOn(d) && b.RunsOn(d))
            {
                return d;
            }
        }

        return null;
    }

    private static TimeOnly? Time(string? text, string field, string what, Dictionary<string, string[]> errors)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }

        errors[field] = [$"Give the {what} time as hours and minutes on the 24-hour clock, for example 09:00."];
        return null;
    }

    private static DateOnly? Date(string? text, string field, string what, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd-MMM-yyyy", "d-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors[field] = [$"Give the {what} as a date, for example 2026-12-01."];
        return null;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
