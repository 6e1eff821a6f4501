using System.Diagnostics;

namespace Infirmary.Rostering;

/// <summary>
/// Exact pricing of one person's rota by dynamic programming over the days (a resource-constrained shortest path with
/// dominance, ADR 0168): the decomposition's pricing problem without a CP-SAT model. A label is a partial rota up to a
/// day; its state is the last day's choice, the length of the current run of shifts or days off (and whether that run
/// began on the first day, which exempts it from the minimum-run rules), the minutes worked and whether the current
/// weekend is already counted. Labels with the same state keep only a Pareto front on (cost, weekends worked, shifts of
/// each limited type), all limited from above, so a dominated label can never finish cheaper. A backward pass over the
/// run state alone (resources ignored) bounds what each label can still gain, and labels that cannot beat the best known
/// rota are dropped. It states exactly the per-person hard rules of <see cref="RosterModel"/>; where one is outside what
/// it can state (rest rules that reach two days ahead, more than 32 limited counts, or limits too large for the
/// fields: 127 with eight, 31 with ten, 2,047 with five), <see cref="TryCreate"/> says so, and where the search grows too large
/// <see cref="Solve"/> does; the caller then prices with CP-SAT instead. Horizons past 127 days are searched with a beam
/// (ADR 0179): legal rotas, fast, with no proved minimum.
/// </summary>
internal sealed class RotaPricer
{
    // Past this many labels in one pricing the caller is better served by CP-SAT (never reached on the benchmark).
    private const int MaxLabels = 3_000_000;

    // Labels between two looks at the clock when the search has a time limit.
    private const int CheckEvery = 4096;

    // Longest horizon priced exactly: past it the labels (one per minutes worked and state) grow past what a pricing can
    // afford, and the beam search (ADR 0179) gives rotas without a proved minimum instead.
    private const int MaxExactDays = 127;

    // Most entries of the beam's weekends-left table (4 bytes each): 364 days of instance 8's people take 1.4 million.
    private const long MaxReach = 8_000_000;

    // Bits per resource field and the top bit of each field (see Covers): 8 bits while there are at most eight fields
    // and every limit is below 128, else as wide as the number of fields allows (64 / fields), so year-long limits fit
    // too, and so do the ten or more counts of a person allowed many limited shift types (ADR 0180).
    private readonly int width;
    private readonly ulong mask;
    private readonly ulong guard;

    private readonly int days;
    private readonly int shifts;
    private readonly int off;
    private readonly int runs;
    private readonly int minMinutes;
    private readonly int maxMinutes;
    private readonly int[] length;
    private readonly int[] transition;   // [state * (shifts + 1) + choice] → next state, −1 when the rules forbid it
    private readonly int[] first;        // [choice] → state after day 0
    private readonly bool[,] allowed;    // [day, choice] before any ban
    private readonly int[] field;        // [shift] → resource field of its count limit, −1 when unlimited
    private readonly int[] fieldMax;     // [field] → most allowed
    private readonly int weekendField;   // −1 when weekends are not limited
    private readonly bool[] weekend;
    private readonly bool[] nextSameWeekend;
    private readonly int[] maxMinutesFrom; // [day] → most minutes still workable from that day on (for the minimum)
    private readonly int[] weekendsAfter;  // [day] → weekends after that day none of whose days is on or before it

