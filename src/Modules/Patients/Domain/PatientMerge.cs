namespace Infirmary.Patients.Domain;

public static class MergeStatus
{
    /// <summary>Proposed by one person; waiting for a different person to confirm or reject it.</summary>
    public const string Proposed = "Proposed";

    /// <summary>Carried out: the source record is inactive and everything that referred to it refers to the target.</summary>
    public const string Completed = "Completed";

    public const string Rejected = "Rejected";

    /// <summary>Carried out, then undone exactly.</summary>
    public const string Unmerged = "Unmerged";
}

/// <summary>
/// One merge of a duplicate record (<see cref="SourcePatientId"/>, which becomes inactive) into the surviving record
/// (<see cref="TargetPatientId"/>), from proposal through confirmation by a second person to an optional unmerge.
/// Its <see cref="PatientMergeMove"/> rows say exactly what was moved, so an unmerge can put it back.
/// </summary>
public sealed class PatientMerge
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SourcePatientId { get; set; }

    public Guid TargetPatientId { get; set; }

    public string Status { get; set; } = MergeStatus.Proposed;

    /// <summary>Why the proposer believes these are one person (shown to the confirmer).</summary>
    public string Reason { get; set; } = string.Empty;

    public string ProposedById { get; set; } = string.Empty;

    public string ProposedByName { get; set; } = string.Empty;

    public DateTime ProposedAt { get; set; }

    /// <summary>Who confirmed or rejected the proposal: never the proposer (a check constraint says so too).</summary>
    public string? DecidedById { get; set; }

    public string? DecidedByName { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    public string? UnmergedById { get; set; }

    public string? UnmergedByName { get; set; }

    public DateTime? UnmergedAt { get; set; }

    public string? UnmergeReason { get; set; }

    /// <summary>Optimistic concurrency token: two people acting on one proposal at once cannot both succeed.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>One row that a merge moved: which table, which row (its key as text), which column.</summary>
public sealed class PatientMergeMove
{
    public long Id { get; set; }

    public Guid MergeId { get; set; }

    public string TableName { get; set; } = string.Empty;

    public string KeyColumn { get; set; } = string.Empty;

    public string ColumnName { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    /// <summary>
    /// SHA-256 of the whole row as the merge left it. An unmerge puts the row back only while it is still exactly
    /// so; any later change (or deletion) is reported and the unmerge refused.
    /// </summary>
    public string Fingerprint { get; set; } = string.Empty;
}
