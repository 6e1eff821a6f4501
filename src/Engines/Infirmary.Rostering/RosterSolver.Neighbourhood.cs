using System.Globalization;
using Google.OrTools.Sat;

namespace Infirmary.Rostering;

public static partial class RosterSolver
{
    /// <summary>
    /// The cells a guided neighbourhood frees (ADR 0176): each cell whose current shift (or day off) the LP's rotas do
    /// not give their whole weight, on the days from <paramref name="start"/> onwards until about
    /// <paramref name="target"/> such cells are taken (then earlier days, at the end of the horizon). The cells where the
    /// roster and the LP agree stay fixed: the LP's rotas cost no more than the bound, so what the roster pays beyond
    /// it lies where the two differ (RINS in MIP solvers fixes the same way). Null when they agree everywhere.
    /// </summary>
    /// <param name="lp">Weight per person, day and shift (<see cref="Shared.Guide"/>).</param>
    /// <param name="current">The roster's shift index per person and day, −1 off.</param>
    internal static bool[,]? Departures(float[,,] lp, int[,] current, int target, int start)
    {
        var (staff, days, shifts) = (lp.GetLength(0), lp.GetLength(1), lp.GetLength(2));
        var differs = new bool[staff, days];
        var perDay = new int[days];
        for (var e = 0; e < staff; e++)
        {
            for (var d = 0; d < days; d++)
            {
                var weight = 1f;
                if (current[e, d] >= 0)
                {
                    weight = lp[e, d, current[e, d]];
                }
                else
                {
                    for (var s = 0; s < shifts; s++) weight -= lp[e, d, s];
                }

                // Below a whole weight, less float rounding of the LP's shares.
                if (weight >= 0.999f) continue;
                differs[e, d] = true;
                perDay[d]++;
            }
        }

        if (perDay.Sum() == 0) return null;
        var end = start;
        var count = 0;
        while (count < target && (end < days || start > 0))
        {
            if (end < days) count += perDay[end++];
            else count += perDay[--start];
        }

        for (var e = 0; e < staff; e++)
        {
            for (var d = 0; d < days; d++)
            {
                if (d < start || d >= end) differs[e, d] = false;
            }
        }

        return differs;
    }

    // How much of what its holders can work a skill's cover rows must ask for before they are rostered first: the
    // ward's senior nurses (84 shifts wanted of about 95 they can work, 88 %) are, its registered nurses (61 %) are not.
    private const double ScarceShare = 0.75;

    /// <summary>
    /// Skills whose cover rows ask for at least <see cref="ScarceShare"/> of the shifts their holders can work (each
    /// holder's most minutes over the shortest shift, at most one a day), held by some but not all of the staff.
    /// </summary>
    internal static List<string> ScarceSkills(RosterProblem problem)
    {
        var shortest = problem.ShiftTypes.Min(st => st.LengthMinutes);
        var result = new List<string>();
        foreach (var rows in problem.Cover.Where(c => c.Skill is not null && c.Preferred > 0).GroupBy(c => c.Skill!))
        {
            var holders = problem.Employees.Where(emp => emp.Skills.Contains(rows.Key)).ToList();
            if (holders.Count == 0 || holders.Count == problem.Employees.Count) continue;
            var capacity = holders.Sum(emp => Math.Min(problem.Days, emp.MaxTotalMinutes / (double)shortest));
            if (rows.Sum(c => c.Preferred) >= ScarceShare * capacity) result.Add(rows.Key);
        }

        return result;
    }

    /// <summary>
    /// Rostering large-neighbourhood search (ADR 0155). From the best roster so far (its own or another thread's), it
    /// frees one part of the rota — a few people's whole rotas, a window of days for everyone, a few people over a
    /// window or, once the decomposition has an LP, the cells where the roster departs from the LP's rotas (ADR 0176) —
    /// fixes every other cell to its current shift, and lets CP-SAT re-solve the full model under a small
    /// deterministic work limit with the current roster as hint. A result no worse is kept (equal ones too, to move
    /// across plateaus). Each kind of neighbourhood has its own size, grown when CP-SAT proves the freed part optimal
    /// and shrunk when the limit stops it first, so the pieces stay about as large as CP-SAT can finish. The
    /// neighbourhoods and seeds come from one seeded generator, so with a work limit the run is reproducible. Once the
    /// neighbourhoods stall, the thread spends the rest of its time on CP-SAT's lower-bound tree search (ADR 0160), unless
    /// the decomposition's bound stands (while branch-and-price runs, ADR 0169, or column generation's while the
    /// decomposition thread runs a neighbourhood search of its own, ADR 0183): then it goes on with the neighbourhoods.
    /// </summary>
    private sealed class NeighbourhoodWorker(RosterProblem problem, SolverOptions options, Shared shared, int seed) : IRosterWorker
    {
        // Work (CP-SAT deterministic time) for one neighbourhood: enough to re-solve a few people's month.
        private const double PieceWork = 0.5;