    private RotaPricer(RosterProblem problem, int employee)
    {
        var emp = problem.Employees[employee];
        days = problem.Days;
        shifts = problem.ShiftTypes.Count;
        off = shifts;
        length = problem.ShiftTypes.Select(s => s.LengthMinutes).ToArray();

        long most = (long)days * length.Max();
        minMinutes = emp.MinTotalMinutes;
        long max = Math.Min(emp.MaxTotalMinutes, most);
        if (problem.ApplyWorkingTimeRules && !emp.OptedOutOf48HourWeek && problem.WorkingTimeLimitMinutes < most) max = Math.Min(max, problem.WorkingTimeLimitMinutes);
        maxMinutes = (int)Math.Min(max, int.MaxValue);

        allowed = new bool[days, shifts + 1];
        for (var d = 0; d < days; d++)
        {
            for (var c = 0; c <= shifts; c++) allowed[d, c] = true;
        }

        foreach (var d in emp.DaysOff)
        {
            for (var s = 0; s < shifts; s++) allowed[d, s] = false;
        }

        // Count limits: a limit of 0 bans the shift; one at or above the horizon never binds (as in the model).
        field = Enumerable.Repeat(-1, shifts).ToArray();
        var maxima = new List<int>();
        var weekendGroups = Enumerable.Range(0, days).Where(problem.IsWeekend).Select(problem.WeekendIndex).Distinct().Count();
        weekendField = emp.MaxWeekends < days && emp.MaxWeekends < weekendGroups ? 0 : -1;
        if (weekendField == 0) maxima.Add(emp.MaxWeekends);
        for (var s = 0; s < shifts; s++)
        {
            if (!emp.MaxShiftsPerType.TryGetValue(problem.ShiftTypes[s].Id, out var limit) || limit >= days) continue;
            if (limit <= 0)
            {
                for (var d = 0; d < days; d++) allowed[d, s] = false;
                continue;
            }

            field[s] = maxima.Count;
            maxima.Add(limit);
        }

        fieldMax = [.. maxima];
        width = maxima.Count == 0 || (maxima.Count <= 8 && maxima.Max() <= 127) ? 8 : 64 / Math.Min(maxima.Count, 32);
        mask = (1UL << width) - 1;
        for (var f = 0; f < 64 / width; f++) guard |= 1UL << ((f * width) + width - 1);
        Stateable = maxima.Count <= 32 && maxima.All(m => m < 1L << (width - 1));

        weekend = Enumerable.Range(0, days).Select(problem.IsWeekend).ToArray();
        nextSameWeekend = Enumerable.Range(0, days)
            .Select(d => d + 1 < days && weekend[d] && weekend[d + 1] && problem.WeekendIndex(d) == problem.WeekendIndex(d + 1))
            .ToArray();

        // Weekends wholly after each day.
        weekendsAfter = new int[days];
        for (var d = 0; d < days; d++)
        {
            var started = Enumerable.Range(0, d + 1).Where(t => weekend[t]).Select(problem.WeekendIndex).ToHashSet();
            weekendsAfter[d] = Enumerable.Range(d + 1, days - d - 1).Where(t => weekend[t]).Select(problem.WeekendIndex).Where(g => !started.Contains(g)).Distinct().Count();
        }

        maxMinutesFrom = new int[days + 1];
        for (var d = days - 1; d >= 0; d--)
        {
            var best = 0;
            for (var s = 0; s < shifts; s++)
            {
                if (allowed[d, s]) best = Math.Max(best, length[s]);
            }

            maxMinutesFrom[d] = (int)Math.Min(int.MaxValue, (long)maxMinutesFrom[d + 1] + best);
        }

        // Successions: the file's forbidden followers and the 11 hours' rest the next day. Rest reaching two days ahead
        // (shifts over 26 hours) would need the day before yesterday in the state: not supported.
        var follows = new bool[shifts, shifts];
        var index = problem.ShiftTypes.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        for (var s = 0; s < shifts; s++)
        {
            foreach (var f in problem.ShiftTypes[s].ForbiddenFollowers) follows[s, index[f]] = true;
            for (var t = 0; t < shifts; t++)
            {
                if (RosterModel.RestForbids(problem, s, t, 1)) follows[s, t] = true;
                if (RosterModel.RestForbids(problem, s, t, 2)) Stateable = false;
            }
        }

        // Run state: the length of the current run, exact up to the most shifts in a row (or the minimum run, whichever
        // is longer) and capped at the minimum days off for a run of days off.
        var maxRun = Math.Max(1, Math.Min(emp.MaxConsecutiveShifts, days));
        if (emp.MaxConsecutiveShifts < 1)
        {
            for (var d = 0; d < days; d++)
            {
                for (var s = 0; s < shifts; s++) allowed[d, s] = false;
            }
        }

        var minRun = Math.Max(1, emp.MinConsecutiveShifts);
        var minOff = Math.Max(1, emp.MinConsecutiveDaysOff);
        runs = Math.Max(Math.Max(maxRun, minRun), minOff) + 1;
        States = (shifts + 1) * runs * 2;
        transition = Enumerable.Repeat(-1, States * (shifts + 1)).ToArray();
        first = new int[shifts + 1];
        for (var c = 0; c <= shifts; c++) first[c] = Normal(c, 1, true);
        for (var last = 0; last <= shifts; last++)
        {
            for (var run = 1; run < runs; run++)
            {
                for (var edge = 0; edge < 2; edge++)
                {
                    var state = Encode(last, run, edge == 1);
                    for (var c = 0; c <= shifts; c++)
                    {
                        transition[(state * (shifts + 1)) + c] = Step(last, run, edge == 1, c);
                    }
                }
            }
        }

        int Step(int last, int run, bool edge, int choice)
        {
            if (last == off)
            {
                if (choice == off) return Normal(off, run + 1, edge);
                // A run of days off ends: it must be long enough unless it began on the first day.
                return run >= minOff || edge ? Normal(choice, 1, false) : -1;
            }

            if (choice == off) return run >= minRun || edge ? Normal(off, 1, false) : -1;
            if (follows[last, choice]) return -1;
            return run + 1 <= maxRun ? Normal(choice, run + 1, edge) : -1;
        }

        // Once a run is long enough its start no longer matters, and days off beyond the minimum are all alike.
        int Normal(int choice, int run, bool edge)
        {
            if (choice == off)
            {
                run = Math.Min(run, minOff);
                if (run >= minOff) edge = false;
            }
            else if (run >= minRun)
            {
                edge = false;
            }

            return Encode(choice, run, edge);
        }
    }

