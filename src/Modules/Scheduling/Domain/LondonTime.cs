using Infirmary.Platform.Ui;

namespace Infirmary.Scheduling.Domain;

/// <summary>
/// Clinics are planned in local time (Europe/London) and stored as UTC instants. A 09:00 clinic is 09:00 on the
/// wall clock every week: 09:00Z in winter (GMT) and 08:00Z in summer (BST).
/// </summary>
public static class LondonTime
{
    public static TimeZoneInfo Zone => UkFormat.London;

    /// <summary>
    /// The UTC instant of a local wall-clock time. A time that does not exist (in the hour skipped when clocks go
    /// forward) is read with the offset before the change, so it lands that far after it (01:30 becomes 02:30 BST);
    /// a time that happens twice (the hour repeated when clocks go back) is the first of the two (BST).
    /// </summary>
    public static DateTime ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (Zone.IsInvalidTime(local))
        {
            offset = Zone.GetUtcOffset(local.AddHours(-3));
        }
        else if (Zone.IsAmbiguousTime(local))
        {
            offset = Zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = Zone.GetUtcOffset(local);
        }

        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    public static TimeOnly LocalTime(DateTime utc) => TimeOnly.FromDateTime(ToLocal(utc));

    public static DateOnly Today(TimeProvider clock) => UkFormat.TodayInLondon(clock);

    /// <summary>The UTC instants at which a local day starts and the next starts (23, 24 or 25 hours apart).</summary>
    public static (DateTime Start, DateTime End) Day(DateOnly date) =>
        (ToUtc(date, TimeOnly.MinValue), ToUtc(date.AddDays(1), TimeOnly.MinValue));
}
