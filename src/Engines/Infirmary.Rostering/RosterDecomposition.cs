using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;
using LinearExpr = Google.OrTools.Sat.LinearExpr;
using Constraint = Google.OrTools.LinearSolver.Constraint;
using Google.OrTools.Sat;

namespace Infirmary.Rostering;

/// <summary>
/// Dantzig–Wolfe decomposition of a <see cref="RosterProblem"/> (ADR 0166): one column per person's whole legal rota.
/// The master LP (GLOP) chooses a convex combination of columns per person and pays the cover's under/over penalties;
/// each person's pricing problem (a one-person CP-SAT model built by <see cref="RosterModel"/>, so it has exactly the
/// engine's per-person hard rules) finds the rota of least reduced cost. Every hard rule except the cover minimums is
/// per person, so every column is a legal rota and any choice of one column per person that meets the cover minimums
/// is a legal roster.
/// <para>
/// The bound is the Lagrangian (Farley) bound of the cover rows, valid at every iteration and not only at convergence:
/// for any cover duals μ, LB(μ) = Σ_c min over y in [minimum_c, eligible_c] of (penalty_c(y) + μ_c·y)
/// + Σ_i min over person i's rotas of (requests_i − Σ_c μ_c·covers_c), where the person's minimum is CP-SAT's proved
/// objective bound, so a pricing problem stopped early still gives a valid bound. It prices exactly the objective of
/// <see cref="RosterChecker.Evaluate"/>, fairness included (ADR 0171): each spread (nights among the night-eligible,
/// weekends among all) has variables Most and Least in the master, with rows Most − count_i ≥ 0 and count_i − Least ≥ 0
/// per person and W·(Most − Least) in the objective. Their duals (α_i, β_i ≥ 0) price each night or weekend person i
/// works at α_i − β_i, and add Σ_spreads min over Most, Least in [0, upper] of ((W − Σα)·Most + (Σβ − W)·Least) to the
/// bound. In a master with one whole rota per person Most and Least are the largest and smallest counts, so its value is
/// the roster's objective and branch-and-price may close an integral node with fairness on too.
/// </para>
/// </summary>
public sealed class RosterDecomposition : IDisposable
{
    // Pricing objectives are integers for CP-SAT: duals and weights are scaled by this and the duals rounded up, which
    // can only lower the pricing minimum (so the bound stays valid); the loss is at most days/Scale per person.
    private const double Scale = 1_000_000;

    // Most CP-SAT work for one pricing problem inside column generation. A few duals make a person's model far harder
    // than the rest (seen once on instance 6 under load); stopped there, the pricing still gives its rotas and a valid
    // (weaker) bound, and the next iteration moves on.
    private const double PricingWork = 0.5;

    // Most CP-SAT work for a person's first rota, where the dynamic programme cannot state their rules or its beam found
    // none: any legal rota, with no objective. Over 168 days one person's took up to 2.3 s (ADR 0178).
    private const double FirstRotaWork = 5;

    // Rotas the exact pricer returns per person and round: a few near-best rotas fill the master faster than one.
    private const int RotasPerPricing = 5;

    // Labels the dynamic programme carries from day to day past its exact reach (ADR 0179): about 50 ms a person over 364
    // days, where CP-SAT took 1.3 s for a first rota alone.
    internal const int Beam = 256;

    // Branching candidates of each kind (cover count, person's day) evaluated by strong branching at each node. With the
    // product rule breaking ties, three of each proved instance 7 (optimum as incumbent) in 10.5 s, where one did not in
    // 60 s and five took 25.8 s (ADR 0168).
    private const int StrongCandidates = 3;

    // How often branch-and-price dives for a roster: every 2.5 s or 10 s gave worse rosters and bounds on instances 7 and 8
    // than every 5 s (ADR 0168).
    private static readonly TimeSpan DiveEvery = TimeSpan.FromSeconds(5);

    // The most time a warm-started solve of the master may take before it is tried again from scratch.
    private static readonly TimeSpan WarmSolveLimit = TimeSpan.FromSeconds(2);

    private readonly RosterProblem problem;
    private readonly int staff;
    private readonly int days;
    private readonly int shifts;
    private readonly Pricer[] pricers;
    private readonly Dictionary<string, int> shiftIndex;

    // Cover rows: which (day, shift) they count and who is eligible.
    private readonly CoverRequirement[] cover;
    private readonly int[] coverShift;
    private readonly bool[,] eligible;
    private readonly int[] eligibleCount;
    private readonly List<int>[,] coverAt;

    // The fairness spreads in the master (none without fairness), and the length of a dual vector: the cover rows' duals,
    // then each spread's (α, β) per member.
    private readonly Spread[] spreads;
    private readonly int dualCount;

    // Cost of an artificial unit of cover outside a row's range, so the master is feasible before the columns meet it:
    // the dearest roster there could be plus one (every request broken, every cover row at its dearest), so a converged
    // master LP that costs this much has no roster, which is how branch-and-price recognises a node that none can meet.
    // No larger: a 10⁶ floor against ward objectives near 100 kept GLOP from finishing (ADR 0169).
    private readonly double artificial;

    private readonly Solver lp;
    private readonly Constraint[] convexity;
    private readonly Constraint[] coverRows;
    private readonly Variable[] under;
    private readonly Variable[] over;
    private readonly Variable[] shortfall;
    private readonly Variable[] excess;
    private readonly HashSet<string>[] known;

    // The count each cover row may take at the current node of the branching: [minimum, number eligible] at the root.
    private readonly int[] lowest;
    private readonly int[] highest;

    /// <summary>Creates the master LP (without columns) and one pricing model per person.</summary>
    public RosterDecomposition(RosterProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validate();
        this.problem = problem;
        staff = problem.Employees.Count;
        days = problem.Days;
        shifts = problem.ShiftTypes.Count;
        shiftIndex = problem.ShiftTypes.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        cover = [.. problem.Cover];
        coverShift = cover.Select(c => shiftIndex[c.ShiftId]).ToArray();
        eligible = new bool[cover.Length, staff];
        eligibleCount = new int[cover.Length];
        coverAt = new List<int>[days, shifts];
        for (var d = 0; d < days; d++)
        {
            for (var s = 0; s < shifts; s++) coverAt[d, s] = [];
        }

        for (var c = 0; c < cover.Length; c++)
        {
            coverAt[cover[c].Day, coverShift[c]].Add(c);
            for (var e = 0; e < staff; e++)
            {
                eligible[c, e] = cover[c].Skill is null || problem.Employees[e].Skills.Contains(cover[c].Skill!);
                if (eligible[c, e]) eligibleCount[c]++;
            }
        }

        slowExact = days > 28;
        known = Enumerable.Range(0, staff).Select(_ => new HashSet<string>()).ToArray();
        Columns = Enumerable.Range(0, staff).Select(_ => new List<Column>()).ToArray();

        double dearest = problem.Requests.Sum(r => (double)Math.Abs(r.Weight));
        for (var c = 0; c < cover.Length; c++)
        {
            var req = cover[c];
            dearest += Math.Max((double)req.UnderWeight * Math.Max(0, req.Preferred), (double)req.OverWeight * Math.Max(0, eligibleCount[c] - req.Preferred));
        }

        // The whole model's spreads (none without fairness): nights up to the horizon's days, weekends up to its weekends.
        var weekendCount = problem.WeekendsWorked(Enumerable.Range(0, days));
        var fair = problem.FairnessWeight > 0
            ? RosterSolver.FairnessSpreads(problem).Select(f => (f.Nights, Members: f.Members.ToArray(), Upper: f.Nights ? days : weekendCount)).ToList()
            : [];

        dearest += fair.Sum(f => (double)problem.FairnessWeight * f.Upper);
        artificial = dearest + 1;
        lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools' GLOP is not available.");
        var objective = lp.Objective();
        objective.SetMinimization();
        dualCount = cover.Length;
        spreads = new Spread[fair.Count];
        for (var f = 0; f < fair.Count; f++)
        {
            var (nights, members, upper) = fair[f];
            var spread = new Spread(nights, members, upper, dualCount, staff, lp.MakeNumVar(0, upper, $"most_{f}"), lp.MakeNumVar(0, upper, $"least_{f}"));
            objective.SetCoefficient(spread.Most, problem.FairnessWeight);
            objective.SetCoefficient(spread.Least, -problem.FairnessWeight);
            for (var j = 0; j < members.Length; j++)
            {
                // Each row has an artificial, held at 0 until a branch caps Most (or raises Least) below what a person's
                // columns so far can meet, so the master stays feasible there as the cover's artificials keep it.
                spread.AtMost[j] = lp.MakeConstraint(0, double.PositiveInfinity, $"most_{f}_{j}");
                spread.AtMost[j].SetCoefficient(spread.Most, 1);
                spread.MostSlack[j] = lp.MakeNumVar(0, 0, $"most_slack_{f}_{j}");
                spread.AtMost[j].SetCoefficient(spread.MostSlack[j], 1);
                objective.SetCoefficient(spread.MostSlack[j], artificial);
                spread.AtLeast[j] = lp.MakeConstraint(0, double.PositiveInfinity, $"least_{f}_{j}");
                spread.AtLeast[j].SetCoefficient(spread.Least, -1);
                spread.LeastSlack[j] = lp.MakeNumVar(0, 0, $"least_slack_{f}_{j}");
                spread.AtLeast[j].SetCoefficient(spread.LeastSlack[j], 1);
                objective.SetCoefficient(spread.LeastSlack[j], artificial);
            }

            spreads[f] = spread;
            dualCount += 2 * members.Length;
        }

        // After the spreads: a person's pricing prices weekends only where a weekend spread exists.
        pricers = Enumerable.Range(0, staff).Select(e => new Pricer(this, e)).ToArray();

        convexity = Enumerable.Range(0, staff).Select(e => lp.MakeConstraint(1, 1, $"one_{e}")).ToArray();
        coverRows = new Constraint[cover.Length];
        under = new Variable[cover.Length];
        over = new Variable[cover.Length];
        shortfall = new Variable[cover.Length];
        excess = new Variable[cover.Length];
        lowest = cover.Select(c => c.Minimum).ToArray();
        highest = (int[])eligibleCount.Clone();
        for (var c = 0; c < cover.Length; c++)
        {
            var req = cover[c];
            coverRows[c] = lp.MakeConstraint(req.Preferred, req.Preferred, $"cover_{c}");
            // count + under − over = preferred; the bounds on under and over keep the count in [lowest, highest]
            // (SetCoverRange). Artificial under- and over-cover beyond those keep the LP feasible at any stage; each is
            // held at 0 where its side of the range is no limit (left free there, GLOP ended some solves ABNORMAL).
            under[c] = lp.MakeNumVar(0, 0, $"under_{c}");
            over[c] = lp.MakeNumVar(0, 0, $"over_{c}");
            coverRows[c].SetCoefficient(under[c], 1);
            coverRows[c].SetCoefficient(over[c], -1);
            objective.SetCoefficient(under[c], req.UnderWeight);
            objective.SetCoefficient(over[c], req.OverWeight);
            shortfall[c] = lp.MakeNumVar(0, 0, $"short_{c}");
            coverRows[c].SetCoefficient(shortfall[c], 1);
            objective.SetCoefficient(shortfall[c], artificial);
            excess[c] = lp.MakeNumVar(0, 0, $"excess_{c}");
            coverRows[c].SetCoefficient(excess[c], -1);
            objective.SetCoefficient(excess[c], artificial);
            SetCoverRange(c, lowest[c], highest[c]);
        }
    }

