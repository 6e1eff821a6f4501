using System.Text.Json;
using Infirmary.Patients.Domain;
using Infirmary.Patients.Features;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients;

/// <summary>
/// How a feed from another system (an HL7 v2 ADT interface) names a patient: the NHS number and/or this system's own
/// record id. Nothing weaker — no name, date of birth or address — is ever used to find a record.
/// </summary>
public sealed record PatientFeedKey(string? NhsNumber, Guid? PatientId)
{
    public override string ToString() =>
        string.Join(" / ", new[] { NhsNumber is null ? null : $"NHS number {NhsNumber}", PatientId is null ? null : $"Patient/{PatientId}" }.Where(x => x is not null));
}

/// <summary>Sex as a feed sends it (HL7 administrative sex, mapped by the sender's adapter).</summary>
public enum PatientFeedSex
{
    Unknown,
    Male,
    Female,
    Other,
}

/// <summary>Checks a feed can make on an identifier before it asks for a record, without knowing the module's internals.</summary>
public static class PatientFeedIdentifiers
{
    /// <summary>The NHS number as ten digits if it is valid (modulus-11 check digit; spaces allowed), otherwise null.</summary>
    public static string? ValidNhsNumber(string? text) => NhsNumber.IsValid(text) ? NhsNumber.Normalise(text) : null;
}

/// <summary>
/// Demographics sent by a feed. For each text field: null means "not sent" (keep what is recorded), an empty string
/// means "delete it" (HL7's <c>""</c>), anything else is the new value. A date of death is recorded when sent but never
/// cleared by a feed.
/// </summary>
public sealed record PatientFeedDemographics
{
    public string? Title { get; init; }

    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public PatientFeedSex? Sex { get; init; }

    public string? AddressLine1 { get; init; }

    public string? AddressLine2 { get; init; }

    public string? Town { get; init; }

    public string? Postcode { get; init; }

    public string? Phone { get; init; }

    public DateOnly? DateOfDeath { get; init; }
}

public enum PatientFeedStatus
{
    Registered,
    Updated,

    /// <summary>The record already held exactly what was sent; nothing was written.</summary>
    Unchanged,

    /// <summary>No record has this key (or, for a registration, there is no NHS number to register under).</summary>
    NotFound,

    /// <summary>The record was merged into another, or is otherwise inactive: a feed does not change it.</summary>
    Inactive,

    /// <summary>What was sent does not pass the same validation as the registration form (field errors).</summary>
    Invalid,

    /// <summary>The identifiers name two different records, or a different NHS number than the record holds.</summary>
    Conflict,
    MergeProposed,
    AlreadyMerged,

    /// <summary>The merge rules of ADR 0031 say no (an inactive record, a survivor merged away).</summary>
    MergeRefused,
}

/// <summary>The outcome of one feed operation; <see cref="Warnings"/> are applied-but-noteworthy (e.g. a deceased record).</summary>
public sealed record PatientFeedResult(PatientFeedStatus Status, Guid? PatientId, string? Message = null,
    IReadOnlyDictionary<string, string[]>? Errors = null, Guid? MergeId = null, IReadOnlyList<string>? Warnings = null)
{
    public bool Applied => Status is PatientFeedStatus.Registered or PatientFeedStatus.Updated or PatientFeedStatus.Unchanged
        or PatientFeedStatus.MergeProposed or PatientFeedStatus.AlreadyMerged;
}

/// <summary>
/// The Patients module's surface for an inbound patient-administration feed (ADT over HL7 v2, ADR 0085). Each method
/// only <b>adds to the shared unit of work</b> (patient, version snapshot, audit events, merge proposal): the caller
/// saves, so the change commits in the same transaction as the message that carried it, and a resent message rolls it
/// back with the duplicate. The caller decides whether the sender may update the index; these methods do not check the
/// actor's permissions. A merge is only ever <i>proposed</i> here: a person confirms it (ADR 0031).
/// </summary>
public interface IPatientIndexFeed
{
    /// <summary>Registers a patient under an NHS number; if the key already names a record, updates it instead.</summary>
    Task<PatientFeedResult> RegisterAsync(PatientFeedKey key, PatientFeedDemographics details, string source, CancellationToken ct);