        // The most work for one neighbourhood once they have stalled while branch-and-price runs (doubled at each stall).
        private const double MaxPieceWork = 8;

        private static readonly long[] Binary = [0, 1];

        // Cells freed by each kind's first pieces at most: a fifth of the 40-person ward's four weeks (1,120 cells), so on
        // instances 1–8 and the ward the first pieces are a fifth of the rota as before.
        private const double FirstPieceCells = 250;

        // Neighbourhoods in a row without a better roster before the search of the whole model takes over.
        private const int Patience = 20;

        private readonly Lock gate = new();
        private readonly Dictionary<string, int> staffIndex = problem.Employees.Select((emp, i) => (emp.Id, i)).ToDictionary(p => p.Id, p => p.i);
        private readonly Dictionary<string, int> shiftIndex = problem.ShiftTypes.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        private CpSolver? current;
        private volatile bool stopped;
        private volatile bool seekingFirst;
        private volatile bool inTree;

        public CpSolverStatus Status { get; private set; } = CpSolverStatus.Unknown;

        public long? Bound { get; private set; }

        public void Run()
        {
            var built = new RosterModel(problem, diagnose: false);
            var proto = built.Model.Model;
            var staff = problem.Employees.Count;
            var days = problem.Days;
            var shifts = problem.ShiftTypes.Count;
            var random = new Random(seed);
            // Each kind's first pieces free a fifth of the rota, but no more than about FirstPieceCells: on 60 people over
            // 168 days a fifth (2,016 cells) was too large for CP-SAT to find any roster in a piece's work, and shrinking
            // by a tenth at each failure took half the time limit to reach a size it could (ADR 0178).
            var opening = Math.Clamp(FirstPieceCells / (staff * (double)days), 0.02, 0.2);
            double[] size = [opening, opening, opening, opening, opening, opening];
            var fairness = problem.FairnessWeight > 0 && staff > 1;
            var nightShifts = Enumerable.Range(0, shifts).Where(s => problem.ShiftTypes[s].IsNight).ToList();
            var nightEligible = NightEligible(problem);
            var work = 0.0;
            var pieceWork = PieceWork;
            List<Assignment>? roster = null;
            long objective = long.MaxValue;
            long[]? values = null;
            int[,]? cells = null;
            var constructed = false;
            var idle = 0;

            while (!stopped && !shared.Done)
            {
                var remaining = options.TimeLimit - shared.Clock.Elapsed;
                if (remaining <= TimeSpan.Zero || (options.DeterministicTimeLimit is { } total && work >= total)) break;
                if (shared.TryBetter(objective, out var better, out var betterObjective))
                {
                    (roster, objective, values) = (better, betterObjective, null);
                    cells = Cells(better);
                }

                if (cells is null && !constructed)
                {
                    constructed = true;
                    // The construction leaves cover minimums out, so with hard minimums (a ward) its result rarely
                    // meets them and the work is lost (11.8 units on the 40-person ward): search the whole model instead.
                    if (!RosterDecomposition.NoMinimum(problem))
                    {
                        // A scarce skill's holders first, then everyone else around them (ADR 0182); without a scarce
                        // skill, or if that finds nothing, the search of the whole model below.
                        if (ScarceFirst(built, remaining, work) is { } staged)
                        {
                            work += staged.Work;
                            if (staged.Roster is not null) Report(staged.Objective, staged.Roster);
                        }

                        continue;
                    }

                    var (greedy, spent) = Construct();
                    work += spent;
                    if (greedy is not null) Report(RosterChecker.Evaluate(problem, greedy).Objective, greedy);
                    // The construction found no rota for some person in a step's work (30 people over 28 days with 16
                    // shift types): the decomposition's first rotas, when it has them, are the first roster rather than
                    // nothing, since the whole model's single-thread search found none in 52 s there (ADR 0180).
                    else shared.ReserveWanted();
                    continue;
                }

                if (cells is null)
                {
                    // No roster yet from anyone: look for a first one on the whole model, stopping when another thread finds one.
                    seekingFirst = true;
                    var first = SolveOnce(built, string.Create(CultureInfo.InvariantCulture, $" stop_after_first_solution:true linearization_level:0 random_seed:{seed}") + WorkLeft(work), remaining, wholeModel: true, firstOnly: true);
                    seekingFirst = false;
                    if (first is null) break;
                    if (Status is CpSolverStatus.Infeasible or CpSolverStatus.Optimal)
                    {
                        if (first.Roster is not null) Report(first.Objective, first.Roster);
                        shared.StopAll();
                        break;
                    }

                    work += first.Work;
                    if (first.Roster is not null) Report(first.Objective, first.Roster);
                    continue;
                }

                if (idle >= Patience && shared.DecompositionBound)
                {
                    // The decomposition's bound stands for this thread's (ADRs 0169, 0183): keep searching
                    // neighbourhoods, since a roster is what the proof then waits for, with twice the work for each, so
                    // larger ones are solved.
                    idle = 0;
                    pieceWork = Math.Min(MaxPieceWork, pieceWork * 2);
                    continue;
                }

                if (idle >= Patience)
                {
                    // The neighbourhoods have stalled: the rest of the time goes to the bound. CP-SAT's lower-bound tree
                    // search on the whole model (hinted with the best roster) raises the shared bound far faster than a
                    // second LP search would (ADR 0160: instance 5 1089 against 989 at the same work), while the other
                    // thread's LP search keeps looking for rosters; a roster it finds itself is reported as usual.
                    built.Model.ClearHints();
                    proto.SolutionHint ??= new PartialVariableAssignment();
                    if (values is not null)
                    {
                        for (var i = 0; i < values.Length; i++) proto.SolutionHint.Vars.Add(i);
                        proto.SolutionHint.Values.AddRange(values);
                    }
                    else
                    {
                        built.AddHint(roster!);
                    }

                    inTree = true;
                    var tree = SolveOnce(built, string.Create(CultureInfo.InvariantCulture, $" linearization_level:2 optimize_with_lb_tree_search:true random_seed:{seed}") + WorkLeft(work), remaining, wholeModel: true, firstOnly: false, full: true);
                    inTree = false;
                    if (tree is null || !shared.DecompositionBound) break;
                    // Stopped because the decomposition's bound came to stand: back to the neighbourhoods.
                    idle = 0;
                    continue;
                }

                // Problems with a fairness term also draw the two fairness-shaped kinds (ADR 0165), and once the
                // decomposition has an LP, the kind it guides (ADR 0176); without either the draws are the same as before.
                var kinds = fairness ? 5 : 3;
                var guide = shared.Guide;
                var kind = random.Next(guide is null ? kinds : kinds + 1);
                if (kind == kinds) kind = GuidedKind;
                var free = kind switch
                {
                    3 => NightsWindow(size[kind], random, staff, days),
                    4 => Extremes(cells, size[kind], random),
                    GuidedKind => Guided(guide!, cells, size[kind], random),
                    _ => Neighbourhood(kind, size[kind], random, staff, days),
                };
                var fixedIndices = new List<int>();
                for (var e = 0; e < staff; e++)
                {
                    for (var d = 0; d < days; d++)
                    {
                        if (free[e, d] == Cell.Free) continue;
                        if (free[e, d] == Cell.NightOrOff)
                        {
                            // Only nights and days off may change here: day shifts stay where they are.
                            for (var s = 0; s < shifts; s++)
                            {
                                if (!problem.ShiftTypes[s].IsNight) Fix(proto, built.ShiftIndex(e, d, s), cells[e, d] == s ? 1 : 0, fixedIndices);
                            }

                            continue;
                        }

                        FixCell(built, e, d, cells[e, d], fixedIndices);
                    }
                }

                built.Model.ClearHints();
                if (values is not null)
                {
                    proto.SolutionHint ??= new PartialVariableAssignment();
                    for (var i = 0; i < values.Length; i++) proto.SolutionHint.Vars.Add(i);
                    proto.SolutionHint.Values.AddRange(values);
                }
                else
                {
                    built.AddHint(roster!);
                }

                var piece = options.DeterministicTimeLimit is { } limit ? Math.Min(pieceWork, Math.Max(0.01, limit - work)) : pieceWork;
                var outcome = SolveOnce(built, string.Create(CultureInfo.InvariantCulture, $" linearization_level:2 random_seed:{random.Next(1_000_000)} max_deterministic_time:{piece:0.###}"), remaining, wholeModel: false, firstOnly: false);
                Release(proto, fixedIndices);

                if (outcome is null) break;
                work += outcome.Work;

                // Proved optimal within the piece: room for a larger one; stopped by the limit: make it smaller.
                size[kind] = outcome.Status == CpSolverStatus.Optimal ? Math.Min(1.0, size[kind] * 1.25) : Math.Max(0.02, size[kind] * 0.9);
                // Steps smaller than a thousandth of the objective do not count as progress (plateaus crawl by one).
                idle = outcome.Roster is not null && objective - outcome.Objective > objective / 1000 ? 0 : idle + 1;
                if (outcome.Roster is not null && outcome.Objective <= objective)
                {
                    if (outcome.Objective < objective) Report(outcome.Objective, outcome.Roster);
                    (roster, objective, values) = (outcome.Roster, outcome.Objective, outcome.Values);
                    cells = Cells(outcome.Roster);
                }
            }

            void Report(long found, List<Assignment> foundRoster) => shared.Found(found, null, () => foundRoster, Sources.Neighbourhoods);

            // Nights for everyone over a window of days: day shifts stay fixed, so nights move between people (and days
            // off) without disturbing the day cover. This is where the spread of nights is evened out.
            Cell[,] NightsWindow(double share, Random draw, int people, int horizon)
            {
                var result = new Cell[people, horizon];
                if (nightShifts.Count == 0) return Neighbourhood(0, share, draw, people, horizon);
                var width = Math.Clamp((int)Math.Round(Math.Min(1.0, share * 2) * horizon), 1, horizon);
                var start = draw.Next(horizon - width + 1);
                for (var e = 0; e < people; e++)
                {
                    for (var d = start; d < start + width; d++) result[e, d] = Cell.NightOrOff;
                }

                return result;
            }

            // Where the roster departs from the decomposition's LP (ADR 0176), over a window of days from a random one.
            Cell[,] Guided(float[,,] lp, int[,] current, double share, Random draw)
            {
                var target = Math.Max(1, (int)Math.Round(share * staff * days));
                var departures = RosterSolver.Departures(lp, current, target, draw.Next(days));
                if (departures is null) return Neighbourhood(0, share, draw, staff, days);
                var result = new Cell[staff, days];
                for (var e = 0; e < staff; e++)
                {
                    for (var d = 0; d < days; d++)
                    {
                        if (departures[e, d]) result[e, d] = Cell.Free;
                    }
                }

                return result;
            }

            // The whole rotas of the people at either end of a fairness spread (most and fewest nights, most and fewest
            // weekends), with others drawn at random up to the size: a spread only falls when its extremes move.
            Cell[,] Extremes(int[,] current, double share, Random draw)
            {
                var result = new Cell[staff, days];
                var nights = new int[staff];
                var weekends = new int[staff];
                for (var e = 0; e < staff; e++)
                {
                    for (var d = 0; d < days; d++)
                    {
                        if (current[e, d] >= 0 && nightShifts.Contains(current[e, d])) nights[e]++;
                    }

                    weekends[e] = problem.WeekendsWorked(Enumerable.Range(0, days).Where(d => current[e, d] >= 0));
                }

                var chosen = new List<int>();
                void Ends(IReadOnlyList<int> among, int[] count)
                {
                    if (among.Count < 2) return;
                    var most = among.Max(e => count[e]);
                    var least = among.Min(e => count[e]);
                    if (most == least) return;
                    chosen.AddRange(among.Where(e => count[e] == most).OrderBy(_ => draw.Next()).Take(2));
                    chosen.AddRange(among.Where(e => count[e] == least).OrderBy(_ => draw.Next()).Take(2));
                }

                Ends(nightEligible, nights);
                Ends(Enumerable.Range(0, staff).ToList(), weekends);
                var target = Math.Clamp((int)Math.Round(share * staff), 2, staff);
                var people = chosen.Distinct().Concat(Enumerable.Range(0, staff).OrderBy(_ => draw.Next())).Distinct().Take(Math.Max(target, chosen.Distinct().Count()));
                foreach (var e in people)
                {
                    for (var d = 0; d < days; d++) result[e, d] = Cell.Free;
                }

                return result;
            }
        }