    /// <summary>Whether every rule of the person could be stated (otherwise price with CP-SAT).</summary>
    public bool Stateable { get; }

    /// <summary>
    /// Whether the search proves its minimum: the rules can be stated and the horizon is at most 127 days. Longer
    /// horizons are searched with a beam only (<see cref="Solve"/>'s beam), which gives legal rotas but no minimum.
    /// </summary>
    public bool Exact => Stateable && days <= MaxExactDays;

    private int States { get; }

    /// <summary>The pricer for person <paramref name="employee"/>, or null when a rule is outside what it can state.</summary>
    public static RotaPricer? TryCreate(RosterProblem problem, int employee)
    {
        var pricer = new RotaPricer(problem, employee);
        return pricer.Stateable ? pricer : null;
    }

    /// <summary>
    /// The rules of a person with no legal rota that cannot hold together, named as the solver's own diagnosis names
    /// them (<see cref="RosterModel"/>), by deletion filtering with this search (ADR 0179): each rule is relaxed in turn
    /// and left out for good when the person still has no legal rota without it. A rule whose relaxation leaves the answer
    /// unknown (a beam that found nothing but proves nothing) stays, so the rules named always conflict. Shift successions
    /// and rest are kept throughout and not named. Null when the person's rules are outside this search or their having
    /// no legal rota is not proved by it. Over 364 days CP-SAT's assumptions named nothing in 29 s; this takes well under
    /// a second.
    /// </summary>
    public static IReadOnlyList<string>? Conflicts(RosterProblem problem, int employee, int beam)
    {
        var person = problem.Employees[employee];
        var id = person.Id;
        var days = problem.Days;
        var most = (long)days * problem.ShiftTypes.Max(s => s.LengthMinutes);
        var rules = new List<(string Name, Func<Employee, Employee> Relax)>();
        if (person.DaysOff.Count > 0) rules.Add(($"{id}: fixed days off", e => e with { DaysOff = [] }));
        foreach (var (shift, max) in person.MaxShiftsPerType.Where(p => p.Value < days))
        {
            rules.Add(($"{id}: at most {max} {shift} shifts", e => e with { MaxShiftsPerType = e.MaxShiftsPerType.Where(p => p.Key != shift).ToDictionary(p => p.Key, p => p.Value) }));
        }

        if (person.MinTotalMinutes > 0 || person.MaxTotalMinutes < most)
        {
            rules.Add(($"{id}: between {person.MinTotalMinutes} and {person.MaxTotalMinutes} minutes in total", e => e with { MinTotalMinutes = 0, MaxTotalMinutes = int.MaxValue }));
        }

        if (problem.ApplyWorkingTimeRules && !person.OptedOutOf48HourWeek && problem.WorkingTimeLimitMinutes < most)
        {
            rules.Add(($"{id}: 48-hour average week (Working Time Regulations)", e => e with { OptedOutOf48HourWeek = true }));
        }

        if (person.MaxConsecutiveShifts < days) rules.Add(($"{id}: at most {person.MaxConsecutiveShifts} shifts in a row", e => e with { MaxConsecutiveShifts = int.MaxValue }));
        if (person.MinConsecutiveShifts > 1) rules.Add(($"{id}: at least {person.MinConsecutiveShifts} shifts in a row", e => e with { MinConsecutiveShifts = 1 }));
        if (person.MinConsecutiveDaysOff > 1) rules.Add(($"{id}: at least {person.MinConsecutiveDaysOff} days off in a row", e => e with { MinConsecutiveDaysOff = 1 }));
        if (person.MaxWeekends < days) rules.Add(($"{id}: at most {person.MaxWeekends} weekends", e => e with { MaxWeekends = int.MaxValue }));

        bool? NoRota(Employee e)
        {
            var alone = problem with { Employees = [e], Cover = [], Requests = [], FairnessWeight = 0 };
            var pricer = TryCreate(alone, 0);
            if (pricer is null) return null;
            var result = pricer.Solve(new long[days, problem.ShiftTypes.Count], beam: pricer.Exact ? 0 : beam);
            if (result.Rotas.Count > 0) return false;
            return result.Minimum == long.MaxValue ? true : null;
        }

        if (NoRota(person) != true) return null;
        var kept = new List<(string Name, Func<Employee, Employee> Relax)>();
        var relaxed = person;
        foreach (var rule in rules)
        {
            var without = rule.Relax(relaxed);
            if (NoRota(without) == true) relaxed = without;
            else kept.Add(rule);
        }

        return kept.Select(r => r.Name).ToList();
    }

