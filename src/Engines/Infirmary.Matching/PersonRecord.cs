namespace Infirmary.Matching;

/// <summary>
/// A person as the matching engine sees them: the demographic items a registration form or an imported file
/// carries. Values are kept as received; <see cref="RecordPreparer"/> normalises them for comparison.
/// </summary>
public sealed record PersonRecord
{
    /// <summary>The caller's identifier for the record (hospital number, row id, file id…).</summary>
    public required string Id { get; init; }

    /// <summary>Given name(s), first name first; only the first is compared as the given name.</summary>
    public string? GivenNames { get; init; }

    public string? FamilyName { get; init; }

    public BirthDate? DateOfBirth { get; init; }

    /// <summary>Recorded sex or gender, as text ("M", "female", "2"…).</summary>
    public string? Sex { get; init; }

    public string? Postcode { get; init; }

    /// <summary>House number or name when held apart from the address lines.</summary>
    public string? HouseNumber { get; init; }

    public IReadOnlyList<string>? AddressLines { get; init; }

    public string? Town { get; init; }

    /// <summary>County, state or region.</summary>
    public string? Region { get; init; }

    public string? NhsNumber { get; init; }

    /// <summary>Another identifier for the same person (hospital number, national insurance number, soc_sec_id…).</summary>
    public string? OtherIdentifier { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }
}

/// <summary>
/// A date of birth as written, component by component. Components are kept even when the date they make does
/// not exist (a keying slip such as day 31 in April is still evidence); 0 marks an unknown component.
/// </summary>
public readonly record struct BirthDate(int Year, int Month, int Day)
{
    public bool IsComplete => Year > 0 && Month > 0 && Day > 0;

    public bool IsEmpty => Year == 0 && Month == 0 && Day == 0;

    public static BirthDate FromDate(DateOnly date) => new(date.Year, date.Month, date.Day);

    public override string ToString() => $"{Year:0000}-{Month:00}-{Day:00}";

    /// <summary>
    /// Reads yyyyMMdd (Febrl), ISO yyyy-MM-dd (time part ignored), yyyy/MM/dd and the UK day-first forms
    /// dd/MM/yyyy, dd-MM-yyyy and dd.MM.yyyy (one- or two-digit day and month).
    /// </summary>
    public static bool TryParse(string? text, out BirthDate value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        var t = s.IndexOfAny('T', ' ');
        if (t > 0)
        {
            s = s[..t];
        }

        if (s.Length == 8 && IsDigits(s))
        {
            value = new BirthDate(Num(s[..4]), Num(s.Slice(4, 2)), Num(s.Slice(6, 2)));
            return value.Year > 0;
        }

        Span<Range> parts = stackalloc Range[4];
        var count = s.SplitAny(parts, "-/.");
        if (count != 3)
        {
            return false;
        }

        var p0 = s[parts[0]];
        var p1 = s[parts[1]];
        var p2 = s[parts[2]];
        if (!IsDigits(p0) || !IsDigits(p1) || !IsDigits(p2) || p1.Length is < 1 or > 2)
        {
            return false;
        }

        if (p0.Length == 4 && p2.Length is 1 or 2)
        {
            value = new BirthDate(Num(p0), Num(p1), Num(p2));
            return true;
        }

        if (p2.Length == 4 && p0.Length is 1 or 2)
        {
            value = new BirthDate(Num(p2), Num(p1), Num(p0));
            return true;
        }

        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static int Num(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s)
        {
            n = n * 10 + (c - '0');
        }

        return n;
    }
}
