using System.Globalization;
using System.Text;

namespace Infirmary.Medicines;

/// <summary>What a medicine pack's GS1 DataMatrix says (EU Falsified Medicines Directive layout).</summary>
/// <param name="Gtin">AI (01): the 14-digit GTIN, check digit verified.</param>
/// <param name="Expiry">AI (17): the expiry date; a day of 00 means the last day of that month (GS1 General Specifications 3.4.7).</param>
/// <param name="Batch">AI (10): batch or lot number.</param>
/// <param name="Serial">AI (21): the pack's serial number.</param>
public sealed record Gs1Pack(string Gtin, DateOnly? Expiry, string? Batch, string? Serial);

/// <summary>The result of reading a GS1 element string: the pack, or why it could not be read.</summary>
public sealed record Gs1ParseResult(Gs1Pack? Pack, string? Error)
{
    public bool Ok => Pack is not null;
}

/// <summary>
/// Reads a GS1 element string as a scanner sends it from a pack's DataMatrix: <c>]d2</c> symbology identifier
/// (optional), FNC1 transmitted as the group separator (GS, 0x1D) after each variable-length field, or the
/// human-readable form with application identifiers in brackets, <c>(01)05012345678900(17)270531(10)AB12(21)X1</c>.
/// Keyboard-wedge scanners that cannot type GS often send it as the text <c>&lt;GS&gt;</c>, which is read too.
/// Application identifiers read: 01, 17, 10, 21; also 11 (production date) and 710–715 (national reimbursement
/// numbers), which are checked for shape and ignored. Anything else is refused by name rather than guessed at.
/// Pure and allocation-light: no I/O, no clock.
/// </summary>
public static class Gs1
{
    public const char GroupSeparator = '\u001D';

    /// <summary>Longest input read (a DataMatrix on a pack holds well under 100 characters).</summary>
    public const int MaxLength = 200;

    private const int MaxVariable = 20;