    /// <summary>The outcome of a pricing: the exact minimum (null when the search grew too large) and rotas found, best first.</summary>
    public sealed record Result(long? Minimum, IReadOnlyList<int[]> Rotas);

    /// <summary>
    /// Minimises Σ <paramref name="cost"/>[d, s] over the days worked (a day off costs 0), plus
    /// <paramref name="weekendCost"/> for each weekend worked (the fairness rows' price, ADR 0171), over the person's legal
    /// rotas that avoid <paramref name="banned"/>[d, choice] (choice = shift index, or the number of shifts for off). When
    /// <paramref name="upper"/> is the cost of a known legal rota, only rotas cheaper than it are searched for and the
    /// minimum returned is at most <paramref name="upper"/>; long.MaxValue when no rota is legal. Returns up to
    /// <paramref name="keep"/> rotas, cheapest first. With <paramref name="until"/> (a <see cref="Stopwatch"/> timestamp) the
    /// search gives up, as when it grows too large, once that time has passed. With <paramref name="beam"/> above 0 only
    /// that many labels, the most promising, are carried from one day to the next (ADR 0179): the rotas found are legal
    /// but the minimum is not proved (null), which is how horizons past <see cref="Exact"/>'s reach are priced.
    /// </summary>
    public Result Solve(long[,] cost, long upper = long.MaxValue, int keep = 1, bool[,]? banned = null, long? until = null, long weekendCost = 0, int beam = 0)
    {
        // A search whose time is already up gives up before it starts, however small it would be.
        if (until is { } over && Stopwatch.GetTimestamp() > over) return new Result(null, []);
        var choices = shifts + 1;
        bool Allowed(int d, int c) => allowed[d, c] && (banned is null || !banned[d, c]);
        long Cost(int d, int c) => c == off ? 0 : cost[d, c];

        // The backward pass knows no weekend state: it charges a negative weekend cost on every weekend day worked (at
        // least once per weekend, so never more than the rota pays) and a positive one never.
        var weekendLeast = Math.Min(0, weekendCost);
        long Least(int d, int c) => Cost(d, c) + (c != off && weekend[d] ? weekendLeast : 0);

        // Backward pass over the run state alone: the least any completion from a state after day d can cost, and the
        // most minutes it can still work (the run rules and days off bound them far below every remaining day's longest
        // shift, so labels that can no longer reach the minimum go early).
        var h = new long[days, States];
        var most = new int[days, States];
        var infinite = long.MaxValue / 4;
        for (var st = 0; st < States; st++) h[days - 1, st] = 0;
        for (var d = days - 2; d >= 0; d--)
        {
            for (var st = 0; st < States; st++)
            {
                var best = infinite;
                var longest = 0;
                for (var c = 0; c < choices; c++)
                {
                    if (!Allowed(d + 1, c)) continue;
                    var next = transition[(st * choices) + c];
                    if (next < 0 || h[d + 1, next] >= infinite) continue;
                    var value = Least(d + 1, c) + h[d + 1, next];
                    if (value < best) best = value;
                    longest = Math.Max(longest, (c == off ? 0 : length[c]) + most[d + 1, next]);
                }

                h[d, st] = best;
                most[d, st] = longest;
            }
        }

        // The beam's tie-break: labels nearest an even pace towards the middle of the person's minutes come first.
        var target = (minMinutes + (double)Math.Min(maxMinutes, maxMinutesFrom[0])) / 2;
        var anyUnlimited = field.Any(f => f < 0);
        var trimmed = false;
        // Left out where its table would be too large (runs up to the whole year, as when Conflicts relaxes the most shifts
        // in a row: 72 million entries); the beam then works without it.
        var reach = beam > 0 && weekendField >= 0 && minMinutes > 0 && (long)days * States * 2 * (fieldMax[weekendField] + 1) <= MaxReach
            ? WeekendReach(Allowed)
            : null;
        var weekendMax = weekendField >= 0 ? fieldMax[weekendField] : 0;

        // Days after d on which each shift could still be worked: a count that can no longer reach its limit is loosened.
        var futureDays = new int[days, shifts];
        for (var d = days - 2; d >= 0; d--)
        {
            for (var s = 0; s < shifts; s++) futureDays[d, s] = futureDays[d + 1, s] + (Allowed(d + 1, s) ? 1 : 0);
        }

        var labels = new List<Label>(1024);
        var nextCheck = CheckEvery;
        var front = new Dictionary<long, List<int>>();
        var current = new List<int>();
        for (var c = 0; c < choices; c++)
        {
            if (!Allowed(0, c)) continue;
            Extend(new Label(0, -1, 0, 0, false, 0, -1, -1), 0, c);
        }

        for (var d = 1; d < days; d++)
        {
            var previous = current;
            current = [];
            front.Clear();
            foreach (var i in previous)
            {
                if (labels[i].Dead) continue;
                for (var c = 0; c < choices; c++)
                {
                    if (Allowed(d, c)) Extend(labels[i], d, c, i);
                }

                if (labels.Count > MaxLabels) return new Result(null, []);
                // A clock read costs far less than a few thousand labels: a large search keeps to its caller's time.
                if (until is { } end && labels.Count >= nextCheck)
                {
                    if (Stopwatch.GetTimestamp() > end) return new Result(null, []);
                    nextCheck = labels.Count + CheckEvery;
                }
            }

            if (beam > 0) Trim(d);
        }

        var done = current.Where(i => !labels[i].Dead && labels[i].Minutes >= minMinutes).OrderBy(i => labels[i].Cost).ToList();
        var minimum = Math.Min(upper, done.Count > 0 ? labels[done[0]].Cost : long.MaxValue);
        if (trimmed)
        {
            // A beam proves nothing: its rotas are legal, its minimum is unknown.
            return new Result(null, done.Take(keep).Select(Rota).ToList());
        }

        return new Result(minimum, done.Take(keep).Select(Rota).ToList());

        int[] Rota(int i)
        {
            var rota = new int[days];
            for (var at = i; at >= 0; at = labels[at].Parent) rota[labels[at].Day] = labels[at].Choice == off ? -1 : labels[at].Choice;
            return rota;
        }

        // Keeps the beam's labels of day d: least cost plus the backward pass's least completion first.
        void Trim(int d)
        {
            var alive = current.Where(i => !labels[i].Dead).ToList();
            if (alive.Count <= beam)
            {
                current = alive;
                return;
            }

            trimmed = true;
            var pace = target * (d + 1) / days;
            current = alive
                .OrderBy(i => labels[i].Cost + h[d, labels[i].State])
                .ThenBy(i => Math.Abs(labels[i].Minutes - pace))
                .Take(beam)
                .ToList();
        }

        void Extend(Label from, int d, int c, int parent = -1)
        {
            var state = d == 0 ? first[c] : transition[(from.State * choices) + c];
            if (state < 0) return;
            var counted = from.WeekendCounted;
            var total = from.Cost + Cost(d, c) + (c != off && weekend[d] && !counted ? weekendCost : 0);
            if (h[d, state] >= infinite || total + h[d, state] >= upper) return;
            var minutes = from.Minutes + (c == off ? 0 : length[c]);
            if (minutes > maxMinutes || minutes + Math.Min(maxMinutesFrom[d + 1], most[d, state]) < minMinutes) return;
            var resources = from.Resources;
            if (c != off)
            {
                if (field[c] >= 0)
                {
                    resources += 1UL << (width * field[c]);
                    if (Count(resources, field[c]) > fieldMax[field[c]]) return;
                }

                if (weekend[d] && !counted)
                {
                    counted = true;
                    if (weekendField >= 0)
                    {
                        resources += 1UL << (width * weekendField);
                        if (Count(resources, weekendField) > fieldMax[weekendField]) return;
                    }
                }
            }

            if (!nextSameWeekend[d]) counted = false;
            resources = Loosen(resources, d, minutes, counted);
            if (beam > 0 && !anyUnlimited && minMinutes > 0)
            {
                // Every shift type is limited: the counts left bound the minutes still workable. (The exact search finds
                // such labels dead at the end; a beam could be left holding nothing else.)
                long left = 0;
                for (var s = 0; s < shifts; s++) left += (long)(fieldMax[field[s]] - Count(resources, field[s])) * length[s];
                if (minutes + left < minMinutes) return;
            }

            // With weekends limited, a beam fills up with labels that worked every weekend early and can no longer reach
            // the minimum (seen over 364 days): the most minutes still workable with the weekends left drops them.
            if (reach is not null && minutes + reach[Reach(d, state, counted, weekendMax - Count(resources, weekendField))] < minMinutes) return;

            var key = ((((long)state * (maxMinutes + 1L)) + minutes) * 2) + (counted ? 1 : 0);
            if (!front.TryGetValue(key, out var bucket))
            {
                bucket = [];
                front[key] = bucket;
            }

            // Pareto front: drop the new label if one here is no dearer and uses no more of any resource; drop those it beats.
            for (var k = bucket.Count - 1; k >= 0; k--)
            {
                var other = labels[bucket[k]];
                if (other.Cost <= total && Covers(other.Resources, resources)) return;
                if (total <= other.Cost && Covers(resources, other.Resources))
                {
                    labels[bucket[k]] = other with { Dead = true };
                    bucket.RemoveAt(k);
                }
            }

            bucket.Add(labels.Count);
            current.Add(labels.Count);
            labels.Add(new Label(total, state, minutes, resources, counted, d, c, parent));
        }

        // A count c against limit m with at most F more to come can never break the limit once c ≤ m − F, so every such
        // c is as good as m − F: raising it there merges labels that differ only in counts that no longer matter (and
        // keeps dominance exact, since the raised label can finish in exactly the same ways).
        ulong Loosen(ulong resources, int d, int minutes, bool counted)
        {
            for (var s = 0; s < shifts; s++)
            {
                if (field[s] < 0) continue;
                var future = Math.Min(futureDays[d, s], (maxMinutes - minutes) / length[s]);
                resources = Raise(resources, field[s], fieldMax[field[s]] - future);
            }

            if (weekendField >= 0)
            {
                var future = weekendsAfter[d] + (nextSameWeekend[d] && !counted ? 1 : 0);
                resources = Raise(resources, weekendField, fieldMax[weekendField] - future);
            }

            return resources;
        }
    }