    // count = preferred − under + over lies in [lo, hi] when under ∈ [max(0, p − hi), max(0, p − lo)] and
    // over ∈ [max(0, lo − p), max(0, hi − p)] (an optimal LP never has both above their lower bounds).
    private void SetCoverRange(int c, int lo, int hi)
    {
        var p = cover[c].Preferred;
        lowest[c] = lo;
        highest[c] = hi;
        under[c].SetBounds(Math.Max(0, p - hi), Math.Max(0, p - lo));
        over[c].SetBounds(Math.Max(0, lo - p), Math.Max(0, hi - p));
        shortfall[c].SetUb(lo > 0 ? double.PositiveInfinity : 0);
        excess[c].SetUb(hi < eligibleCount[c] ? double.PositiveInfinity : 0);
    }

    private List<Cut> bestCuts = [];

    // The branching's bans at the current node: per person, [day, choice] (choice = shift index, or the number of shifts
    // for a day off); null at the root. Columns that break them are held at 0 in the master.
    private bool[][,]? bans;

    // Set when a node's column generation could not be trusted (a CP-SAT pricing that knows nothing of the bans, or the
    // LP solver failing): the branching then stops rather than close the node on a wrong bound.
    private bool nodeFailed;

    /// <summary>
    /// Whether branch-and-price can run: every person is priced by the exact dynamic programme (which honours the
    /// branching's bans). Fairness is in the master (ADR 0171), so an integral node is its branch's best roster with
    /// fairness counted; before it was, an exhausted tree once "proved" 85 optimal where the optimum is 20 (ADR 0170).
    /// </summary>
    public bool CanBranch => pricers.All(p => p.Exact);

    /// <summary>
    /// The length of a dual vector for <see cref="Price"/>: one per cover row (in <see cref="RosterProblem.Cover"/>'s
    /// order), then per fairness spread (nights, then weekends) a pair (α, β) per member, the duals of Most − count ≥ 0
    /// and count − Least ≥ 0. A shorter vector leaves the rest at 0.
    /// </summary>
    public int DualCount => dualCount;

    // One spread of fairness in the master: members are people (night-eligible staff, or everyone for weekends).
    private sealed class Spread(bool nights, int[] members, int upper, int offset, int staff, Variable most, Variable least)
    {
        public bool Nights { get; } = nights;

        public int[] Members { get; } = members;

        public int Upper { get; } = upper;

        // Member j's α is the dual vector's entry Offset + 2j, its β the next.
        public int Offset { get; } = offset;

        // Each person's place among the members, or −1 when not one.
        public int[] Slot { get; } = Enumerable.Range(0, staff).Select(e => Array.IndexOf(members, e)).ToArray();

        public Variable Most { get; } = most;

        public Variable Least { get; } = least;

        // The rows Most − count ≥ 0 and count − Least ≥ 0 per member, and their artificials.
        public Constraint[] AtMost { get; } = new Constraint[members.Length];

        public Constraint[] AtLeast { get; } = new Constraint[members.Length];

        public Variable[] MostSlack { get; } = new Variable[members.Length];

        public Variable[] LeastSlack { get; } = new Variable[members.Length];

        // The range a branch allows Most (k = 0) or Least (k = 1): [0, Upper] at the root.
        public void SetRange(int k, int lo, int hi)
        {
            (k == 0 ? Most : Least).SetBounds(lo, hi);
            var open = k == 0 ? hi < Upper : lo > 0;
            foreach (var slack in k == 0 ? MostSlack : LeastSlack) slack.SetUb(open ? double.PositiveInfinity : 0);
        }
    }

    // The nights (night shifts) or weekends (weekends with a day worked) of a column.
    private static int CountOf(Spread spread, Column column) => spread.Nights ? column.Nights : column.Weekends;

    private int NightsOf(int[] rota) => rota.Count(s => s >= 0 && problem.ShiftTypes[s].IsNight);

    private int WeekendsOf(int[] rota) => problem.WeekendsWorked(Enumerable.Range(0, days).Where(d => rota[d] >= 0));

    private static double Dual(double[] duals, int i) => i < duals.Length ? duals[i] : 0;

    // What each night and each weekend worked costs person e at these duals (α − β of the spread's rows), 0 outside it.
    private (double Night, double Weekend) FairnessPrice(int e, double[] duals)
    {
        double night = 0, weekend = 0;
        foreach (var spread in spreads)
        {
            var j = spread.Slot[e];
            if (j < 0) continue;
            var price = Dual(duals, spread.Offset + (2 * j)) - Dual(duals, spread.Offset + (2 * j) + 1);
            if (spread.Nights) night = price;
            else weekend = price;
        }

        return (night, weekend);
    }

    // The Lagrangian term of the fairness variables: Σ over spreads of min over Most, Least in the ranges the node allows
    // ([0, upper] at the root) of (W − Σα)·Most + (Σβ − W)·Least. The duals must be at least 0 (the rows are
    // inequalities); the rows' artificials only keep the LP feasible and have no part in the bound.
    private double FairnessTerm(double[] duals)
    {
        var total = 0.0;
        foreach (var spread in spreads)
        {
            double most = 0, least = 0;
            for (var j = 0; j < spread.Members.Length; j++)
            {
                most += Dual(duals, spread.Offset + (2 * j));
                least += Dual(duals, spread.Offset + (2 * j) + 1);
            }

            total += Least(problem.FairnessWeight - most, spread.Most) + Least(least - problem.FairnessWeight, spread.Least);
        }

        return total;

        static double Least(double slope, Variable v) => Math.Min(slope * v.Lb(), slope * v.Ub());
    }

    // The master's duals: the cover rows', then the fairness rows' (held at 0 or more, which a valid bound needs, against
    // the LP solver's rounding).
    private double[] Duals()
    {
        var duals = new double[dualCount];
        for (var c = 0; c < cover.Length; c++) duals[c] = coverRows[c].DualValue();
        foreach (var spread in spreads)
        {
            for (var j = 0; j < spread.Members.Length; j++)
            {
                duals[spread.Offset + (2 * j)] = Math.Max(0, spread.AtMost[j].DualValue());
                duals[spread.Offset + (2 * j) + 1] = Math.Max(0, spread.AtLeast[j].DualValue());
            }
        }

        return duals;
    }

    private bool Allowed(int e, int[] rota)
    {
        if (bans?[e] is not { } banned) return true;
        for (var d = 0; d < days; d++)
        {
            if (banned[d, rota[d] < 0 ? shifts : rota[d]]) return false;
        }

        return true;
    }

    // Whether the master is the root's: no bans and every cover range the problem's own.
    private bool AtRoot => bans is null && Enumerable.Range(0, cover.Length).All(c => lowest[c] == cover[c].Minimum && highest[c] == eligibleCount[c]);

    // Sets the master to a node of the branching (null: the root).
    private void ApplyNode(Node? node)
    {
        bans = node?.Bans(staff, days, shifts);
        for (var e = 0; e < staff; e++)
        {
            foreach (var column in Columns[e]) column.Variable!.SetUb(Allowed(e, column.Shifts) ? double.PositiveInfinity : 0);
        }

        for (var c = 0; c < cover.Length; c++) SetCoverRange(c, cover[c].Minimum, eligibleCount[c]);
        foreach (var spread in spreads)
        {
            spread.SetRange(0, 0, spread.Upper);
            spread.SetRange(1, 0, spread.Upper);
        }

        for (var at = node?.Decisions; at is not null; at = at.Parent)
        {
            if (at.Row < 0) continue;
            if (at.Row >= cover.Length)
            {
                // Most or Least of a spread: the nearest decision is again the tightest.
                var spread = spreads[(at.Row - cover.Length) / 2];
                var k = (at.Row - cover.Length) % 2;
                var v = k == 0 ? spread.Most : spread.Least;
                if (at.Force) spread.SetRange(k, Math.Max((int)v.Lb(), at.Choice), (int)v.Ub());
                else spread.SetRange(k, (int)v.Lb(), Math.Min((int)v.Ub(), at.Choice));
                continue;
            }

            // The decision nearest the node is the tightest on its row (each narrows its parent's range).
            if (at.Force) SetCoverRange(at.Row, Math.Max(lowest[at.Row], at.Choice), highest[at.Row]);
            else SetCoverRange(at.Row, lowest[at.Row], Math.Min(highest[at.Row], at.Choice));
        }
    }
    private List<Cut> lastCuts = [];

