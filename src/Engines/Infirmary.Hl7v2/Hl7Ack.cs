using Infirmary.Hl7v2.Internal;

namespace Infirmary.Hl7v2;

/// <summary>MSA-1 acknowledgement codes (HL7 table 0008).</summary>
public enum Hl7AckCode
{
    /// <summary>Application accept.</summary>
    AA,

    /// <summary>Application error: the content is wrong (the sender should not resend unchanged).</summary>
    AE,

    /// <summary>Application reject: refused for reasons unrelated to content (type, version, processing id, unreadable header).</summary>
    AR,

    /// <summary>Commit accept (enhanced mode).</summary>
    CA,

    /// <summary>Commit error (enhanced mode).</summary>
    CE,

    /// <summary>Commit reject (enhanced mode).</summary>
    CR,
}

/// <summary>ERR-4 severity (HL7 table 0516).</summary>
public enum Hl7ErrorSeverity
{
    Error,
    Warning,
    Information,
}

/// <summary>One error to report in an ERR segment: a table 0357 code and where it was found.</summary>
public sealed record Hl7AckError(int Code)
{
    /// <summary>Segment name (ERR-2.1); null when the error is not in one segment.</summary>
    public string? SegmentId { get; init; }

    /// <summary>1-based occurrence of that segment name (ERR-2.2).</summary>
    public int SegmentSequence { get; init; }

    /// <summary>HL7 field number (ERR-2.3).</summary>
    public int FieldPosition { get; init; }

    /// <summary>1-based field repetition (ERR-2.4).</summary>
    public int FieldRepetition { get; init; }

    /// <summary>Component number (ERR-2.5).</summary>
    public int ComponentNumber { get; init; }

    /// <summary>Subcomponent number (ERR-2.6).</summary>
    public int SubcomponentNumber { get; init; }

    public Hl7ErrorSeverity Severity { get; init; } = Hl7ErrorSeverity.Error;

    /// <summary>Text for support staff (ERR-7); also MSA-3 in pre-2.5 ACKs.</summary>
    public string? Diagnostic { get; init; }

    /// <summary>Text for the sending system's user (ERR-8).</summary>
    public string? UserMessage { get; init; }

    /// <summary>An ERR entry for a parse error, with its code and location.</summary>
    public static Hl7AckError From(Hl7ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var missingHeader = error.Kind is Hl7ParseErrorKind.MissingMsh or Hl7ParseErrorKind.Empty;
        return new Hl7AckError(error.Hl7ErrorCode)
        {
            // Where MSH was expected and something else was found, the error is located at MSH, segment 1.
            SegmentId = missingHeader ? "MSH" : error.SegmentIndex > 0 ? error.SegmentId : null,
            SegmentSequence = error.SegmentOccurrence,
            FieldPosition = error.FieldPosition,
            FieldRepetition = error.FieldRepetition,
            Diagnostic = error.Message,
        };
    }
}

/// <summary>Who a NAK comes from when the input was too broken to say who it was for.</summary>
public sealed record Hl7NakOptions
{
    /// <summary>MSH-3 of the NAK when the input's MSH-5 cannot be read (this system's application name).</summary>
    public string SendingApplication { get; init; } = "INFIRMARY";

    /// <summary>MSH-4 of the NAK when the input's MSH-6 cannot be read.</summary>
    public string SendingFacility { get; init; } = string.Empty;

    /// <summary>MSH-12 when the input's version cannot be read.</summary>
    public string Version { get; init; } = "2.5.1";

    /// <summary>MSH-11 when the input's processing id cannot be read.</summary>
    public string ProcessingId { get; init; } = "P";

    /// <summary>MSA-1; when null, AE if the input's header could be read (its content is at fault), else AR.</summary>
    public Hl7AckCode? Code { get; init; }
}

