using System.Globalization;
using Google.OrTools.Sat;

namespace Infirmary.Rostering;

public static partial class RosterSolver
{
    /// <summary>
    /// The decomposition thread (ADRs 0166, 0168). It runs column generation (<see cref="RosterDecomposition"/>) first,
    /// feeding each new Lagrangian bound to the shared bound and seeding the master with the best roster any thread has
    /// found; then it solves the integer master over the generated columns (price-and-branch) and hands its roster to the
    /// shared best; then, when every person's rotas are priced exactly (fairness is in the master, ADR 0171),
    /// branch-and-price for the rest of the time, whose
    /// bound is the least over its open nodes and which proves the best roster optimal when its tree is exhausted.
    /// Otherwise (or if an exact pricing gives up) it searches the whole model with CP-SAT with the decomposition's
    /// Lagrangian cuts added, so that search starts from the decomposition bound instead of the plain LP's. A bound that
    /// meets the best roster from any thread proves optimality, as before.
    /// </summary>
    private sealed class DecompositionWorker(RosterProblem problem, SolverOptions options, Shared shared, int seed) : IRosterWorker
    {
        // Share of the time left after column generation given to the integer master before the full search (ADR 0166),
        // and before branch-and-price, whose own rosters and bound are worth more than a longer master (instance 5 was
        // proved in 15–20 s with 3 %, in 33 s or not at all with 10 %, ADR 0168).
        private const double MasterShare = 0.15;
        private const double MasterShareBeforeBranching = 0.03;

        // During branch-and-price, the integer master over the columns so far for MasterSlice every MasterEvery: kept short
        // so it costs the tree little (instance 5 was proved in 15–20 s with it and without it; ADR 0168).
        private static readonly TimeSpan MasterEvery = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan MasterSlice = TimeSpan.FromSeconds(1);

        // Most of the time limit column generation may take. On a heavily loaded machine instance 8's did not converge
        // in 60 s (bound 42, no roster from this thread): past half the time the thread moves on with what it has.
        private const double GenerationShare = 0.5;

        private readonly Lock gate = new();
        private CpSolver? current;
        // The neighbourhood search this thread runs in place of branch-and-price, when it does (ADR 0183).
        private NeighbourhoodWorker? inner;
        private volatile bool stopped;

        // The objective of the best roster from another thread already added as columns.
        private long seeded = long.MaxValue;

        public CpSolverStatus Status { get; private set; } = CpSolverStatus.Unknown;

        public long? Bound { get; private set; }

        /// <summary>The index of a person with no legal rota, when that is what made the problem infeasible.</summary>
        public int? WithoutRota { get; private set; }