    public static Gs1ParseResult Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return Fail("The scan is empty.");
        }

        if (input.Length > MaxLength)
        {
            return Fail($"The scan is longer than {MaxLength} characters; it is not a pack code.");
        }

        var text = input.Trim().Replace("<GS>", "\u001D", StringComparison.OrdinalIgnoreCase);
        if (text.StartsWith("]d2", StringComparison.Ordinal) || text.StartsWith("]C1", StringComparison.Ordinal) ||
            text.StartsWith("]Q3", StringComparison.Ordinal) || text.StartsWith("]e0", StringComparison.Ordinal))
        {
            text = text[3..];
        }

        var fields = text.StartsWith('(') ? SplitBracketed(text, out var error) : SplitRaw(text, out error);
        if (fields is null)
        {
            return Fail(error!);
        }

        string? gtin = null, batch = null, serial = null;
        DateOnly? expiry = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ai, value) in fields)
        {
            if (!seen.Add(ai))
            {
                return Fail($"AI ({ai}) appears twice in the scan.");
            }

            switch (ai)
            {
                case "01":
                    if (value.Length != 14 || !AllDigits(value))
                    {
                        return Fail("AI (01) GTIN must be 14 digits.");
                    }

                    if (!GtinCheckDigitValid(value))
                    {
                        return Fail($"AI (01) GTIN {value} has a wrong check digit: it was misread or is not a GTIN.");
                    }

                    gtin = value;
                    break;
                case "17":
                    if (ParseDate(value) is not { } date)
                    {
                        return Fail($"AI (17) expiry '{value}' is not a date in the form YYMMDD.");
                    }

                    expiry = date;
                    break;
                case "11":
                    if (ParseDate(value) is null)
                    {
                        return Fail($"AI (11) production date '{value}' is not a date in the form YYMMDD.");
                    }

                    break;
                case "10":
                    if (Invalid82(value, "AI (10) batch") is { } batchError)
                    {
                        return Fail(batchError);
                    }

                    batch = value;
                    break;
                case "21":
                    if (Invalid82(value, "AI (21) serial number") is { } serialError)
                    {
                        return Fail(serialError);
                    }

                    serial = value;
                    break;
                default: // 710-715: national healthcare reimbursement numbers.
                    if (Invalid82(value, $"AI ({ai})") is { } otherError)
                    {
                        return Fail(otherError);
                    }

                    break;
            }
        }

        return gtin is null
            ? Fail("The scan has no AI (01) GTIN, so the product cannot be identified.")
            : new Gs1ParseResult(new Gs1Pack(gtin, expiry, batch, serial), null);
    }

    /// <summary>True when the last digit of a GTIN-8/12/13/14 is its GS1 modulo-10 check digit.</summary>
    public static bool GtinCheckDigitValid(string gtin) =>
        gtin.Length is 8 or 12 or 13 or 14 && AllDigits(gtin) && CheckDigit(gtin.AsSpan(0, gtin.Length - 1)) == gtin[^1] - '0';

    /// <summary>The GS1 modulo-10 check digit of the digits given (weights 3,1,3,… from the right).</summary>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>A GTIN-8/12/13 written as the 14-digit form the GS1 DataMatrix carries; null when not a valid GTIN.</summary>
    public static string? NormaliseGtin(string? text)
    {
        var digits = text?.Trim();
        return digits is not null && GtinCheckDigitValid(digits) ? digits.PadLeft(14, '0') : null;
    }

    /// <summary>Writes an element string as a scanner would send it (FNC1 as GS after variable-length fields).</summary>
    public static string Compose(string gtin, DateOnly? expiry, string? batch, string? serial)
    {
        var sb = new StringBuilder("01").Append(gtin);
        if (expiry is { } e)
        {
            sb.Append("17").Append(e.ToString("yyMMdd", CultureInfo.InvariantCulture));
        }

        if (batch is not null)
        {
            sb.Append("10").Append(batch);
        }

        if (serial is not null)
        {
            if (batch is not null)
            {
                sb.Append(GroupSeparator);
            }

            sb.Append("21").Append(serial);
        }

        return sb.ToString();
    }

    private static Gs1ParseResult Fail(string error) => new(null, error);

    /// <summary>Fixed length of the data after each AI read here; null for variable length (at most 20).</summary>
    private static int? FixedLength(string ai) => ai switch
    {
        "01" => 14,
        "11" or "17" => 6,
        _ => null,
    };

    private static bool Known(string ai) => ai is "01" or "10" or "11" or "17" or "21" or "710" or "711" or "712" or "713" or "714" or "715";

    private static List<(string Ai, string Value)>? SplitRaw(string text, out string? error)
    {
        error = null;
        var fields = new List<(string, string)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == GroupSeparator)
            {
                i++; // a leading FNC1, or a separator after a fixed-length field: harmless.
                continue;
            }

            var ai = ReadAi(text, i);
            if (ai is null)
            {
                error = $"Unknown or unsupported application identifier at position {i + 1} ('{Snippet(text, i)}').";
                return null;
            }

            i += ai.Length;
            string value;
            if (FixedLength(ai) is { } length)
            {
                if (i + length > text.Length)
                {
                    error = $"AI ({ai}) needs {length} characters but the scan ends early.";
                    return null;
                }

                value = text.Substring(i, length);
                i += length;
            }
            else
            {
                var end = text.IndexOf(GroupSeparator, i);
                if (end < 0)
                {
                    end = text.Length;
                }

                value = text[i..end];
                i = end;
            }

            fields.Add((ai, value));
        }

        if (fields.Count == 0)
        {
            error = "The scan holds no GS1 data.";
            return null;
        }

        return fields;
    }

    private static List<(string Ai, string Value)>? SplitBracketed(string text, out string? error)
    {
        error = null;
        var fields = new List<(string, string)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '(')
            {
                error = $"Expected '(' at position {i + 1} of the bracketed code.";
                return null;
            }

            var close = text.IndexOf(')', i);
            if (close < 0)
            {
                error = "A '(' has no matching ')'.";
                return null;
            }

            var ai = text[(i + 1)..close];
            if (!Known(ai))
            {
                error = $"Unknown or unsupported application identifier ({ai}).";
                return null;
            }

            var next = text.IndexOf('(', close + 1);
            var value = (next < 0 ? text[(close + 1)..] : text[(close + 1)..next]).Trim(GroupSeparator);
            if (FixedLength(ai) is { } length && value.Length != length)
            {
                error = $"AI ({ai}) needs exactly {length} characters, not {value.Length}.";
                return null;
            }

            fields.Add((ai, value));
            i = next < 0 ? text.Length : next;
        }

        return fields;
    }

    private static string? ReadAi(string text, int i)
    {
        if (i + 2 <= text.Length && Known(text.Substring(i, 2)))
        {
            return text.Substring(i, 2);
        }

        return i + 3 <= text.Length && Known(text.Substring(i, 3)) ? text.Substring(i, 3) : null;
    }

    private static string? Invalid82(string value, string what)
    {
        if (value.Length == 0)
        {
            return $"{what} is empty.";
        }

        if (value.Length > MaxVariable)
        {
            return $"{what} is longer than {MaxVariable} characters.";
        }

        foreach (var c in value)
        {
            // GS1 character set 82: the printable ASCII letters, digits and !"%&'()*+,-./:;<=>?_
            var ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') ||
                     "!\"%&'()*+,-./:;<=>?_".Contains(c, StringComparison.Ordinal);
            if (!ok)
            {
                return $"{what} holds a character GS1 does not allow ('{Printable(c)}').";
            }
        }

        return null;
    }

    private static DateOnly? ParseDate(string value)
    {
        if (value.Length != 6 || !AllDigits(value))
        {
            return null;
        }

        var yy = int.Parse(value.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var mm = int.Parse(value.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var dd = int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);
        // GS1 General Specifications 7.12: the century is chosen so the date falls within -49/+50 years of now;
        // for medicine expiry and production dates 2000-2099 is the same answer for the next 70 years.
        var year = 2000 + yy;
        if (mm is < 1 or > 12)
        {
            return null;
        }

        var last = DateTime.DaysInMonth(year, mm);
        if (dd == 0)
        {
            return new DateOnly(year, mm, last);
        }

        return dd > last ? null : new DateOnly(year, mm, dd);
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static string Snippet(string text, int i) => Printable(text.Substring(i, Math.Min(6, text.Length - i)));

    private static string Printable(string s) => string.Concat(s.Select(Printable));

    private static string Printable(char c) => c < ' ' || c == '\u007f' ? $"\\x{(int)c:X2}" : c.ToString();
}
