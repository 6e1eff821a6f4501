using Infirmary.Hl7v2;
using Infirmary.Laboratory.Domain;
using Infirmary.Laboratory.Interface;
using Infirmary.Patients;
using Infirmary.Platform.Security;
using Microsoft.Extensions.Options;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// What an ADT message did: the acknowledgement code and ERR segments to send, whether the message is stored (a
/// refused sender's message is not: it was not accepted, so a resend after the sender is configured is applied), and
/// the stored message's status and note for the interface log.
/// </summary>
public sealed record AdtOutcome(Hl7AckCode Code, IReadOnlyList<Hl7AckError> Errors, bool Store, string Status, string? Note);

/// <summary>
/// Applies ADT^A04/A28 (register), ADT^A08/A31 (update demographics) and ADT^A40 (merge) to the patient index through
/// the Patients module's <see cref="IPatientIndexFeed"/> (ADR 0085). Patients are found by PID-3 identifiers only — the
/// NHS number (identifier type NH, or assigning authority NHS) and this system's record id (assigning authority
/// INFIRMARY) — never by name, date of birth or address. A40 only proposes the merge: a person confirms it
/// (ADR 0031). Only adds to the unit of work; the caller stores the message and saves, in one transaction.
/// </summary>
public sealed class ApplyAdt(IPatientIndexFeed feed, ActorAccessor actors, IOptions<Hl7InterfaceOptions> options)
{
    public const string OwnAuthority = "INFIRMARY";

    public static bool IsAdtMessage(Hl7Message message) => message.MessageType.Code == "ADT";

    public async Task<AdtOutcome> ApplyAsync(Hl7Message message, string channel, CancellationToken ct)
    {
        var trigger = message.MessageType.TriggerEvent;
        var kind = trigger switch
        {
            "A04" or "A28" => AdtKind.Register,
            "A08" or "A31" => AdtKind.Update,
            "A40" => AdtKind.Merge,
            _ => AdtKind.Unsupported,
        };
        if (kind == AdtKind.Unsupported)
        {
            return Error(Hl7AckCode.AE, Hl7ErrorCodes.UnsupportedEventCode, "MSH", 9,
                $"ADT^{trigger} is not applied by this interface: it applies A04/A28 (register), A08/A31 (update) and A40 (merge) only.");
        }

        if (Refusal(message, channel, kind) is { } refused)
        {
            return new AdtOutcome(Hl7AckCode.AR, [new Hl7AckError(Hl7ErrorCodes.UnsupportedMessageType)
            {
                SegmentId = "MSH", SegmentSequence = 1, FieldPosition = 3, Diagnostic = refused,
            }], false, InboundStatus.Error, refused);
        }

        if (!message.TryGetSegment("PID", 1, out var pid))
        {
            return Error(Hl7AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "PID", 0, "The message has no PID segment.");
        }

        var (key, keyError) = ReadKey(pid.Field(3), "PID", 3);
        if (keyError is not null)
        {
            return keyError;
        }

        var source = $"ADT^{trigger} {message.Header.SendingApplication}/{message.Header.SendingFacility} control id {message.ControlId}";
        PatientFeedResult result;
        if (kind == AdtKind.Merge)
        {
            if (!message.TryGetSegment("MRG", 1, out var mrg))
            {
                return Error(Hl7AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "MRG", 0, "ADT^A40 needs an MRG segment naming the record to merge away (MRG-1).");
            }

            var (prior, priorError) = ReadKey(mrg.Field(1), "MRG", 1);
            if (priorError is not null)
            {
                return priorError;
            }

            result = await feed.ProposeMergeAsync(prior!, key!, $"Merge sent by the patient administration system ({source}).", ct);
        }
        else
        {
            var (details, detailError) = ReadDemographics(pid);
            if (detailError is not null)
            {
                return detailError;
            }

            result = kind == AdtKind.Register
                ? await feed.RegisterAsync(key!, details!, source, ct)
                : await feed.UpdateAsync(key!, details!, source, ct);
        }

        return Outcome(result, kind);
    }

    private string? Refusal(Hl7Message message, string channel, AdtKind kind)
    {
        if (channel == Hl7Channel.Mllp)
        {
            return options.Value.AdtSenders.Contains(message.Header.SendingApplication, StringComparer.Ordinal)
                ? null
                : $"ADT from sending application '{message.Header.SendingApplication}' is not accepted: only the patient administration systems configured in Infirmary:Hl7:AdtSenders may update the patient index.";
        }

        var needed = kind == AdtKind.Merge ? Permissions.PatientsMerge : Permissions.PatientsWrite;
        return actors.Current.Has(needed) ? null : $"This client may not update the patient index (it needs the {needed} permission).";
    }