        // The roster's shift index per person and day, −1 off.
        private int[,] Cells(List<Assignment> assignments)
        {
            var result = new int[problem.Employees.Count, problem.Days];
            for (var e = 0; e < result.GetLength(0); e++)
            {
                for (var d = 0; d < problem.Days; d++) result[e, d] = -1;
            }

            foreach (var a in assignments) result[staffIndex[a.EmployeeId], a.Day] = shiftIndex[a.ShiftId];
            return result;
        }

        // What is left of the deterministic work limit, as a CP-SAT parameter (nothing without a work limit).
        private string WorkLeft(double spent) => options.DeterministicTimeLimit is { } limit
            ? string.Create(CultureInfo.InvariantCulture, $" max_deterministic_time:{Math.Max(0.01, limit - spent):0.###}")
            : string.Empty;

        // Work for the scarce skills' holders alone: with it the 40-person ward's first roster came at 1.7–2.2 s (about
        // 1 s before), well within the 5 s the issue asks for.
        private const double ScarceWork = 1;

        /// <summary>
        /// A first roster with the scarce skills' holders rostered first (ADR 0182): they are solved alone, with only
        /// their skills' cover rows, their own requests and the fairness spreads among them; their rotas are then fixed
        /// while CP-SAT looks for a first roster of everyone else. The search of the whole model left a shift without a
        /// senior nurse in most of the ward's rosters, and the neighbourhoods, which move few people at once, seldom
        /// repaired it: the five seniors must work nearly all they can, so one senior's rota cannot change alone. Null
        /// when there is no scarce skill; a piece without a roster when either step finds none.
        /// </summary>
        private Piece? ScarceFirst(RosterModel built, TimeSpan remaining, double spent)
        {
            var scarce = ScarceSkills(problem);
            if (scarce.Count == 0) return null;
            var holders = problem.Employees.Where(emp => emp.Skills.Any(scarce.Contains)).ToList();
            var ids = holders.Select(emp => emp.Id).ToHashSet();
            var alone = problem with
            {
                Employees = holders,
                Cover = [.. problem.Cover.Where(c => c.Skill is not null && scarce.Contains(c.Skill))],
                Requests = [.. problem.Requests.Where(r => ids.Contains(r.EmployeeId))],
            };
            // Within the work limit, when there is one, as every other search here is.
            var work = options.DeterministicTimeLimit is { } limit ? Math.Min(ScarceWork, Math.Max(0.01, limit - spent)) : ScarceWork;
            var first = SolveOnce(new RosterModel(alone, diagnose: false), string.Create(CultureInfo.InvariantCulture, $" linearization_level:2 random_seed:{seed} max_deterministic_time:{work:0.###}"), remaining, wholeModel: false, firstOnly: false);
            if (first?.Roster is null) return first;
            var worked = Cells(first.Roster);
            var fixedIndices = new List<int>();
            foreach (var e in holders.Select(emp => staffIndex[emp.Id]))
            {
                for (var d = 0; d < problem.Days; d++) FixCell(built, e, d, worked[e, d], fixedIndices);
            }

            built.Model.ClearHints();
            seekingFirst = true;
            var rest = SolveOnce(built, string.Create(CultureInfo.InvariantCulture, $" stop_after_first_solution:true linearization_level:0 random_seed:{seed}") + WorkLeft(spent + first.Work), options.TimeLimit - shared.Clock.Elapsed, wholeModel: false, firstOnly: true);
            seekingFirst = false;
            Release(built.Model.Model, fixedIndices);
            return rest is null ? null : rest with { Work = rest.Work + first.Work };
        }

