namespace Infirmary.Platform.Documents;

/// <summary>
/// Code 128 symbols (code set B, which covers printable ASCII: the accession numbers, volume barcodes and hospital
/// numbers we print), as module widths: bar, space, bar, … Written here because PDFsharp's barcodes do not include
/// Code 128 and the label printers and hand scanners on wards and in laboratories expect it.
/// </summary>
public static class Code128
{
    // Patterns 0–106 as bar/space module widths (ISO/IEC 15417 table); 106 is the stop pattern (7 elements).
    private static readonly string[] Patterns =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    private const int StartB = 104;
    private const int Stop = 106;

    /// <summary>Module widths (alternating bar, space, starting with a bar) for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">Empty, or a character outside printable ASCII (32–126).</exception>
    public static IReadOnlyList<int> Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new ArgumentException("A barcode needs a value.", nameof(value));
        }

        var codes = new List<int>(value.Length + 3) { StartB };
        var checksum = StartB;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 32 || c > 126)
            {
                throw new ArgumentException($"Character {i + 1} of the barcode value cannot be printed in Code 128 set B.", nameof(value));
            }

            var code = c - 32;
            codes.Add(code);
            checksum += code * (i + 1);
        }

        codes.Add(checksum % 103);
        codes.Add(Stop);
        var widths = new List<int>(codes.Count * 6 + 1);
        foreach (var code in codes)
        {
            widths.AddRange(Patterns[code].Select(ch => ch - '0'));
        }

        return widths;
    }

    /// <summary>Decodes module widths made by <see cref="Encode"/> (used by tests and by the scanner stand-in).</summary>
    public static string Decode(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        var lookup = Patterns.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        var codes = new List<int>();
        var pos = 0;
        while (pos < widths.Count)
        {
            var take = widths.Count - pos == 7 ? 7 : 6;
            var key = string.Concat(widths.Skip(pos).Take(take));
            if (!lookup.TryGetValue(key, out var code))
            {
                throw new FormatException($"Unreadable symbol at module {pos}.");
            }

            codes.Add(code);
            pos += take;
        }

        if (codes.Count < 4 || codes[0] != StartB || codes[^1] != Stop)
        {
            throw new FormatException("Missing start or stop symbol.");
        }

        var data = codes.GetRange(1, codes.Count - 3);
        var checksum = StartB + data.Select((c, i) => c * (i + 1)).Sum();
        if (checksum % 103 != codes[^2])
        {
            throw new FormatException("Checksum does not match.");
        }

        return string.Concat(data.Select(c => (char)(c + 32)));
    }
}
