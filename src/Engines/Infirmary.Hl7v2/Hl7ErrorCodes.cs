namespace Infirmary.Hl7v2;

/// <summary>HL7 table 0357 (message error condition codes), as carried in ERR-3 (v2.5+) or ERR-1.4 (v2.3.1/2.4).</summary>
public static class Hl7ErrorCodes
{
    public const int MessageAccepted = 0;
    public const int SegmentSequenceError = 100;
    public const int RequiredFieldMissing = 101;
    public const int DataTypeError = 102;
    public const int TableValueNotFound = 103;

    /// <summary>Added in v2.7; for earlier versions the engine reports <see cref="DataTypeError"/> instead.</summary>
    public const int ValueTooLong = 104;

    public const int UnsupportedMessageType = 200;
    public const int UnsupportedEventCode = 201;
    public const int UnsupportedProcessingId = 202;
    public const int UnsupportedVersionId = 203;
    public const int UnknownKeyIdentifier = 204;
    public const int DuplicateKeyIdentifier = 205;
    public const int ApplicationRecordLocked = 206;
    public const int ApplicationInternalError = 207;

    /// <summary>The table's text for a code, or null for a code it does not list.</summary>
    public static string? Describe(int code) => code switch
    {
        MessageAccepted => "Message accepted",
        SegmentSequenceError => "Segment sequence error",
        RequiredFieldMissing => "Required field missing",
        DataTypeError => "Data type error",
        TableValueNotFound => "Table value not found",
        ValueTooLong => "Value too long",
        UnsupportedMessageType => "Unsupported message type",
        UnsupportedEventCode => "Unsupported event code",
        UnsupportedProcessingId => "Unsupported processing id",
        UnsupportedVersionId => "Unsupported version id",
        UnknownKeyIdentifier => "Unknown key identifier",
        DuplicateKeyIdentifier => "Duplicate key identifier",
        ApplicationRecordLocked => "Application record locked",
        ApplicationInternalError => "Application internal error",
        _ => null,
    };
}
