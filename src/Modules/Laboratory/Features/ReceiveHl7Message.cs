using System.Text;
using Infirmary.Hl7v2;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Infirmary.Laboratory.Features;

/// <summary>What happened to one received message, and the acknowledgement to send back.</summary>
public sealed record Hl7Receipt(Hl7AckCode Code, string Ack, Encoding Encoding, Guid? StoredId, bool Duplicate)
{
    public byte[] AckBytes() => Encoding.GetBytes(Ack);
}

/// <summary>
/// Receives one HL7 v2 message from either channel (MLLP or HTTP). Parses it with the engine; input that does not
/// parse goes to the interface error log and is answered AR/AE. A message that parses is stored and committed, and
/// only then answered AA — so an acknowledged message is never lost. A resent message (same sender and control id)
/// is answered AA with an informational ERR, and the database's unique index keeps it from being stored twice even
/// when copies arrive at once on several connections. Never throws for any input: a database failure is answered AR
/// (code 207) so the sender keeps the message and resends it. Result messages (ORU/OUL) are filed against their
/// specimens in the same transaction as the message is stored (ADR 0032): acknowledged means stored and filed (or
/// sent to the unmatched worklist); if filing itself fails, the message is still stored (status error) and answered AA.
/// ADT messages (ADR 0085) update the patient index in the same transaction: AA when applied, AE (stored, status error)
/// when not, AR (not stored, so a resend is applied) when the sender may not update the index or the record changed
/// under it at the same moment.
/// </summary>
public sealed class ReceiveHl7Message(InfirmaryDbContext db, AuditTrail audit, TimeProvider clock, FileResults filing, ApplyAdt adt, ILogger<ReceiveHl7Message> log)
{
    public const string DuplicateNote = "Duplicate: a message with this sender and control id was already received; it was not stored again.";

    private static readonly Hl7NakOptions NakOptions = new() { SendingApplication = "INFIRMARY", SendingFacility = "LAB" };

    public async Task<Hl7Receipt> HandleAsync(ReadOnlyMemory<byte> payload, string channel, string? remoteAddress, CancellationToken ct)
    {
        var remote = remoteAddress is { Length: > 100 } ? remoteAddress[..100] : remoteAddress;
        Hl7ParseResult parsed;
        try
        {
            parsed = Hl7Message.Parse(payload.Span);
        }
#pragma warning disable CA1031 // The interface must answer every input; the engine promises not to throw, but a NAK beats a dropped connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "HL7 v2 parser failed on {Length} bytes from {Remote}", payload.Length, remote);
            await LogErrorAsync(channel, remote, $"Parser failure: {e.GetType().Name}", Excerpt(payload.Span), ct);
            return InternalError(null);
        }

        if (!parsed.IsSuccess)
        {
            var error = parsed.Error!;
            log.LogWarning("Unreadable HL7 v2 message from {Remote} on {Channel}: {Error}", remote, channel, error.ToString());
            await LogErrorAsync(channel, remote, error.ToString(), Excerpt(payload.Span), ct);
            return new Hl7Receipt(error.Header is null ? Hl7AckCode.AR : Hl7AckCode.AE,
                Hl7Ack.CreateNak(error, NewControlId(), clock.GetUtcNow(), NakOptions), Encoding.UTF8, null, false);
        }

        var message = parsed.Message!;
        var header = message.Header;
        if (!FitsColumns(header))
        {
            var field = header.ControlId.Length > InboundMessage.MaxControlIdLength ? 10
                : header.SendingApplication.Length > InboundMessage.MaxSenderLength ? 3 : 4;
            var text = $"MSH-{field} is longer than this interface accepts ({(field == 10 ? InboundMessage.MaxControlIdLength : InboundMessage.MaxSenderLength)} characters).";
            await LogErrorAsync(channel, remote, text, Excerpt(payload.Span), ct);
            return Answer(message, Hl7AckCode.AE, new Hl7AckError(Hl7ErrorCodes.ValueTooLong)
            {
                SegmentId = "MSH", SegmentSequence = 1, FieldPosition = field, Diagnostic = text,
            }, null, false);
        }

        var stored = NewStored(message, channel, remote, clock.GetUtcNow().UtcDateTime);
        AdtOutcome? adtOutcome = null;
        if (ApplyAdt.IsAdtMessage(message))
        {
            try
            {
                adtOutcome = await adt.ApplyAsync(message, channel, ct);
            }
#pragma warning disable CA1031 // A fault applying ADT must not lose the message: store it alone, marked, and say AE.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                log.LogError(e, "Could not apply HL7 v2 ADT message {ControlId}", stored.ControlId);
                db.ChangeTracker.Clear();
                adtOutcome = new AdtOutcome(Hl7AckCode.AE, [new Hl7AckError(Hl7ErrorCodes.ApplicationInternalError)
                {
                    Diagnostic = "The message was stored but could not be applied to the patient index; it is in the interface log.",
                }], true, InboundStatus.Error, $"Not applied: {e.GetType().Name}");
            }

