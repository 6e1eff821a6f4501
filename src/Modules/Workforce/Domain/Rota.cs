namespace Infirmary.Workforce.Domain;

public static class RotaStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
}

/// <summary>A team's rota for a period: built by the solver as a draft, adjusted by the manager, then published.</summary>
public sealed class Rota
{
    public Guid Id { get; set; }

    public int Version { get; set; } = 1;

    public Guid TeamId { get; set; }

    public DateOnly StartDate { get; set; }

    public int Days { get; set; }

    public string Status { get; set; } = RotaStatus.Draft;

    /// <summary>Solver outcome when built: "optimal", "feasible", "infeasible" or "unknown".</summary>
    public required string SolverStatus { get; set; }

    public long? Objective { get; set; }

    public long? Bound { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? PublishedBy { get; set; }

    public DateTime? PublishedAt { get; set; }

    public DateOnly EndDate => StartDate.AddDays(Days - 1);

    public List<RotaShift> Shifts { get; set; } = [];
}

/// <summary>One person on one shift on one day; the database allows one per person per day on a rota.</summary>
public sealed class RotaShift
{
    public Guid Id { get; set; }

    public Guid RotaId { get; set; }

    public Guid StaffMemberId { get; set; }

    public DateOnly Date { get; set; }

    public required string ShiftCode { get; set; }
}

/// <summary>A change to a rota — a manager's edit or an approved swap — kept so published rotas have a history.</summary>
public sealed class RotaChange
{
    public Guid Id { get; set; }

    public Guid RotaId { get; set; }

    public DateTime At { get; set; }

    public required string By { get; set; }

    public required string Description { get; set; }

    /// <summary>True when the manager accepted a change that breaks a hard rule, with <see cref="Reason"/>.</summary>
    public bool IsException { get; set; }

    public string? Reason { get; set; }

    public bool AfterPublishing { get; set; }
}

/// <summary>A request by one person to swap their shift with a colleague's, approved by the manager.</summary>
public sealed class SwapRequest
{
    public Guid Id { get; set; }

    public int Version { get; set; } = 1;

    public Guid RotaId { get; set; }

    public Guid RequesterId { get; set; }

    public DateOnly RequesterDate { get; set; }

    public Guid OtherId { get; set; }

    public DateOnly OtherDate { get; set; }

    public string Status { get; set; } = RequestStatus.Requested;

    public string? Note { get; set; }

    public DateTime RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }
}

/// <summary>Where a rota build is: waiting for the solver, searching, finished with a rota, or refused.</summary>
public static class RotaBuildStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Refused = "refused";
}

/// <summary>
/// A rota being built in the background, so the manager watches the search instead of waiting on a blank page.
/// The row is the progress: any web node can show it, and a build whose node stopped is recognisable because its
/// <see cref="UpdatedAt"/> heartbeat stops moving.
/// </summary>
public sealed class RotaBuild
{
    public Guid Id { get; set; }

    public Guid TeamId { get; set; }

    public DateOnly StartDate { get; set; }

    public int Weeks { get; set; }

    public string Status { get; set; } = RotaBuildStatus.Queued;

    public required string RequestedBy { get; set; }

    public DateTime RequestedAt { get; set; }

    /// <summary>Last heartbeat from the node running the build (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    public double TimeLimitSeconds { get; set; }

    public double ElapsedSeconds { get; set; }

    /// <summary>Improving rotas found so far.</summary>
    public int Solutions { get; set; }

    /// <summary>Penalty of the best rota so far (lower is better).</summary>
    public long? Objective { get; set; }

    /// <summary>The lowest penalty any rota could have, as proved so far.</summary>
    public long? Bound { get; set; }

    /// <summary>Why no rota was made, in words for the manager.</summary>
    public string? Problem { get; set; }

    public Guid? RotaId { get; set; }
}