        public void Run()
        {
            using var decomposition = new RosterDecomposition(problem) { BeamFirst = options.ScreenPricing && RosterDecomposition.Screenable(problem) };
            var outcome = decomposition.Run(
                (options.TimeLimit * GenerationShare) - shared.Clock.Elapsed,
                stop: () => SeedAndStop(decomposition),
                onBound: RaiseBound,
                onLp: shared.GuideFound,
                onFirstRoster: roster => Offer(roster, Sources.FirstRotas),
                onReserveRoster: roster => Offer(roster, Sources.FirstRotas, reserve: true));
            if (outcome.WithoutRota is { } person)
            {
                // A person with no legal rota at all, whatever the others do: the problem is infeasible, and that person's
                // rules alone say why (ADR 0179). Over 364 days the whole model's search did not prove it in 60 s.
                WithoutRota = person;
                Status = CpSolverStatus.Infeasible;
                shared.StopAll();
                return;
            }

            if (stopped || shared.Done) return;
            var left = options.TimeLimit - shared.Clock.Elapsed;
            if (left <= TimeSpan.Zero) return;
            if (outcome.Bound is not null && !outcome.Converged && !RosterDecomposition.NoMinimum(problem))
            {
                // Column generation used its share of the time without converging on a problem with cover minimums (the
                // 40-person ward: bound 40 at 30 s of 60). Branch-and-price's root alone would then take longer than the
                // time left, and on the ward it found no roster and raised no bound; a second neighbourhood search, from
                // the best roster so far with its own seed, gives rosters instead (ADR 0183). The bound stays column
                // generation's.
                SearchNeighbourhoods();
                return;
            }

            if (outcome.Bound is not null)
            {
                decomposition.SolveIntegerMaster(
                    left * (decomposition.CanBranch ? MasterShareBeforeBranching : MasterShare),
                    shared.BestRoster,
                    (_, roster) => Offer(roster, Sources.IntegerMaster),
                    () => stopped || shared.Done);
                if (stopped || shared.Done) return;
                // Branching needs a roster to prune against; without one yet (the master found none, no other thread has
                // one) CP-SAT's search below is the better finder of a first roster, and proves infeasibility with reasons.
                if (decomposition.CanBranch && shared.HasRoster && Branch(decomposition)) return;
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
            Status = solver.Solve(built.Model, new Progress(shared, built, Sources.CutSearch));
            lock (gate) current = null;
            if (BoundOf(solver) is { } proved) Bound = Bound is { } known ? Math.Max(known, proved) : proved;
            if (Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                shared.Found((long)Math.Round(solver.ObjectiveValue), Bound, () => built.Read(solver.BooleanValue), Sources.CutSearch);
            }

            // Infeasible here is the whole problem's (the cuts cut off no legal roster).
            if (Status is CpSolverStatus.Optimal or CpSolverStatus.Infeasible) shared.StopAll();
            solver.Dispose();
        }

        // A neighbourhood search on this thread for the rest of the time (ADR 0183). While it runs, as while
        // branch-and-price runs, the other neighbourhood thread keeps to rosters instead of turning to a bound search of
        // its own at a stall: the decomposition's bound stands.
        private void SearchNeighbourhoods()
        {
            var second = new NeighbourhoodWorker(problem, options, shared, seed + 2);
            lock (gate)
            {
                if (stopped || shared.Done) return;
                inner = second;
            }

            shared.DecompositionBoundStands();
            try
            {
                second.Run();
                // Its first-roster search on the whole model can prove the problem infeasible (or a roster optimal): the
                // solver reads that from this thread's status, so that the conflicts are explained.
                Status = second.Status;
            }
            finally
            {
                shared.DecompositionBoundEnds();
                lock (gate) inner = null;
                second.Dispose();
            }
        }

        // Branch-and-price for the rest of the time (ADR 0168), pruning against the best roster of any thread. True when
        // it ran to the end: the tree exhausted (the best roster is optimal) or the time up. False when an exact pricing
        // gave up (too many labels) or GLOP failed, so the CP-SAT search with the cuts takes the time left. Called only
        // once a roster is known.
        private bool Branch(RosterDecomposition decomposition)
        {
            var lastMaster = shared.Clock.Elapsed;
            // The tree's bound is the one that counts: the other thread keeps looking for rosters instead of searching for a
            // bound of its own.
            shared.DecompositionBoundStands();
            RosterDecomposition.BranchOutcome outcome;
            try
            {
                outcome = decomposition.BranchAndPrice(
                    options.TimeLimit - shared.Clock.Elapsed,
                    incumbent: () => shared.BestObjective,
                    onRoster: roster => Offer(roster, Sources.BranchAndPrice),
                    onBound: RaiseBound,
                    // Other threads' rosters prune the tree (incumbent) but are not added as columns here: their rotas
                    // drew the LP, and so the dives, towards the roster already known, and instance 7 was proved in 4
                    // runs of 6 without them against 1 of 4 with them (ADR 0169).
                    stop: () => stopped || shared.Done,
                    betweenNodes: () =>
                    {
                        // The tree rarely reaches an integral node on the larger instances, but the columns its nodes price
                        // are near-optimal rotas: the integer master over them now and then turns them into rosters.
                        if (shared.Clock.Elapsed - lastMaster < MasterEvery) return;
                        var slice = options.TimeLimit - shared.Clock.Elapsed;
                        if (slice <= TimeSpan.Zero) return;
                        decomposition.SolveIntegerMaster(slice < MasterSlice ? slice : MasterSlice, shared.BestRoster, (_, roster) => Offer(roster, Sources.IntegerMaster), () => stopped || shared.Done);
                        lastMaster = shared.Clock.Elapsed;
                    });
            }
            finally
            {
                shared.DecompositionBoundEnds();
            }

            if (outcome.Complete)
            {
                // No roster costs less than the best known: it is optimal.
                Status = CpSolverStatus.Optimal;
                shared.StopAll();
                return true;
            }

            return stopped || shared.Done || shared.Clock.Elapsed >= options.TimeLimit;
        }

        // Called between iterations of column generation: rosters found meanwhile by other threads become columns (a
        // better start for the integer master; branch-and-price does not take them, ADR 0169); true when this thread
        // should stop.
        private bool SeedAndStop(RosterDecomposition decomposition)
        {
            if (shared.TryBetter(seeded, out var roster, out var objective))
            {
                decomposition.AddRoster(roster);
                seeded = objective;
            }

            return stopped || shared.Done;
        }

        private void RaiseBound(long b)
        {
            Bound = Bound is { } known ? Math.Max(known, b) : b;
            shared.BoundFound(b);
        }

        // A roster from the master's columns is legal by construction; the checker gives its objective and is the last
        // word on its legality.
        // With reserve, the roster is held back until a search that should have found one has not (ADR 0180).
        private void Offer(List<Assignment> roster, string source, bool reserve = false)
        {
            var evaluation = RosterChecker.Evaluate(problem, roster);
            if (!evaluation.IsFeasible) return;
            if (reserve) shared.Reserve(evaluation.Objective, roster, source);
            else shared.Found(evaluation.Objective, null, () => roster, source);
        }

        public void Stop()
        {
            stopped = true;
            lock (gate)
            {
                current?.StopSearch();
                inner?.Stop();
            }
        }

        public void Dispose()
        {
        }
    }
}
