using Infirmary.Patients.Data;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public enum MergeOutcome
{
    /// <summary>Proposed, confirmed, rejected or unmerged as asked.</summary>
    Done,
    NotFound,

    /// <summary>The request itself is wrong (a record into itself, no reason given).</summary>
    Invalid,

    /// <summary>A rule says no: inactive record, already merged, proposer confirming, moved rows changed since.</summary>
    Refused,

    /// <summary>Someone else acted first (the proposal was already decided, or a proposal is already open).</summary>
    Conflict,
    Denied,
}

public sealed record MergeResult(MergeOutcome Outcome, PatientMerge? Merge, string? Problem = null, IReadOnlyList<string>? Reasons = null, int RowsMoved = 0)
{
    public bool Succeeded => Outcome == MergeOutcome.Done;
}

/// <summary>A merge as listed for people: both records' names, who proposed it and why.</summary>
public sealed record MergeView(PatientMerge Merge, PatientSummary Source, PatientSummary Target, int RowsMoved);

/// <summary>
/// Merging duplicate records, reversibly and with two people (ADR 0031). One person proposes that the source record
/// is the same person as the target (the survivor); a different person confirms, and only then is everything that
/// referred to the source — in every module's tables, found from the model — moved to the target, in one transaction
/// with the source marked inactive and replaced by the target, and the moved rows recorded. An unmerge puts exactly
/// those rows back, or refuses, naming the rows that have changed since.
/// </summary>
public sealed class PatientMerges(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, PatientAccess access, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    public async Task<MergeResult> ProposeAsync(Guid sourceId, Guid targetId, string? reason, CancellationToken ct)
    {
        var actor = actors.Current;
        if (!actor.Has(Permissions.PatientsMerge))
        {
            return await DeniedAsync("propose", null, [sourceId, targetId], "no merge permission", ct);
        }

        if (sourceId == targetId)
        {
            return new MergeResult(MergeOutcome.Invalid, null, "A record cannot be merged into itself: choose two different records.");
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return new MergeResult(MergeOutcome.Invalid, null,
                $"Say why these records are the same person (up to {MaxReasonLength} characters): the person who confirms will read it.");
        }

        var patients = await db.Set<Patient>().AsNoTracking().Where(p => p.Id == sourceId || p.Id == targetId).ToListAsync(ct);
        var source = patients.FirstOrDefault(p => p.Id == sourceId);
        var target = patients.FirstOrDefault(p => p.Id == targetId);
        if (source is null || target is null)
        {
            return new MergeResult(MergeOutcome.NotFound, null, $"Patient/{(source is null ? sourceId : targetId)} is not known.");
        }

        if (await AccessAsync(source, target, ct) is { } denied)
        {
            return denied;
        }

        if (RecordProblem(source, target) is { } problem)
        {
            return new MergeResult(MergeOutcome.Refused, null, problem);
        }

        if (await db.Set<PatientMerge>().AnyAsync(m => m.SourcePatientId == sourceId && m.Status == MergeStatus.Proposed, ct))
        {
            return new MergeResult(MergeOutcome.Conflict, null, "A merge of this record is already waiting for confirmation.");
        }

        var merge = new PatientMerge
        {
            SourcePatientId = sourceId, TargetPatientId = targetId, Reason = reason,
            ProposedById = actor.Id, ProposedByName = actor.Name, ProposedAt = Now(),
        };
        db.Set<PatientMerge>().Add(merge);
        audit.Add(AuditAction.Create, $"PatientMerge/{merge.Id}", sourceId, detail: $"merge proposed into Patient/{targetId}");
        audit.Add(AuditAction.Create, $"PatientMerge/{merge.Id}", targetId, detail: $"merge proposed from Patient/{sourceId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new MergeResult(MergeOutcome.Conflict, null, "A merge of this record is already waiting for confirmation, or has been carried out.");
        }

        return new MergeResult(MergeOutcome.Done, merge);
    }

    /// <summary>Carries out a proposed merge. The confirmer must be a person, and not the one who proposed it.</summary>
    public async Task<MergeResult> ConfirmAsync(Guid mergeId, string? note, CancellationToken ct)
    {
        var actor = actors.Current;
        var pre = await db.Set<PatientMerge>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mergeId, ct);
        if (pre is null)
        {
            return new MergeResult(MergeOutcome.NotFound, null, $"There is no merge {mergeId}.");
        }

        if (!actor.Has(Permissions.PatientsMerge) || actor.IsSystem)
        {
            return await DeniedAsync("confirm", pre, [pre.SourcePatientId, pre.TargetPatientId],
                actor.IsSystem ? "a system cannot confirm a merge; a person must" : "no merge permission", ct);
        }

        if (pre.ProposedById == actor.Id)
        {
            return await DeniedAsync("confirm", pre, [pre.SourcePatientId, pre.TargetPatientId],
                "You proposed this merge, so a different person must confirm it.", ct);
        }

        note = FreeText.Clean(note);
        if (FreeText.TooLong(note, "The note", MaxReasonLength) is { } tooLong)
        {
            return new MergeResult(MergeOutcome.Invalid, pre, tooLong);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Every audited write takes this lock, so nothing can add a reference to the source record between the
        // rows being found and moved; and of two confirmations of one proposal, the second waits and then sees it done.
        await AuditChain.LockAllAsync(db, ct);
        var merge = await db.Set<PatientMerge>().FirstAsync(m => m.Id == mergeId, ct);
        if (merge.Status != MergeStatus.Proposed)
        {
            return new MergeResult(MergeOutcome.Conflict, merge, $"This merge has already been {merge.Status.ToLowerInvariant()}.");
        }

        var source = await db.Set<Patient>().FirstAsync(p => p.Id == merge.SourcePatientId, ct);
        var target = await db.Set<Patient>().FirstAsync(p => p.Id == merge.TargetPatientId, ct);
        if (await AccessAsync(source, target, ct) is { } denied)
        {
            return denied;
        }

        if (RecordProblem(source, target) is { } problem)
        {
            return new MergeResult(MergeOutcome.Refused, merge, problem);
        }

        var now = Now();
        List<PatientMergeMove> moves;
        try
        {
            moves = await new ReferenceMover(db).MoveAsync(merge.Id, source.Id, target.Id, ct);
        }
        catch (PatientMoveRefusedException e)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new MergeResult(MergeOutcome.Refused, null, "The merge was not carried out, and nothing was changed: " + e.Message);
        }

        db.Set<PatientMergeMove>().AddRange(moves);
        source.Active = false;
        source.ReplacedById = target.Id;
        Touch(source, now);
        Touch(target, now);
        merge.Status = MergeStatus.Completed;
        merge.DecidedById = actor.Id;
        merge.DecidedByName = actor.Name;
        merge.DecidedAt = now;
        merge.DecisionNote = note;
        merge.Version++;
        var summary = Summary(moves);
        audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", source.Id, detail: $"merge confirmed: merged into Patient/{target.Id}; moved {summary}");
        audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", target.Id, detail: $"merge confirmed: Patient/{source.Id} merged into this record; moved {summary}");
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new MergeResult(MergeOutcome.Conflict, null, "Someone else changed one of these records or this merge at the same moment; nothing was merged. Look again.");
        }

        return new MergeResult(MergeOutcome.Done, merge, RowsMoved: moves.Count);
    }

    public async Task<MergeResult> RejectAsync(Guid mergeId, string? note, CancellationToken ct)
    {
        var actor = actors.Current;
        var merge = await db.Set<PatientMerge>().FirstOrDefaultAsync(m => m.Id == mergeId, ct);
        if (merge is null)
        {
            return new MergeResult(MergeOutcome.NotFound, null, $"There is no merge {mergeId}.");
        }

        if (!actor.Has(Permissions.PatientsMerge) || actor.IsSystem)
        {
            return await DeniedAsync("reject", merge, [merge.SourcePatientId, merge.TargetPatientId], "no merge permission", ct);
        }

        if (merge.ProposedById == actor.Id)
        {
            return await DeniedAsync("reject", merge, [merge.SourcePatientId, merge.TargetPatientId],
                "You proposed this merge, so a different person must decide on it.", ct);
        }

        if (merge.Status != MergeStatus.Proposed)
        {
            return new MergeResult(MergeOutcome.Conflict, merge, $"This merge has already been {merge.Status.ToLowerInvariant()}.");
        }

        note = FreeText.Clean(note);
        if (FreeText.TooLong(note, "The note", MaxReasonLength) is { } tooLong)
        {
            return new MergeResult(MergeOutcome.Invalid, merge, tooLong);
        }

        merge.Status = MergeStatus.Rejected;
        merge.DecidedById = actor.Id;
        merge.DecidedByName = actor.Name;
        merge.DecidedAt = Now();
        merge.DecisionNote = note;
        merge.Version++;
        audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", merge.SourcePatientId, detail: "merge rejected");
        audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", merge.TargetPatientId, detail: "merge rejected");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new MergeResult(MergeOutcome.Conflict, null, "Someone else decided on this merge at the same moment. Look again.");
        }

        return new MergeResult(MergeOutcome.Done, merge);
    }

    /// <summary>
    /// Undoes a completed merge: the moved rows go back to the source record, which becomes active again — but only
    /// if every moved row is exactly as the merge left it. Otherwise nothing changes and the reasons are listed.
    /// </summary>
    public async Task<MergeResult> UnmergeAsync(Guid mergeId, string? reason, CancellationToken ct)
    {
        var actor = actors.Current;
        var pre = await db.Set<PatientMerge>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mergeId, ct);
        if (pre is null)
        {
            return new MergeResult(MergeOutcome.NotFound, null, $"There is no merge {mergeId}.");
        }

        if (!actor.Has(Permissions.PatientsMerge) || actor.IsSystem)
        {
            return await DeniedAsync("unmerge", pre, [pre.SourcePatientId, pre.TargetPatientId], "no merge permission", ct);
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return new MergeResult(MergeOutcome.Invalid, pre, $"Say why the merge was wrong (up to {MaxReasonLength} characters).");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AuditChain.LockAllAsync(db, ct);
        var merge = await db.Set<PatientMerge>().FirstAsync(m => m.Id == mergeId, ct);
        if (merge.Status != MergeStatus.Completed)
        {
            return new MergeResult(MergeOutcome.Conflict, merge, merge.Status == MergeStatus.Unmerged
                ? "This merge has already been undone."
                : "Only a merge that was carried out can be undone.");
        }

        var source = await db.Set<Patient>().FirstAsync(p => p.Id == merge.SourcePatientId, ct);
        var target = await db.Set<Patient>().FirstAsync(p => p.Id == merge.TargetPatientId, ct);
        if (await AccessAsync(source, target, ct) is { } denied)
        {
            return denied;
        }

        var reasons = new List<string>();
        if (source.Active || source.ReplacedById != target.Id)
        {
            reasons.Add("The merged record is no longer marked as replaced by the surviving record.");
        }

        if (!target.Active)
        {
            reasons.Add("The surviving record has itself been merged into another record since; undo that merge first.");
        }

        var moves = await db.Set<PatientMergeMove>().AsNoTracking().Where(m => m.MergeId == merge.Id).ToListAsync(ct);
        reasons.AddRange((await new ReferenceMover(db).CheckAsync(moves, target.Id, ct)).Select(p => p.ToString()));
        if (reasons.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var shown = reasons.Take(20).ToList();
            if (reasons.Count > shown.Count)
            {
                shown.Add($"… and {reasons.Count - shown.Count} more.");
            }

            var detail = $"unmerge refused: {reasons.Count} problem(s), first: {reasons[0]}";
            audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", merge.SourcePatientId, AuditOutcome.Failure, detail);
            audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", merge.TargetPatientId, AuditOutcome.Failure, detail);
            await db.SaveChangesAsync(ct);
            return new MergeResult(MergeOutcome.Refused, merge,
                "The merge cannot be undone exactly: data moved by it has changed since. Nothing was changed.", shown);
        }

        var now = Now();
        var restored = await new ReferenceMover(db).RestoreAsync(merge.Id, moves, target.Id, source.Id, ct);
        source.Active = true;
        source.ReplacedById = null;
        Touch(source, now);
        Touch(target, now);
        merge.Status = MergeStatus.Unmerged;
        merge.UnmergedById = actor.Id;
        merge.UnmergedByName = actor.Name;
        merge.UnmergedAt = now;
        merge.UnmergeReason = reason;
        merge.Version++;
        var summary = Summary(moves);
        audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", source.Id, detail: $"unmerged from Patient/{target.Id}; restored {summary}");
        audit.Add(AuditAction.Update, $"PatientMerge/{merge.Id}", target.Id, detail: $"Patient/{source.Id} unmerged from this record; restored {summary}");
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new MergeResult(MergeOutcome.Conflict, null, "Someone else changed one of these records at the same moment; nothing was undone. Look again.");
        }

        return new MergeResult(MergeOutcome.Done, merge, RowsMoved: restored);
    }

    /// <summary>Proposals waiting for a second person, oldest first (no patient details are read here beyond names).</summary>
    public async Task<IReadOnlyList<MergeView>> PendingAsync(CancellationToken ct)
    {
        var merges = await db.Set<PatientMerge>().AsNoTracking().Where(m => m.Status == MergeStatus.Proposed)
            .OrderBy(m => m.ProposedAt).Take(200).ToListAsync(ct);
        return await ViewsAsync(merges, "pending merges listed", ct);
    }

    /// <summary>How many proposals this person could confirm (someone else's); a count only, no patient data.</summary>
    public Task<int> AwaitingConfirmationByAsync(string actorId, CancellationToken ct) =>
        db.Set<PatientMerge>().CountAsync(m => m.Status == MergeStatus.Proposed && m.ProposedById != actorId, ct);

    /// <summary>Every merge that names this patient, newest first.</summary>
    public async Task<IReadOnlyList<MergeView>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var merges = await db.Set<PatientMerge>().AsNoTracking()
            .Where(m => m.SourcePatientId == patientId || m.TargetPatientId == patientId)
            .OrderByDescending(m => m.ProposedAt).Take(50).ToListAsync(ct);
        return await ViewsAsync(merges, null, ct);
    }

    public async Task<MergeView?> GetAsync(Guid mergeId, CancellationToken ct)
    {
        var merge = await db.Set<PatientMerge>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mergeId, ct);
        return merge is null ? null : (await ViewsAsync([merge], "merge read", ct)).Single();
    }

    private async Task<IReadOnlyList<MergeView>> ViewsAsync(List<PatientMerge> merges, string? auditDetail, CancellationToken ct)
    {
        if (merges.Count == 0)
        {
            return [];
        }

        var ids = merges.SelectMany(m => new[] { m.SourcePatientId, m.TargetPatientId }).Distinct().ToList();
        var patients = await db.Set<Patient>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var mergeIds = merges.Select(m => m.Id).ToList();
        var counts = await db.Set<PatientMergeMove>().AsNoTracking().Where(m => mergeIds.Contains(m.MergeId))
            .GroupBy(m => m.MergeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var seeSensitive = actors.Current.Has(Permissions.PatientsSensitive);
        PatientSummary Summary(Patient p) => p.Sensitive && !seeSensitive
            ? new PatientSummary(p.Id, "Restricted record", null, null, Sex.Unknown, null, true, p.Version)
            : new PatientSummary(p.Id, p.DisplayName, p.NhsNumber, p.BirthDate, p.Sex, p.Postcode, false, p.Version, p.HospitalNumber);
        var views = merges.Select(m => new MergeView(m, Summary(patients[m.SourcePatientId]), Summary(patients[m.TargetPatientId]),
            counts.GetValueOrDefault(m.Id))).ToList();
        if (auditDetail is not null)
        {
            await audit.RecordManyAsync(AuditAction.Read, views.SelectMany(v => new[]
            {
                ($"PatientMerge/{v.Merge.Id}", (Guid?)v.Merge.SourcePatientId),
                ($"PatientMerge/{v.Merge.Id}", (Guid?)v.Merge.TargetPatientId),
            }), auditDetail, ct);
        }

        return views;
    }

    /// <summary>Why these two records cannot be merged now, or null if they can.</summary>
    internal static string? RecordProblem(Patient source, Patient target)
    {
        if (source.Id == target.Id)
        {
            return "A record cannot be merged into itself.";
        }

        if (source.ReplacedById is not null)
        {
            return "This record has already been merged into another record.";
        }

        if (!source.Active)
        {
            return "This record is inactive; only an active duplicate can be merged.";
        }

        if (target.ReplacedById is not null)
        {
            return "The record to keep has itself been merged into another record; merge into that one instead.";
        }

        return !target.Active ? "The record to keep is inactive; a record can only be merged into an active record." : null;
    }

    private async Task<MergeResult?> AccessAsync(Patient source, Patient target, CancellationToken ct)
    {
        foreach (var p in new[] { source, target })
        {
            if (await access.DecideAsync(p.Id, p.Sensitive, ct) != PatientAccessDecision.Allowed)
            {
                return await DeniedAsync("merge", null, [source.Id, target.Id], "restricted record: break the glass on both records first", ct);
            }
        }

        return null;
    }

    private async Task<MergeResult> DeniedAsync(string step, PatientMerge? merge, Guid[] patients, string why, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is { } tx)
        {
            await tx.RollbackAsync(ct);
        }

        db.ChangeTracker.Clear();
        foreach (var p in patients.Distinct())
        {
            audit.Add(AuditAction.Update, merge is null ? $"Patient/{p}" : $"PatientMerge/{merge.Id}", p, AuditOutcome.Denied, $"{step}: {why}");
        }

        await db.SaveChangesAsync(ct);
        return new MergeResult(MergeOutcome.Denied, merge, why);
    }

    private void Touch(Patient p, DateTime now)
    {
        p.Version++;
        p.UpdatedAt = now;
        PatientHistory.Record(db, p, actors.Current.Id, now);
    }

    private static string Summary(List<PatientMergeMove> moves) => moves.Count == 0
        ? "no rows"
        : string.Join(", ", moves.GroupBy(m => $"{m.TableName}.{m.ColumnName}").Select(g => $"{g.Count()} {g.Key}"));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
