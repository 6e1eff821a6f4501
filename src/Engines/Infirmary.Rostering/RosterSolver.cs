using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Infirmary.Rostering;

/// <summary>
/// Solves a <see cref="RosterProblem"/> with Google OR-Tools CP-SAT: one boolean per person, day and shift,
/// hard rules as clauses and linear constraints, soft rules as a weighted objective.
/// </summary>
public static partial class RosterSolver
{
    /// <summary>UK Working Time Regulations: 11 consecutive hours' rest in each 24-hour period.</summary>
    public const int MinimumRestMinutes = 11 * 60;

    /// <summary>
    /// Finds the best roster within <paramref name="options"/>' time limit, using <see cref="SolverOptions.Threads"/>
    /// threads. Each thread runs CP-SAT's sequential search on its own copy of the model with its own random seed
    /// (a seed portfolio); the first to prove optimality or infeasibility stops the others. On the benchmark
    /// this beat CP-SAT's own multi-worker portfolio by a wide margin at 2 threads: its second worker only runs
    /// large-neighbourhood search, while the sequential search with the LP proves instances 2 and 3 in seconds.
    /// With <see cref="SolverOptions.Decomposition"/> the first thread runs the Dantzig–Wolfe decomposition instead
    /// (<see cref="RosterDecomposition"/>, ADR 0166): its bound goes to the same shared bound, its rosters to the same
    /// shared best.
    /// </summary>
    public static SolveResult Solve(RosterProblem problem, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validate();
        options ??= new SolverOptions();
        var shared = new Shared(options);
        List<IRosterWorker> workers;
        if (options.FeasibilityFirst && options.ImproveWithNeighbourhoods && options.Threads >= 2)
        {
            // ADR 0165: CP-SAT's portfolio until its first roster, then the LP search (hinted with that roster) beside
            // the neighbourhood search, both from the best roster so far.
            var start = new Worker(problem, options, shared, 0, WorkerRole.PortfolioFirst);
            RunAll([start], shared, options);
            workers = [start];
            if (start.Status is not (CpSolverStatus.Infeasible or CpSolverStatus.Optimal) && !shared.Done && shared.BestRoster is { } first)
            {
                var improve = options with { Hint = first };
                // With BoundWorker the first thread runs the lower-bound tree search instead (38 against 15–16 for the LP
                // search at 8 units on the ward), and rosters come from the neighbourhood search alone.
                var role = options.BoundWorker ? WorkerRole.Bound : WorkerRole.Search;
                List<IRosterWorker> rest = [new Worker(problem, improve, shared, 0, role), new NeighbourhoodWorker(problem, improve, shared, 1)];
                RunAll(rest, shared, options);
                workers.AddRange(rest);
            }
        }
        else
        {
            workers = options.FeasibilityFirst
                ? [new Worker(problem, options, shared, 0, WorkerRole.Portfolio)]
                : Enumerable.Range(0, Math.Max(1, options.Threads))
                    .Select(seed => RoleOf(seed, options) switch
                    {
                        WorkerRole.Neighbourhood => (IRosterWorker)new NeighbourhoodWorker(problem, options, shared, seed),
                        WorkerRole.Decomposition => new DecompositionWorker(problem, options, shared, seed),
                        var role => new Worker(problem, options, shared, seed, role),
                    })
                    .ToList();
            RunAll(workers, shared, options);
        }

        var wall = shared.Clock.Elapsed;
        if (workers.Any(w => w.Status == CpSolverStatus.Infeasible))
        {
            var remaining = options.TimeLimit - wall;
            // When one person has no legal rota, their rules alone are explained, by the dynamic programme where it states
            // them (ADR 0179), else by CP-SAT on that person's model: far smaller than the whole.
            var person = workers.OfType<DecompositionWorker>().Select(w => w.WithoutRota).FirstOrDefault(p => p is not null);
            var alone = person is { } e ? problem with { Employees = [problem.Employees[e]], Cover = [], Requests = [], FairnessWeight = 0 } : problem;
            var conflicts = (person is { } who ? RotaPricer.Conflicts(problem, who, RosterDecomposition.Beam) : null)
                ?? Explain(alone, remaining > TimeSpan.FromSeconds(5) ? remaining : TimeSpan.FromSeconds(5));
            foreach (var w in workers) w.Dispose();
            return new SolveResult { Status = RosterStatus.Infeasible, WallTime = shared.Clock.Elapsed, Conflicts = conflicts };
        }

        var bound = new[] { workers.Select(w => w.Bound).Max(), shared.Bound }.Max();
        // An early Lagrangian bound can be far below 0 (30 people over 84 days: −30,617 at 60 s), where no weight is
        // negative and so no roster can cost less than 0.
        if (bound < 0 && problem.Cover.All(c => c.UnderWeight >= 0 && c.OverWeight >= 0) && problem.Requests.All(r => r.Weight >= 0) && problem.FairnessWeight >= 0) bound = 0;
        foreach (var w in workers) w.Dispose();
        if (shared.BestRoster is not { } best)
        {
            return new SolveResult { Status = RosterStatus.Unknown, WallTime = wall, Bound = bound };
        }

        // Proved either by one worker alone or by one worker's bound meeting another worker's roster.
        var objective = shared.BestObjective;
        var optimal = workers.Any(w => w.Status == CpSolverStatus.Optimal) || (bound is { } proved && objective <= proved);
        var evaluation = RosterChecker.Evaluate(problem, best);
        return new SolveResult
        {
            Status = optimal ? RosterStatus.Optimal : RosterStatus.Feasible,
            Roster = best,
            Objective = objective,
            Bound = optimal ? objective : bound,
            WallTime = wall,
            TimeToBest = shared.TimeToBest ?? wall,
            TimeToFirst = shared.TimeToFirst,
            SoftViolations = evaluation.SoftViolations,
        };
    }