/// <summary>
/// Acknowledgements. The ACK uses the original's delimiters, swaps sender and receiver, carries
/// <c>ACK^trigger^ACK</c> (<c>ACK^trigger</c> before v2.3.1), the caller's new control id and timestamp (the engine
/// never reads a clock), MSA-1/MSA-2, and for AE/AR one ERR segment per error (ERR-2/3/4/7/8 from v2.5, ERR-1 before).
/// </summary>
public static class Hl7Ack
{
    /// <summary>
    /// An acknowledgement of a parsed message. It repeats the original's MSH-18, so encode it with
    /// <see cref="Hl7Message.Charset"/> (for example <c>MllpFraming.Frame(ack, original.Charset)</c>).
    /// </summary>
    public static string Create(Hl7Message original, Hl7AckCode code, string controlId, DateTimeOffset timestamp,
        IReadOnlyList<Hl7AckError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(controlId);
        var msh = original.Msh;
        var parts = new HeaderParts(
            original.Delimiters,
            msh.Field(5).Raw,
            msh.Field(6).Raw,
            msh.Field(3).Raw,
            msh.Field(4).Raw,
            msh.Field(9).Component(2).Raw,
            msh.Field(10).Repetition(1).Component(1).Raw,
            msh.Field(11).Raw,
            msh.Field(12).Component(1).Raw,
            msh.Field(18).Repetition(1).Raw);
        return Write(parts, code, controlId, timestamp, errors);
    }

    /// <summary>
    /// A negative acknowledgement for input that did not parse. When the parse error carries the input's header,
    /// the NAK answers it (swapped sender/receiver, MSA-2 = its control id); otherwise MSA-2 is empty and the
    /// sender is taken from <paramref name="options"/>. A NAK declares no MSH-18 (the input's character set may be
    /// the problem): send it as UTF-8.
    /// </summary>
    public static string CreateNak(Hl7ParseError error, string controlId, DateTimeOffset timestamp, Hl7NakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(controlId);
        options ??= new Hl7NakOptions();
        var header = error.Header;
        var code = options.Code ?? (header is null ? Hl7AckCode.AR : Hl7AckCode.AE);
        var errors = new[] { Hl7AckError.From(error) };
        if (header is null)
        {
            var d = Hl7Delimiters.Default;
            var parts = new HeaderParts(d, Hl7Escaping.Encode(options.SendingApplication, d),
                Hl7Escaping.Encode(options.SendingFacility, d), default, default, default, default,
                Hl7Escaping.Encode(options.ProcessingId, d), Hl7Escaping.Encode(options.Version, d), default);
            return Write(parts, code, controlId, timestamp, errors);
        }

        var hd = header.Delimiters;
        var version = header.Version.Length > 0 ? header.Version : options.Version;
        var processing = header.ProcessingId.Length > 0 ? header.ProcessingId : options.ProcessingId;
        var known = new HeaderParts(hd, header.ReceivingApplication, header.ReceivingFacility, header.SendingApplication,
            header.SendingFacility, Hl7Escaping.Encode(header.MessageType.TriggerEvent, hd), Hl7Escaping.Encode(header.ControlId, hd),
            Hl7Escaping.Encode(processing, hd), Hl7Escaping.Encode(version, hd), default);
        return Write(known, code, controlId, timestamp, errors);
    }

    private readonly ref struct HeaderParts(
        Hl7Delimiters delimiters,
        ReadOnlySpan<char> sendingApplication,
        ReadOnlySpan<char> sendingFacility,
        ReadOnlySpan<char> receivingApplication,
        ReadOnlySpan<char> receivingFacility,
        ReadOnlySpan<char> trigger,
        ReadOnlySpan<char> originalControlId,
        ReadOnlySpan<char> processingId,
        ReadOnlySpan<char> version,
        ReadOnlySpan<char> characterSet)
    {
        public readonly Hl7Delimiters Delimiters = delimiters;
        public readonly ReadOnlySpan<char> SendingApplication = sendingApplication;
        public readonly ReadOnlySpan<char> SendingFacility = sendingFacility;
        public readonly ReadOnlySpan<char> ReceivingApplication = receivingApplication;
        public readonly ReadOnlySpan<char> ReceivingFacility = receivingFacility;
        public readonly ReadOnlySpan<char> Trigger = trigger;
        public readonly ReadOnlySpan<char> OriginalControlId = originalControlId;
        public readonly ReadOnlySpan<char> ProcessingId = processingId;
        public readonly ReadOnlySpan<char> Version = version;
        public readonly ReadOnlySpan<char> CharacterSet = characterSet;
    }