        /// <summary>
        /// A quick first roster, one person at a time: person i's rota is solved with persons 0..i-1 fixed and the rest
        /// not yet there, so each fills the cover still missing. Cover minimums are left out while building (the staff
        /// still to come may meet them); the result is kept only when the checker finds every hard rule met. Gives null
        /// when a step finds no rota in its short limit or the whole breaks a hard rule.
        /// </summary>
        private (List<Assignment>? Roster, double Work) Construct()
        {
            var work = 0.0;
            var roster = new List<Assignment>();
            var relaxedCover = problem.Cover.Select(c => c with { Minimum = 0 }).ToList();
            var began = shared.Clock.Elapsed;
            var people = problem.Employees.Count;
            for (var i = 0; i < people; i++)
            {
                if (stopped || shared.Done || options.TimeLimit <= shared.Clock.Elapsed) return (null, work);
                // On a large problem the steps, each a model of everyone so far, would outlast the time limit (60 people
                // over 56 days: no roster in 60 s). Once another thread has a roster (each person's first legal rota,
                // ADR 0178) and this one would not finish within a quarter of the limit at its pace so far, the search
                // starts from that roster instead. On instances 1–8 it finishes in 3.3 s at most and is kept: instance 6
                // was proved in 3.3 s after it, and not at all in one of two runs starting from the first rotas.
                var elapsed = shared.Clock.Elapsed - began;
                if (i > 0 && shared.HasRoster && elapsed * people / i > options.TimeLimit * 0.25) return (null, work);
                // Past a quarter of the limit with no roster from anyone, the decomposition's first rotas held in reserve
                // (a small problem, ADR 0180) are reported, so a slow construction (16 shift types on a busy machine) does
                // not leave the run with nothing; the step above then gives way when its pace says so.
                if (!shared.HasRoster && elapsed > options.TimeLimit * 0.25) shared.ReserveWanted();
                var first = problem.Employees.Take(i + 1).ToList();
                var ids = first.Select(p => p.Id).ToHashSet();
                var partial = problem with
                {
                    Employees = first,
                    Requests = [.. problem.Requests.Where(r => ids.Contains(r.EmployeeId))],
                    Cover = relaxedCover,
                    FairnessWeight = 0,
                };
                var built = new RosterModel(partial, diagnose: false);
                // The people already placed keep their rotas (the first i of the whole problem's staff, in its order).
                var placed = Cells(roster);
                var fixedIndices = new List<int>();
                for (var e = 0; e < i; e++)
                {
                    for (var d = 0; d < problem.Days; d++) FixCell(built, e, d, placed[e, d], fixedIndices);
                }

                var remaining = options.TimeLimit - shared.Clock.Elapsed;
                var step = SolveOnce(built, string.Create(CultureInfo.InvariantCulture, $" linearization_level:0 random_seed:{seed} max_deterministic_time:{PieceWork:0.###}"), remaining, wholeModel: false, firstOnly: false);
                if (step?.Roster is null)
                {
                    // Once more with the LP at level 2, as the decomposition's CP-SAT first rotas are sought (ADR 0178):
                    // with 16 shift types the 19th and 23rd people's steps found no rota at level 0 (ADR 0180). No step
                    // fails on instances 1–8, so their runs are unchanged.
                    work += step?.Work ?? 0;
                    step = SolveOnce(built, string.Create(CultureInfo.InvariantCulture, $" linearization_level:2 random_seed:{seed} max_deterministic_time:{PieceWork:0.###}"), options.TimeLimit - shared.Clock.Elapsed, wholeModel: false, firstOnly: false);
                }

                if (step?.Roster is null) return (null, work + (step?.Work ?? 0));
                work += step.Work;
                roster = step.Roster;
            }

            return (RosterChecker.Evaluate(problem, roster).IsFeasible ? roster : null, work);
        }