    // Runs the workers, one thread each, until all end (optimal, infeasible, out of time or stopped).
    private static void RunAll(List<IRosterWorker> workers, Shared shared, SolverOptions options)
    {
        shared.Workers = workers;
        try
        {
            var running = workers.Select(w => Task.Factory.StartNew(w.Run, TaskCreationOptions.LongRunning)).ToArray();
            if (options.StopAfterNoImprovement is { } patience)
            {
                // Watch from here: stop everything when the best roster has not improved for `patience`.
                while (!Task.WaitAll(running, TimeSpan.FromMilliseconds(50)))
                {
                    if (shared.TimeToBest is { } last && shared.Clock.Elapsed - last > patience)
                    {
                        shared.StopAll();
                    }
                }
            }

            Task.WaitAll(running);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            throw ex.InnerExceptions[0];
        }
    }

    // State shared by the portfolio's threads: the clock, the best objective so far and the stop signal.
    private sealed class Shared(SolverOptions options)
    {
        private readonly Lock gate = new();
        private long best = long.MaxValue;
        private long? bound;
        private int solutions;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        /// <summary>The best lower bound any worker has proved so far.</summary>
        public long? Bound
        {
            get
            {
                lock (gate) return bound;
            }
        }

        public IReadOnlyList<IRosterWorker> Workers { get; set; } = [];

        /// <summary>The best roster any worker has found so far, and its objective.</summary>
        public List<Assignment>? BestRoster
        {
            get
            {
                lock (gate) return bestRoster;
            }
        }

        public long BestObjective
        {
            get
            {
                lock (gate) return best;
            }
        }

        private List<Assignment>? bestRoster;

        /// <summary>The best roster so far when it is better than <paramref name="than"/>.</summary>
        public bool TryBetter(long than, out List<Assignment> roster, out long objective)
        {
            lock (gate)
            {
                roster = bestRoster!;
                objective = best;
                return bestRoster is not null && best < than;
            }
        }

        // A legal roster held back (the decomposition's first rotas on a small problem, ADR 0180) until a search that
        // should have found a roster has not: whichever of Reserve and ReserveWanted comes second reports it.
        private (long Objective, List<Assignment> Roster, string Source)? reserve;
        private bool reserveWanted;