            if (!adtOutcome.Store)
            {
                db.ChangeTracker.Clear();
                log.LogWarning("HL7 v2 ADT message {ControlId} from {Application} refused: {Reason}", stored.ControlId, stored.SendingApplication, adtOutcome.Note);
                await LogErrorAsync(channel, remote, $"{stored.MessageType} control id {stored.ControlId} from {stored.SendingApplication}/{stored.SendingFacility} refused: {adtOutcome.Note}", null, ct);
                return AnswerAll(message, adtOutcome.Code, adtOutcome.Errors, null, false);
            }

            stored.Status = adtOutcome.Status;
            stored.Error = adtOutcome.Code == Hl7AckCode.AA && adtOutcome.Errors.Count == 0 ? null : Cut(adtOutcome.Note);
        }

        AddStored(stored, channel);
        var filed = false;
        if (FileResults.IsResultMessage(message))
        {
            try
            {
                await filing.FileAsync(message, stored, ct);
                filed = true;
            }
#pragma warning disable CA1031 // A filing fault must not lose the message: store it alone, marked, for the error log.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                log.LogError(e, "Could not file the results of HL7 v2 message {ControlId}", stored.ControlId);
                StoreUnfiled(stored, channel, $"Results not filed: {e.GetType().Name}");
            }
        }

        try
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (filed && (e is ValueTooLongException || (e is DbUpdateException u && !DbErrors.IsUniqueViolation(u))))
            {
                // The filing's rows were refused (not the message), by the database or before it for a value longer than
                // its column: keep the message, unfiled, rather than refuse it for ever.
                log.LogError(e, "Results of HL7 v2 message {ControlId} could not be saved; storing the message unfiled", stored.ControlId);
                // A value too long names its record and field (never the value), which tells the laboratory what to look at.
                StoreUnfiled(stored, channel, e is ValueTooLongException tooLong ? $"Results not filed: {tooLong.Message}" : "Results not filed: the database refused them.");
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) || (adtOutcome is not null && e is DbUpdateConcurrencyException))
        {
            db.ChangeTracker.Clear();
            if (adtOutcome is not null && (e is DbUpdateConcurrencyException || !await IsStoredAsync(stored, ct)))
            {
                // Not the message's own key: a patient record (or merge proposal) changed at the same moment. Nothing was
                // stored or applied; AR so the sender sends it again, and the resend is applied to the record as it now is.
                log.LogWarning(e, "HL7 v2 ADT message {ControlId} met a concurrent change to the patient index; answered AR", stored.ControlId);
                return AnswerAll(message, Hl7AckCode.AR, [new Hl7AckError(Hl7ErrorCodes.ApplicationRecordLocked)
                {
                    SegmentId = "PID", SegmentSequence = 1, FieldPosition = 3,
                    Diagnostic = "The patient record was being changed at the same moment; nothing was stored or applied. Send the message again.",
                }], null, false);
            }

            log.LogInformation("Duplicate HL7 v2 message {ControlId} from {Application}/{Facility} acknowledged, not stored again",
                stored.ControlId, stored.SendingApplication, stored.SendingFacility);
            return DuplicateReceipt(message, clock.GetUtcNow());
        }