    /// <summary>Updates the demographics of the record the key names.</summary>
    Task<PatientFeedResult> UpdateAsync(PatientFeedKey key, PatientFeedDemographics details, string source, CancellationToken ct);

    /// <summary>Proposes that <paramref name="duplicate"/> is merged into <paramref name="survivor"/>, for a person to confirm.</summary>
    Task<PatientFeedResult> ProposeMergeAsync(PatientFeedKey duplicate, PatientFeedKey survivor, string reason, CancellationToken ct);
}

internal sealed class PatientIndexFeed(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock, HospitalNumbers numbers) : IPatientIndexFeed
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PatientFeedResult> RegisterAsync(PatientFeedKey key, PatientFeedDemographics details, string source, CancellationToken ct)
    {
        var (patient, problem) = await FindAsync(key, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (patient is not null)
        {
            return await UpdateFoundAsync(patient, key, details, source);
        }

        if (key.PatientId is not null)
        {
            return new PatientFeedResult(PatientFeedStatus.NotFound, null, $"There is no Patient/{key.PatientId}; a new record cannot take an id chosen by the sender.");
        }

        if (key.NhsNumber is null)
        {
            return new PatientFeedResult(PatientFeedStatus.NotFound, null,
                "There is no NHS number to register the patient under; a patient without one is registered by a person, not by the feed.");
        }

        var d = Overlay(new PatientDetails { NhsNumber = key.NhsNumber }, details);
        var errors = d.Validate(UkFormat.TodayInLondon(clock));
        if (DeathProblem(details.DateOfDeath, d.BirthDate) is { } death)
        {
            errors["dateOfDeath"] = [death];
        }

        if (errors.Count > 0)
        {
            return new PatientFeedResult(PatientFeedStatus.Invalid, null, "The demographics sent are not valid.", errors);
        }

        // The same path as every other registration, so the record gets its hospital number (ADR 0070).
        var hospitalNumber = (await numbers.IssueAsync(1, ct))[0];
        var now = Now();
        var created = RegisterPatient.Stage(db, d, hospitalNumber, actors.Current.Id, now);
        created.DateOfDeath = details.DateOfDeath;
        audit.Add(AuditAction.Create, $"Patient/{created.Id}", created.Id, detail: $"registered from {source}");
        return new PatientFeedResult(PatientFeedStatus.Registered, created.Id);
    }

    public async Task<PatientFeedResult> UpdateAsync(PatientFeedKey key, PatientFeedDemographics details, string source, CancellationToken ct)
    {
        var (patient, problem) = await FindAsync(key, ct);
        if (problem is not null)
        {
            return problem;
        }

        return patient is null
            ? new PatientFeedResult(PatientFeedStatus.NotFound, null, $"No patient record has {key}.")
            : await UpdateFoundAsync(patient, key, details, source);
    }

    public async Task<PatientFeedResult> ProposeMergeAsync(PatientFeedKey duplicate, PatientFeedKey survivor, string reason, CancellationToken ct)
    {
        var (source, problem) = await FindAsync(duplicate, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (target, targetProblem) = await FindAsync(survivor, ct);
        if (targetProblem is not null)
        {
            return targetProblem;
        }

        if (source is null || target is null)
        {
            return new PatientFeedResult(PatientFeedStatus.NotFound, null,
                source is null ? $"No patient record has {duplicate} (the record to merge away)." : $"No patient record has {survivor} (the record to keep).");
        }

        if (source.Id == target.Id)
        {
            return new PatientFeedResult(PatientFeedStatus.Conflict, source.Id, "Both identifiers name the same record: there is nothing to merge.");
        }

        if (source.ReplacedById == target.Id)
        {
            return new PatientFeedResult(PatientFeedStatus.AlreadyMerged, target.Id, $"Patient/{source.Id} has already been merged into Patient/{target.Id}.");
        }

        if (PatientMerges.RecordProblem(source, target) is { } refused)
        {
            return new PatientFeedResult(PatientFeedStatus.MergeRefused, target.Id, refused);
        }

        var open = await db.Set<PatientMerge>().AsNoTracking()
            .FirstOrDefaultAsync(m => m.SourcePatientId == source.Id && m.Status == MergeStatus.Proposed, ct);
        if (open is not null)
        {
            return open.TargetPatientId == target.Id
                ? new PatientFeedResult(PatientFeedStatus.MergeProposed, target.Id, "This merge is already waiting for confirmation.", MergeId: open.Id)
                : new PatientFeedResult(PatientFeedStatus.Conflict, target.Id,
                    $"A merge of Patient/{source.Id} into another record (Patient/{open.TargetPatientId}) is already waiting for confirmation.");
        }

        var actor = actors.Current;
        var merge = new PatientMerge
        {
            SourcePatientId = source.Id, TargetPatientId = target.Id,
            Reason = reason.Length > PatientMerges.MaxReasonLength ? reason[..PatientMerges.MaxReasonLength] : reason,
            ProposedById = actor.Id, ProposedByName = actor.Name, ProposedAt = Now(),
        };
        db.Set<PatientMerge>().Add(merge);
        audit.Add(AuditAction.Create, $"PatientMerge/{merge.Id}", source.Id, detail: $"merge proposed into Patient/{target.Id} by feed");
        audit.Add(AuditAction.Create, $"PatientMerge/{merge.Id}", target.Id, detail: $"merge proposed from Patient/{source.Id} by feed");
        return new PatientFeedResult(PatientFeedStatus.MergeProposed, target.Id, MergeId: merge.Id);
    }

    /// <summary>The one record the key names, exactly; a problem when its parts disagree.</summary>
    private async Task<(Patient? Patient, PatientFeedResult? Problem)> FindAsync(PatientFeedKey key, CancellationToken ct)
    {
        string? nhs = null;
        if (key.NhsNumber is not null)
        {
            if (!NhsNumber.IsValid(key.NhsNumber))
            {
                return (null, new PatientFeedResult(PatientFeedStatus.Invalid, null, $"{key.NhsNumber} is not a valid NHS number.",
                    new Dictionary<string, string[]> { ["nhsNumber"] = [$"{key.NhsNumber} is not a valid NHS number (check digit)."] }));
            }

            nhs = NhsNumber.Normalise(key.NhsNumber);
        }

        var byNhs = nhs is null ? null : await db.Set<Patient>().FirstOrDefaultAsync(p => p.NhsNumber == nhs, ct);
        if (key.PatientId is not { } id)
        {
            return (byNhs, null);
        }

        var byId = byNhs?.Id == id ? byNhs : await db.Set<Patient>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (byId is null)
        {
            return (null, new PatientFeedResult(PatientFeedStatus.NotFound, null, $"There is no Patient/{id}."));
        }

        if (byNhs is not null && byNhs.Id != byId.Id)
        {
            return (null, new PatientFeedResult(PatientFeedStatus.Conflict, null,
                $"NHS number {nhs} belongs to Patient/{byNhs.Id}, not to Patient/{byId.Id}: the identifiers name two different records."));
        }

        if (nhs is not null && byId.NhsNumber is not null && byId.NhsNumber != nhs)
        {
            return (null, new PatientFeedResult(PatientFeedStatus.Conflict, byId.Id,
                $"Patient/{byId.Id} has a different NHS number from the one sent ({nhs}); a feed does not change an NHS number."));
        }

        return (byId, null);
    }

    private Task<PatientFeedResult> UpdateFoundAsync(Patient patient, PatientFeedKey key, PatientFeedDemographics details, string source)
    {
        if (patient.ReplacedById is { } survivor)
        {
            return Task.FromResult(new PatientFeedResult(PatientFeedStatus.Inactive, patient.Id,
                $"Patient/{patient.Id} has been merged into Patient/{survivor}; send changes for the record that was kept."));
        }

        if (!patient.Active)
        {
            return Task.FromResult(new PatientFeedResult(PatientFeedStatus.Inactive, patient.Id, $"Patient/{patient.Id} is inactive; a feed does not change it."));
        }

        var before = patient.ToDetails();
        var d = Overlay(patient.ToDetails(), details);
        // The record is matched by our id and has no NHS number yet: the one sent is added (the unique index guards it).
        d.NhsNumber = patient.NhsNumber ?? NhsNumber.Normalise(key.NhsNumber);
        var errors = d.Validate(UkFormat.TodayInLondon(clock));
        var warnings = new List<string>();
        var death = patient.DateOfDeath;
        if (details.DateOfDeath is { } died)
        {
            if (DeathProblem(died, d.BirthDate) is { } problem)
            {
                errors["dateOfDeath"] = [problem];
            }
            else if (death is null)
            {
                death = died;
            }
            else if (death != died)
            {
                warnings.Add($"The record already has a date of death ({UkFormat.Date(death.Value)}); the different date sent ({UkFormat.Date(died)}) was not recorded.");
            }
        }
        else if (death is not null)
        {
            warnings.Add($"The patient is recorded as deceased ({UkFormat.Date(death.Value)}); a feed does not remove a date of death.");
        }

        if (errors.Count > 0)
        {
            return Task.FromResult(new PatientFeedResult(PatientFeedStatus.Invalid, patient.Id, "The demographics sent are not valid.", errors));
        }

        var oldJson = JsonSerializer.Serialize(before, Json);
        patient.Apply(d);
        var changed = oldJson != JsonSerializer.Serialize(patient.ToDetails(), Json) || death != patient.DateOfDeath;
        if (!changed)
        {
            return Task.FromResult(new PatientFeedResult(PatientFeedStatus.Unchanged, patient.Id, Warnings: warnings));
        }

        var now = Now();
        patient.DateOfDeath = death;
        patient.Version++;
        patient.UpdatedAt = now;
        PatientHistory.Record(db, patient, actors.Current.Id, now);
        audit.Add(AuditAction.Update, $"Patient/{patient.Id}", patient.Id, detail: $"demographics updated from {source}");
        return Task.FromResult(new PatientFeedResult(PatientFeedStatus.Updated, patient.Id, Warnings: warnings));
    }

    private string? DeathProblem(DateOnly? died, DateOnly? born) => died switch
    {
        null => null,
        { } d when d > UkFormat.TodayInLondon(clock) => "The date of death cannot be in the future.",
        { } d when born is { } b && d < b => "The date of death cannot be before the date of birth.",
        _ => null,
    };

    private static PatientDetails Overlay(PatientDetails d, PatientFeedDemographics f)
    {
        d.Title = Pick(d.Title, f.Title);
        d.GivenName = Pick(d.GivenName, f.GivenName);
        d.FamilyName = Pick(d.FamilyName, f.FamilyName);
        d.BirthDate = f.BirthDate ?? d.BirthDate;
        d.Sex = f.Sex switch
        {
            null => d.Sex,
            PatientFeedSex.Male => Sex.Male,
            PatientFeedSex.Female => Sex.Female,
            PatientFeedSex.Other => Sex.Other,
            _ => Sex.Unknown,
        };
        d.AddressLine1 = Pick(d.AddressLine1, f.AddressLine1);
        d.AddressLine2 = Pick(d.AddressLine2, f.AddressLine2);
        d.Town = Pick(d.Town, f.Town);
        d.Postcode = Pick(d.Postcode, f.Postcode);
        d.Phone = Pick(d.Phone, f.Phone);
        return d;

        static string? Pick(string? recorded, string? sent) => sent is null ? recorded : sent.Length == 0 ? null : sent;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