        // Which cells (person, day) are freed: 0 a few people's whole rotas, 1 a window of days for everyone,
        // 2 a few people over a window. `size` is the share of the rota to free.
        private static Cell[,] Neighbourhood(int kind, double size, Random random, int staff, int days)
        {
            var free = new Cell[staff, days];
            var people = Enumerable.Range(0, staff).OrderBy(_ => random.Next()).ToList();
            switch (kind)
            {
                case 0:
                    foreach (var e in people.Take(Math.Clamp((int)Math.Round(size * staff), 1, staff)))
                    {
                        for (var d = 0; d < days; d++) free[e, d] = Cell.Free;
                    }

                    break;
                case 1:
                {
                    var width = Math.Clamp((int)Math.Round(size * days), 1, days);
                    var start = random.Next(days - width + 1);
                    for (var e = 0; e < staff; e++)
                    {
                        for (var d = start; d < start + width; d++) free[e, d] = Cell.Free;
                    }

                    break;
                }

                default:
                {
                    var side = Math.Sqrt(size);
                    var width = Math.Clamp((int)Math.Round(side * days), 1, days);
                    var start = random.Next(days - width + 1);
                    foreach (var e in people.Take(Math.Clamp((int)Math.Round(side * staff), 1, staff)))
                    {
                        for (var d = start; d < start + width; d++) free[e, d] = Cell.Free;
                    }

                    break;
                }
            }

            return free;
        }

