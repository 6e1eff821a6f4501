namespace Infirmary.Laboratory.Domain;

/// <summary>How a message reached us.</summary>
public static class Hl7Channel
{
    public const string Mllp = "mllp";
    public const string Http = "http";
}

/// <summary>
/// Where an inbound message is in its life: <see cref="Stored"/> (not a result message), <see cref="Processed"/>
/// (results filed or sent to the unmatched worklist) or <see cref="Error"/> (stored but its results could not be filed).
/// </summary>
public static class InboundStatus
{
    public const string Stored = "stored";
    public const string Processed = "processed";
    public const string Error = "error";
}

/// <summary>
/// An HL7 v2 message as received from an analyser or another system, kept verbatim before it is acknowledged.
/// (sending application, sending facility, control id) is unique in the database: a resent message is acknowledged
/// but never stored twice. Sender and control id are stored as read from MSH-3/4/10 (empty, never null, so the
/// unique index also covers messages without a sending facility).
/// </summary>
public sealed class InboundMessage
{
    public const int MaxSenderLength = 227;
    public const int MaxControlIdLength = 199;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTime ReceivedAt { get; init; }

    public required string Channel { get; init; }

    public string? RemoteAddress { get; init; }

    public required string SendingApplication { get; init; }

    public required string SendingFacility { get; init; }

    public required string MessageType { get; init; }

    public required string ControlId { get; init; }

    public required string RawText { get; init; }

    public string Status { get; set; } = InboundStatus.Stored;

    public string? Error { get; set; }
}

/// <summary>Input on the interface that could not be read as a message: what was wrong, a bounded excerpt, who sent it.</summary>
public sealed class InterfaceError
{
    public const int MaxExcerptLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTime OccurredAt { get; init; }

    public required string Channel { get; init; }

    public string? RemoteAddress { get; init; }

    public required string Error { get; init; }

    public string? Excerpt { get; init; }
}
