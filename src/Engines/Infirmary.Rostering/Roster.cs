namespace Infirmary.Rostering;

/// <summary>One shift worked by one person on one day (day from 0).</summary>
public sealed record Assignment(string EmployeeId, int Day, string ShiftId);

/// <summary>A hard rule broken by a roster.</summary>
/// <param name="Rule">Short rule name, for example "max-consecutive-shifts".</param>
public sealed record HardViolation(string Rule, string? EmployeeId, int? Day, string Message);

/// <summary>A soft rule not met by a roster, with the penalty it adds to the objective.</summary>
/// <param name="Kind">"shift-on-request", "shift-off-request", "cover-under", "cover-over" or "fairness".</param>
public sealed record SoftViolation(string Kind, string? EmployeeId, int? Day, string? ShiftId, long Penalty, string Message);

/// <summary>The result of checking a roster against a problem.</summary>
public sealed record RosterEvaluation(long Objective, IReadOnlyList<HardViolation> HardViolations, IReadOnlyList<SoftViolation> SoftViolations)
{
    public bool IsFeasible => HardViolations.Count == 0;
}

/// <summary>How a solve ended.</summary>
public enum RosterStatus
{
    /// <summary>The best roster is proven optimal.</summary>
    Optimal,

    /// <summary>A roster was found but the time ran out before optimality was proven.</summary>
    Feasible,

    /// <summary>The hard rules cannot all be met; see <see cref="SolveResult.Conflicts"/>.</summary>
    Infeasible,

    /// <summary>No roster was found in the time allowed and infeasibility was not proven.</summary>
    Unknown,
}

/// <summary>The outcome of <see cref="RosterSolver.Solve"/>.</summary>
public sealed record SolveResult
{
    public required RosterStatus Status { get; init; }

    /// <summary>The best roster found, or empty when none was found.</summary>
    public IReadOnlyList<Assignment> Roster { get; init; } = [];

    /// <summary>Objective of <see cref="Roster"/> (sum of soft penalties); null when there is no roster.</summary>
    public long? Objective { get; init; }

    /// <summary>Best proven lower bound on the objective.</summary>
    public long? Bound { get; init; }

    public TimeSpan WallTime { get; init; }

    /// <summary>Time at which the returned roster was found.</summary>
    public TimeSpan TimeToBest { get; init; }

    /// <summary>Time at which the first feasible roster was found.</summary>
    public TimeSpan? TimeToFirst { get; init; }

    /// <summary>Each remaining soft violation of the returned roster: who, what, which day, and the penalty.</summary>
    public IReadOnlyList<SoftViolation> SoftViolations { get; init; } = [];

    /// <summary>When infeasible: a set of hard rule groups that cannot all hold together.</summary>
    public IReadOnlyList<string> Conflicts { get; init; } = [];
}
