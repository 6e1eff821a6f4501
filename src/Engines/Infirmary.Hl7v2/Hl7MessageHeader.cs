namespace Infirmary.Hl7v2;

/// <summary>MSH-9: message code (ORU), trigger event (R01) and message structure (ORU_R01).</summary>
public readonly record struct Hl7MessageType(string Code, string TriggerEvent, string Structure)
{
    /// <summary>True when code and trigger match (ordinal, case-sensitive as HL7 tables are).</summary>
    public bool Is(string code, string triggerEvent) => Code == code && TriggerEvent == triggerEvent;

    public override string ToString() =>
        Structure.Length > 0 ? $"{Code}^{TriggerEvent}^{Structure}" : TriggerEvent.Length > 0 ? $"{Code}^{TriggerEvent}" : Code;
}

/// <summary>
/// The fields of MSH that routing and acknowledgement need. Sender and receiver are kept escaped (as written,
/// components included) so that an ACK can swap them without re-encoding; the rest are decoded.
/// </summary>
public sealed class Hl7MessageHeader
{
    public required Hl7Delimiters Delimiters { get; init; }

    /// <summary>MSH-3, escaped.</summary>
    public required string SendingApplication { get; init; }

    /// <summary>MSH-4, escaped.</summary>
    public required string SendingFacility { get; init; }

    /// <summary>MSH-5, escaped.</summary>
    public required string ReceivingApplication { get; init; }

    /// <summary>MSH-6, escaped.</summary>
    public required string ReceivingFacility { get; init; }

    /// <summary>MSH-7 (first component), when it reads as a date/time.</summary>
    public Hl7Timestamp? DateTimeOfMessage { get; init; }

    public required Hl7MessageType MessageType { get; init; }

    /// <summary>MSH-10, decoded.</summary>
    public required string ControlId { get; init; }

    /// <summary>MSH-11.1: P (production), T (training), D (debugging).</summary>
    public required string ProcessingId { get; init; }

    /// <summary>MSH-12.1, e.g. "2.5.1".</summary>
    public required string Version { get; init; }

    /// <summary>MSH-15: accept acknowledgement type (AL, NE, ER, SU; empty means original mode).</summary>
    public required string AcceptAcknowledgmentType { get; init; }

    /// <summary>MSH-16: application acknowledgement type.</summary>
    public required string ApplicationAcknowledgmentType { get; init; }

    /// <summary>MSH-18 (first repetition), e.g. "UNICODE UTF-8" or "8859/1"; empty when not given.</summary>
    public required string CharacterSet { get; init; }

    internal static Hl7MessageHeader From(Hl7Message message)
    {
        var msh = message.Msh;
        var type = msh.Field(9);
        return new Hl7MessageHeader
        {
            Delimiters = message.Delimiters,
            SendingApplication = msh.Field(3).ToString(),
            SendingFacility = msh.Field(4).ToString(),
            ReceivingApplication = msh.Field(5).ToString(),
            ReceivingFacility = msh.Field(6).ToString(),
            DateTimeOfMessage = msh.Field(7).Timestamp,
            MessageType = new Hl7MessageType(type.Component(1).Value, type.Component(2).Value, type.Component(3).Value),
            ControlId = msh.Field(10).Value,
            ProcessingId = msh.Field(11).Value,
            Version = msh.Field(12).Value,
            AcceptAcknowledgmentType = msh.Field(15).Value,
            ApplicationAcknowledgmentType = msh.Field(16).Value,
            CharacterSet = msh.Field(18).Value,
        };
    }

    /// <summary>
    /// Reads just the header line of text that may not parse as a whole (for a NAK). Null when even MSH cannot be read.
    /// </summary>
    public static Hl7MessageHeader? TryRead(ReadOnlySpan<char> text) => Internal.Hl7Parser.Salvage(text);
}