        public void Reserve(long objective, List<Assignment> roster, string source)
        {
            lock (gate)
            {
                if (!reserveWanted)
                {
                    reserve = (objective, roster, source);
                    return;
                }
            }

            Found(objective, null, () => roster, source);
        }

        public void ReserveWanted()
        {
            (long Objective, List<Assignment> Roster, string Source)? held;
            lock (gate)
            {
                reserveWanted = true;
                (held, reserve) = (reserve, null);
            }

            if (held is { } r) Found(r.Objective, null, () => r.Roster, r.Source);
        }

        public bool HasRoster
        {
            get
            {
                lock (gate) return bestRoster is not null;
            }
        }
        public volatile bool Done;

        /// <summary>
        /// True while the decomposition's bound stands for every other bound search: while branch-and-price runs (its
        /// master states the whole objective, fairness included, ADR 0171), or while the decomposition thread runs a
        /// neighbourhood search of its own after column generation (ADR 0183). The neighbourhood thread then keeps looking
        /// for rosters instead of spending its time on a bound of its own (ADR 0169). Read by the other threads without a
        /// lock, hence volatile.
        /// </summary>
        public bool DecompositionBound => decompositionBound;

        private volatile bool decompositionBound;

        public void DecompositionBoundStands()
        {
            decompositionBound = true;
            foreach (var w in Workers) w.DecompositionBoundStands();
        }

        public void DecompositionBoundEnds() => decompositionBound = false;

        /// <summary>
        /// The decomposition's latest master LP as rotas (weights per person, day and shift; ADR 0176), or null before it
        /// has one without artificials. Published whole by the decomposition thread and read by the neighbourhood search.
        /// </summary>
        public float[,,]? Guide => guide;

        private volatile float[,,]? guide;

        public void GuideFound(float[,,] weights) => guide = weights;

        public TimeSpan? TimeToBest { get; private set; }
        public TimeSpan? TimeToFirst { get; private set; }

        // A worker found a roster; `read` gives it (called only when it is the best so far, before returning).
        public void Found(long objective, long? workerBound, Func<List<Assignment>> read, string source)
        {
            lock (gate)
            {
                TimeToFirst ??= Clock.Elapsed;
                // Every worker proves a valid lower bound on the same problem, so the best known is the largest.
                if (workerBound is { } b && (bound is null || b > bound)) bound = b;
                if (objective >= best) return;
                var first = bestRoster is null;
                best = objective;
                bestRoster = read();
                if (first)
                {
                    foreach (var w in Workers) w.RosterAvailable();
                }

                solutions++;
                TimeToBest = Clock.Elapsed;
                options.OnProgress?.Invoke(new SolverProgress(objective, bound is { } known ? Math.Min(known, objective) : null, Clock.Elapsed.TotalSeconds, solutions) { Source = source });
            }

            if (options.StopAtObjective is { } target && objective <= target) StopAll();
            if (Proved) StopAll();
        }

        // A worker proved a new lower bound (CP-SAT's best-bound callback).
        public void BoundFound(double value)
        {
            if (!double.IsFinite(value)) return;
            var b = (long)Math.Ceiling(value - 1e-6);
            lock (gate)
            {
                if (bound is { } known && b <= known) return;
                bound = b;
            }

            if (Proved) StopAll();
        }

        // The best roster so far is no worse than the best bound: it is optimal whichever worker found it.
        private bool Proved
        {
            get
            {
                lock (gate) return bound is { } b && best != long.MaxValue && best <= b;
            }
        }

        public void StopAll()
        {
            Done = true;
            foreach (var w in Workers) w.Stop();
        }
    }

    // Search: CP-SAT's sequential search with the LP (finds rosters and proves bounds). Bound: CP-SAT's
    // LP-guided lower-bound tree search, which raises the bound faster but rarely finds rosters itself.
    // Portfolio: CP-SAT's own multi-worker portfolio (local search and LNS around one LP search).
    // Neighbourhood: the rostering-specific large-neighbourhood search (RosterSolver.Neighbourhood.cs).
    // PortfolioFirst: the portfolio stopped at its first roster (ADR 0165).
    // Decomposition: column generation, the integer master, then the whole model with Lagrangian cuts (ADR 0166).
    private enum WorkerRole { Search, Bound, Portfolio, PortfolioFirst, Neighbourhood, Decomposition }

