using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Infirmary.Rostering;
using Infirmary.Rostering.Benchmark;

// Solver runs take seconds, so this is a plain console program rather than BenchmarkDotNet:
//   dotnet run -c Release --project bench/Infirmary.Rostering.Benchmarks -- [--data DIR] [--time-limit 60] [--threads 2] [--work SECONDS] [--instances 1-8] [--ward | --ward-only] [--feasibility-first [--neighbourhoods]] [--bound-worker] [--screen-pricing] [--no-neighbourhood] [--no-decomposition] [--decomposition-only [--ward-only] [--branch [--from-best-known [--above N]]] [--describe-master] [--verbose]] [--ward-seed N] [--fairness-weight N] [--ward-variant exact-cover|seniors|no-seniors] [--patience SECONDS] [--scale PEOPLE,PERIODS[,KINDS]] [--trace]
var data = Arg("--data") ?? FindData();
var limit = double.Parse(Arg("--time-limit") ?? "60", CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("--threads") ?? "2", CultureInfo.InvariantCulture);
// Optional deterministic work limit per thread (CP-SAT's deterministic time): compares settings fairly on a busy machine.
double? work = Arg("--work") is { } w ? double.Parse(w, CultureInfo.InvariantCulture) : null;
// "1-8", "5,7,8" or a mix ("1-3,8").
var instances = (Arg("--instances") ?? "1-8").Split(',')
    .SelectMany(part => part.Split('-').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() is var ends ? Enumerable.Range(ends[0], ends[^1] - ends[0] + 1) : [])
    .ToList();
// --scale PEOPLE,PERIODS[,KINDS]: each instance with its people copied and its horizon repeated (ScaledInstance, ADR 0178). A
// mistyped value gets a plain answer and exit code 2, not a stack trace or a silent run at the instance's own size.
// A third number splits each shift type into that many kinds.
(int People, int Periods, int Kinds)? scale = null;
if (Arg("--scale") is { } scaleArg)
{
    var parts = scaleArg.Split(',');
    int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
    var (copies, periods, kinds) = (Part(0), Part(1), parts.Length == 3 ? Part(2) : 1);
    if (parts.Length is < 2 or > 3 || copies < 1 || periods < 1 || kinds < 1)
    {
        Console.Error.WriteLine($"--scale takes two or three whole numbers of at least 1, PEOPLE,PERIODS[,KINDS] (such as 1,2 or 4,1,4), not '{scaleArg}'.");
        Environment.Exit(2);
        return;
    }

    scale = (copies, periods, kinds);
}

var best = File.ReadAllLines(Path.Combine(data, "best_known.csv")).Skip(1).Select(l => l.Split(','))
    .ToDictionary(f => f[0], f => long.Parse(f[5], CultureInfo.InvariantCulture));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time limit {limit} s{(work is { } wl ? $", work limit {wl} per thread" : "")}, {threads} threads, {Environment.ProcessorCount} logical CPUs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
