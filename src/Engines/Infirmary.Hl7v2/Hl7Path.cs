using System.Globalization;

namespace Infirmary.Hl7v2;

/// <summary>A parsed terser-like location: <c>SEG[(occurrence)]-field[(repetition)][-component[-subcomponent]]</c>.</summary>
internal readonly record struct Hl7Path(string SegmentId, int SegmentOccurrence, int Field, int Repetition, int Component, int Subcomponent)
{
    public static Hl7Path Parse(string path)
    {
        var parts = path.Split('-');
        if (parts.Length is < 2 or > 4)
        {
            throw new FormatException($"'{path}' is not a path like PID-5-1 or OBX(2)-5");
        }

        var (segment, occurrence) = Indexed(parts[0], path);
        if (segment.Length != 3)
        {
            throw new FormatException($"'{path}' does not start with a three-character segment name");
        }

        var (fieldText, repetition) = Indexed(parts[1], path);
        var field = Number(fieldText, path);
        var component = parts.Length > 2 ? Number(parts[2], path) : 0;
        var subcomponent = parts.Length > 3 ? Number(parts[3], path) : 0;
        return new Hl7Path(segment, occurrence == 0 ? 1 : occurrence, field, repetition, component, subcomponent);
    }

    private static (string Name, int Index) Indexed(string part, string path)
    {
        var open = part.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (part, 0);
        }

        if (!part.EndsWith(')'))
        {
            throw new FormatException($"'{path}' has an unclosed '('");
        }

        return (part[..open], Number(part[(open + 1)..^1], path));
    }

    private static int Number(string text, string path) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new FormatException($"'{path}' has '{text}' where a position (1 or more) belongs");
}
