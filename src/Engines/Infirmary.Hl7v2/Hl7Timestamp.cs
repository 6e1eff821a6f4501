using System.Globalization;

namespace Infirmary.Hl7v2;

/// <summary>How much of an HL7 DTM/TS value was given.</summary>
public enum Hl7TimestampPrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    FractionOfSecond,
}

/// <summary>
/// An HL7 v2 date/time (DTM, or TS component 1): <c>YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]</c>.
/// Without an offset the value is the sender's local time; turning it into an instant is the caller's decision
/// (for NHS senders, Europe/London).
/// </summary>
public readonly record struct Hl7Timestamp(DateTime Value, TimeSpan? Offset, Hl7TimestampPrecision Precision)
{
    /// <summary>The instant, when the value carried an offset.</summary>
    public DateTimeOffset? ToDateTimeOffset() => Offset is { } o ? new DateTimeOffset(Value, o) : null;

    /// <summary>Reads a DTM value; false for anything that is not one (including impossible dates).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Hl7Timestamp timestamp)
    {
        timestamp = default;
        text = text.Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits is not (4 or 6 or 8 or 10 or 12 or 14))
        {
            return false;
        }

        var year = Number(text, 0, 4);
        var month = digits >= 6 ? Number(text, 4, 2) : 1;
        var day = digits >= 8 ? Number(text, 6, 2) : 1;
        var hour = digits >= 10 ? Number(text, 8, 2) : 0;
        var minute = digits >= 12 ? Number(text, 10, 2) : 0;
        var second = digits >= 14 ? Number(text, 12, 2) : 0;
        var precision = digits switch
        {
            4 => Hl7TimestampPrecision.Year,
            6 => Hl7TimestampPrecision.Month,
            8 => Hl7TimestampPrecision.Day,
            10 => Hl7TimestampPrecision.Hour,
            12 => Hl7TimestampPrecision.Minute,
            _ => Hl7TimestampPrecision.Second,
        };

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = 0;
        var rest = text[digits..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            if (digits != 14)
            {
                return false;
            }

            var fraction = 1;
            while (fraction < rest.Length && char.IsAsciiDigit(rest[fraction]))
            {
                fraction++;
            }

            if (fraction is 1 or > 5)
            {
                return false;
            }

            var scale = TimeSpan.TicksPerSecond;
            for (var i = 1; i < fraction; i++)
            {
                scale /= 10;
                ticks += (rest[i] - '0') * scale;
            }

            precision = Hl7TimestampPrecision.FractionOfSecond;
            rest = rest[fraction..];
        }

        TimeSpan? offset = null;
        if (rest.Length > 0)
        {
            if (rest.Length != 5 || rest[0] is not ('+' or '-') || !IsDigits(rest[1..]))
            {
                return false;
            }

            var oh = Number(rest, 1, 2);
            var om = Number(rest, 3, 2);
            if (oh > 14 || om > 59)
            {
                return false;
            }

            var span = new TimeSpan(oh, om, 0);
            offset = rest[0] == '-' ? -span : span;
        }

        timestamp = new Hl7Timestamp(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), offset, precision);
        return true;
    }

    /// <summary>Writes an instant as <c>yyyyMMddHHmmss+zzzz</c>, the form used in MSH-7 of generated messages.</summary>
    public static string Format(DateTimeOffset value)
    {
        Span<char> buffer = stackalloc char[19];
        Format(value, buffer);
        return new string(buffer);
    }

    internal static void Format(DateTimeOffset value, Span<char> destination)
    {
        value.DateTime.TryFormat(destination, out _, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var offset = value.Offset;
        destination[14] = offset < TimeSpan.Zero ? '-' : '+';
        var minutes = (int)Math.Abs(offset.TotalMinutes);
        (minutes / 60).TryFormat(destination[15..], out _, "00", CultureInfo.InvariantCulture);
        (minutes % 60).TryFormat(destination[17..], out _, "00", CultureInfo.InvariantCulture);
    }

    private static int Number(ReadOnlySpan<char> text, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            value = value * 10 + (text[i] - '0');
        }

        return value;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
