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

    /// <summary>
    /// Called each time a better roster is found, on a solver thread: keep it short and do not block (copy the
    /// figures somewhere and return). Used to show a manager the search's progress while it runs.
    /// </summary>
    public Action<SolverProgress>? OnProgress { get; init; }

    /// <summary>
    /// Run CP-SAT's own parallel portfolio (local search, LNS and feasibility workers on <see cref="Threads"/> threads)
    /// instead of one sequential search per thread with different seeds. The seed portfolio proves optima on the
    /// benchmark instances sooner; CP-SAT's portfolio finds a first feasible roster far more reliably on small,
    /// tightly covered wards (a 10-person week took from 0.5 to 18 s to a first roster with seeds), which is what a
    /// manager waiting at a screen needs.
    /// </summary>
    public bool FeasibilityFirst { get; init; }

    /// <summary>
    /// With <see cref="FeasibilityFirst"/> and two or more threads: stop CP-SAT's portfolio at its first roster, then
    /// improve it with the LP search (hinted with that roster) on one thread and the rostering neighbourhood search on
    /// the other (ADR 0165); with <see cref="BoundWorker"/> the first runs the lower-bound tree search instead. Off by default.
    /// </summary>
    public bool ImproveWithNeighbourhoods { get; init; }

    /// <summary>
    /// With two or more threads (and not <see cref="FeasibilityFirst"/>), run CP-SAT's lower-bound tree search on the
    /// last thread instead of another seed of the search (ADR 0130): the proved bound rises faster, but one thread fewer
    /// looks for rosters, and on a busy machine the rosters found in 60 s were worse. Off by default.
    /// </summary>
    public bool BoundWorker { get; init; }

    /// <summary>
    /// On problems of more than 1,000 person-days with no cover minimum, screen the decomposition's pricing rounds with a
    /// beam while the exact search is slow (ADR 0181): the LP and the bound come much sooner on long horizons (60 people
    /// over 56 days: bound about 4,900 against about 1,000), but the rosters were no better, and worse with 16 shift
    /// types. Off by default.
    /// </summary>
    public bool ScreenPricing { get; init; }

    /// <summary>
    /// With two or more threads (and not <see cref="FeasibilityFirst"/>), run the rostering large-neighbourhood search on
    /// the last thread (ADR 0155): it frees a few people's whole rotas, a window of days for everyone, a few people over
    /// a window or, with the decomposition, the cells where the roster departs from its master LP (ADR 0176), re-solves
    /// that part with CP-SAT from the best roster so far and keeps what is no worse. Once the neighbourhoods stall it runs
    /// CP-SAT's lower-bound tree search for the rest of the time (ADR 0160). Its rosters and the other threads' bounds
    /// prove optimality together. On by default.
    /// </summary>
    public bool NeighbourhoodSearch { get; init; } = true;

    /// <summary>
    /// Run the Dantzig–Wolfe decomposition on the first thread (ADRs 0166, 0168; not with <see cref="FeasibilityFirst"/>):
    /// column generation with one column per person's whole rota (priced exactly by a dynamic programme) raises the
    /// shared bound to the decomposition bound (within 1–3 points of the optimum on benchmark instances 5–8, where
    /// CP-SAT's LP bound is 40–90 below), the integer master over the columns gives a roster, then branch-and-price
    /// closes the rest (or, where a person's rules are beyond the programme, CP-SAT searches the whole model with the
    /// decomposition's Lagrangian cuts). On by default: on a quiet machine it proves instances 1–6 within 60 s (7 in
    /// some runs; its bound usually reaches the optimum, 1056), raises 8's bound to 1298 and its dives find rosters within 0.5 %
    /// of its optimum. Column generation runs on wall time, so a run with
    /// <see cref="DeterministicTimeLimit"/> (meant to be reproducible) keeps the LP search on the first thread instead.
    /// </summary>
    public bool Decomposition { get; init; } = true;

    /// <summary>
    /// Stop once a roster has been found and none better for this long (the search keeps improving in small steps
    /// or only works on the bound after that). Null searches until optimal or the time limit.
    /// </summary>
    public TimeSpan? StopAfterNoImprovement { get; init; }

    /// <summary>Optional starting roster; CP-SAT uses it as a hint and repairs it if it breaks rules.</summary>
    public IReadOnlyList<Assignment>? Hint { get; init; }
}

/// <summary>
/// The search so far: the best objective, the best lower bound proved by then (null before one is known), seconds
/// since the start, and how many improving rosters have been found.
/// </summary>
public sealed record SolverProgress(long Objective, long? Bound, double Seconds, int Solutions)
{
    /// <summary>
    /// Which search found this roster ("CP-SAT search", "neighbourhood search", "integer master", "branch-and-price", ...):
    /// for the benchmark's trace, to see which part of the solver a result depends on.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>Relative gap between objective and bound (0 when proved optimal); null without a bound.</summary>
    public double? Gap => Bound is { } b ? Objective == 0 ? 0 : Math.Max(0, (double)(Objective - b) / Math.Abs(Objective)) : null;
}