#pragma warning disable CA1031 // Not stored means not acknowledged: answer AR so the sender keeps the message and retries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            db.ChangeTracker.Clear();
            log.LogError(e, "Could not store HL7 v2 message {ControlId} from {Remote}", stored.ControlId, remote);
            return InternalError(message);
        }

        return adtOutcome is null
            ? Answer(message, Hl7AckCode.AA, null, stored.Id, false)
            : AnswerAll(message, adtOutcome.Code, adtOutcome.Errors, stored.Id, false);
    }

    /// <summary>True when MSH-3, MSH-4 and MSH-10 fit the stored message's columns.</summary>
    public static bool FitsColumns(Hl7MessageHeader header) =>
        header.SendingApplication.Length <= InboundMessage.MaxSenderLength && header.SendingFacility.Length <= InboundMessage.MaxSenderLength
        && header.ControlId.Length <= InboundMessage.MaxControlIdLength;

    /// <summary>The row that keeps a received message verbatim (not yet added to any context).</summary>
    public static InboundMessage NewStored(Hl7Message message, string channel, string? remote, DateTime receivedAt)
    {
        var header = message.Header;
        var type = header.MessageType.ToString();
        return new InboundMessage
        {
            ReceivedAt = receivedAt,
            Channel = channel,
            RemoteAddress = remote is { Length: > 100 } ? remote[..100] : remote,
            SendingApplication = header.SendingApplication,
            SendingFacility = header.SendingFacility,
            MessageType = type.Length > 50 ? type[..50] : type,
            ControlId = header.ControlId,
            RawText = message.Text.ToString(),
        };
    }

    /// <summary>AA for a stored message.</summary>
    public static Hl7Receipt AcceptedReceipt(Hl7Message message, Guid storedId, DateTimeOffset now) =>
        new(Hl7AckCode.AA, Hl7Ack.Create(message, Hl7AckCode.AA, NewControlId(), now), message.Charset, storedId, false);

    /// <summary>AA with an informational ERR for a message whose sender and control id were already stored.</summary>
    public static Hl7Receipt DuplicateReceipt(Hl7Message message, DateTimeOffset now) =>
        new(Hl7AckCode.AA, Hl7Ack.Create(message, Hl7AckCode.AA, NewControlId(), now, [new Hl7AckError(Hl7ErrorCodes.DuplicateKeyIdentifier)
        {
            Severity = Hl7ErrorSeverity.Information, SegmentId = "MSH", SegmentSequence = 1, FieldPosition = 10, Diagnostic = DuplicateNote,
        }]), message.Charset, null, true);

    private async Task<bool> IsStoredAsync(InboundMessage stored, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Set<InboundMessage>().AnyAsync(m => m.SendingApplication == stored.SendingApplication
            && m.SendingFacility == stored.SendingFacility && m.ControlId == stored.ControlId, ct);
    }

    private static string? Cut(string? text) => text is { Length: > 2000 } ? text[..2000] : text;

    private void AddStored(InboundMessage stored, string channel) => AddStored(db, audit, stored, channel);

    /// <summary>Adds the stored message and its audit event (a write of patient data) to the unit of work.</summary>
    public static void AddStored(InfirmaryDbContext db, AuditTrail audit, InboundMessage stored, string channel)
    {
        db.Set<InboundMessage>().Add(stored);
        // Inbound messages carry patient data (PID): storing one is audited as a write, in the same transaction.
        audit.Add(AuditAction.Create, $"Hl7Message/{stored.Id}", null,
            detail: $"{stored.MessageType} from {stored.SendingApplication}/{stored.SendingFacility} control id {stored.ControlId} via {channel}");
    }

    private void StoreUnfiled(InboundMessage stored, string channel, string error)
    {
        db.ChangeTracker.Clear();
        stored.Status = InboundStatus.Error;
        stored.Error = error;
        AddStored(stored, channel);
    }

    /// <summary>Records input that never became a message (unreadable, or broken framing). Never throws.</summary>
    public async Task LogErrorAsync(string channel, string? remoteAddress, string error, string? excerpt, CancellationToken ct)
    {
        try
        {
            db.ChangeTracker.Clear();
            db.Set<InterfaceError>().Add(new InterfaceError
            {
                OccurredAt = clock.GetUtcNow().UtcDateTime,
                Channel = channel,
                RemoteAddress = remoteAddress is { Length: > 100 } ? remoteAddress[..100] : remoteAddress,
                Error = error.Length > 2000 ? error[..2000] : error,
                Excerpt = excerpt,
            });
            await db.SaveChangesAsync(ct);
        }
#pragma warning disable CA1031 // The error log is best effort: failing to write it must not stop the NAK.
        catch (Exception e)
#pragma warning restore CA1031
        {
            db.ChangeTracker.Clear();
            log.LogError(e, "Could not write the HL7 interface error log ({Error})", error);
        }
    }

    /// <summary>The start of the input as text, bounded, with control characters made visible.</summary>
    public static string Excerpt(ReadOnlySpan<byte> bytes)
    {
        var head = bytes.Length > InterfaceError.MaxExcerptLength ? bytes[..InterfaceError.MaxExcerptLength] : bytes;
        var text = Encoding.UTF8.GetString(head);
        var sb = new StringBuilder(Math.Min(text.Length, InterfaceError.MaxExcerptLength));
        foreach (var c in text)
        {
            if (sb.Length >= InterfaceError.MaxExcerptLength)
            {
                break;
            }

            sb.Append(c switch
            {
                '\r' or '\n' => '↵',
                _ when char.IsControl(c) || char.IsSurrogate(c) => '·',
                _ => c,
            });
        }

        return sb.ToString();
    }

    private Hl7Receipt Answer(Hl7Message message, Hl7AckCode code, Hl7AckError? error, Guid? storedId, bool duplicate) =>
        AnswerAll(message, code, error is null ? [] : [error], storedId, duplicate);

    private Hl7Receipt AnswerAll(Hl7Message message, Hl7AckCode code, IReadOnlyList<Hl7AckError> errors, Guid? storedId, bool duplicate) =>
        new(code, Hl7Ack.Create(message, code, NewControlId(), clock.GetUtcNow(), errors.Count == 0 ? null : errors), message.Charset, storedId, duplicate);

    private Hl7Receipt InternalError(Hl7Message? message)
    {
        var error = new Hl7AckError(Hl7ErrorCodes.ApplicationInternalError)
        {
            Diagnostic = "The message could not be stored. It has not been accepted: send it again.",
        };
        if (message is not null)
        {
            return Answer(message, Hl7AckCode.AR, error, null, false);
        }

        // No message to answer: a NAK for an unreadable header (AR), from a synthetic parse of nothing.
        var empty = Hl7Message.Parse(string.Empty).Error!;
        return new Hl7Receipt(Hl7AckCode.AR, Hl7Ack.CreateNak(empty, NewControlId(), clock.GetUtcNow(), NakOptions with { Code = Hl7AckCode.AR }),
            Encoding.UTF8, null, false);
    }

    /// <summary>A control id for our ACK: 20 characters, as MSH-10 allows in every version.</summary>
    private static string NewControlId() => Guid.NewGuid().ToString("N")[..20];
}
