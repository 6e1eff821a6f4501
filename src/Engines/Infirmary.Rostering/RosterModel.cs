using Google.OrTools.Sat;

namespace Infirmary.Rostering;

/// <summary>
/// The CP-SAT encoding. x[e,d,s] says person e works shift s on day d; off[e,d] completes an exactly-one per
/// day, so "works on day d" is simply off[e,d].Not(). Sequence rules are clauses over sliding windows of these
/// booleans (they propagate far better than counters), weekends get one boolean each, cover is a linear count
/// with under/over slack. In diagnose mode every hard rule group is guarded by its own literal so that the
/// solver can report which groups conflict.
/// </summary>
internal sealed class RosterModel
{
    private readonly RosterProblem problem;
    private readonly bool diagnose;
    private readonly HashSet<string>? enabled;
    private readonly BoolVar[,,] x;
    private readonly BoolVar[,] off;

    public RosterModel(RosterProblem problem, bool diagnose, HashSet<string>? enabled = null)
    {
        this.problem = problem;
        this.diagnose = diagnose;
        this.enabled = enabled;
        var staff = problem.Employees.Count;
        var days = problem.Days;
        var shifts = problem.ShiftTypes.Count;
        x = new BoolVar[staff, days, shifts];
        off = new BoolVar[staff, days];
        for (var e = 0; e < staff; e++)
        {
            for (var d = 0; d < days; d++)
            {
                var day = new List<ILiteral>(shifts + 1);
                for (var s = 0; s < shifts; s++)
                {
                    x[e, d, s] = Model.NewBoolVar($"x_{e}_{d}_{s}");
                    day.Add(x[e, d, s]);
                }

                off[e, d] = Model.NewBoolVar($"off_{e}_{d}");
                day.Add(off[e, d]);
                Model.AddExactlyOne(day);
            }
        }

        var objective = LinearExpr.NewBuilder();
        for (var e = 0; e < staff; e++) AddEmployeeRules(e);
        if (!diagnose) AddWeekendAggregate();
        AddCover(objective);
        AddRequests(objective);
        if (problem.FairnessWeight > 0) AddFairness(objective);
        Model.Minimize(objective);
    }

    public CpModel Model { get; } = new();

    /// <summary>Guard literal of each hard rule group (diagnose mode only), keyed by a readable description.</summary>
    public Dictionary<string, BoolVar> GroupLiterals { get; } = [];

    /// <summary>x[e,d,s] itself (person e works shift s on day d).</summary>
    public BoolVar Shift(int e, int d, int s) => x[e, d, s];

    /// <summary>Proto index of x[e,d,s] (person e works shift s on day d).</summary>
    public int ShiftIndex(int e, int d, int s) => x[e, d, s].GetIndex();

    /// <summary>Proto index of off[e,d] (person e is off on day d).</summary>
    public int OffIndex(int e, int d) => off[e, d].GetIndex();

    public List<Assignment> Read(Func<ILiteral, bool> value)
    {
        var result = new List<Assignment>();
        for (var e = 0; e < problem.Employees.Count; e++)
        {
            for (var d = 0; d < problem.Days; d++)
            {
                for (var s = 0; s < problem.ShiftTypes.Count; s++)
                {
                    if (value(x[e, d, s])) result.Add(new(problem.Employees[e].Id, d, problem.ShiftTypes[s].Id));
                }
            }
        }

        return result;
    }