    /// <summary>
    /// Adds the Lagrangian cuts of the best bound's duals and of the last complete pricing round to a full model of the
    /// same problem: per person, Σ (request − μ)·x ≥ that person's proved pricing minimum. Every legal rota meets
    /// them, so they cut off no roster, and with them the model's LP bound is at least the decomposition's
    /// Lagrangian bound at those duals (the objective is Σ_c (penalty_c + μ_c·count_c) + Σ_i (requests_i − μ·x_i)).
    /// </summary>
    internal void AddCuts(RosterModel built)
    {
        foreach (var cut in bestCuts.Concat(lastCuts == bestCuts ? [] : lastCuts))
        {
            var expr = LinearExpr.NewBuilder();
            for (var d = 0; d < days; d++)
            {
                for (var s = 0; s < shifts; s++)
                {
                    if (cut.Coefficients[d, s] != 0) expr.AddTerm(built.Shift(cut.Employee, d, s), cut.Coefficients[d, s]);
                }
            }

            if (cut.Weekend != 0)
            {
                foreach (var worked in built.Weekends(cut.Employee)) expr.AddTerm(worked, cut.Weekend);
            }

            built.Model.Add(expr >= cut.Bound);
        }
    }

    /// <summary>The columns generated so far, per person.</summary>
    public IReadOnlyList<Column>[] Columns { get; }

    /// <summary>One person's rota: the shift index worked on each day (−1 off) and its request penalties.</summary>
    public sealed record Column(int Employee, int[] Shifts, long Cost)
    {
        internal Variable? Variable { get; set; }

        // Nights and weekends worked, counted once when the column is made (with fairness on; 0 otherwise).
        internal int Nights { get; init; }

        internal int Weekends { get; init; }
    }

    /// <summary>A person's pricing result at given duals.</summary>
    /// <param name="Bound">Proved lower bound on min (cost − Σ μ·cover + (α − β)·nights + (α − β)·weekends) over the person's legal rotas (−∞ when none is proved).</param>
    /// <param name="Rotas">Rotas found (possibly none), in no particular order.</param>
    public sealed record Pricing(double Bound, IReadOnlyList<int[]> Rotas, bool Infeasible)
    {
        // The scaled pricing objective and CP-SAT's proved bound on it: a valid inequality for every legal rota.
        internal Cut? Cut { get; init; }
    }

    // Σ Coefficients[d,s]·x[e,d,s] ≥ Bound holds for every legal rota of person Employee (the pricing problem's proved
    // bound, in the scaled integers CP-SAT solved): a Lagrangian cut that the full model's LP can use.
    // With fairness, Weekend is the coefficient of each weekend the person works.
    internal sealed record Cut(int Employee, long[,] Coefficients, long Bound)
    {
        public long Weekend { get; init; }
    }

    /// <summary>Figures of a run of <see cref="Run"/>.</summary>
    public sealed record Outcome(long? Bound, double LpValue, double LagrangianBound, int Iterations, int Columns, TimeSpan Elapsed, bool Converged)
    {
        /// <summary>The index of a person proved to have no legal rota at all (at the root: the problem is infeasible).</summary>
        public int? WithoutRota { get; init; }
    }

    /// <summary>Adds a roster's rotas as columns (a warm start: the master then has an integer solution at once).</summary>
    public void AddRoster(IEnumerable<Assignment> roster)
    {
        var rows = Rows(roster);
        for (var e = 0; e < staff; e++) AddColumn(e, rows[e]);
    }