    private static string Write(in HeaderParts h, Hl7AckCode code, string controlId, DateTimeOffset timestamp,
        IReadOnlyList<Hl7AckError>? errors)
    {
        var d = h.Delimiters;
        var fs = d.Field;
        var modern = Hl7Version.AtLeast(h.Version, 2, 5);
        var buffer = new CharBuffer(256);
        try
        {
            buffer.Append("MSH");
            buffer.Append(fs);
            buffer.Append(d.Component);
            buffer.Append(d.Repetition);
            buffer.Append(d.Escape);
            buffer.Append(d.Subcomponent);
            if (d.Truncation is { } t)
            {
                buffer.Append(t);
            }

            buffer.Append(fs);
            buffer.Append(h.SendingApplication);
            buffer.Append(fs);
            buffer.Append(h.SendingFacility);
            buffer.Append(fs);
            buffer.Append(h.ReceivingApplication);
            buffer.Append(fs);
            buffer.Append(h.ReceivingFacility);
            buffer.Append(fs);
            Hl7Timestamp.Format(timestamp, buffer.AppendSpan(19));
            buffer.Append(fs);
            buffer.Append(fs);
            buffer.Append("ACK");
            buffer.Append(d.Component);
            buffer.Append(h.Trigger);
            if (Hl7Version.AtLeast(h.Version, 2, 3, 1))
            {
                buffer.Append(d.Component);
                buffer.Append("ACK");
            }

            buffer.Append(fs);
            Hl7Escaping.EncodeInto(ref buffer, controlId, d);
            buffer.Append(fs);
            buffer.Append(h.ProcessingId);
            buffer.Append(fs);
            buffer.Append(h.Version);
            if (!h.CharacterSet.IsEmpty)
            {
                for (var i = 13; i <= 18; i++)
                {
                    buffer.Append(fs);
                }

                buffer.Append(h.CharacterSet);
            }

            buffer.Append('\r');
            buffer.Append("MSA");
            buffer.Append(fs);
            buffer.Append(code.ToString());
            buffer.Append(fs);
            buffer.Append(h.OriginalControlId);
            if (!modern && errors is { Count: > 0 } && errors[0].Diagnostic is { } text)
            {
                buffer.Append(fs);
                Hl7Escaping.EncodeInto(ref buffer, text, d);
            }

            buffer.Append('\r');
            if (errors is { Count: > 0 })
            {
                if (modern)
                {
                    foreach (var error in errors)
                    {
                        WriteErr(ref buffer, error, d);
                    }
                }
                else
                {
                    WriteLegacyErr(ref buffer, errors, d);
                }
            }

            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void WriteErr(ref CharBuffer buffer, Hl7AckError error, Hl7Delimiters d)
    {
        var fs = d.Field;
        buffer.Append("ERR");
        buffer.Append(fs);
        buffer.Append(fs);
        if (error.SegmentId is { } segment)
        {
            Hl7Escaping.EncodeInto(ref buffer, segment, d);
            var numbers = new[] { error.SegmentSequence, error.FieldPosition, error.FieldRepetition, error.ComponentNumber, error.SubcomponentNumber };
            var last = numbers.Length;
            while (last > 0 && numbers[last - 1] <= 0)
            {
                last--;
            }

            for (var i = 0; i < last; i++)
            {
                buffer.Append(d.Component);
                if (numbers[i] > 0)
                {
                    AppendNumber(ref buffer, numbers[i]);
                }
            }
        }

        buffer.Append(fs);
        AppendNumber(ref buffer, error.Code);
        buffer.Append(d.Component);
        Hl7Escaping.EncodeInto(ref buffer, Hl7ErrorCodes.Describe(error.Code) ?? string.Empty, d);
        buffer.Append(d.Component);
        buffer.Append("HL70357");
        buffer.Append(fs);
        buffer.Append(error.Severity switch
        {
            Hl7ErrorSeverity.Warning => 'W',
            Hl7ErrorSeverity.Information => 'I',
            _ => 'E',
        });
        if (error.Diagnostic is not null || error.UserMessage is not null)
        {
            buffer.Append(fs);
            buffer.Append(fs);
            buffer.Append(fs);
            Hl7Escaping.EncodeInto(ref buffer, error.Diagnostic, d);
            if (error.UserMessage is not null)
            {
                buffer.Append(fs);
                Hl7Escaping.EncodeInto(ref buffer, error.UserMessage, d);
            }
        }

        buffer.Append('\r');
    }

    private static void WriteLegacyErr(ref CharBuffer buffer, IReadOnlyList<Hl7AckError> errors, Hl7Delimiters d)
    {
        // v2.3.1/2.4: ERR-1 (ELD) repeats: segment^sequence^field^code&text&HL70357.
        buffer.Append("ERR");
        buffer.Append(d.Field);
        for (var i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            if (i > 0)
            {
                buffer.Append(d.Repetition);
            }

            Hl7Escaping.EncodeInto(ref buffer, error.SegmentId, d);
            buffer.Append(d.Component);
            if (error.SegmentSequence > 0)
            {
                AppendNumber(ref buffer, error.SegmentSequence);
            }

            buffer.Append(d.Component);
            if (error.FieldPosition > 0)
            {
                AppendNumber(ref buffer, error.FieldPosition);
            }

            buffer.Append(d.Component);
            AppendNumber(ref buffer, error.Code);
            buffer.Append(d.Subcomponent);
            Hl7Escaping.EncodeInto(ref buffer, Hl7ErrorCodes.Describe(error.Code) ?? string.Empty, d);
            buffer.Append(d.Subcomponent);
            buffer.Append("HL70357");
        }

        buffer.Append('\r');
    }

    private static void AppendNumber(ref CharBuffer buffer, int value)
    {
        Span<char> digits = stackalloc char[11];
        value.TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        buffer.Append(digits[..written]);
    }

    /// <summary>Reads an acknowledgement (MSA and ERR), for instance one that a peer returned.</summary>
    public static Hl7AckInfo? Read(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var msa = message["MSA"];
        if (!msa.Exists || !Enum.TryParse<Hl7AckCode>(msa.GetValue(1), ignoreCase: false, out var code)
            || !Enum.IsDefined(code))
        {
            return null;
        }

        var errors = new List<Hl7AckError>();
        foreach (var err in message.SegmentsNamed("ERR"))
        {
            var location = err.Field(2);
            if (err.Field(3).TryGetInt32(out var errorCode))
            {
                errors.Add(new Hl7AckError(errorCode)
                {
                    SegmentId = location.Component(1).ValueOrNull,
                    SegmentSequence = location.Component(2).TryGetInt32(out var seq) ? seq : 0,
                    FieldPosition = location.Component(3).TryGetInt32(out var field) ? field : 0,
                    FieldRepetition = location.Component(4).TryGetInt32(out var rep) ? rep : 0,
                    ComponentNumber = location.Component(5).TryGetInt32(out var comp) ? comp : 0,
                    SubcomponentNumber = location.Component(6).TryGetInt32(out var sub) ? sub : 0,
                    Severity = err.GetValue(4) switch
                    {
                        "W" => Hl7ErrorSeverity.Warning,
                        "I" => Hl7ErrorSeverity.Information,
                        _ => Hl7ErrorSeverity.Error,
                    },
                    Diagnostic = err.Field(7).ValueOrNull,
                    UserMessage = err.Field(8).ValueOrNull,
                });
                continue;
            }

            foreach (var legacy in err.Field(1).Repetitions())
            {
                if (legacy.Component(4).Subcomponent(1).TryGetInt32(out var legacyCode))
                {
                    errors.Add(new Hl7AckError(legacyCode)
                    {
                        SegmentId = legacy.Component(1).ValueOrNull,
                        SegmentSequence = legacy.Component(2).TryGetInt32(out var seq) ? seq : 0,
                        FieldPosition = legacy.Component(3).TryGetInt32(out var field) ? field : 0,
                        Diagnostic = msa.Field(3).ValueOrNull,
                    });
                }
            }
        }

        return new Hl7AckInfo(code, msa.GetValue(2), errors);
    }
}

/// <summary>What an acknowledgement says: MSA-1, MSA-2 (the acknowledged control id) and its ERR entries.</summary>
public sealed record Hl7AckInfo(Hl7AckCode Code, string AcknowledgedControlId, IReadOnlyList<Hl7AckError> Errors);