    public void AddHint(IEnumerable<Assignment> hint)
    {
        var staff = problem.Employees.Select((emp, i) => (emp.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var shift = problem.ShiftTypes.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var worked = new HashSet<(int, int, int)>();
        foreach (var a in hint)
        {
            if (staff.TryGetValue(a.EmployeeId, out var e) && shift.TryGetValue(a.ShiftId, out var s) && a.Day >= 0 && a.Day < problem.Days) worked.Add((e, a.Day, s));
        }

        for (var e = 0; e < problem.Employees.Count; e++)
        {
            for (var d = 0; d < problem.Days; d++)
            {
                var any = false;
                for (var s = 0; s < problem.ShiftTypes.Count; s++)
                {
                    var on = worked.Contains((e, d, s)) && !any;
                    any |= on;
                    Model.AddHint(x[e, d, s], on);
                }

                Model.AddHint(off[e, d], !any);
            }
        }
    }

    private ILiteral Works(int e, int d) => off[e, d].Not();

    // Returns false when the group is switched off (diagnosis without it); otherwise adds the constraint
    // produced by `add`, guarded by the group's literal in diagnose mode.
    private void Hard(string group, Func<Constraint> add)
    {
        if (enabled is not null && !enabled.Contains(group)) return;
        var constraint = add();
        if (!diagnose) return;
        if (!GroupLiterals.TryGetValue(group, out var literal))
        {
            literal = Model.NewBoolVar(group);
            GroupLiterals[group] = literal;
        }

        constraint.OnlyEnforceIf(literal);
    }

    private void AddEmployeeRules(int e)
    {
        var emp = problem.Employees[e];
        var id = emp.Id;
        var days = problem.Days;
        var shifts = problem.ShiftTypes;

        foreach (var d in emp.DaysOff.Distinct())
        {
            Hard($"{id}: fixed days off", () => Model.AddBoolOr([off[e, d]]));
        }

        for (var s = 0; s < shifts.Count; s++)
        {
            if (!emp.MaxShiftsPerType.TryGetValue(shifts[s].Id, out var max) || max >= days) continue;
            var sIndex = s;
            var terms = Enumerable.Range(0, days).Select(d => (ILiteral)x[e, d, sIndex]).ToList();
            Hard($"{id}: at most {max} {shifts[s].Id} shifts", () => Model.AddLinearConstraint(LinearExpr.Sum(terms), 0, max));
        }

        var minutes = LinearExpr.NewBuilder();
        long most = 0;
        for (var d = 0; d < days; d++)
        {
            for (var s = 0; s < shifts.Count; s++) minutes.AddTerm(x[e, d, s], shifts[s].LengthMinutes);
            most += shifts.Max(st => st.LengthMinutes);
        }

        if (emp.MinTotalMinutes > 0 || emp.MaxTotalMinutes < most)
        {
            Hard($"{id}: between {emp.MinTotalMinutes} and {emp.MaxTotalMinutes} minutes in total", () => Model.AddLinearConstraint(minutes, emp.MinTotalMinutes, Math.Min(emp.MaxTotalMinutes, most)));
        }

        if (problem.ApplyWorkingTimeRules && !emp.OptedOutOf48HourWeek && problem.WorkingTimeLimitMinutes < most)
        {
            Hard($"{id}: 48-hour average week (Working Time Regulations)", () => Model.AddLinearConstraint(minutes, 0, problem.WorkingTimeLimitMinutes));
        }

        AddSuccessions(e, id);

        // Max consecutive shifts k: every window of k+1 days holds a day off.
        var k = emp.MaxConsecutiveShifts;
        for (var start = 0; k < days && start + k < days; start++)
        {
            var window = Enumerable.Range(start, k + 1).Select(d => (ILiteral)off[e, d]).ToList();
            Hard($"{id}: at most {k} shifts in a row", () => Model.AddBoolOr(window));
        }

        // Min consecutive shifts m: forbid a run of L < m working days with a day off on both sides. A run
        // touching the horizon's edge may continue outside it, so it is exempt (this reproduces the
        // benchmark's proven optima; forbidding short edge runs makes instance 2 cost 833, not 828).
        var m = emp.MinConsecutiveShifts;
        for (var length = 1; length < m; length++)
        {
            for (var start = 1; start + length < days; start++)
            {
                var clause = new List<ILiteral> { Works(e, start - 1), Works(e, start + length) };
                for (var d = start; d < start + length; d++) clause.Add(off[e, d]);
                Hard($"{id}: at least {m} shifts in a row", () => Model.AddBoolOr(clause));
            }
        }

        // Min consecutive days off: forbid a short run of days off between two working days.
        var r = emp.MinConsecutiveDaysOff;
        for (var length = 1; length < r; length++)
        {
            for (var start = 1; start + length < days; start++)
            {
                var clause = new List<ILiteral> { off[e, start - 1], off[e, start + length] };
                for (var d = start; d < start + length; d++) clause.Add(Works(e, d));
                Hard($"{id}: at least {r} days off in a row", () => Model.AddBoolOr(clause));
            }
        }

        if (emp.MaxWeekends < days)
        {
            var weekends = WeekendLiterals(e);
            if (emp.MaxWeekends < weekends.Count)
            {
                Hard($"{id}: at most {emp.MaxWeekends} weekends", () => Model.AddLinearConstraint(LinearExpr.Sum(weekends), 0, emp.MaxWeekends));

            }
        }
    }

    /// <summary>
    /// Redundant row over all staff: weekend shifts worked &lt;= weekend days x allowed weekends. Presolve turns
    /// each person's weekend links into clauses that the LP relaxation never sees; this single large row keeps
    /// weekend limits in the bound (on benchmark instance 2 the root bound rises from 223).
    /// </summary>
    private void AddWeekendAggregate()
    {
        var weekendDays = Enumerable.Range(0, problem.Days).Where(problem.IsWeekend).ToList();
        var perWeekend = weekendDays.Count == 0 ? 0 : weekendDays.GroupBy(problem.WeekendIndex).Max(g => g.Count());
        var terms = new List<ILiteral>();
        long capacity = 0;
        for (var e = 0; e < problem.Employees.Count; e++)
        {
            var emp = problem.Employees[e];
            var cap = Math.Min((long)emp.MaxWeekends * perWeekend, weekendDays.Count);
            if (weekendDays.Count == 0 || cap >= weekendDays.Count) continue;
            capacity += cap;
            foreach (var d in weekendDays)
            {
                for (var s = 0; s < problem.ShiftTypes.Count; s++) terms.Add(x[e, d, s]);
            }
        }

        if (terms.Count > 0) Model.AddLinearConstraint(LinearExpr.Sum(terms), 0, capacity);

        // Same idea for runs: in every window of w days the staff whose limit is below w work at most their
        // limit each. One row per window size and start, summed over staff, so the LP sees it.
        foreach (var group in problem.Employees.Select((emp, e) => (emp, e)).Where(p => p.emp.MaxConsecutiveShifts < problem.Days).GroupBy(p => p.emp.MaxConsecutiveShifts))
        {
            var k = group.Key;
            for (var start = 0; start + k < problem.Days; start++)
            {
                var window = new List<ILiteral>();
                foreach (var (_, e) in group)
                {
                    for (var d = start; d <= start + k; d++) window.Add(off[e, d]);
                }

                Model.AddLinearConstraint(LinearExpr.Sum(window), group.Count(), long.MaxValue / 4);
            }
        }
    }

    private readonly Dictionary<int, List<BoolVar>> weekendCache = [];

    /// <summary>
    /// Person <paramref name="e"/>'s weekend literals (one per weekend, true when either day is worked), made on first
    /// use: the decomposition prices weekends worked with them (ADR 0171).
    /// </summary>
    internal IReadOnlyList<BoolVar> Weekends(int e) => WeekendLiterals(e);

    // One boolean per weekend: true exactly when the person works its Saturday or Sunday.
    private List<BoolVar> WeekendLiterals(int e)
    {
        if (weekendCache.TryGetValue(e, out var cached)) return cached;
        var result = new List<BoolVar>();
        foreach (var group in Enumerable.Range(0, problem.Days).Where(problem.IsWeekend).GroupBy(problem.WeekendIndex))
        {
            var worked = Model.NewBoolVar($"wk_{e}_{group.Key}");
            var dayLits = group.Select(d => Works(e, d)).ToList();
            foreach (var lit in dayLits) Model.AddImplication(lit, worked);
            Model.AddBoolOr([.. dayLits, worked.Not()]);
            result.Add(worked);
        }

        weekendCache[e] = result;
        return result;
    }

    private void AddSuccessions(int e, string id)
    {
        var shifts = problem.ShiftTypes;
        var index = shifts.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        for (var s = 0; s < shifts.Count; s++)
        {
            foreach (var follower in shifts[s].ForbiddenFollowers)
            {
                var t = index[follower];
                for (var d = 0; d + 1 < problem.Days; d++)
                {
                    var (a, b) = (x[e, d, s], x[e, d + 1, t]);
                    Hard($"{id}: {follower} may not follow {shifts[s].Id}", () => Model.AddBoolOr([a.Not(), b.Not()]));
                }
            }
        }

        if (!problem.ApplyWorkingTimeRules) return;

        // 11 hours' rest: forbid any pair of shifts on later days that start less than 11 hours after the
        // earlier one ends (looking two days ahead covers shifts up to 37 hours long).
        for (var s = 0; s < shifts.Count; s++)
        {
            for (var t = 0; t < shifts.Count; t++)
            {
                for (var gap = 1; gap <= 2; gap++)
                {
                    if (!RestForbids(problem, s, t, gap)) continue;
                    for (var d = 0; d + gap < problem.Days; d++)
                    {
                        var (a, b) = (x[e, d, s], x[e, d + gap, t]);
                        Hard($"{id}: 11 hours' rest between shifts (Working Time Regulations)", () => Model.AddBoolOr([a.Not(), b.Not()]));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether the 11 hours' rest rule forbids shift <paramref name="t"/> <paramref name="gap"/> days after shift
    /// <paramref name="s"/> (only with the Working Time rules and both start times known). One statement for the model
    /// and the decomposition's rota pricer.
    /// </summary>
    internal static bool RestForbids(RosterProblem problem, int s, int t, int gap)
    {
        if (!problem.ApplyWorkingTimeRules) return false;
        var shifts = problem.ShiftTypes;
        if (shifts[s].StartMinute is not { } start1 || shifts[t].StartMinute is not { } start2) return false;
        var rest = (gap * 1440) + start2 - (start1 + shifts[s].LengthMinutes);
        return rest < RosterSolver.MinimumRestMinutes;
    }

    private void AddCover(LinearExprBuilder objective)
    {
        var shiftIndex = problem.ShiftTypes.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var staff = problem.Employees.Count;
        foreach (var c in problem.Cover)
        {
            var s = shiftIndex[c.ShiftId];
            var terms = Enumerable.Range(0, staff)
                .Where(e => c.Skill is null || problem.Employees[e].Skills.Contains(c.Skill))
                .Select(e => (ILiteral)x[e, c.Day, s])
                .ToList();
            var count = LinearExpr.Sum(terms);
            var what = c.Skill is null ? c.ShiftId : $"{c.ShiftId} ({c.Skill})";
            if (c.Minimum > 0)
            {
                Hard($"cover: at least {c.Minimum} on day {c.Day} {what}", () => Model.AddLinearConstraint(count, c.Minimum, terms.Count));
            }

            if (diagnose) continue;

            // count + under - over == preferred; with positive weights only one slack is ever non-zero.
            var expr = LinearExpr.NewBuilder().Add(count);
            if (c.UnderWeight > 0)
            {
                var under = Model.NewIntVar(0, c.Preferred, $"under_{c.Day}_{what}");
                expr.Add(under);
                objective.AddTerm(under, c.UnderWeight);
            }

            if (c.OverWeight > 0)
            {
                var over = Model.NewIntVar(0, terms.Count, $"over_{c.Day}_{what}");
                expr.AddTerm(over, -1);
                objective.AddTerm(over, c.OverWeight);
            }

            if (c.UnderWeight > 0 && c.OverWeight > 0) Model.AddLinearConstraint(expr, c.Preferred, c.Preferred);
            else if (c.UnderWeight > 0) Model.AddLinearConstraint(expr, c.Preferred, long.MaxValue / 4);
            else if (c.OverWeight > 0) Model.AddLinearConstraint(expr, long.MinValue / 4, c.Preferred);
        }
    }

    private void AddRequests(LinearExprBuilder objective)
    {
        if (diagnose) return;
        var staff = problem.Employees.Select((emp, i) => (emp.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var shiftIndex = problem.ShiftTypes.Select((st, i) => (st.Id, i)).ToDictionary(p => p.Id, p => p.i);
        foreach (var r in problem.Requests)
        {
            var lit = x[staff[r.EmployeeId], r.Day, shiftIndex[r.ShiftId]];
            if (r.On)
            {
                // weight * (1 - x)
                objective.Add(r.Weight);
                objective.AddTerm(lit, -r.Weight);
            }
            else
            {
                objective.AddTerm(lit, r.Weight);
            }
        }
    }

    private void AddFairness(LinearExprBuilder objective)
    {
        if (diagnose) return;
        var days = problem.Days;
        var nightShifts = Enumerable.Range(0, problem.ShiftTypes.Count).Where(s => problem.ShiftTypes[s].IsNight).ToList();
        foreach (var (nights, members) in RosterSolver.FairnessSpreads(problem))
        {
            var counts = members.Select(e => (LinearExpr)LinearExpr.Sum(nights
                ? Enumerable.Range(0, days).SelectMany(d => nightShifts.Select(s => (ILiteral)x[e, d, s]))
                : WeekendLiterals(e))).ToList();
            AddSpread(counts, days, objective);
        }
    }

    private void AddSpread(List<LinearExpr> counts, int upper, LinearExprBuilder objective)
    {
        var most = Model.NewIntVar(0, upper, "most");
        var least = Model.NewIntVar(0, upper, "least");
        Model.AddMaxEquality(most, counts);
        Model.AddMinEquality(least, counts);
        objective.AddTerm(most, problem.FairnessWeight);
        objective.AddTerm(least, -problem.FairnessWeight);
    }
}
