namespace Infirmary.Hl7v2.Internal;

/// <summary>Where one segment lies in the message text, and where its field boundaries are in the field table.</summary>
internal readonly struct SegmentInfo(int idCode, int start, int end, int fieldOffset, int pieceCount)
{
    /// <summary>The three ASCII characters of the segment name packed into an int, for allocation-free comparison.</summary>
    public readonly int IdCode = idCode;

    public readonly int Start = start;

    /// <summary>Exclusive end (the segment separator or the end of the text).</summary>
    public readonly int End = end;

    /// <summary>Index of this segment's first entry (the name) in the field-start table.</summary>
    public readonly int FieldOffset = fieldOffset;

    /// <summary>Number of pieces the segment splits into at the field separator, the name included.</summary>
    public readonly int PieceCount = pieceCount;
}

internal static class SegmentIds
{
    private static readonly Dictionary<int, string> Known = Build(
        "MSH", "MSA", "ERR", "EVN", "PID", "PD1", "PV1", "PV2", "NK1", "NTE", "ORC", "OBR", "OBX", "SPM", "SAC", "TQ1",
        "TQ2", "CTD", "FT1", "CTI", "AL1", "DG1", "IN1", "IN2", "GT1", "MRG", "SFT", "UAC", "INV", "TCD", "SID", "PRT",
        "ROL", "BHS", "BTS", "FHS", "FTS", "QRD", "QRF", "QPD", "RCP", "QAK", "DSC", "TXA", "RXA", "RXR");

    public static int Code(ReadOnlySpan<char> id) =>
        id.Length == 3 && id[0] < 128 && id[1] < 128 && id[2] < 128 ? id[0] | id[1] << 8 | id[2] << 16 : -1;

    public static string Name(int code)
    {
        if (Known.TryGetValue(code, out var name))
        {
            return name;
        }

        return string.Create(3, code, static (span, c) =>
        {
            span[0] = (char)(c & 0xFF);
            span[1] = (char)(c >> 8 & 0xFF);
            span[2] = (char)(c >> 16 & 0xFF);
        });
    }

    public static readonly int Msh = Code("MSH");
    public static readonly int Bhs = Code("BHS");
    public static readonly int Bts = Code("BTS");
    public static readonly int Fhs = Code("FHS");
    public static readonly int Fts = Code("FTS");

    private static Dictionary<int, string> Build(params string[] names)
    {
        var map = new Dictionary<int, string>();
        foreach (var n in names)
        {
            map[Code(n)] = n;
        }

        return map;
    }
}
