using System.Globalization;
using Google.OrTools.Sat;

namespace Infirmary.Rostering;

public static partial class RosterSolver
{
    /// <summary>
    /// The decomposition thread (ADR 0166). It runs column generation (<see cref="RosterDecomposition"/>) first, feeding
    /// each new Lagrangian bound to the shared bound and seeding the master with the best roster any thread has found;
    /// then it solves the integer master over the generated columns (price-and-branch) and hands its roster to the shared
    /// best; then, for the rest of the time, it searches the whole model with CP-SAT with the decomposition's Lagrangian
    /// cuts added, so that search starts from the decomposition bound instead of the plain LP's and can close the last
    /// few points by branching. A bound that meets the best roster from any thread proves optimality, as before.
    /// </summary>
    private sealed class DecompositionWorker(RosterProblem problem, SolverOptions options, Shared shared, int seed) : IRosterWorker
    {
        // Share of the time left after column generation given to the integer master before the full search.
        private const double MasterShare = 0.15;

        // Most of the time limit column generation may take. On a heavily loaded machine instance 8's did not converge
        // in 60 s (bound 42, no roster from this thread): past half the time the thread moves on with what it has.
        private const double GenerationShare = 0.5;

        private readonly Lock gate = new();
        private CpSolver? current;
        private volatile bool stopped;

        public CpSolverStatus Status { get; private set; } = CpSolverStatus.Unknown;

        public long? Bound { get; private set; }

        public void Run()
        {
            using var decomposition = new RosterDecomposition(problem);
            var seeded = long.MaxValue;
            var outcome = decomposition.Run(
                (options.TimeLimit * GenerationShare) - shared.Clock.Elapsed,
                stop: () =>
                {
                    // Rosters found meanwhile by other threads become columns: a better start for the master.
                    if (shared.TryBetter(seeded, out var roster, out var objective))
                    {
                        decomposition.AddRoster(roster);
                        seeded = objective;
                    }

                    return stopped || shared.Done;
                },
                onBound: b =>
                {
                    Bound = Bound is { } known ? Math.Max(known, b) : b;
                    shared.BoundFound(b);
                });
            // A person with no legal rota at all leaves no bound; the whole model's search below then proves infeasibility.
            if (stopped || shared.Done) return;
            var left = options.TimeLimit - shared.Clock.Elapsed;
            if (left <= TimeSpan.Zero) return;
            if (outcome.Bound is not null)
            {
                // The master leaves fairness out, so the roster's objective is the checker's, not the master's.
                decomposition.SolveIntegerMaster(
                    left * MasterShare,
                    shared.BestRoster,
                    (_, roster) => shared.Found(RosterChecker.Evaluate(problem, roster).Objective, null, () => roster),
                    () => stopped || shared.Done);
            }
            if (stopped || shared.Done) return;

            // The whole model with the Lagrangian cuts, hinted with the best roster so far: CP-SAT's LP search, whose
            // rosters were the nearest to the optimum on instance 5 before (ADR 0160). The lower-bound tree search here
            // raised the bound no further in 60 s (instances 5–7) and is not used.
            var built = new RosterModel(problem, diagnose: false);
            decomposition.AddCuts(built);
            if (shared.BestRoster is { } best) built.AddHint(best);
            else if (options.Hint is { } hint) built.AddHint(hint);
            var solver = new CpSolver();
            lock (gate)
            {
                if (stopped || shared.Done) return;
                current = solver;
            }

            var remaining = options.TimeLimit - shared.Clock.Elapsed;
            solver.StringParameters = Parameters(Math.Max(0.01, remaining.TotalSeconds), 1)
                + string.Create(CultureInfo.InvariantCulture, $" random_seed:{seed}");
            solver.SetBestBoundCallback(shared.BoundFound);
            Status = solver.Solve(built.Model, new Progress(shared, built));
            lock (gate) current = null;
            if (BoundOf(solver) is { } proved) Bound = Bound is { } known ? Math.Max(known, proved) : proved;
            if (Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                shared.Found((long)Math.Round(solver.ObjectiveValue), Bound, () => built.Read(solver.BooleanValue));
            }

            // Infeasible here is the whole problem's (the cuts cut off no legal roster).
            if (Status is CpSolverStatus.Optimal or CpSolverStatus.Infeasible) shared.StopAll();
            solver.Dispose();
        }

        public void Stop()
        {
            stopped = true;
            lock (gate) current?.StopSearch();
        }

        public void Dispose()
        {
        }
    }
}
