namespace Infirmary.Hl7v2;

/// <summary>Compares HL7 version ids ("2.3.1", "2.5.1", "2.7") without allocating.</summary>
public static class Hl7Version
{
    /// <summary>True when <paramref name="version"/> is at least major.minor; an empty or unreadable version counts as 2.5.</summary>
    public static bool AtLeast(ReadOnlySpan<char> version, int major, int minor, int patch = 0)
    {
        var (ma, mi, pa) = Read(version);
        return ma != major ? ma > major : mi != minor ? mi > minor : pa >= patch;
    }

    /// <summary>Major, minor and patch of a version id; (2, 5, 0) when it cannot be read.</summary>
    public static (int Major, int Minor, int Patch) Read(ReadOnlySpan<char> version)
    {
        version = version.Trim();
        Span<int> parts = stackalloc int[3];
        var count = 0;
        var value = -1;
        foreach (var c in version)
        {
            if (char.IsAsciiDigit(c))
            {
                value = value < 0 ? c - '0' : Math.Min(value * 10 + (c - '0'), 9999);
            }
            else if (c == '.' && value >= 0 && count < 2)
            {
                parts[count++] = value;
                value = -1;
            }
            else
            {
                return (2, 5, 0);
            }
        }

        if (value < 0)
        {
            return (2, 5, 0);
        }

        parts[count++] = value;
        return count < 2 ? (2, 5, 0) : (parts[0], parts[1], count > 2 ? parts[2] : 0);
    }
}
