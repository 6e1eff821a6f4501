using Infirmary.Hl7v2.Internal;

namespace Infirmary.Hl7v2;

/// <summary>
/// One segment of a message. Fields are numbered as in HL7: <c>Field(1)</c> is the first field after the name,
/// and in MSH, <c>Field(1)</c> is the field separator and <c>Field(2)</c> the encoding characters.
/// A default (absent) segment has no fields; reading it gives empty elements.
/// </summary>
public readonly struct Hl7Segment
{
    private readonly Hl7Message? _message;
    private readonly int _index;

    internal Hl7Segment(Hl7Message message, int index)
    {
        _message = message;
        _index = index;
    }

    /// <summary>False for a segment that a lookup did not find.</summary>
    public bool Exists => _message is not null;

    /// <summary>The segment name ("PID"); empty for an absent segment.</summary>
    public string Id => _message is null ? string.Empty : SegmentIds.Name(Info.IdCode);

    /// <summary>0-based index of the segment in the message.</summary>
    public int Index => _message is null ? -1 : _index;

    /// <summary>1-based ordinal of the segment in the message (as in error locations).</summary>
    public int Ordinal => _message is null ? 0 : _index + 1;

    /// <summary>The message the segment belongs to.</summary>
    public Hl7Message? Message => _message;

    private bool IsHeader => Info.IdCode == SegmentIds.Msh && _index == 0;

    private ref readonly SegmentInfo Info => ref _message!.SegmentAt(_index);

    /// <summary>True when the segment has this name (no allocation).</summary>
    public bool Is(string id) => _message is not null && Info.IdCode == SegmentIds.Code(id);

    /// <summary>The highest field number present, counting trailing empty fields.</summary>
    public int FieldCount => _message is null ? 0 : IsHeader ? Info.PieceCount : Info.PieceCount - 1;

    /// <summary>The raw text of the segment, without its separator.</summary>
    public ReadOnlySpan<char> Raw => _message is null ? default : _message.Text.Span[Info.Start..Info.End];

    /// <summary>Field by HL7 number (1-based).</summary>
    public Hl7Element this[int field] => Field(field);

    /// <summary>Field by HL7 number (1-based). A field beyond the last present one is empty.</summary>
    public Hl7Element Field(int field)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        if (_message is null)
        {
            return default;
        }

        ref readonly var info = ref Info;
        var header = IsHeader;
        int piece;
        if (header)
        {
            if (field == 1)
            {
                return new Hl7Element(_message, info.Start + 3, 1, Hl7Level.Literal, _index);
            }

            piece = field - 1;
        }
        else
        {
            piece = field;
        }

        if (piece >= info.PieceCount)
        {
            return new Hl7Element(_message, info.End, 0, Hl7Level.Field, _index);
        }

        var start = _message.FieldStart(info.FieldOffset + piece);
        var end = piece + 1 < info.PieceCount ? _message.FieldStart(info.FieldOffset + piece + 1) - 1 : info.End;
        return new Hl7Element(_message, start, end - start, header && field == 2 ? Hl7Level.Literal : Hl7Level.Field, _index);
    }

    /// <summary>Decoded value at field/component/subcomponent (first repetition); empty when absent.</summary>
    public string GetValue(int field, int component = 1, int subcomponent = 1) =>
        Field(field).Component(component).Subcomponent(subcomponent).Value;

    public override string ToString() => new(Raw);
}