        // How a cell (person, day) is treated in a neighbourhood: kept as it is, freed, or free only between a night and a day off.
        private enum Cell { Fixed, Free, NightOrOff }

        // The kind of neighbourhood the decomposition's LP guides (ADR 0176), after the five drawn before it.
        private const int GuidedKind = 5;

        private static void Fix(CpModelProto proto, int index, long value, List<int> fixedIndices)
        {
            var domain = proto.Variables[index].Domain;
            domain.Clear();
            domain.Add(value);
            domain.Add(value);
            fixedIndices.Add(index);
        }

        // A person's day fixed to one shift (its index) or, for −1, to a day off; in a model of this problem's shift types.
        private void FixCell(RosterModel built, int e, int d, int shift, List<int> fixedIndices)
        {
            var proto = built.Model.Model;
            for (var s = 0; s < problem.ShiftTypes.Count; s++) Fix(proto, built.ShiftIndex(e, d, s), shift == s ? 1 : 0, fixedIndices);
            Fix(proto, built.OffIndex(e, d), shift < 0 ? 1 : 0, fixedIndices);
        }

        // The fixed variables free again, so the same model serves the next piece.
        private static void Release(CpModelProto proto, List<int> fixedIndices)
        {
            foreach (var i in fixedIndices)
            {
                proto.Variables[i].Domain.Clear();
                proto.Variables[i].Domain.AddRange(Binary);
            }
        }