    // A roster as one rota per person: the shift index worked on each day, −1 off.
    private int[][] Rows(IEnumerable<Assignment> roster)
    {
        var staffIndex = problem.Employees.Select((emp, i) => (emp.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var rows = new int[staff][];
        for (var e = 0; e < staff; e++) rows[e] = Enumerable.Repeat(-1, days).ToArray();
        foreach (var a in roster) rows[staffIndex[a.EmployeeId]][a.Day] = shiftIndex[a.ShiftId];
        return rows;
    }

    /// <summary>
    /// Prices person <paramref name="employee"/> at duals <paramref name="mu"/> (laid out as <see cref="DualCount"/> says):
    /// exactly by the dynamic programme (ADR 0168) where it states the
    /// person's rules, otherwise with CP-SAT on one thread, stopping after <paramref name="work"/> units of deterministic
    /// time when given.
    /// </summary>
    public Pricing Price(int employee, double[] mu, double? work = null) => pricers[employee].Solve(mu, work, null);

    // The Lagrangian bound at any duals (the fairness rows' at least 0): every person priced, plus the cover's and the
    // fairness variables' terms. Column generation sums the same parts as it prices; the tests hold it below the optimum.
    internal double BoundAt(double[] duals) => Enumerable.Range(0, staff).Sum(e => Price(e, duals).Bound) + CoverTerm(duals) + FairnessTerm(duals);

    // The same pricing by CP-SAT alone, bypassing the dynamic programme: the tests hold the one against the other.
    internal Pricing PriceWithCpSat(int employee, double[] mu) => pricers[employee].Solve(mu, null, null, exactFirst: false);

    /// <summary>Request penalties of a rota (its cost in the master).</summary>
    public long CostOf(int employee, int[] rota)
    {
        var id = problem.Employees[employee].Id;
        long cost = 0;
        foreach (var r in problem.Requests)
        {
            if (r.EmployeeId == id && !r.IsMetBy(rota[r.Day] >= 0 ? problem.ShiftTypes[rota[r.Day]].Id : null)) cost += r.Weight;
        }

        return cost;
    }

    /// <summary>A rota as assignments.</summary>
    public IEnumerable<Assignment> AssignmentsOf(int employee, int[] rota)
    {
        for (var d = 0; d < days; d++)
        {
            if (rota[d] >= 0) yield return new Assignment(problem.Employees[employee].Id, d, problem.ShiftTypes[rota[d]].Id);
        }
    }

    /// <summary>
    /// The Lagrangian term of the cover rows at duals <paramref name="mu"/>: Σ_c min over integer y in
    /// [minimum_c, eligible_c] of (penalty_c(y) + μ_c·y) (at a node of the branching, the range the node allows). The
    /// function is convex piecewise linear in y, so its minimum is at either end of the range or the preferred number
    /// (clamped).
    /// </summary>
    public double CoverTerm(double[] mu)
    {
        ArgumentNullException.ThrowIfNull(mu);
        var total = 0.0;
        for (var c = 0; c < cover.Length; c++)
        {
            var req = cover[c];
            var lo = lowest[c];
            var hi = highest[c];
            if (lo > hi) return double.PositiveInfinity;
            var best = double.PositiveInfinity;
            foreach (var y in new[] { lo, Math.Clamp(req.Preferred, lo, hi), hi })
            {
                best = Math.Min(best, Penalty(req, y) + (mu[c] * y));
            }

            total += best;
        }

        return total;
    }

    /// <summary>
    /// Column generation until the LP bound is reached (no column prices out, or the Lagrangian bound rounds up to the
    /// LP value), <paramref name="deadline"/> passes or <paramref name="stop"/> says so. Each valid bound (⌈LB − 1e-6⌉)
    /// is passed to <paramref name="onBound"/> as it rises. Duals are smoothed (Wentges) towards those of the best
    /// bound so far, which steadies the tail; a smoothed price that finds no improving column is repeated at the LP's
    /// own duals, so convergence is kept.
    /// </summary>
    /// <param name="onLp">
    /// Given the master LP's rotas as weights (<see cref="LpWeights"/>) after each master solve that needs no artificial,
    /// on this thread: the neighbourhood search follows them (ADR 0176).
    /// </param>
    /// <param name="onFirstRoster">
    /// Given, when no cover row has a minimum and the problem has more than 1,000 person-days, the roster of each person's
    /// first rota (their best for their own requests where the exact pricing states their rules, else any legal rota):
    /// with no minimum to meet, nothing else ties one person's rota to another's, so it keeps every hard rule. It comes
    /// after one pricing per person, long before the integer master; on problems larger than instances 1–8 (30 people
    /// over 56 days) the other searches had no roster at all in 60 s (ADR 0178).
    /// </param>
    /// <param name="onReserveRoster">
    /// Given, when no cover row has a minimum and the problem has at most 1,000 person-days, the roster of each person's
    /// best rota for their own requests: legal for the same reason, but far from the cover, so the caller keeps it in
    /// reserve for when its other searches find nothing (ADR 0180).
    /// </param>
    public Outcome Run(TimeSpan deadline, Func<bool>? stop = null, Action<long>? onBound = null, double smoothing = 0.5, Action<string>? log = null, Action<float[,,]>? onLp = null, Action<List<Assignment>>? onFirstRoster = null, Action<List<Assignment>>? onReserveRoster = null)
    {
        // The first roster goes to the problems that may be screened (ADR 0181 shares the rule), the reserve to the
        // small ones with no minimum.
        firstRoster = Screenable(problem) ? onFirstRoster : null;
        reserveRoster = NoMinimum(problem) && !Large(problem) ? onReserveRoster : null;
        try
        {
            return Generate(deadline, stop, onBound, smoothing, log, cutoff: null, onLp);
        }
        finally
        {
            firstRoster = null;
            reserveRoster = null;
        }
    }

    // The greedy first round's prices: each cover row's under-cover weight while the people priced so far leave it short
    // of its preferred count, minus its over-cover weight once they meet it.
    private double[] Shortfall(int[] placed)
    {
        var prices = new double[dualCount];
        for (var c = 0; c < cover.Length; c++) prices[c] = placed[c] < cover[c].Preferred ? cover[c].UnderWeight : -cover[c].OverWeight;
        return prices;
    }

    // Share of column generation's time the best responses may take after the greedy first round.
    private const double ResponseShare = 0.3;

    private List<Assignment> RosterOf(int[][] chosen)
    {
        var roster = new List<Assignment>();
        for (var e = 0; e < staff; e++) roster.AddRange(AssignmentsOf(e, chosen[e]));
        return roster;
    }

    // Adds (sign 1) or takes away (−1) a rota's places in the cover rows it counts for.
    private void Place(int e, int[] rota, int sign, int[] placed)
    {
        for (var d = 0; d < days; d++)
        {
            if (rota[d] < 0) continue;
            foreach (var c in coverAt[d, rota[d]])
            {
                if (eligible[c, e]) placed[c] += sign;
            }
        }
    }

    /// <summary>
    /// Best responses after the greedy first round (ADR 0180): each person in turn is taken out and priced again at what
    /// the cover lacks without them (<see cref="Shortfall"/>). With no cover minimum and no fairness term, a person's
    /// effect on the objective given everyone else is exactly those prices plus their requests, so the rota found
    /// replaces theirs when it costs less, and the roster's objective only falls. Sweeps repeat while one improves and
    /// time is left; each improved roster goes to <paramref name="offer"/>. People the dynamic programme cannot price
    /// keep their rota.
    /// </summary>
    private void Respond(int[][] chosen, int[] placed, Stopwatch clock, TimeSpan until, Func<bool>? stop, Action<List<Assignment>> offer)
    {
        if (spreads.Length > 0) return;
        var improved = true;
        while (improved && clock.Elapsed < until)
        {
            improved = false;
            for (var e = 0; e < staff && clock.Elapsed < until && !(stop?.Invoke() ?? false); e++)
            {
                if (!pricers[e].Dynamic) continue;
                Place(e, chosen[e], -1, placed);
                var prices = Shortfall(placed);
                var p = pricers[e].Solve(prices, FirstRotaWork, until - clock.Elapsed, firstOnly: true, beam: true);
                if (p.Rotas.Count > 0 && ReducedCost(e, p.Rotas[0], prices, 0) < ReducedCost(e, chosen[e], prices, 0) - 1e-6)
                {
                    AddColumn(e, p.Rotas[0]);
                    chosen[e] = p.Rotas[0];
                    improved = true;
                }

                Place(e, chosen[e], 1, placed);
            }

            if (improved) offer(RosterOf(chosen));
        }
    }

    // Problems of at most this many cells (person-days) get no first-rota roster: on instances 1–8 (840 cells at most)
    // the neighbourhood thread's construction gives a far better first roster within 3.3 s, and with the first rotas
    // offered as well instance 7 was proved in 2 runs of 9 against 6 of 9 without them (the cause was not found).
    private const int FirstRosterCells = 1000;

    // The beam that screens each pricing round on a large problem before the exact search (ADR 0181). 256 labels a day
    // stalled 30 people over 84 days at an LP of 5,471, where the exact search then found rotas that took it to 4,511;
    // 1,024 had it at 4,103 by 60 s. The exact search there takes about a second a person, this beam about 30 ms.
    private const int ScreeningBeam = 1024;

    /// <summary>
    /// Whether each pricing round searches a beam first and the exact programme only when the beam finds no column that
    /// improves the LP (ADR 0181). Off unless the caller sets it: the solver does so only with
    /// <see cref="SolverOptions.ScreenPricing"/>, on the problems <see cref="Screenable"/> allows.
    /// </summary>
    public bool BeamFirst { get; init; }

    /// <summary>
    /// Whether screening may be used on a problem: more than 1,000 person-days and no cover minimum, the shape of the
    /// benchmark's larger instances and the rule that gives them a first roster (ADR 0178).
    /// </summary>
    public static bool Screenable(RosterProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Large(problem) && NoMinimum(problem);
    }

    private static bool Large(RosterProblem problem) => problem.Employees.Count * problem.Days > FirstRosterCells;

    // No cover row with a hard minimum: the benchmark's instances, not a ward.
    internal static bool NoMinimum(RosterProblem problem) => problem.Cover.All(c => c.Minimum == 0);

    /// <summary>
    /// Seconds a person above which an exact pricing round counts as slow, so that the rounds after it are screened.
    /// Screening pays only where the exact search is slow: 2.5 ms a person over 28 days (90 people, instance 8's shape),
    /// against about 30 ms for the beam; 200 ms and more over 84 days, and seconds with 16 shift types over 56 days. So a
    /// problem the exact search prices fast is priced as before.
    /// </summary>
    internal double ScreenAbove { get; init; } = 0.03;

    // Whether the last exact pricing round took more than ScreenAbove a person. Until one has run, it is taken as slow
    // when the horizon is past four weeks.
    private bool slowExact;

    // Run's onFirstRoster while its column generation runs, when no cover row has a minimum on a large problem.
    private Action<List<Assignment>>? firstRoster;

    // Run's onReserveRoster while its column generation runs, when no cover row has a minimum on a small problem.
    private Action<List<Assignment>>? reserveRoster;

    // Column generation at the current node (bans applied). With a cutoff, it stops as soon as the Lagrangian bound
    // shows the node cannot hold a roster below it.
    private Outcome Generate(TimeSpan deadline, Func<bool>? stop, Action<long>? onBound, double smoothing, Action<string>? log, Func<long>? cutoff, Action<float[,,]>? onLp = null)
    {
        var clock = Stopwatch.StartNew();
        var lpValue = double.PositiveInfinity;
        var bestLb = double.NegativeInfinity;
        long? reported = null;
        double[]? center = null;
        var iterations = 0;
        var converged = false;
        var zero = new double[dualCount];

        // Start from each person's best rota for their requests alone, so the master has one column each (at a node of
        // the branching, one that keeps its bans). When a first roster is wanted (a large problem with no cover minimum),
        // each person is priced instead at what the cover still lacks after the people before them: a place short pays
        // its under-cover weight, one already met costs its over-cover weight. That is a greedy roster, far nearer the
        // cover than rotas chosen for requests alone (ADR 0179), and its prices differ from person to person, so it gives
        // no bound.
        if (Enumerable.Range(0, staff).Any(e => !Columns[e].Any(c => Allowed(e, c.Shifts))))
        {
            var first = 0.0;
            var proved = firstRoster is null;
            var placed = new int[cover.Length];
            var chosen = new int[staff][];
            for (var e = 0; e < staff; e++)
            {
                if (clock.Elapsed >= deadline) return new Outcome(null, double.PositiveInfinity, double.NegativeInfinity, 0, Columns.Sum(c => c.Count), clock.Elapsed, false);
                var prices = firstRoster is null ? zero : Shortfall(placed);
                var p = pricers[e].Solve(prices, FirstRotaWork, deadline - clock.Elapsed, firstOnly: true, beam: firstRoster is not null);
                if (p.Infeasible) return new Outcome(null, double.PositiveInfinity, double.PositiveInfinity, 0, 0, clock.Elapsed, true) { WithoutRota = e };
                foreach (var rota in p.Rotas) AddColumn(e, rota);
                first += p.Bound;
                proved &= double.IsFinite(p.Bound);
                if (p.Rotas.Count == 0) continue;
                chosen[e] = p.Rotas[0];
                for (var d = 0; d < days; d++)
                {
                    if (chosen[e][d] < 0) continue;
                    foreach (var c in coverAt[d, chosen[e][d]])
                    {
                        if (eligible[c, e]) placed[c]++;
                    }
                }
            }

            if (proved) Improve(first + CoverTerm(zero) + FairnessTerm(zero));
            if ((firstRoster ?? reserveRoster) is { } give && chosen.All(r => r is not null))
            {
                give(RosterOf(chosen));
                if (firstRoster is not null) Respond(chosen, placed, clock, deadline * ResponseShare, stop, firstRoster);
            }
        }

        while (clock.Elapsed < deadline && !(stop?.Invoke() ?? false))
        {
            iterations++;
            if (!SolveMaster(deadline - clock.Elapsed))
            {
                // The artificials keep the master feasible, so this is GLOP failing: no bound from this node.
                nodeFailed = true;
                break;
            }

            lpValue = lp.Objective().Value();
            if (onLp is not null && LpWeights() is { } weights) onLp(weights);
            var mu = Duals();
            var pi = convexity.Select(r => r.DualValue()).ToArray();
            if (Ceil(bestLb) >= Ceil(lpValue))
            {
                converged = true;
                break;
            }

            if (cutoff is not null && Ceil(bestLb) >= cutoff()) break;

            // Price at the smoothed point; when that finds nothing that improves the LP, price at the LP's duals.
            var added = 0;
            var screened = false;
            var mispriced = true;
            var exactAtLp = false;
            foreach (var alpha in center is null || smoothing <= 0 ? [0.0] : new[] { smoothing, 0.0 })
            {
                var at = alpha == 0 ? mu : mu.Select((m, c) => (alpha * center![c]) + ((1 - alpha) * m)).ToArray();
                var sum = 0.0;
                var complete = true;
                var round = new List<Cut>();
                // On a large problem a beam screens the round first (ADR 0181): its rotas prove nothing, so the round is
                // incomplete and gives no bound, and only when it finds no column that improves the LP is the round priced
                // exactly. So convergence, the bound and the cuts still come from exact rounds.
                screened = BeamFirst && slowExact;
                while (true)
                {
                    var roundStart = clock.Elapsed;
                    var priced = 0;
                    for (var e = 0; e < staff && clock.Elapsed < deadline; e++, priced++)
                    {
                        var p = pricers[e].Solve(at, PricingWork, deadline - clock.Elapsed, screen: screened && pricers[e].Exact ? ScreeningBeam : 0);
                        if (!double.IsFinite(p.Bound)) complete = false;
                        sum += p.Bound;
                        if (p.Cut is { } cut) round.Add(cut);
                        foreach (var rota in p.Rotas)
                        {
                            if (ReducedCost(e, rota, mu, pi[e]) < -1e-6 && AddColumn(e, rota)) added++;
                        }
                    }

                    // Whether the next rounds are screened: only while the exact search is slower than the beam would be.
                    if (!screened && priced > 0) slowExact = (clock.Elapsed - roundStart).TotalSeconds / priced > ScreenAbove;
                    if (!screened || added > 0 || clock.Elapsed >= deadline) break;
                    (screened, sum, complete) = (false, 0.0, true);
                    round.Clear();
                }

                if (complete && round.Count == staff && clock.Elapsed < deadline && Improve(sum + CoverTerm(at) + FairnessTerm(at)))
                {
                    center = at;
                    if (AtRoot) bestCuts = round;
                }

                if (complete && AtRoot) lastCuts = round;
                exactAtLp = alpha == 0 && complete && round.Count == staff;
                if (added > 0)
                {
                    mispriced = false;
                    break;
                }
            }

            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"it {iterations} lp {lpValue:0.###} lb {bestLb:0.###} cols {Columns.Sum(c => c.Count)} added {added} t {clock.Elapsed.TotalSeconds:0.0}{(screened ? " (beam)" : string.Empty)}"));
            if (mispriced && clock.Elapsed < deadline)
            {
                // Nothing prices out at the LP's own duals: when every pricing problem there was solved to the end, the
                // LP value is the decomposition bound; when one was stopped by its work limit, the same duals would
                // come back, so stop either way.
                converged = exactAtLp;
                break;
            }
        }

        return new Outcome(reported, lpValue, bestLb, iterations, Columns.Sum(c => c.Count), clock.Elapsed, converged);

        bool Improve(double lb)
        {
            if (lb <= bestLb) return false;
            bestLb = lb;
            var b = Ceil(lb);
            if (reported is null || b > reported)
            {
                reported = b;
                onBound?.Invoke(b);
            }

            return true;
        }
    }

