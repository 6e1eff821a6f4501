using System.Text;
using Infirmary.Hl7v2.Internal;

namespace Infirmary.Hl7v2;

/// <summary>
/// A parsed HL7 v2 message. It keeps the text it was parsed from and the positions of segments and fields;
/// components, repetitions and escapes are resolved only when asked for. Reading a position that is not there
/// gives an empty element, never an exception. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class Hl7Message
{
    private readonly SegmentInfo[] _segments;
    private readonly int _segmentCount;
    private readonly int[] _fields;
    private Hl7MessageHeader? _header;

    internal Hl7Message(ReadOnlyMemory<char> text, Hl7Delimiters delimiters, Encoding charset, SegmentInfo[] segments,
        int segmentCount, int[] fields)
    {
        Text = text;
        Delimiters = delimiters;
        Charset = charset;
        _segments = segments;
        _segmentCount = segmentCount;
        _fields = fields;
    }

    /// <summary>Parses text; the message keeps a reference to it (no copy).</summary>
    public static Hl7ParseResult Parse(string text, Hl7ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Hl7Parser.Parse(text.AsMemory(), options ?? Hl7ParseOptions.Default, Hl7Charset.Utf8);
    }

    /// <summary>Parses text; the message keeps a reference to the memory (no copy), so it must not change afterwards.</summary>
    public static Hl7ParseResult Parse(ReadOnlyMemory<char> text, Hl7ParseOptions? options = null) =>
        Hl7Parser.Parse(text, options ?? Hl7ParseOptions.Default, Hl7Charset.Utf8);

    /// <summary>
    /// Parses bytes as received (for example an MLLP frame's payload): the character set is taken from MSH-18
    /// (UTF-8 when empty, see <see cref="Hl7ParseOptions.DefaultEncoding"/>), invalid bytes are an error, and
    /// error offsets are byte offsets.
    /// </summary>
    public static Hl7ParseResult Parse(ReadOnlySpan<byte> bytes, Hl7ParseOptions? options = null) =>
        Hl7Parser.Parse(bytes, options ?? Hl7ParseOptions.Default);

    /// <summary>Parses text, returning false with an error instead of a message.</summary>
    public static bool TryParse(string text, out Hl7Message? message, out Hl7ParseError? error, Hl7ParseOptions? options = null)
    {
        var result = Parse(text, options);
        message = result.Message;
        error = result.Error;
        return result.IsSuccess;
    }

    /// <summary>The text the message was parsed from.</summary>
    public ReadOnlyMemory<char> Text { get; }

    public Hl7Delimiters Delimiters { get; }

    /// <summary>The character set of the bytes the message came from (UTF-8 for text input); used to decode \X escapes.</summary>
    public Encoding Charset { get; }

    /// <summary>All segments in order (0-based, as a collection).</summary>
    public Hl7SegmentList Segments => new(this);

    /// <summary>Number of segments.</summary>
    public int SegmentCount => _segmentCount;

    /// <summary>The <paramref name="occurrence"/>-th (1-based) segment named <paramref name="id"/>, or an absent segment.</summary>
    public Hl7Segment this[string id, int occurrence = 1]
    {
        get
        {
            TryGetSegment(id, occurrence, out var segment);
            return segment;
        }
    }

    /// <summary>Finds the <paramref name="occurrence"/>-th (1-based) segment named <paramref name="id"/>.</summary>
    public bool TryGetSegment(string id, int occurrence, out Hl7Segment segment)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        var code = SegmentIds.Code(id);
        for (var i = 0; i < _segmentCount; i++)
        {
            if (_segments[i].IdCode == code && --occurrence == 0)
            {
                segment = new Hl7Segment(this, i);
                return true;
            }
        }

        segment = default;
        return false;
    }

    /// <summary>The segments named <paramref name="id"/>, in order.</summary>
    public Hl7SegmentList.Filtered SegmentsNamed(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new Hl7SegmentList.Filtered(this, SegmentIds.Code(id));
    }

    /// <summary>Number of segments named <paramref name="id"/>.</summary>
    public int CountSegments(string id)
    {
        var code = SegmentIds.Code(id);
        var n = 0;
        for (var i = 0; i < _segmentCount; i++)
        {
            if (_segments[i].IdCode == code)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The MSH segment.</summary>
    public Hl7Segment Msh => new(this, 0);

    /// <summary>MSH read into typed values (computed once).</summary>
    public Hl7MessageHeader Header => _header ??= Hl7MessageHeader.From(this);

    /// <summary>MSH-9: message code, trigger event and structure.</summary>
    public Hl7MessageType MessageType => Header.MessageType;

    /// <summary>MSH-10.</summary>
    public string ControlId => Header.ControlId;

    /// <summary>MSH-11.1 (P, T, D).</summary>
    public string ProcessingId => Header.ProcessingId;

    /// <summary>MSH-12.1.</summary>
    public string Version => Header.Version;

    /// <summary>
    /// Reads a value by a terser-like path: <c>SEG[(occurrence)]-field[(repetition)][-component[-subcomponent]]</c>,
    /// all 1-based, e.g. <c>"OBX(2)-5"</c>, <c>"PID-3(2)-1"</c>, <c>"PID-5-2"</c>. Returns the decoded value, or an
    /// empty string when the position is absent; a malformed path throws <see cref="FormatException"/>.
    /// </summary>
    public string Get(string path) => GetElement(path).Value;

    /// <summary>The element a terser-like path (see <see cref="Get"/>) points to.</summary>
    public Hl7Element GetElement(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = Hl7Path.Parse(path);
        var segment = this[p.SegmentId, p.SegmentOccurrence];
        var element = segment.Field(p.Field);
        if (p.Repetition > 0)
        {
            element = element.Repetition(p.Repetition);
        }

        if (p.Component > 0)
        {
            element = element.Component(p.Component);
        }

        if (p.Subcomponent > 0)
        {
            element = element.Subcomponent(p.Subcomponent);
        }

        return element;
    }

    /// <summary>The text of the message as parsed.</summary>
    public override string ToString() => Text.ToString();

    internal ref readonly SegmentInfo SegmentAt(int index) => ref _segments[index];

    internal int FieldStart(int tableIndex) => _fields[tableIndex];
}