    private int Reach(int d, int state, bool counted, int weekendsLeft) =>
        (((((d * States) + state) * 2) + (counted ? 1 : 0)) * (fieldMax[weekendField] + 1)) + weekendsLeft;

    // The most minutes workable after day d from each run state, with the current weekend counted or not and k weekends
    // still allowed (index by Reach); int.MinValue / 2 where no legal completion exists.
    private int[] WeekendReach(Func<int, int, bool> allowed)
    {
        var choices = shifts + 1;
        var most = fieldMax[weekendField];
        var none = int.MinValue / 2;
        var reach = new int[days * States * 2 * (most + 1)];
        for (var d = days - 2; d >= 0; d--)
        {
            for (var st = 0; st < States; st++)
            {
                for (var counted = 0; counted < 2; counted++)
                {
                    for (var k = 0; k <= most; k++)
                    {
                        var best = none;
                        for (var c = 0; c < choices; c++)
                        {
                            if (!allowed(d + 1, c)) continue;
                            var next = transition[(st * choices) + c];
                            if (next < 0) continue;
                            var left = k;
                            var now = counted == 1;
                            if (c != off && weekend[d + 1] && !now)
                            {
                                if (k == 0) continue;
                                left--;
                                now = true;
                            }

                            if (!nextSameWeekend[d + 1]) now = false;
                            var value = reach[Reach(d + 1, next, now, left)];
                            if (value == none) continue;
                            best = Math.Max(best, value + (c == off ? 0 : length[c]));
                        }

                        reach[Reach(d, st, counted == 1, k)] = best;
                    }
                }
            }
        }

        return reach;
    }

    private ulong Raise(ulong resources, int f, int floor)
    {
        if (floor <= 0) return resources;
        var value = Count(resources, f);
        return value >= floor ? resources : resources + ((ulong)(floor - value) << (width * f));
    }

    private int Count(ulong resources, int f) => (int)((resources >> (width * f)) & mask);

    // Every resource field of a is at most b's (each field's values stay below its top bit; those guard bits stop
    // borrows between fields).
    private bool Covers(ulong a, ulong b) => (((b | guard) - a) & guard) == guard;

    private int Encode(int last, int run, bool edge) => (((last * runs) + run) * 2) + (edge ? 1 : 0);

    private readonly record struct Label(long Cost, int State, int Minutes, ulong Resources, bool WeekendCounted, int Day, int Choice, int Parent)
    {
        public bool Dead { get; init; }
    }
}
