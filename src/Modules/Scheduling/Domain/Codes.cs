using System.Collections.Frozen;
using System.Text;

namespace Infirmary.Scheduling.Domain;

public enum SlotType
{
    New,
    FollowUp,
    Urgent,
    Telephone,
    Video,
}

public enum Recurrence
{
    Weekly,
    Fortnightly,
}

public enum SessionStatus
{
    Active,
    Cancelled,
}

public enum SlotStatus
{
    Free,
    Busy,
}

public enum AppointmentStatus
{
    Booked,
    Cancelled,
    Arrived,
    Seen,
    DidNotAttend,
    Left,
}

/// <summary>Who cancelled an appointment: the patient (asked to) or the hospital (clinic changed, clinician away).</summary>
public enum CancelledBy
{
    Patient,
    Hospital,
}

/// <summary>
/// The codes the module stores, sends and accepts for its enumerations: lower-case and hyphenated, as the issue
/// and FHIR write them (<c>follow-up</c>, <c>did-not-attend</c>). The database's check constraints list the same codes.
/// </summary>
public static class Codes
{
    public static string Of<T>(T value)
        where T : struct, Enum => Table<T>.ToCode[value];

    public static bool TryParse<T>(string? code, out T value)
        where T : struct, Enum
    {
        value = default;
        return code is not null && Table<T>.FromCode.TryGetValue(code.Trim(), out value);
    }

    public static T Parse<T>(string code)
        where T : struct, Enum =>
        TryParse<T>(code, out var v) ? v : throw new FormatException($"'{code}' is not a {typeof(T).Name} code.");

    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Table<T>.All;

    /// <summary>The codes as an SQL list for a check constraint: <c>'free', 'busy'</c>.</summary>
    public static string SqlList<T>()
        where T : struct, Enum => string.Join(", ", Table<T>.All.Select(c => $"'{c}'"));

    private static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private static class Table<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ToCode = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Kebab(v.ToString()));

        public static readonly FrozenDictionary<string, T> FromCode =
            ToCode.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<T>().Select(v => ToCode[v])];
    }
}
