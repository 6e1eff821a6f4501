namespace Infirmary.Rostering;

/// <summary>How long and how wide to search. One configuration serves every instance; nothing is tuned per problem.</summary>
public sealed record SolverOptions
{
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);
    public int Threads { get; init; } = 2;

    /// <summary>
    /// Optional limit in CP-SAT's deterministic work units instead of wall time alone. With one thread the
    /// search is then reproducible whatever the machine's load (used by tests); the wall-clock limit still applies.
    /// </summary>
    public double? DeterministicTimeLimit { get; init; }

    /// <summary>Stop as soon as a roster with this objective or lower is found (for example a known optimum).</summary>
    public long? StopAtObjective { get; init; }

    /// <summary>Called with (objective, seconds since start) each time a better roster is found.</summary>
    public Action<long, double>? OnImprovement { get; init; }

    /// <summary>Optional starting roster; CP-SAT uses it as a hint and repairs it if it breaks rules.</summary>
    public IReadOnlyList<Assignment>? Hint { get; init; }
}