    /// <summary>
    /// The master LP's solution as rotas: for each person, day and shift, the weight of the person's columns that work that
    /// shift that day (1 less their sum is the day off). Null when the solution uses an artificial (early in column
    /// generation, before the columns can meet the cover), which no roster can follow. Read right after a master solve.
    /// </summary>
    private float[,,]? LpWeights()
    {
        if (ArtificialUse() > 1e-6) return null;
        var weights = new float[staff, days, shiftIndex.Count];
        for (var e = 0; e < staff; e++)
        {
            foreach (var column in Columns[e])
            {
                var value = column.Variable!.SolutionValue();
                if (value <= 1e-9) continue;
                for (var d = 0; d < days; d++)
                {
                    if (column.Shifts[d] >= 0) weights[e, d, column.Shifts[d]] += (float)value;
                }
            }
        }

        return weights;
    }

    // How much of the artificial variables (cover shortfall and excess, fairness slacks) the last master solve used.
    private double ArtificialUse()
    {
        var used = 0.0;
        for (var c = 0; c < cover.Length; c++) used += shortfall[c].SolutionValue() + excess[c].SolutionValue();
        foreach (var spread in spreads) used += spread.MostSlack.Sum(v => v.SolutionValue()) + spread.LeastSlack.Sum(v => v.SolutionValue());
        return used;
    }

    // GLOP has no limit of its own and on some masters (a 40-person ward) a warm start ran for minutes: each solve is
    // limited to the caller's time left, the first try to at most WarmSolveLimit, after which it starts from scratch.
    private bool SolveMaster(TimeSpan left)
    {
        var clock = Stopwatch.StartNew();
        lp.SetTimeLimit(Milliseconds(left < WarmSolveLimit ? left : WarmSolveLimit));
        if (lp.Solve() == Solver.ResultStatus.OPTIMAL) return true;
        // GLOP sometimes ends a warm start after a node's bound changes ABNORMAL; from scratch it solves.
        lp.Reset();
        lp.SetTimeLimit(Milliseconds(left - clock.Elapsed));
        return lp.Solve() == Solver.ResultStatus.OPTIMAL;

        static long Milliseconds(TimeSpan t) => Math.Max(1, (long)t.TotalMilliseconds);
    }

    /// <summary>
    /// Where the master LP's value sits over the columns so far (the master is solved again first): what the columns'
    /// requests cost, what the cover rows' penalties cost, what the fairness spreads cost and what the artificials cost
    /// (these four sum to the LP value), how many people's rotas are mixes of columns, and each cover row whose count is
    /// fractional or penalised. A diagnostic for the benchmark (ADR 0175): it shows which part of the objective an
    /// integer roster may have to pay more for than the LP does.
    /// </summary>
    public MasterSummary DescribeMaster()
    {
        if (!SolveMaster(TimeSpan.FromMinutes(1))) throw new InvalidOperationException("The master LP could not be solved.");
        var requests = 0.0;
        var mixed = 0;
        for (var e = 0; e < staff; e++)
        {
            var used = 0;
            foreach (var column in Columns[e])
            {
                var value = column.Variable!.SolutionValue();
                if (value <= 1e-9) continue;
                requests += column.Cost * value;
                used++;
            }

            if (used > 1) mixed++;
        }

        var rows = new List<CoverRowSummary>();
        var coverCost = 0.0;
        for (var c = 0; c < cover.Length; c++)
        {
            var req = cover[c];
            var penalty = (under[c].SolutionValue() * req.UnderWeight) + (over[c].SolutionValue() * req.OverWeight);
            coverCost += penalty;
            var count = req.Preferred - under[c].SolutionValue() + over[c].SolutionValue() - shortfall[c].SolutionValue() + excess[c].SolutionValue();
            if (penalty > 1e-6 || Math.Abs(count - Math.Round(count)) > 1e-6) rows.Add(new CoverRowSummary(req, count, penalty));
        }

        var fairness = 0.0;
        foreach (var spread in spreads) fairness += problem.FairnessWeight * (spread.Most.SolutionValue() - spread.Least.SolutionValue());
        return new MasterSummary(lp.Objective().Value(), requests, coverCost, fairness, ArtificialUse() * artificial, mixed, rows);
    }

    /// <summary>The master LP's value and its parts (<see cref="DescribeMaster"/>).</summary>
    public sealed record MasterSummary(double Lp, double Requests, double Cover, double Fairness, double Artificials, int PeopleMixed, IReadOnlyList<CoverRowSummary> Rows);

    /// <summary>A cover row of the master whose count is fractional or whose penalty is above zero.</summary>
    public sealed record CoverRowSummary(CoverRequirement Requirement, double Count, double Penalty);

    /// <summary>Figures of a run of <see cref="BranchAndPrice"/>.</summary>
    /// <param name="Bound">The bound proved over the whole tree (null when the root gave none).</param>
    /// <param name="Complete">Whether the tree was searched to the end: then no roster is below the best known.</param>
    public sealed record BranchOutcome(long? Bound, bool Complete, int Nodes);