if (args.Contains("--decomposition-only"))
{
    // The decomposition bound on its own (ADR 0166): column generation to convergence or the time limit, then the
    // integer master over the generated columns for a roster.
    Console.WriteLine("instance   bound  best_known  lp        iterations  columns  seconds  converged  master  master_check");
    // With --ward-only, the synthetic ward instead of the instances (no best known: 0 is shown).
    var chosen = args.Contains("--ward-only")
        ? [("Ward", Ward())]
        : instances.Select(i => ($"Instance{i}", BenchmarkFormat.ReadFile(Path.Combine(data, $"Instance{i}.txt")))).ToList();
    if (scale is { } scaled) chosen = [.. chosen.Select(c => ($"{c.Item1}x{scaled.People}x{scaled.Periods}{(scaled.Kinds > 1 ? $"x{scaled.Kinds}" : "")}", ScaledInstance.Create(c.Item2, scaled.People, scaled.Periods, scaled.Kinds)))];
    foreach (var (name, problem) in chosen)
    {
        best.TryAdd(name, 0);
        using var decomposition = new RosterDecomposition(problem) { BeamFirst = args.Contains("--screen-pricing") && RosterDecomposition.Screenable(problem) };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var outcome = decomposition.Run(TimeSpan.FromSeconds(limit), log: args.Contains("--verbose") ? Console.WriteLine : null);
        // Processor time of column generation alone: steadier than wall time on a shared machine.
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (args.Contains("--describe-master"))
        {
            // Where the LP's value sits (ADR 0175): requests, cover, fairness; each fractional or penalised cover row.
            var summary = decomposition.DescribeMaster();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: LP {summary.Lp:0.###} = requests {summary.Requests:0.###} + cover {summary.Cover:0.###} + fairness {summary.Fairness:0.###} + artificial {summary.Artificials:0.###}; {summary.PeopleMixed} of {problem.Employees.Count} people's rotas are mixes"));
            foreach (var row in summary.Rows)
            {
                var r = row.Requirement;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  day {r.Day} {r.ShiftId}{(r.Skill is null ? "" : $" ({r.Skill})")}: count {row.Count:0.###} against {r.Preferred} preferred, {r.Minimum} minimum; penalty {row.Penalty:0.###}"));
            }

            continue;
        }

        var master = decomposition.SolveIntegerMaster(TimeSpan.FromSeconds(Math.Min(limit, 20)));
        var check = master is { } m ? RosterChecker.Evaluate(problem, m.Roster) : null;
        if (args.Contains("--branch"))
        {
            // Branch-and-price (ADR 0168) from the integer master's roster, for the time limit.
            var incumbent = master is { } mm ? mm.Objective : long.MaxValue;
            // --from-best-known: the best known objective as the incumbent, to time the proof alone; with --above N, the
            // best known plus N, to see whether the tree finds the optimum from just above it (ADR 0170).
            if (args.Contains("--from-best-known")) incumbent = Math.Min(incumbent, best[name] + long.Parse(Arg("--above") ?? "0", CultureInfo.InvariantCulture));
            var clock = Stopwatch.StartNew();
            var tree = decomposition.BranchAndPrice(
                TimeSpan.FromSeconds(limit),
                () => incumbent,
                roster =>
                {
                    var value = RosterChecker.Evaluate(problem, roster);
                    if (value.IsFeasible && value.Objective < incumbent) incumbent = value.Objective;
                },
                log: args.Contains("--verbose") ? Console.WriteLine : null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} branch-and-price: best {incumbent}, bound {tree.Bound}, complete {tree.Complete}, nodes {tree.Nodes}, {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} {outcome.Bound,6} {best[name],10}  {outcome.LpValue,8:0.###} {outcome.Iterations,11} {outcome.Columns,8} {outcome.Elapsed.TotalSeconds,8:0.0} (cpu {cpu.TotalSeconds:0.0})  {outcome.Converged,-9}  {master?.Objective,6}  {(check is null ? "-" : check.IsFeasible && check.Objective == master!.Value.Objective ? "agrees" : $"DISAGREES ({check.Objective}, {check.HardViolations.Count} hard)")}"));
    }

    return;
}

if (!args.Contains("--ward-only"))
{
    Console.WriteLine("instance   status    objective  bound  best_known  gap%   time-to-best(s)  wall(s)  check");
    foreach (var i in instances)
    {
        var name = $"Instance{i}";
        var problem = BenchmarkFormat.ReadFile(Path.Combine(data, name + ".txt"));
        if (scale is { } scaled)
        {
            // A larger problem of the instance's shape (no best known: the gap is shown against the bound instead).
            problem = ScaledInstance.Create(problem, scaled.People, scaled.Periods, scaled.Kinds);
            name += $"x{scaled.People}x{scaled.Periods}{(scaled.Kinds > 1 ? $"x{scaled.Kinds}" : "")}";
        }

        var first = new StrongBox<double?>();
        var result = RosterSolver.Solve(problem, Options(first) with { NeighbourhoodSearch = !args.Contains("--no-neighbourhood") });
        var check = RosterChecker.Evaluate(problem, result.Roster);
        long? known = best.TryGetValue(name, out var k) ? k : null;
        var gap = result.Objective is { } o ? 100.0 * (o - (known ?? result.Bound ?? 0)) / Math.Max(1, known ?? o) : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} {result.Status,-9} {result.Objective,9} {result.Bound,6} {known?.ToString(CultureInfo.InvariantCulture) ?? "-",10} {gap,6:0.00} {result.TimeToBest.TotalSeconds,15:0.0} {result.WallTime.TotalSeconds,8:0.0}  {(check.IsFeasible && check.Objective == result.Objective ? "agrees" : $"DISAGREES ({check.Objective}, {check.HardViolations.Count} hard)")}{(scale is null ? "" : $"  {problem.Employees.Count} people, {problem.Days} days, first roster {first.Value:0.0} s, peak memory {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB")}"));
    }
}

if (args.Contains("--ward") || args.Contains("--ward-only"))
{
    var ward = Ward();
    var clock = Stopwatch.StartNew();
    var first = new StrongBox<double?>();
    var result = RosterSolver.Solve(ward, Options(first) with
    {
        // The setting the Workforce module uses for wards (ADR 0033): CP-SAT's own portfolio.
        FeasibilityFirst = args.Contains("--feasibility-first"),
        ImproveWithNeighbourhoods = args.Contains("--neighbourhoods"),
    });
    var gap = result.Objective is { } o && o > 0 ? 100.0 * (o - (result.Bound ?? 0)) / o : 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ward 40x28x3{(args.Contains("--feasibility-first") ? " (feasibility first)" : "")} {result.Status}: first feasible {first.Value:0.00} s, objective {result.Objective}, bound {result.Bound}, gap {gap:0.00}% at {clock.Elapsed.TotalSeconds:0.0} s, time-to-best {result.TimeToBest.TotalSeconds:0.0} s"));
    if (args.Contains("--trace"))
    {
        // How the fairness spreads sit: nights and weekends worked per person, fewest first.
        var nightIds = ward.ShiftTypes.Where(st => st.IsNight).Select(st => st.Id).ToHashSet();
        var perPerson = ward.Employees.Select(emp => result.Roster.Where(a => a.EmployeeId == emp.Id).ToList()).ToList();
        var nights = perPerson.Select(r => r.Count(a => nightIds.Contains(a.ShiftId))).ToList();
        var weekends = perPerson.Select(r => ward.WeekendsWorked(r.Select(a => a.Day))).ToList();
        Console.WriteLine("  nights per person:   " + string.Join(' ', nights.Order()));
        Console.WriteLine("  weekends per person: " + string.Join(' ', weekends.Order()));
        // With --rotas, each person's rota and hours against their contract (ADR 0186: where the hours leave no room).
        if (args.Contains("--rotas"))
        {
            var lengths = ward.ShiftTypes.ToDictionary(st => st.Id, st => st.LengthMinutes);
            for (var i = 0; i < ward.Employees.Count; i++)
            {
                var emp = ward.Employees[i];
                var row = string.Concat(Enumerable.Range(0, ward.Days).Select(d => perPerson[i].FirstOrDefault(a => a.Day == d)?.ShiftId ?? "."));
                var minutes = perPerson[i].Sum(a => lengths[a.ShiftId]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {emp.Id} {string.Join('+', emp.Skills),-10} nights {nights[i]} weekends {weekends[i]} minutes {minutes} of {emp.MinTotalMinutes}-{emp.MaxTotalMinutes}  {row}"));
            }
        }
    }

    // Where the penalty comes from, so work on the gap goes where it matters.
    foreach (var kind in result.SoftViolations.GroupBy(v => v.Kind).OrderByDescending(g => g.Sum(v => v.Penalty)))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind.Key,-24} {kind.Sum(v => v.Penalty),6} ({kind.Count()} violations){(kind.Key == "fairness" ? ": " + string.Join(" ", kind.Select(v => v.Message)) : "")}"));
    }
}

// --patience N: stop once no better roster has come for N seconds, as the Workforce module does (ADR 0033); on the
// instances and on the ward alike.
TimeSpan? Patience() => Arg("--patience") is { } patience ? TimeSpan.FromSeconds(double.Parse(patience, CultureInfo.InvariantCulture)) : null;

// The settings the instances and the ward share. Each progress report keeps the time of the first in `first` and, with
// --trace, prints a line for each better roster.
SolverOptions Options(StrongBox<double?> first) => new()
{
    TimeLimit = TimeSpan.FromSeconds(limit),
    Threads = threads,
    DeterministicTimeLimit = work,
    BoundWorker = args.Contains("--bound-worker"),
    ScreenPricing = args.Contains("--screen-pricing"),
    Decomposition = !args.Contains("--no-decomposition"),
    StopAfterNoImprovement = Patience(),
    OnProgress = p =>
    {
        first.Value ??= p.Seconds;
        if (args.Contains("--trace")) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Seconds,6:0.0} s  roster {p.Objective}  bound {p.Bound}  ({p.Source})"));
    },
};

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindData()
{
    foreach (var candidate in new[] { "tests/Engines/Infirmary.Rostering.Tests/Data", "../../tests/Engines/Infirmary.Rostering.Tests/Data" })
    {
        if (File.Exists(Path.Combine(candidate, "best_known.csv"))) return candidate;
    }

    throw new DirectoryNotFoundException("Pass --data DIR holding Instance1.txt.. and best_known.csv.");
}

// The synthetic ward. --ward-seed draws another ward of the same shape, to see whether a change helps wards in general or
// only this one; --fairness-weight sets the fairness option's weight (0: off).
RosterProblem Ward()
{
    var ward = SyntheticWard.Create(40, 28, seed: int.Parse(Arg("--ward-seed") ?? "7", CultureInfo.InvariantCulture));
    // Two questions about the ward's rosters (ADR 0175), each with requests and fairness dropped. exact-cover: can every
    // shift have its preferred total (fewer refused, each one over costing 1,000) and a senior nurse (at least one
    // required), with the registered-nurse rows as before? seniors: can the senior nurses alone put one on every shift?
    // And one about its cost (ADR 0177), with everything else kept: no-seniors drops the senior-nurse rows.
    switch (Arg("--ward-variant"))
    {
        case null:
            break;
        case "exact-cover":
            ward = ward with
            {
                FairnessWeight = 0,
                Requests = [],
                Cover = [.. ward.Cover.Select(c => c.Skill switch { "RN" => c, "Senior" => c with { Minimum = 1 }, _ => c with { Minimum = c.Preferred, OverWeight = 1000 } })],
            };
            break;
        case "seniors":
            ward = ward with
            {
                FairnessWeight = 0,
                Requests = [],
                Employees = [.. ward.Employees.Where(e => e.Skills.Contains("Senior"))],
                Cover = [.. ward.Cover.Where(c => c.Skill == "Senior").Select(c => c with { Minimum = 1 })],
            };
            break;
        case "no-seniors":
            // The ward without its senior-nurse rows (ADR 0177): how much of the ward's cost and fairness they make.
            ward = ward with { Cover = [.. ward.Cover.Where(c => c.Skill != "Senior")] };
            break;
        default:
            // A mistyped option gets a plain answer and exit code 2, not a stack trace.
            Console.Error.WriteLine($"--ward-variant takes exact-cover, seniors or no-seniors, not '{Arg("--ward-variant")}'.");
            Environment.Exit(2);
            break;
    }

    return Arg("--fairness-weight") is { } weight ? ward with { FairnessWeight = int.Parse(weight, CultureInfo.InvariantCulture) } : ward;
}