    // With two threads or more the last runs the neighbourhood search (unless switched off); the bound worker, when
    // asked for, takes the thread before it. Every other thread runs the LP search with its own seed (seed 0 first).
    private static WorkerRole RoleOf(int thread, SolverOptions options)
    {
        var threads = Math.Max(1, options.Threads);
        var last = threads - 1;
        // The decomposition takes the first thread (the LP search's, whose bound it replaces with a stronger one). Its
        // column generation runs on wall time, so runs limited by deterministic work (reproducible) keep the LP search.
        if (options.Decomposition && options.DeterministicTimeLimit is null && thread == 0) return WorkerRole.Decomposition;
        if (threads >= 2 && options.NeighbourhoodSearch)
        {
            if (thread == last) return WorkerRole.Neighbourhood;
            return options.BoundWorker && thread == last - 1 ? WorkerRole.Bound : WorkerRole.Search;
        }

        return threads >= 2 && options.BoundWorker && thread == last ? WorkerRole.Bound : WorkerRole.Search;
    }

    private interface IRosterWorker : IDisposable
    {
        CpSolverStatus Status { get; }

        long? Bound { get; }

        void Run();

        void Stop();

        /// <summary>Told when the first roster of the search has been found by any worker.</summary>
        void RosterAvailable()
        {
        }

        /// <summary>Told when the decomposition's bound comes to stand for every other bound search.</summary>
        void DecompositionBoundStands()
        {
        }
    }

    private sealed class Worker(RosterProblem problem, SolverOptions options, Shared shared, int seed, WorkerRole role) : IRosterWorker
    {
        private readonly CpSolver solver = new();
        private volatile bool running;

        public CpSolverStatus Status { get; private set; } = CpSolverStatus.Unknown;
        public long? Bound { get; private set; }

        public void Run()
        {
            if (shared.Done) return;
            var built = new RosterModel(problem, diagnose: false);
            if (options.Hint is { } hint) built.AddHint(hint);
            var remaining = options.TimeLimit - shared.Clock.Elapsed;
            solver.StringParameters = Parameters(Math.Max(0.01, remaining.TotalSeconds), role is WorkerRole.Portfolio or WorkerRole.PortfolioFirst ? Math.Max(2, options.Threads) : 1)
                + (role == WorkerRole.Bound ? " optimize_with_lb_tree_search:true" : string.Empty)
                + (role == WorkerRole.PortfolioFirst ? " stop_after_first_solution:true" : string.Empty)
                + string.Create(CultureInfo.InvariantCulture, $" random_seed:{seed}")
                + (options.DeterministicTimeLimit is { } work ? string.Create(CultureInfo.InvariantCulture, $" max_deterministic_time:{work:0.###}") : string.Empty);
            running = true;
            if (shared.Done) return;
            solver.SetBestBoundCallback(shared.BoundFound);
            Status = solver.Solve(built.Model, new Progress(shared, built, Source));
            running = false;
            Bound = BoundOf(solver);
            if (Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                shared.Found((long)Math.Round(solver.ObjectiveValue), Bound, () => built.Read(solver.BooleanValue), Source);
            }

            if (Status is CpSolverStatus.Optimal or CpSolverStatus.Infeasible) shared.StopAll();
        }

        private string Source => role == WorkerRole.Bound ? Sources.LowerBound : Sources.CpSat;

        public void Stop()
        {
            if (running) solver.StopSearch();
        }

        public void Dispose() => solver.Dispose();
    }

    /// <summary>
    /// Names a set of hard rule groups that cannot hold together: every group is switched on by its own
    /// assumption literal, CP-SAT reports a sufficient subset, and each member is then dropped in turn to keep
    /// only those that matter (deletion filtering), so the answer is small enough to act on.
    /// </summary>
    public static IReadOnlyList<string> Explain(RosterProblem problem, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var deadline = Stopwatch.StartNew();
        var core = CoreOf(problem, null, timeLimit);
        if (core is null) return [];

        for (var i = 0; i < core.Count && deadline.Elapsed < timeLimit;)
        {
            var without = core.Where((_, j) => j != i).ToHashSet();
            var left = timeLimit - deadline.Elapsed;
            var smaller = CoreOf(problem, without, left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left);
            if (smaller is not null)
            {
                core = smaller;
                i = 0;
            }
            else
            {
                i++;
            }
        }

        return core;
    }