    /// <summary>
    /// Branch-and-price (ADR 0168): column generation at each node, then a branching decision chosen by strong branching
    /// among the most fractional cover counts (at most ⌊y⌋ or at least ⌈y⌉) and the most fractional person's days
    /// (person e works choice c on day d, c a shift or off, or does not); the open node with the least bound next (the
    /// newest among equals, the "up" child first, so the search plunges towards rosters). A node is closed once its bound
    /// reaches <paramref name="incumbent"/> (the best roster known to anyone, which may fall meanwhile); a node whose
    /// master is integral is a roster, passed to <paramref name="onRoster"/>. The bound over the open nodes is passed to
    /// <paramref name="onBound"/> as it rises; when the tree is exhausted no roster is below the incumbent.
    /// <paramref name="betweenNodes"/> runs before each node (the caller's roster heuristics, such as the integer master
    /// over the columns so far). Returns at once unless <see cref="CanBranch"/>.
    /// </summary>
    public BranchOutcome BranchAndPrice(TimeSpan deadline, Func<long> incumbent, Action<List<Assignment>> onRoster, Action<long>? onBound = null, Func<bool>? stop = null, Action? betweenNodes = null, Action<string>? log = null)
    {
        if (!CanBranch) return new BranchOutcome(null, false, 0);
        var clock = Stopwatch.StartNew();
        var stack = new List<Node> { new(null, long.MinValue, 0) };
        // The first dive comes after the root: on instance 8 an early roster (1306 in two runs, against 1313–1319 when the
        // first dive waited 5 s) lets the tree prune from the start.
        var lastDive = -DiveEvery;
        long? reported = null;
        var nodes = 0;
        var complete = false;
        try
        {
            while (true)
            {
                if (stack.Count == 0)
                {
                    complete = true;
                    Report(incumbent());
                    break;
                }

                if (clock.Elapsed >= deadline || (stop?.Invoke() ?? false)) break;
                betweenNodes?.Invoke();
                // Best bound first, the newest among equals: the search plunges down from a node while its children
                // keep the best bound, and the proved bound (the least over open nodes) rises as each level is closed.
                var pick = stack.Count - 1;
                for (var k = stack.Count - 2; k >= 0; k--)
                {
                    if (stack[k].Bound < stack[pick].Bound) pick = k;
                }

                var node = stack[pick];
                stack.RemoveAt(pick);
                if (node.Bound >= incumbent()) continue;
                var evaluated = Evaluate(node);
                if (evaluated is not { } at) break;
                if (at.Bound >= incumbent() || at.Integral)
                {
                    ReportOpen();
                    continue;
                }

                if (!at.Converged)
                {
                    // Out of time mid-node: it stays open with what it proved.
                    stack.Add(node with { Bound = at.Bound });
                    break;
                }

                // Candidates of two kinds: the most fractional cover counts (a count of at most ⌊y⌋ or at least ⌈y⌉, so
                // the cover penalties, most of the objective, move at once) and the most fractional person's days. Which
                // closes more differs by instance (instance 5 by counts, 6 by days), so each candidate's children are
                // evaluated and the one whose weaker child has the higher bound is kept (strong branching).
                var candidates = new List<(Node Down, Node Up)>();
                // With fairness, the fairness spreads' Most and Least first, while any is fractional: the LP spreads nights
                // evenly in fractions, and only whole values show the spread that fairness pays for. Among other
                // candidates they were never chosen on the ward, whose root strong branching then outlasted 60 s (ADR 0171).
                var spreadsFirst = FractionalSpreads();
                foreach (var r in spreadsFirst.Count > 0 ? spreadsFirst : FractionalCounts(StrongCandidates))
                {
                    candidates.Add((
                        new Node(new Decision(-1, -1, (int)Math.Floor(r.Count), false, node.Decisions) { Row = r.Row }, at.Bound, node.Depth + 1),
                        new Node(new Decision(-1, -1, (int)Math.Ceiling(r.Count), true, node.Decisions) { Row = r.Row }, at.Bound, node.Depth + 1)));
                }

                foreach (var b in spreadsFirst.Count > 0 ? [] : FractionalDays(StrongCandidates))
                {
                    candidates.Add((
                        new Node(new Decision(b.Employee, b.Day, b.Choice, false, node.Decisions), at.Bound, node.Depth + 1),
                        new Node(new Decision(b.Employee, b.Day, b.Choice, true, node.Decisions), at.Bound, node.Depth + 1)));
                }

                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"node {nodes} depth {node.Depth} bound {at.Bound} incumbent {incumbent()} open {stack.Count} t {clock.Elapsed.TotalSeconds:0.0}"));
                var chosen = candidates[0];
                if (candidates.Count > 1)
                {
                    var best = (Bound: long.MinValue, Gain: double.NegativeInfinity);
                    foreach (var (down, up) in candidates)
                    {
                        var children = new[] { down, up }.Select(child => (child, result: Evaluate(child))).ToList();
                        if (children.Any(c => c.result is null)) return Finish();
                        var pair = children.Select(c => c.child with { Bound = c.result!.Value.Integral ? long.MaxValue : c.result.Value.Bound, Solved = c.result.Value.Converged }).ToArray();
                        var score = Math.Min(pair[0].Bound, pair[1].Bound);
                        // Equal bounds (the rule on instance 7, where whole nodes sit at one value) are told apart by
                        // how far the children's LP values rise: the product rule of strong branching.
                        var gain = children.Select(c => Math.Min(1e3, Math.Max(1e-6, c.result!.Value.Lp - at.Lp))).Aggregate(1.0, (x, y) => x * y);
                        if (score > best.Bound || (score == best.Bound && gain > best.Gain))
                        {
                            best = (score, gain);
                            chosen = (pair[0], pair[1]);
                        }

                        // Both children closed: so is the node, whatever the other candidate would give.
                        if (score >= incumbent()) break;
                    }
                }

                // The "up" child last, so among equal bounds it is explored first.
                if (chosen.Down.Bound < incumbent()) stack.Add(chosen.Down);
                if (chosen.Up.Bound < incumbent()) stack.Add(chosen.Up);
                ReportOpen();
                if (clock.Elapsed - lastDive >= DiveEvery)
                {
                    if (!Dive(node with { Bound = at.Bound, Solved = true })) return Finish();
                    lastDive = clock.Elapsed;
                }
            }
        }
        finally
        {
            ApplyNode(null);
        }

        return Finish();

        BranchOutcome Finish() => new(reported, complete, nodes);

        // A dive for a roster from a node (its subtree is not closed by it): fix the rota of the person the LP is surest
        // of but has not settled, price again, and repeat until the master is integral (a roster, passed on), its bound
        // reaches the incumbent, or everyone is fixed. False when column generation failed (the branching stops).
        bool Dive(Node from)
        {
            var at = from;
            var result = Evaluate(at);
            for (var step = 0; step < staff; step++)
            {
                if (result is not { } r) return false;
                // (No call to `stop` here: the caller's may add columns, and the LP's values must be read before any
                // change to the model; column generation in the next step calls it.)
                if (r.Integral || !r.Converged || r.Bound >= incumbent() || clock.Elapsed >= deadline) break;
                if (SurestFractionalColumn() is not { } fix) break;
                var chain = at.Decisions;
                for (var d = 0; d < days; d++) chain = new Decision(fix.Employee, d, fix.Shifts[d] < 0 ? shifts : fix.Shifts[d], true, chain);
                at = new Node(chain, r.Bound, at.Depth + 1);
                result = Evaluate(at);
            }

            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"dive from depth {from.Depth} to {at.Depth}: {(result is { Integral: true } ? "roster" : "no roster")}, incumbent {incumbent()}"));
            return result is not null;
        }

        // Column generation under a node's decisions: its bound (long.MaxValue when no roster meets them), whether it
        // converged and whether its master is integral (a roster, passed on); null when it could not be trusted.
        (long Bound, bool Converged, bool Integral, double Lp)? Evaluate(Node n)
        {
            nodes++;
            ApplyNode(n);
            if (n.Solved)
            {
                // Priced to convergence already (as a strong-branching child): columns are only ever added, so the LP
                // alone is optimal for the node again, and its bound stands.
                if (!SolveMaster(deadline - clock.Elapsed)) return null;
                var value = lp.Objective().Value();
                if (FractionalCounts(1).Count > 0 || FractionalDays(1).Count > 0) return (n.Bound, true, false, value);
                onRoster(IntegralRoster());
                return (n.Bound, true, true, value);
            }

            nodeFailed = false;
            var outcome = Generate(deadline - clock.Elapsed, stop, null, 0.5, null, incumbent);
            if (nodeFailed)
            {
                // The master's last solve is cut short when the time is up; only before that is it GLOP failing.
                log?.Invoke(clock.Elapsed >= deadline ? $"node {nodes}: the time is up" : $"node {nodes}: column generation failed; the branching stops");
                return null;
            }

            // No legal rota for someone, or the cover minimums cannot be met under these decisions. The master's value
            // proves the latter only once converged: before its first solve (the time up) it is +∞ and proves nothing,
            // and a node closed on it could let the tree report a bound, or completeness, it never proved.
            if (double.IsPositiveInfinity(outcome.LagrangianBound) || (outcome.Converged && outcome.LpValue >= artificial - 1e-6)) return (long.MaxValue, true, false, double.PositiveInfinity);
            var bound = Math.Max(n.Bound, Ceil(outcome.LagrangianBound));
            if (outcome.Converged) bound = Math.Max(bound, Ceil(outcome.LpValue));
            if (!outcome.Converged || bound >= incumbent() || FractionalCounts(1).Count > 0 || FractionalDays(1).Count > 0) return (bound, outcome.Converged, false, outcome.LpValue);
            onRoster(IntegralRoster());
            return (bound, true, true, outcome.LpValue);
        }

        void ReportOpen() => Report(stack.Count == 0 ? incumbent() : Math.Min(incumbent(), stack.Min(n => n.Bound)));

        void Report(long b)
        {
            if (b == long.MaxValue || b == long.MinValue || (reported is { } r && b <= r)) return;
            reported = b;
            onBound?.Invoke(b);
        }
    }

    // The master's most fractional person's days (person, day, choice: value nearest 0.5; at most `most`), most
    // fractional first; none when every person's rota is whole. Most fractional lifted the bounds of instances 5 and 6
    // further than nearest to 1 (ADR 0168).
    private List<(int Employee, int Day, int Choice)> FractionalDays(int most)
    {
        var found = new List<(double Score, (int, int, int) Decision)>();
        var x = new double[days, shifts + 1];
        for (var e = 0; e < staff; e++)
        {
            Array.Clear(x);
            foreach (var column in Columns[e])
            {
                var value = column.Variable!.SolutionValue();
                if (value <= 1e-9) continue;
                for (var d = 0; d < days; d++) x[d, column.Shifts[d] < 0 ? shifts : column.Shifts[d]] += value;
            }

            for (var d = 0; d < days; d++)
            {
                for (var c = 0; c <= shifts; c++)
                {
                    if (x[d, c] > 1e-6 && x[d, c] < 1 - 1e-6) found.Add((0.5 - Math.Abs(x[d, c] - 0.5), (e, d, c)));
                }
            }
        }

        return [.. found.OrderByDescending(f => f.Score).Take(most).Select(f => f.Decision)];
    }

    private List<Assignment> IntegralRoster()
    {
        var roster = new List<Assignment>();
        for (var e = 0; e < staff; e++)
        {
            var column = Columns[e].MaxBy(c => c.Variable!.SolutionValue())!;
            roster.AddRange(AssignmentsOf(e, column.Shifts));
        }

        return roster;
    }

    // The column with the largest value in the master among people whose rota is still a mix of columns.
    private (int Employee, int[] Shifts)? SurestFractionalColumn()
    {
        (int, int[])? best = null;
        var bestValue = 0.0;
        for (var e = 0; e < staff; e++)
        {
            var top = Columns[e].MaxBy(c => c.Variable!.SolutionValue())!;
            var value = top.Variable!.SolutionValue();
            if (value < 1 - 1e-6 && value > bestValue)
            {
                bestValue = value;
                best = (e, top.Shifts);
            }
        }

        return best;
    }

    // The spreads' Most and Least whose values in the master are fractional, as rows after the cover's (cover.Length +
    // 2·spread, + 1 for Least).
    private List<(int Row, double Count)> FractionalSpreads()
    {
        var found = new List<(int Row, double Count)>();
        for (var f = 0; f < spreads.Length; f++)
        {
            foreach (var (k, v) in new[] { (0, spreads[f].Most), (1, spreads[f].Least) })
            {
                var value = v.SolutionValue();
                if (value - Math.Floor(value) > 1e-6 && Math.Ceiling(value) - value > 1e-6) found.Add((cover.Length + (2 * f) + k, value));
            }
        }

        return found;
    }

    // The cover rows whose counts in the master are most fractional (at most `most`), most fractional first.
    private List<(int Row, double Count)> FractionalCounts(int most)
    {
        var found = new List<(double Score, int Row, double Count)>();
        for (var c = 0; c < cover.Length; c++)
        {
            var count = cover[c].Preferred - under[c].SolutionValue() + over[c].SolutionValue();
            var score = 0.5 - Math.Abs(count - Math.Floor(count) - 0.5);
            if (score > 1e-6) found.Add((score, c, count));
        }

        return [.. found.OrderByDescending(f => f.Score).Take(most).Select(f => (f.Row, f.Count))];
    }

    // One branching decision, with Parent the decision above it: either person e works choice c on day d (Force) or
    // does not; or, when Row is a cover row, its count is at least (Force) or at most Choice.
    private sealed record Decision(int Employee, int Day, int Choice, bool Force, Decision? Parent)
    {
        public int Row { get; init; } = -1;
    }

    // A node of the branching: its decisions, the best bound known for it, and whether its column generation has already
    // converged (a strong-branching child), so that popping it needs only the LP.
    private sealed record Node(Decision? Decisions, long Bound, int Depth)
    {
        public bool Solved { get; init; }

        public bool[][,]? Bans(int staff, int days, int shifts)
        {
            if (Decisions is null) return null;
            var bans = new bool[staff][,];
            var any = false;
            for (var at = Decisions; at is not null; at = at.Parent)
            {
                if (at.Row >= 0) continue;
                any = true;
                var banned = bans[at.Employee] ??= new bool[days, shifts + 1];
                for (var c = 0; c <= shifts; c++)
                {
                    if (at.Force ? c != at.Choice : c == at.Choice) banned[at.Day, c] = true;
                }
            }

            return any ? bans : null;
        }
    }

    /// <summary>
    /// Price-and-branch: one generated column per person, chosen by CP-SAT to minimise requests plus cover penalties
    /// (cover minimums hard), hinted with <paramref name="hint"/> when given. Every column is a legal rota, so the
    /// result is a legal roster; null when none is found in time.
    /// </summary>
    public (List<Assignment> Roster, long Objective)? SolveIntegerMaster(TimeSpan timeLimit, IReadOnlyList<Assignment>? hint = null, Action<long, List<Assignment>>? onRoster = null, Func<bool>? stop = null)
    {
        var model = new CpModel();
        var choose = new BoolVar[staff][];
        var objective = LinearExpr.NewBuilder();
        for (var e = 0; e < staff; e++)
        {
            choose[e] = Columns[e].Select((_, k) => model.NewBoolVar($"c_{e}_{k}")).ToArray();
            if (choose[e].Length == 0) return null;
            model.AddExactlyOne(choose[e]);
            for (var k = 0; k < choose[e].Length; k++) objective.AddTerm(choose[e][k], Columns[e][k].Cost);
        }

        for (var c = 0; c < cover.Length; c++)
        {
            var req = cover[c];
            var count = LinearExpr.NewBuilder();
            for (var e = 0; e < staff; e++)
            {
                if (!eligible[c, e]) continue;
                for (var k = 0; k < choose[e].Length; k++)
                {
                    if (Columns[e][k].Shifts[req.Day] == coverShift[c]) count.Add(choose[e][k]);
                }
            }

            model.AddLinearConstraint(count, req.Minimum, eligibleCount[c]);
            var under = model.NewIntVar(0, Math.Max(0, req.Preferred), $"u_{c}");
            var over = model.NewIntVar(0, eligibleCount[c], $"o_{c}");
            model.Add(count + under - over == req.Preferred);
            objective.AddTerm(under, req.UnderWeight);
            objective.AddTerm(over, req.OverWeight);
        }

        foreach (var spread in spreads)
        {
            var counts = spread.Members.Select(e =>
            {
                var count = LinearExpr.NewBuilder();
                for (var k = 0; k < choose[e].Length; k++) count.AddTerm(choose[e][k], CountOf(spread, Columns[e][k]));
                return (LinearExpr)count;
            }).ToList();
            var most = model.NewIntVar(0, spread.Upper, "most");
            var least = model.NewIntVar(0, spread.Upper, "least");
            model.AddMaxEquality(most, counts);
            model.AddMinEquality(least, counts);
            objective.AddTerm(most, problem.FairnessWeight);
            objective.AddTerm(least, -problem.FairnessWeight);
        }

        model.Minimize(objective);
        if (hint is not null)
        {
            var rows = Rows(hint);
            for (var e = 0; e < staff; e++)
            {
                for (var k = 0; k < choose[e].Length; k++) model.AddHint(choose[e][k], Columns[e][k].Shifts.AsSpan().SequenceEqual(rows[e]));
            }
        }

        using var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{Math.Max(0.01, timeLimit.TotalSeconds):0.###} num_workers:1"),
        };
        var callback = new MasterCallback(this, choose, onRoster, stop);
        var status = solver.Solve(model, callback);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return null;
        return (Read(choose, solver.BooleanValue), ObjectiveOf(choose, solver.BooleanValue));
    }

    // A cover row's penalty when `count` eligible people work it: short of the preferred count at the under-cover weight
    // a place, over it at the over-cover weight.
    private static long Penalty(CoverRequirement req, int count) =>
        count < req.Preferred ? (long)(req.Preferred - count) * req.UnderWeight : (long)(count - req.Preferred) * req.OverWeight;

    // The chosen columns' own objective: their costs, each cover row's penalty at its count and the fairness spreads.
    // CP-SAT's objective can be higher: stopped by its time limit, the master may leave a row both short and over, each
    // slack at its own price (by 101 on instance 8 with its shift types split in two). Forbidding that cost the master
    // its rosters (ADR 0180), so the roster's objective is counted here instead.
    private long ObjectiveOf(BoolVar[][] choose, Func<ILiteral, bool> value)
    {
        var picked = new Column[staff];
        for (var e = 0; e < staff; e++)
        {
            for (var k = 0; k < choose[e].Length; k++)
            {
                if (value(choose[e][k])) picked[e] = Columns[e][k];
            }
        }

        var total = picked.Sum(c => c.Cost);
        for (var c = 0; c < cover.Length; c++)
        {
            var req = cover[c];
            var count = Enumerable.Range(0, staff).Count(e => eligible[c, e] && picked[e].Shifts[req.Day] == coverShift[c]);
            total += Penalty(req, count);
        }

        foreach (var spread in spreads)
        {
            var counts = spread.Members.Select(e => CountOf(spread, picked[e])).ToList();
            total += (long)(counts.Max() - counts.Min()) * problem.FairnessWeight;
        }

        return total;
    }

    public void Dispose()
    {
        lp.Dispose();
        foreach (var p in pricers) p.Dispose();
    }

    private List<Assignment> Read(BoolVar[][] choose, Func<ILiteral, bool> value)
    {
        var roster = new List<Assignment>();
        for (var e = 0; e < staff; e++)
        {
            for (var k = 0; k < choose[e].Length; k++)
            {
                if (value(choose[e][k])) roster.AddRange(AssignmentsOf(e, Columns[e][k].Shifts));
            }
        }

        return roster;
    }

    private static long Ceil(double value) => double.IsFinite(value) ? (long)Math.Ceiling(value - 1e-6) : long.MinValue;

    private double ReducedCost(int e, int[] rota, double[] mu, double pi)
    {
        var (night, weekend) = FairnessPrice(e, mu);
        double rc = CostOf(e, rota) - pi + (night == 0 ? 0 : night * NightsOf(rota)) + (weekend == 0 ? 0 : weekend * WeekendsOf(rota));
        for (var d = 0; d < days; d++)
        {
            if (rota[d] < 0) continue;
            foreach (var c in coverAt[d, rota[d]])
            {
                if (eligible[c, e]) rc -= mu[c];
            }
        }

        return rc;
    }

    private bool AddColumn(int e, int[] rota)
    {
        var key = string.Join(',', rota);
        if (!known[e].Add(key)) return false;
        var column = new Column(e, (int[])rota.Clone(), CostOf(e, rota))
        {
            Nights = spreads.Length == 0 ? 0 : NightsOf(rota),
            Weekends = spreads.Length == 0 ? 0 : WeekendsOf(rota),
        };
        var variable = lp.MakeNumVar(0, double.PositiveInfinity, $"l_{e}_{Columns[e].Count}");
        lp.Objective().SetCoefficient(variable, column.Cost);
        convexity[e].SetCoefficient(variable, 1);
        for (var d = 0; d < days; d++)
        {
            if (rota[d] < 0) continue;
            foreach (var c in coverAt[d, rota[d]])
            {
                if (eligible[c, e]) coverRows[c].SetCoefficient(variable, 1);
            }
        }

        foreach (var spread in spreads)
        {
            var j = spread.Slot[e];
            var count = j < 0 ? 0 : CountOf(spread, column);
            if (count == 0) continue;
            spread.AtMost[j].SetCoefficient(variable, -count);
            spread.AtLeast[j].SetCoefficient(variable, count);
        }

        column.Variable = variable;
        if (!Allowed(e, rota)) variable.SetUb(0);
        ((List<Column>)Columns[e]).Add(column);
        return true;
    }

    private sealed class MasterCallback(RosterDecomposition owner, BoolVar[][] choose, Action<long, List<Assignment>>? onRoster, Func<bool>? stop) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            onRoster?.Invoke(owner.ObjectiveOf(choose, BooleanValue), owner.Read(choose, BooleanValue));
            if (stop?.Invoke() ?? false) StopSearch();
        }
    }

    // One person's pricing model: the engine's own one-person model (every per-person hard rule), whose objective is
    // replaced at each call by the scaled reduced cost.
    private sealed class Pricer : IDisposable
    {
        private readonly RosterDecomposition owner;
        private readonly int employee;
        private readonly RosterModel built;
        private readonly long[,] requestCoefficient;
        private readonly long constant;
        private readonly CpSolver solver = new();
        // The dynamic programme: exact up to 127 days, a beam beyond (ADR 0179); null when the person's rules are outside it.
        private readonly RotaPricer? dp;

        // The person's weekend literals in the pricing model, when weekends are priced (fairness on).
        private readonly IReadOnlyList<BoolVar> weekends = [];

        public Pricer(RosterDecomposition owner, int employee)
        {
            this.owner = owner;
            this.employee = employee;
            var problem = owner.problem;
            dp = RotaPricer.TryCreate(problem, employee);
            var emp = problem.Employees[employee];
            var requests = problem.Requests.Where(r => r.EmployeeId == emp.Id).ToList();
            built = new RosterModel(problem with { Employees = [emp], Cover = [], Requests = requests, FairnessWeight = 0 }, diagnose: false);
            if (owner.spreads.Any(s => !s.Nights)) weekends = built.Weekends(0);
            requestCoefficient = new long[owner.days, owner.shifts];
            foreach (var r in requests)
            {
                // On: weight·(1 − x); off: weight·x.
                if (r.On) constant += r.Weight;
                requestCoefficient[r.Day, owner.shiftIndex[r.ShiftId]] += r.On ? -r.Weight : r.Weight;
            }
        }

        public bool Exact => dp is { Exact: true };

        // Whether the dynamic programme prices this person (exactly or by its beam), rather than CP-SAT.
        public bool Dynamic => dp is not null;

        // With beam, the dynamic programme searches a beam even where it could search exactly: the greedy first round wants
        // a good rota fast and has no bound to give (30 people over 84 days: first roster at 5.4 s exactly, 1.5 s with the beam).
        // With screen above 0, only a beam of that width is searched: rotas and no bound, and nothing when it finds none.
        public Pricing Solve(double[] mu, double? work, TimeSpan? timeLimit, bool exactFirst = true, bool firstOnly = false, bool beam = false, int screen = 0)
        {
            var proto = built.Model.Model;
            var objective = new CpObjectiveProto();
            var coefficients = new long[owner.days, owner.shifts];
            // Fairness costs are rounded down, as the rewards are rounded up: the minimum can only fall.
            var (nightPrice, weekendPrice) = owner.FairnessPrice(employee, mu);
            var nightCost = (long)Math.Floor(nightPrice * Scale);
            var weekendCost = (long)Math.Floor(weekendPrice * Scale);
            for (var d = 0; d < owner.days; d++)
            {
                for (var s = 0; s < owner.shifts; s++)
                {
                    var dual = 0.0;
                    foreach (var c in owner.coverAt[d, s])
                    {
                        if (owner.eligible[c, employee]) dual += mu[c];
                    }

                    // Rounding the reward up can only lower the minimum, so the proved bound stays a valid bound.
                    var coefficient = (long)(requestCoefficient[d, s] * Scale) - (long)Math.Ceiling(dual * Scale);
                    if (owner.problem.ShiftTypes[s].IsNight) coefficient += nightCost;
                    coefficients[d, s] = coefficient;
                    if (coefficient == 0) continue;
                    objective.Vars.Add(built.ShiftIndex(0, d, s));
                    objective.Coeffs.Add(coefficient);
                }
            }

            if (weekendCost != 0)
            {
                foreach (var worked in weekends)
                {
                    objective.Vars.Add(worked.GetIndex());
                    objective.Coeffs.Add(weekendCost);
                }
            }

            long? until = timeLimit is { } left ? Stopwatch.GetTimestamp() + (long)(Math.Max(0, left.TotalSeconds) * Stopwatch.Frequency) : null;
            if (screen > 0 && dp is not null) return SolveByDp(coefficients, weekendCost, until, screen) ?? new Pricing(double.NegativeInfinity, [], false);
            if (exactFirst && dp is not null && SolveByDp(coefficients, weekendCost, until, beam || !dp.Exact ? Beam : 0) is { } priced) return priced;
            // The exact search stopped by the time limit: no bound from this person this time, and no slower search.
            if (until is { } end && Stopwatch.GetTimestamp() > end) return new Pricing(double.NegativeInfinity, [], false);
            if (owner.bans is not null)
            {
                // CP-SAT's pricing model knows nothing of the branching's bans: the branching gives up (see BranchAndPrice).
                owner.nodeFailed = true;
                return new Pricing(double.NegativeInfinity, [], false);
            }

            // firstOnly: any legal rota and no bound. Over 168 days, CP-SAT's first rota for ten people took 0.2 s each
            // with the LP at level 2 and no objective; at levels 0 and 1 it found none for some in 5 s, and with the
            // requests to weigh some found none in 0.5 units of work (ADR 0178).
            proto.Objective = firstOnly ? null : objective;
            var limit = string.Empty;
            if (work is { } w) limit += string.Create(CultureInfo.InvariantCulture, $" max_deterministic_time:{w:0.###}");
            if (timeLimit is { } t) limit += string.Create(CultureInfo.InvariantCulture, $" max_time_in_seconds:{Math.Max(0.01, t.TotalSeconds):0.###}");
            solver.StringParameters = "num_workers:1" + limit + (firstOnly ? " linearization_level:2 stop_after_first_solution:true" : string.Empty);
            var found = new List<int[]>();
            var callback = new Collect(this, found);
            var status = solver.Solve(built.Model, callback);
            if (status == CpSolverStatus.Infeasible) return new Pricing(double.PositiveInfinity, [], true);
            if (firstOnly) return new Pricing(double.NegativeInfinity, found, false);
            var proved = double.IsFinite(solver.BestObjectiveBound) && status != CpSolverStatus.Unknown;
            var bound = proved ? (solver.BestObjectiveBound / Scale) + constant : double.NegativeInfinity;
            return new Pricing(bound, found, false)
            {
                Cut = proved ? new Cut(employee, coefficients, (long)Math.Ceiling(solver.BestObjectiveBound - 1e-3)) { Weekend = weekendCost } : null,
            };
        }

        // The dynamic programme (ADR 0168), with the best of the person's own columns at these prices as the rota to beat.
        // Past its exact reach it searches a beam: rotas and no bound (null, for CP-SAT, when a first rota was not found).
        private Pricing? SolveByDp(long[,] coefficients, long weekendCost, long? until, int beam)
        {
            var upper = long.MaxValue;
            var banned = owner.bans?[employee];
            foreach (var column in owner.Columns[employee])
            {
                if (!owner.Allowed(employee, column.Shifts)) continue;
                long value = weekendCost * column.Weekends;
                for (var d = 0; d < owner.days; d++)
                {
                    if (column.Shifts[d] >= 0) value += coefficients[d, column.Shifts[d]];
                }

                upper = Math.Min(upper, value);
            }

            var result = dp!.Solve(coefficients, upper, RotasPerPricing, banned, until, weekendCost, beam);
            if (result.Minimum is not { } minimum)
            {
                if (beam == 0 || (result.Rotas.Count == 0 && upper == long.MaxValue)) return null;
                return new Pricing(double.NegativeInfinity, result.Rotas, false);
            }

            if (minimum == long.MaxValue) return new Pricing(double.PositiveInfinity, [], true);
            return new Pricing((minimum / Scale) + constant, result.Rotas, false)
            {
                Cut = new Cut(employee, coefficients, minimum) { Weekend = weekendCost },
            };
        }

        // Called for every rota CP-SAT finds while pricing: reads the person's shift variables directly.
        public int[] Rota(Func<ILiteral, bool> value)
        {
            var rota = new int[owner.days];
            for (var d = 0; d < owner.days; d++)
            {
                rota[d] = -1;
                for (var s = 0; s < owner.shifts; s++)
                {
                    if (value(built.Shift(0, d, s)))
                    {
                        rota[d] = s;
                        break;
                    }
                }
            }

            return rota;
        }

        public void Dispose() => solver.Dispose();

        private sealed class Collect(Pricer pricer, List<int[]> found) : CpSolverSolutionCallback
        {
            public override void OnSolutionCallback() => found.Add(pricer.Rota(BooleanValue));
        }
    }
}