        private sealed record Piece(CpSolverStatus Status, double Work, long Objective, List<Assignment>? Roster, long[]? Values);

        // One CP-SAT run on one thread; null when the search as a whole was stopped. `wholeModel`: no cells are fixed, so
        // infeasible or optimal settles the problem itself.
        private Piece? SolveOnce(RosterModel built, string extra, TimeSpan remaining, bool wholeModel, bool firstOnly, bool full = false)
        {
            var solver = new CpSolver
            {
                StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{Math.Max(0.01, remaining.TotalSeconds):0.###} num_workers:1") + extra,
            };
            lock (gate)
            {
                if (stopped || shared.Done)
                {
                    solver.Dispose();
                    return null;
                }

                if (full && shared.DecompositionBound)
                {
                    // The decomposition's bound came to stand just now: no bound search (DecompositionBoundStands found
                    // nothing to stop).
                    solver.Dispose();
                    return new Piece(CpSolverStatus.Unknown, 0, long.MaxValue, null, null);
                }

                current = solver;
            }

            try
            {
                if (firstOnly && shared.HasRoster) return new Piece(CpSolverStatus.Unknown, 0, long.MaxValue, null, null);
                if (full) solver.SetBestBoundCallback(shared.BoundFound);
                var status = full ? solver.Solve(built.Model, new Progress(shared, built, Sources.LowerBound)) : solver.Solve(built.Model);
                if (full)
                {
                    Bound = BoundOf(solver);
                    Status = status;
                    if (status is CpSolverStatus.Optimal) shared.StopAll();
                }

                if (wholeModel && status is CpSolverStatus.Infeasible or CpSolverStatus.Optimal)
                {
                    // Only the search on the whole model (no cells fixed) settles the problem itself.
                    Status = status;
                }

                if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
                {
                    return stopped || shared.Done ? null : new Piece(status, solver.Response!.DeterministicTime, long.MaxValue, null, null);
                }

                return new Piece(status, solver.Response!.DeterministicTime, (long)Math.Round(solver.ObjectiveValue), built.Read(solver.BooleanValue), [.. solver.Response!.Solution]);
            }
            finally
            {
                lock (gate)
                {
                    current = null;
                    solver.Dispose();
                }
            }
        }

        public void RosterAvailable()
        {
            lock (gate)
            {
                if (seekingFirst) current?.StopSearch();
            }
        }

        public void DecompositionBoundStands()
        {
            lock (gate)
            {
                if (inTree) current?.StopSearch();
            }
        }

        public void Stop()
        {
            lock (gate)
            {
                stopped = true;
                current?.StopSearch();
            }
        }

        public void Dispose()
        {
        }
    }
}
