using System.Text;
using Infirmary.Hl7v2.Internal;

namespace Infirmary.Hl7v2;

/// <summary>
/// HL7 v2 escape sequences. Decoding turns <c>\F\ \S\ \T\ \R\ \E\</c> (and <c>\P\</c> when a truncation character is
/// declared) into the delimiter characters and <c>\Xhh..\</c> into the characters those bytes encode; every other
/// sequence (<c>\.br\</c>, <c>\H\</c>, <c>\N\</c>, <c>\Cxxyy\</c>, <c>\Zxx\</c>, ...) is passed through unchanged, and so
/// is an escape character with no closing one. Decoding never fails.
/// Encoding escapes delimiters, and writes control characters (CR, LF...) as <c>\Xhh\</c>, so that
/// <c>Decode(Encode(s)) == s</c> for every string.
/// </summary>
public static class Hl7Escaping
{
    /// <summary>Decodes one leaf value (a field, component or subcomponent without separators in it).</summary>
    public static string Decode(ReadOnlySpan<char> raw, Hl7Delimiters delimiters, Encoding? charset = null)
    {
        if (raw.IsEmpty)
        {
            return string.Empty;
        }

        var first = raw.IndexOf(delimiters.Escape);
        if (first < 0)
        {
            return new string(raw);
        }

        var buffer = new CharBuffer(raw.Length);
        try
        {
            DecodeInto(ref buffer, raw, first, delimiters, charset ?? Hl7Charset.Utf8);
            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>True when the decoded form of <paramref name="raw"/> equals <paramref name="value"/> (ordinal), without allocating when there are no escapes.</summary>
    public static bool DecodedEquals(ReadOnlySpan<char> raw, Hl7Delimiters delimiters, ReadOnlySpan<char> value)
    {
        if (raw.IndexOf(delimiters.Escape) < 0)
        {
            return raw.SequenceEqual(value);
        }

        return Decode(raw, delimiters).AsSpan().SequenceEqual(value);
    }

    private static void DecodeInto(ref CharBuffer output, scoped ReadOnlySpan<char> raw, int first, Hl7Delimiters d, Encoding charset)
    {
        var escape = d.Escape;
        var i = 0;
        var next = first;
        while (next >= 0)
        {
            output.Append(raw[i..next]);
            var close = raw[(next + 1)..].IndexOf(escape);
            if (close < 0)
            {
                // An escape character with no closing one is data, not a sequence.
                i = next;
                break;
            }

            close += next + 1;
            var body = raw[(next + 1)..close];
            if (!TryAppendSequence(ref output, body, d, charset))
            {
                output.Append(raw[next..(close + 1)]);
            }

            i = close + 1;
            var rel = raw[i..].IndexOf(escape);
            next = rel < 0 ? -1 : i + rel;
        }

        output.Append(raw[i..]);
    }

    private static bool TryAppendSequence(ref CharBuffer output, scoped ReadOnlySpan<char> body, Hl7Delimiters d, Encoding charset)
    {
        if (body.Length == 1)
        {
            char? c = body[0] switch
            {
                'F' => d.Field,
                'S' => d.Component,
                'T' => d.Subcomponent,
                'R' => d.Repetition,
                'E' => d.Escape,
                'P' => d.Truncation,
                _ => null,
            };
            if (c is { } value)
            {
                output.Append(value);
                return true;
            }

            return false;
        }

        if (body.Length >= 3 && body[0] == 'X' && (body.Length - 1) % 2 == 0)
        {
            return TryAppendHex(ref output, body[1..], charset);
        }

        return false;
    }

    private static bool TryAppendHex(ref CharBuffer output, scoped ReadOnlySpan<char> hex, Encoding charset)
    {
        var count = hex.Length / 2;
        var ascii = true;
        for (var i = 0; i < hex.Length; i += 2)
        {
            var hi = HexValue(hex[i]);
            var lo = HexValue(hex[i + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            ascii &= hi < 8;
        }

        if (ascii)
        {
            var chars = output.AppendSpan(count);
            for (var i = 0; i < count; i++)
            {
                chars[i] = (char)(HexValue(hex[2 * i]) << 4 | HexValue(hex[2 * i + 1]));
            }

            return true;
        }

        Span<byte> bytes = count <= 256 ? stackalloc byte[count] : new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = (byte)(HexValue(hex[2 * i]) << 4 | HexValue(hex[2 * i + 1]));
        }

        // The replacement fallback of the charset keeps this total: bytes that do not decode become U+FFFD.
        var decoded = output.AppendSpan(charset.GetMaxCharCount(count));
        var written = charset.GetChars(bytes, decoded);
        output.Truncate(output.Length - decoded.Length + written);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    /// <summary>Escapes a value so that it can be written as one leaf (field, component or subcomponent).</summary>
    public static string Encode(ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        if (!NeedsEscaping(value, delimiters))
        {
            return new string(value);
        }

        var buffer = new CharBuffer(value.Length + 16);
        try
        {
            EncodeInto(ref buffer, value, delimiters);
            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    internal static bool NeedsEscaping(ReadOnlySpan<char> value, Hl7Delimiters d)
    {
        foreach (var c in value)
        {
            if (c < ' ' && c != '\t' || d.IsDelimiter(c))
            {
                return true;
            }
        }

        return false;
    }

    internal static void EncodeInto(ref CharBuffer output, scoped ReadOnlySpan<char> value, Hl7Delimiters d)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            char code;
            if (c == d.Field)
            {
                code = 'F';
            }
            else if (c == d.Component)
            {
                code = 'S';
            }
            else if (c == d.Subcomponent)
            {
                code = 'T';
            }
            else if (c == d.Repetition)
            {
                code = 'R';
            }
            else if (c == d.Escape)
            {
                code = 'E';
            }
            else if (c == d.Truncation)
            {
                code = 'P';
            }
            else if (c < ' ' && c != '\t')
            {
                code = 'X';
            }
            else
            {
                continue;
            }

            output.Append(value[start..i]);
            output.Append(d.Escape);
            output.Append(code);
            if (code == 'X')
            {
                output.Append("0123456789ABCDEF"[c >> 4]);
                output.Append("0123456789ABCDEF"[c & 0xF]);
            }

            output.Append(d.Escape);
            start = i + 1;
        }

        output.Append(value[start..]);
    }
}
