using System.Text;

namespace Infirmary.Hl7v2;

/// <summary>
/// MSH-18 (HL7 table 0211) to .NET encodings. Only character sets that keep ASCII bytes as ASCII are decoded,
/// because the header has to be read before the character set is known: UTF-8 (default), ASCII, ISO 8859-1..9
/// and -15, GB 18030, BIG-5. UTF-16/32 and the ISO 2022 sets are reported as unsupported.
/// </summary>
public static class Hl7Charset
{
    /// <summary>UTF-8 without a BOM; decoding with it never throws (the parser validates bytes itself).</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The encoding for an MSH-18 value; an empty value gives <paramref name="defaultEncoding"/>; null when unsupported.</summary>
    public static Encoding? FromMsh18(ReadOnlySpan<char> value, Encoding defaultEncoding)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            return defaultEncoding;
        }

        if (value.Equals("UNICODE UTF-8", StringComparison.OrdinalIgnoreCase)
            || value.Equals("UTF-8", StringComparison.OrdinalIgnoreCase)
            || value.Equals("ASCII", StringComparison.OrdinalIgnoreCase))
        {
            // ASCII is a subset of UTF-8: decoding it as strict UTF-8 accepts every legal ASCII message and
            // rejects nothing an ASCII decoder would accept.
            return Utf8;
        }

        if (value.Equals("8859/1", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.Latin1;
        }

        var codePage = value switch
        {
            "8859/2" => 28592,
            "8859/3" => 28593,
            "8859/4" => 28594,
            "8859/5" => 28595,
            "8859/6" => 28596,
            "8859/7" => 28597,
            "8859/8" => 28598,
            "8859/9" => 28599,
            "8859/15" => 28605,
            "GB 18030-2000" => 54936,
            "BIG-5" => 950,
            _ => 0,
        };
        return codePage == 0 ? null : CodePagesEncodingProvider.Instance.GetEncoding(codePage);
    }

    /// <summary>The MSH-18 name for an encoding this engine writes (UTF-8 gives "UNICODE UTF-8"); null when it has none.</summary>
    public static string? ToMsh18(Encoding encoding) => encoding.CodePage switch
    {
        65001 => "UNICODE UTF-8",
        20127 => "ASCII",
        28591 => "8859/1",
        28592 => "8859/2",
        28593 => "8859/3",
        28594 => "8859/4",
        28595 => "8859/5",
        28596 => "8859/6",
        28597 => "8859/7",
        28598 => "8859/8",
        28599 => "8859/9",
        28605 => "8859/15",
        54936 => "GB 18030-2000",
        950 => "BIG-5",
        _ => null,
    };

    /// <summary>
    /// Reads MSH-18 (first repetition, first component) straight from the bytes of a message, before decoding it.
    /// Returns an empty span when there is no MSH, or no MSH-18.
    /// </summary>
    internal static ReadOnlySpan<byte> FindMsh18(ReadOnlySpan<byte> bytes, out int offset)
    {
        offset = 0;
        if (bytes.Length < 8 || bytes[0] != (byte)'M' || bytes[1] != (byte)'S' || bytes[2] != (byte)'H')
        {
            return default;
        }

        var lineEnd = bytes.IndexOfAny((byte)'\r', (byte)'\n');
        var line = lineEnd < 0 ? bytes : bytes[..lineEnd];
        if (line.Length < 6)
        {
            return default;
        }

        var fs = line[3];
        var component = line[4];
        var repetition = line[5];
        var rest = line[4..];

        // After MSH-1, rest starts at MSH-2; MSH-18 is the 17th field from there.
        for (var field = 2; field < 18; field++)
        {
            var next = rest.IndexOf(fs);
            if (next < 0)
            {
                return default;
            }

            rest = rest[(next + 1)..];
        }

        offset = line.Length - rest.Length;
        var end = rest.IndexOfAny(fs, repetition, component);
        return end < 0 ? rest : rest[..end];
    }
}