    /// <summary>The NHS number and/or our record id from a list of CX identifiers (PID-3, MRG-1); other identifiers are ignored.</summary>
    private static (PatientFeedKey? Key, AdtOutcome? Error) ReadKey(Hl7Element field, string segment, int position)
    {
        var nhs = new List<string>();
        var ids = new List<Guid>();
        var repetition = 0;
        foreach (var cx in field.Repetitions())
        {
            repetition++;
            var value = cx.Component(1).Value.Trim();
            var authority = cx.Component(4).Value.Trim();
            var type = cx.Component(5).Value.Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (string.Equals(type, "NH", StringComparison.OrdinalIgnoreCase) || string.Equals(authority, "NHS", StringComparison.OrdinalIgnoreCase))
            {
                if (PatientFeedIdentifiers.ValidNhsNumber(value) is not { } valid)
                {
                    return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.DataTypeError, segment, position,
                        $"{segment}-{position} repetition {repetition}: '{value}' is not a valid NHS number (ten digits with a correct check digit).", repetition));
                }

                nhs.Add(valid);
            }
            else if (string.Equals(authority, OwnAuthority, StringComparison.OrdinalIgnoreCase))
            {
                if (!Guid.TryParse(value, out var id))
                {
                    return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.DataTypeError, segment, position,
                        $"{segment}-{position} repetition {repetition}: '{value}' is not an {OwnAuthority} record id.", repetition));
                }

                ids.Add(id);
            }
        }

        if (nhs.Distinct().Count() > 1 || ids.Distinct().Count() > 1)
        {
            return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.DuplicateKeyIdentifier, segment, position,
                $"{segment}-{position} carries two different {(nhs.Distinct().Count() > 1 ? "NHS numbers" : "record ids")}: one message must name one patient."));
        }

        if (nhs.Count == 0 && ids.Count == 0)
        {
            return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, segment, position,
                $"{segment}-{position} has no NHS number (identifier type NH) or {OwnAuthority} record id: patients are matched on these identifiers only."));
        }

        return (new PatientFeedKey(nhs.FirstOrDefault(), ids.Count == 0 ? null : ids[0]), null);
    }

    private static (PatientFeedDemographics? Details, AdtOutcome? Error) ReadDemographics(Hl7Segment pid)
    {
        var name = pid.Field(5).Repetition(1);
        var address = pid.Field(11).Repetition(1);
        var phone = pid.Field(13).Repetition(1);
        DateOnly? born = null;
        var dob = pid.Field(7);
        if (!dob.IsEmpty && !dob.IsNull)
        {
            if (!dob.TryGetTimestamp(out var t))
            {
                return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.DataTypeError, "PID", 7, $"PID-7 '{dob.Value}' is not a date of birth (YYYYMMDD)."));
            }

            born = DateOnly.FromDateTime(t.Value);
        }

        DateOnly? died = null;
        var dod = pid.Field(29);
        if (!dod.IsEmpty && !dod.IsNull)
        {
            if (!dod.TryGetTimestamp(out var t))
            {
                return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.DataTypeError, "PID", 29, $"PID-29 '{dod.Value}' is not a date of death (YYYYMMDD)."));
            }

            died = DateOnly.FromDateTime(t.Value);
        }

        PatientFeedSex? sex = null;
        var sexField = pid.Field(8);
        if (!sexField.IsEmpty)
        {
            sex = sexField.IsNull ? PatientFeedSex.Unknown : sexField.Value.Trim().ToUpperInvariant() switch
            {
                "M" => PatientFeedSex.Male,
                "F" => PatientFeedSex.Female,
                "O" or "A" => PatientFeedSex.Other,
                "U" or "N" => PatientFeedSex.Unknown,
                _ => null,
            };
            if (sex is null)
            {
                return (null, Error(Hl7AckCode.AE, Hl7ErrorCodes.TableValueNotFound, "PID", 8,
                    $"PID-8 '{sexField.Value}' is not an administrative sex (M, F, O, U, A or N)."));
            }
        }

        var phoneText = Part(phone, 1);
        if (phoneText is { Length: 0 } && Part(phone, 12) is { Length: > 0 } unformatted)
        {
            phoneText = unformatted;
        }

        var details = new PatientFeedDemographics
        {
            FamilyName = Part(name, 1),
            GivenName = Part(name, 2),
            Title = Part(name, 5),
            BirthDate = born,
            Sex = sex,
            AddressLine1 = Part(address, 1),
            AddressLine2 = Part(address, 2),
            Town = Part(address, 3),
            Postcode = Part(address, 5),
            Phone = phoneText,
            DateOfDeath = died,
        };
        return (details, null);

        // A field not sent keeps what is recorded (null); HL7 "" deletes it (empty string). A field that is sent replaces
        // the recorded value whole, so a component it leaves out is deleted too (empty string).
        static string? Part(Hl7Element field, int component) =>
            field.IsEmpty ? null : field.IsNull ? string.Empty : field.Component(component).Value.Trim();
    }

    private static AdtOutcome Outcome(PatientFeedResult result, AdtKind kind)
    {
        var warnings = (result.Warnings ?? []).Select(w => new Hl7AckError(Hl7ErrorCodes.MessageAccepted)
        {
            Severity = Hl7ErrorSeverity.Warning, SegmentId = "PID", SegmentSequence = 1, Diagnostic = w,
        }).ToList();
        switch (result.Status)
        {
            case PatientFeedStatus.Registered or PatientFeedStatus.Updated or PatientFeedStatus.Unchanged:
                var note = result.Status switch
                {
                    PatientFeedStatus.Registered => $"Registered Patient/{result.PatientId}.",
                    PatientFeedStatus.Updated => $"Updated Patient/{result.PatientId}.",
                    _ => $"Patient/{result.PatientId} already held these details; nothing changed.",
                };
                return new AdtOutcome(Hl7AckCode.AA, warnings, true, InboundStatus.Processed,
                    warnings.Count == 0 ? note : note + " " + string.Join(" ", result.Warnings!));
            case PatientFeedStatus.MergeProposed:
                var proposed = $"Merge proposed (PatientMerge/{result.MergeId}): it takes effect when a health records clerk confirms it.";
                return new AdtOutcome(Hl7AckCode.AA, [new Hl7AckError(Hl7ErrorCodes.MessageAccepted)
                {
                    Severity = Hl7ErrorSeverity.Information, SegmentId = "MRG", SegmentSequence = 1, FieldPosition = 1, Diagnostic = proposed,
                }], true, InboundStatus.Processed, proposed);
            case PatientFeedStatus.AlreadyMerged:
                return new AdtOutcome(Hl7AckCode.AA, [new Hl7AckError(Hl7ErrorCodes.MessageAccepted)
                {
                    Severity = Hl7ErrorSeverity.Information, SegmentId = "MRG", SegmentSequence = 1, FieldPosition = 1, Diagnostic = result.Message,
                }], true, InboundStatus.Processed, result.Message);
            case PatientFeedStatus.NotFound:
                return Error(Hl7AckCode.AE, Hl7ErrorCodes.UnknownKeyIdentifier, kind == AdtKind.Merge ? "MRG" : "PID", kind == AdtKind.Merge ? 1 : 3, result.Message!);
            case PatientFeedStatus.Inactive or PatientFeedStatus.MergeRefused:
                return Error(Hl7AckCode.AE, Hl7ErrorCodes.UnknownKeyIdentifier, "PID", 3, result.Message!);
            case PatientFeedStatus.Conflict:
                return Error(Hl7AckCode.AE, Hl7ErrorCodes.DuplicateKeyIdentifier, "PID", 3, result.Message!);
            default:
                var (field, text) = result.Errors is { Count: > 0 } errors
                    ? (PidField(errors.Keys.First()), string.Join(" ", errors.Select(e => $"PID-{PidField(e.Key)} ({e.Key}): {string.Join(" ", e.Value)}")))
                    : (0, result.Message ?? "The demographics sent are not valid.");
                return Error(Hl7AckCode.AE, Hl7ErrorCodes.DataTypeError, "PID", field, text);
        }
    }

    private static int PidField(string key) => key switch
    {
        "nhsNumber" => 3,
        "title" or "givenName" or "familyName" => 5,
        "birthDate" => 7,
        "sex" => 8,
        "addressLine1" or "addressLine2" or "town" or "postcode" => 11,
        "phone" => 13,
        "dateOfDeath" => 29,
        _ => 0,
    };

    private static AdtOutcome Error(Hl7AckCode code, int errorCode, string segment, int field, string text, int repetition = 0) =>
        new(code, [new Hl7AckError(errorCode)
        {
            SegmentId = segment, SegmentSequence = 1, FieldPosition = field, FieldRepetition = repetition, Diagnostic = text,
        }], true, InboundStatus.Error, text.Length > 2000 ? text[..2000] : text);

    private enum AdtKind
    {
        Unsupported,
        Register,
        Update,
        Merge,
    }
}