    // Solves with only the groups in `enabled` (all when null) and returns the groups in the infeasible
    // core, or null when those groups are satisfiable or the answer is unknown.
    private static List<string>? CoreOf(RosterProblem problem, HashSet<string>? enabled, TimeSpan limit)
    {
        var built = new RosterModel(problem, diagnose: true, enabled);
        built.Model.AddAssumptions(built.GroupLiterals.Values);
        using var solver = new CpSolver
        {
            // Assumption cores are reported by the single-threaded search.
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{Math.Max(1, limit.TotalSeconds):0.###} num_workers:1"),
        };
        var status = solver.Solve(built.Model);
        if (status != CpSolverStatus.Infeasible) return null;
        var byIndex = built.GroupLiterals.ToDictionary(p => p.Value.GetIndex(), p => p.Key);
        var core = solver.SufficientAssumptionsForInfeasibility().Where(byIndex.ContainsKey).Select(i => byIndex[i]).ToList();
        return core.Count == 0 ? [.. built.GroupLiterals.Keys] : core;
    }

    // One configuration for every problem. linearization_level:2 puts the sequence clauses into the LP
    // relaxation as well; on benchmark instance 3 it cut time-to-optimum from over 60 s to about 10 s.
    internal static string Parameters(double seconds, int threads) => string.Create(
        CultureInfo.InvariantCulture,
        $"max_time_in_seconds:{seconds:0.###} num_workers:{Math.Max(1, threads)} linearization_level:2");

    private static long? BoundOf(CpSolver solver) =>
        double.IsFinite(solver.BestObjectiveBound) ? (long)Math.Ceiling(solver.BestObjectiveBound - 1e-6) : null;

    /// <summary>Employees who may work at least one night shift (fairness only compares these).</summary>
    internal static List<int> NightEligible(RosterProblem problem)
    {
        var nights = problem.ShiftTypes.Where(s => s.IsNight).Select(s => s.Id).ToList();
        return Enumerable.Range(0, problem.Employees.Count)
            .Where(e => nights.Any(n => !problem.Employees[e].MaxShiftsPerType.TryGetValue(n, out var max) || max > 0))
            .ToList();
    }

    /// <summary>
    /// The spreads the fairness option compares, for the model, the checker and the decomposition alike: nights among
    /// the night-eligible (when at least two are), and weekends worked among all staff (when there are two or more).
    /// </summary>
    internal static List<(bool Nights, List<int> Members)> FairnessSpreads(RosterProblem problem)
    {
        var spreads = new List<(bool Nights, List<int> Members)>();
        var nightEligible = NightEligible(problem);
        if (nightEligible.Count > 1) spreads.Add((true, nightEligible));
        if (problem.Employees.Count > 1) spreads.Add((false, [.. Enumerable.Range(0, problem.Employees.Count)]));
        return spreads;
    }

    // The searches a progress report can name as its roster's source (SolverProgress.Source).
    private static class Sources
    {
        public const string CpSat = "CP-SAT search";
        public const string LowerBound = "CP-SAT lower-bound search";
        public const string Neighbourhoods = "neighbourhood search";
        public const string IntegerMaster = "integer master";
        public const string FirstRotas = "each person's first rota";
        public const string BranchAndPrice = "branch-and-price";
        public const string CutSearch = "CP-SAT search with the decomposition's cuts";
    }

    private sealed class Progress(Shared shared, RosterModel built, string source) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            var bound = BestObjectiveBound();
            shared.Found((long)Math.Round(ObjectiveValue()), double.IsFinite(bound) ? (long)Math.Ceiling(bound - 1e-6) : null, () => built.Read(BooleanValue), source);
            if (shared.Done) StopSearch();
        }
    }
}
