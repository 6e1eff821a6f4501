using System.Globalization;

namespace Infirmary.Platform.Ui;

/// <summary>
/// UK conventions for what staff read: dates as 25-Nov-2026 (unambiguous), 24-hour times in Europe/London,
/// NHS numbers as 3-3-4, money in pounds and pence.
/// </summary>
public static class UkFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string Date(DateOnly date) => date.ToString("dd-MMM-yyyy", Invariant);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "Not known";

    public static string DateTime(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);
        return local.ToString("dd-MMM-yyyy HH:mm", Invariant);
    }

    public static string NhsNumber(string? digits) =>
        digits is { Length: 10 } ? $"{digits[..3]} {digits[3..6]} {digits[6..]}" : digits ?? "Not known";

    public static string Money(decimal pounds) => pounds.ToString("C", EnGb);

    /// <summary>Age in whole years on a given day, as shown on a patient banner.</summary>
    public static int AgeInYears(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        if (today < birthDate.AddYears(age))
        {
            age--;
        }

        return age;
    }

    public static DateOnly TodayInLondon(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), London).DateTime);
}
