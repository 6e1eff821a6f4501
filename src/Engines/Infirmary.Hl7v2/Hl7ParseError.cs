namespace Infirmary.Hl7v2;

/// <summary>What was wrong with an input that did not parse.</summary>
public enum Hl7ParseErrorKind
{
    /// <summary>Nothing but segment separators (or nothing at all).</summary>
    Empty,

    /// <summary>The input is longer than <see cref="Hl7ParseOptions.MaxMessageLength"/>.</summary>
    MessageTooLarge,

    /// <summary>The first segment is not MSH (binary junk, a batch header, a stray segment...).</summary>
    MissingMsh,

    /// <summary>MSH-1 is missing or not a legal separator.</summary>
    InvalidFieldSeparator,

    /// <summary>MSH-2 is missing, of the wrong length, repeats a character or uses an illegal one.</summary>
    InvalidEncodingCharacters,

    /// <summary>A control character (other than TAB, CR, LF) appears in the text.</summary>
    InvalidCharacter,

    /// <summary>The bytes are not valid in the character set the message declares (UTF-8 by default).</summary>
    InvalidByteSequence,

    /// <summary>MSH-18 names a character set this engine does not decode.</summary>
    UnsupportedCharacterSet,

    /// <summary>A segment name is not three upper-case letters or digits starting with a letter, or is not followed by the field separator.</summary>
    InvalidSegmentId,

    /// <summary>A second MSH, or a batch/file header or trailer, inside a message.</summary>
    UnexpectedHeaderSegment,

    /// <summary>More segments than <see cref="Hl7ParseOptions.MaxSegments"/>.</summary>
    TooManySegments,

    /// <summary>More fields in one segment than <see cref="Hl7ParseOptions.MaxFieldsPerSegment"/>.</summary>
    TooManyFields,

    /// <summary>More repetitions in one field than <see cref="Hl7ParseOptions.MaxRepetitionsPerField"/>.</summary>
    TooManyRepetitions,

    /// <summary>A field longer than <see cref="Hl7ParseOptions.MaxFieldLength"/>.</summary>
    FieldTooLong,

    /// <summary>MSH-9, MSH-10, MSH-11 or MSH-12 is empty (see <see cref="Hl7ParseOptions.RequireHeaderFields"/>).</summary>
    MissingRequiredField,
}

/// <summary>
/// A precise reason why an input is not a message: what, and where (segment, field, offset).
/// Positions use HL7 numbering: <see cref="SegmentIndex"/> is the 1-based ordinal of the segment in the message,
/// <see cref="FieldPosition"/> the HL7 field number (MSH-1 is the field separator).
/// </summary>
public sealed class Hl7ParseError
{
    internal Hl7ParseError(Hl7ParseErrorKind kind, string message, int offset, int segmentIndex = 0, string? segmentId = null,
        int segmentOccurrence = 0, int fieldPosition = 0, int fieldRepetition = 0)
    {
        Kind = kind;
        Message = message;
        Offset = offset;
        SegmentIndex = segmentIndex;
        SegmentId = segmentId;
        SegmentOccurrence = segmentOccurrence;
        FieldPosition = fieldPosition;
        FieldRepetition = fieldRepetition;
    }

    public Hl7ParseErrorKind Kind { get; }

    /// <summary>A sentence for logs and for ERR-8: what was found and what was expected.</summary>
    public string Message { get; }

    /// <summary>Offset in the input where the problem was found: characters for text input, bytes for byte input.</summary>
    public int Offset { get; }

    /// <summary>1-based ordinal of the segment among the message's segments; 0 when the problem is not in a segment.</summary>
    public int SegmentIndex { get; }

    /// <summary>The segment's name when it could be read (it may be malformed for <see cref="Hl7ParseErrorKind.InvalidSegmentId"/>).</summary>
    public string? SegmentId { get; }

    /// <summary>1-based occurrence of this segment name in the message (ERR-2.2 "segment sequence"); 0 when unknown.</summary>
    public int SegmentOccurrence { get; }

    /// <summary>HL7 field number; 0 when the problem is not in one field.</summary>
    public int FieldPosition { get; }

    /// <summary>1-based repetition within the field; 0 when not known.</summary>
    public int FieldRepetition { get; }

    /// <summary>The message header, when MSH could be read although the message as a whole could not; lets a NAK echo the control id.</summary>
    public Hl7MessageHeader? Header { get; internal set; }

    /// <summary>The HL7 table 0357 code for this error (ERR-3).</summary>
    public int Hl7ErrorCode => Kind switch
    {
        Hl7ParseErrorKind.Empty or Hl7ParseErrorKind.MissingMsh or Hl7ParseErrorKind.InvalidSegmentId
            or Hl7ParseErrorKind.UnexpectedHeaderSegment => Hl7ErrorCodes.SegmentSequenceError,
        Hl7ParseErrorKind.MissingRequiredField => Hl7ErrorCodes.RequiredFieldMissing,
        Hl7ParseErrorKind.MessageTooLarge or Hl7ParseErrorKind.TooManySegments or Hl7ParseErrorKind.TooManyFields
            or Hl7ParseErrorKind.TooManyRepetitions or Hl7ParseErrorKind.FieldTooLong
            when Header is { } h && Hl7Version.AtLeast(h.Version, 2, 7) => Hl7ErrorCodes.ValueTooLong,
        _ => Hl7ErrorCodes.DataTypeError,
    };

    public override string ToString()
    {
        var where = SegmentIndex == 0
            ? $"offset {Offset}"
            : FieldPosition == 0
                ? $"segment {SegmentIndex} ({SegmentId ?? "?"}), offset {Offset}"
                : $"segment {SegmentIndex} ({SegmentId ?? "?"}) field {FieldPosition}, offset {Offset}";
        return $"{Kind} at {where}: {Message}";
    }
}
