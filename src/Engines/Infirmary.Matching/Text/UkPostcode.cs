namespace Infirmary.Matching.Text;

/// <summary>
/// A UK postcode split into the units the Royal Mail's format defines: area (1–2 letters), district
/// (the outward code, e.g. "LS6"), sector (outward code plus the inward digit, "LS6 3") and the full unit
/// ("LS6 3AB"). Parsing ignores case, spaces and punctuation. A value that is not a UK postcode (for example
/// an Australian "2615") still normalises to <see cref="Unit"/>, with the other parts empty, so it can be
/// compared as a plain code.
/// </summary>
public readonly record struct UkPostcode(string Unit, string Sector, string District, string Area, bool IsUk)
{
    public static readonly UkPostcode Empty = new(string.Empty, string.Empty, string.Empty, string.Empty, false);

    public static UkPostcode Parse(string? value)
    {
        var code = TextNormaliser.Alphanumeric(value);
        if (code.Length == 0)
        {
            return Empty;
        }

        // Inward code: digit + two letters at the end; outward code: area letters, district digit, optional
        // digit or letter. Lengths 5–7 in all (e.g. "M11AA", "EC1A1BB").
        if (code.Length is >= 5 and <= 7
            && char.IsAsciiLetter(code[^1]) && char.IsAsciiLetter(code[^2]) && char.IsAsciiDigit(code[^3]))
        {
            var outward = code[..^3];
            if (IsOutward(outward, out var areaLength))
            {
                var sector = string.Concat(outward, " ", code.AsSpan(code.Length - 3, 1));
                return new UkPostcode(string.Concat(outward, " ", code.AsSpan(code.Length - 3)), sector, outward,
                    outward[..areaLength], true);
            }
        }

        // An outward code alone (partial postcode) still gives a district.
        if (code.Length is >= 2 and <= 4 && char.IsAsciiLetter(code[0]) && IsOutward(code, out var partialArea))
        {
            return new UkPostcode(code, string.Empty, code, code[..partialArea], true);
        }

        return new UkPostcode(code, string.Empty, string.Empty, string.Empty, false);
    }

    private static bool IsOutward(string outward, out int areaLength)
    {
        areaLength = 0;
        while (areaLength < outward.Length && char.IsAsciiLetter(outward[areaLength]))
        {
            areaLength++;
        }

        if (areaLength is < 1 or > 2 || outward.Length - areaLength is < 1 or > 2)
        {
            return false;
        }

        if (!char.IsAsciiDigit(outward[areaLength]))
        {
            return false;
        }

        return outward.Length == areaLength + 1 || char.IsAsciiLetterOrDigit(outward[areaLength + 1]);
    }
}
