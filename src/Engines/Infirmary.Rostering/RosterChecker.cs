using System.Globalization;

namespace Infirmary.Rostering;

/// <summary>
/// Recomputes a roster's objective and lists its hard-rule violations with plain loops, independently of the
/// CP-SAT model, so the solver's own accounting can be audited (the <c>roster check</c> command uses this).
/// </summary>
public static class RosterChecker
{
    public static RosterEvaluation Evaluate(RosterProblem problem, IEnumerable<Assignment> roster)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(roster);
        problem.Validate();
        var hard = new List<HardViolation>();
        var soft = new List<SoftViolation>();
        var shifts = problem.ShiftTypes.ToDictionary(s => s.Id);
        var staffIndex = problem.Employees.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var days = problem.Days;

        // grid[e][d] is the shift worked, or null for a day off.
        var grid = problem.Employees.Select(_ => new ShiftType?[days]).ToArray();
        foreach (var a in roster)
        {
            if (!staffIndex.TryGetValue(a.EmployeeId, out var e))
            {
                hard.Add(new("unknown-employee", a.EmployeeId, a.Day, $"Unknown employee '{a.EmployeeId}'."));
                continue;
            }

            if (!shifts.TryGetValue(a.ShiftId, out var shift))
            {
                hard.Add(new("unknown-shift", a.EmployeeId, a.Day, $"Unknown shift type '{a.ShiftId}'."));
                continue;
            }

            if (a.Day < 0 || a.Day >= days)
            {
                hard.Add(new("outside-horizon", a.EmployeeId, a.Day, $"Day {a.Day} is outside the horizon 0..{days - 1}."));
                continue;
            }

            if (grid[e][a.Day] is { } existing)
            {
                hard.Add(new("one-shift-per-day", a.EmployeeId, a.Day, $"{a.EmployeeId} has both {existing.Id} and {shift.Id} on day {a.Day}."));
                continue;
            }

            grid[e][a.Day] = shift;
        }

        for (var e = 0; e < problem.Employees.Count; e++)
        {
            CheckEmployee(problem, problem.Employees[e], grid[e], hard);
        }

        CheckCover(problem, grid, hard, soft);
        CheckRequests(problem, grid, staffIndex, soft);
        if (problem.FairnessWeight > 0) AddFairness(problem, grid, soft);

        return new RosterEvaluation(soft.Sum(v => v.Penalty), hard, soft);
    }

    private static void CheckEmployee(RosterProblem problem, Employee emp, ShiftType?[] row, List<HardViolation> hard)
    {
        var days = row.Length;
        var id = emp.Id;
        foreach (var d in emp.DaysOff)
        {
            if (row[d] is not null) hard.Add(new("day-off", id, d, $"{id} works {row[d]!.Id} on day {d}, a fixed day off."));
        }

        foreach (var (shiftId, max) in emp.MaxShiftsPerType)
        {
            var count = row.Count(s => s?.Id == shiftId);
            if (count > max) hard.Add(new("max-shifts-of-type", id, null, $"{id} works {count} {shiftId} shifts; the most allowed is {max}."));
        }

        var minutes = row.Sum(s => (long)(s?.LengthMinutes ?? 0));
        if (minutes > emp.MaxTotalMinutes) hard.Add(new("max-total-minutes", id, null, $"{id} works {minutes} minutes; the most allowed is {emp.MaxTotalMinutes}."));
        if (minutes < emp.MinTotalMinutes) hard.Add(new("min-total-minutes", id, null, $"{id} works {minutes} minutes; the least allowed is {emp.MinTotalMinutes}."));
        if (problem.ApplyWorkingTimeRules && !emp.OptedOutOf48HourWeek && minutes > problem.WorkingTimeLimitMinutes)
        {
            hard.Add(new("working-time-48h", id, null, $"{id} works {minutes} minutes, above the 48-hour weekly average ({problem.WorkingTimeLimitMinutes} minutes over the horizon)."));
        }

        for (var d = 0; d + 1 < days; d++)
        {
            if (row[d] is { } a && row[d + 1] is { } b && a.ForbiddenFollowers.Contains(b.Id))
            {
                hard.Add(new("forbidden-succession", id, d, $"{id} works {b.Id} on day {d + 1} straight after {a.Id} on day {d}."));
            }
        }

        if (problem.ApplyWorkingTimeRules) CheckRest(row, id, hard);

        // Runs of working days and of days off.
        var start = 0;
        while (start < days)
        {
            var working = row[start] is not null;
            var end = start;
            while (end + 1 < days && (row[end + 1] is not null) == working) end++;
            var length = end - start + 1;
            if (working)
            {
                if (length > emp.MaxConsecutiveShifts) hard.Add(new("max-consecutive-shifts", id, start, $"{id} works {length} days in a row from day {start}; the most allowed is {emp.MaxConsecutiveShifts}."));
                if (start > 0 && end < days - 1 && length < emp.MinConsecutiveShifts) hard.Add(new("min-consecutive-shifts", id, start, $"{id} works {length} days in a row from day {start}; the least allowed is {emp.MinConsecutiveShifts}."));
            }
            else if (start > 0 && end < days - 1 && length < emp.MinConsecutiveDaysOff)
            {
                hard.Add(new("min-consecutive-days-off", id, start, $"{id} has {length} days off in a row from day {start}; the least allowed is {emp.MinConsecutiveDaysOff}."));
            }

            start = end + 1;
        }

        var weekends = problem.WeekendsWorked(Enumerable.Range(0, days).Where(d => row[d] is not null));
        if (weekends > emp.MaxWeekends) hard.Add(new("max-weekends", id, null, $"{id} works {weekends} weekends; the most allowed is {emp.MaxWeekends}."));
    }

    private static void CheckRest(ShiftType?[] row, string id, List<HardViolation> hard)
    {
        for (var d = 0; d < row.Length; d++)
        {
            if (row[d] is not { StartMinute: { } s1 } a) continue;
            var end = (d * 1440L) + s1 + a.LengthMinutes;
            for (var d2 = d + 1; d2 < row.Length && d2 <= d + 2; d2++)
            {
                if (row[d2] is not { StartMinute: { } s2 } b) continue;
                var rest = (d2 * 1440L) + s2 - end;
                if (rest < RosterSolver.MinimumRestMinutes)
                {
                    hard.Add(new("rest-11h", id, d2, $"{id} has {rest / 60.0:0.#} hours' rest between {a.Id} on day {d} and {b.Id} on day {d2}; at least 11 are required."));
                }
            }
        }
    }

    private static void CheckCover(RosterProblem problem, ShiftType?[][] grid, List<HardViolation> hard, List<SoftViolation> soft)
    {
        foreach (var c in problem.Cover)
        {
            var count = 0;
            for (var e = 0; e < grid.Length; e++)
            {
                if (grid[e][c.Day]?.Id == c.ShiftId && (c.Skill is null || problem.Employees[e].Skills.Contains(c.Skill))) count++;
            }

            var what = c.Skill is null ? c.ShiftId : $"{c.ShiftId} ({c.Skill})";
            if (count < c.Minimum) hard.Add(new("cover-minimum", null, c.Day, $"Day {c.Day} {what} has {count} staff; at least {c.Minimum} are required."));
            if (count < c.Preferred && c.UnderWeight > 0)
            {
                soft.Add(new("cover-under", null, c.Day, c.ShiftId, (long)(c.Preferred - count) * c.UnderWeight, $"Day {c.Day} {what}: {count} staff, {c.Preferred - count} under the {c.Preferred} wanted."));
            }
            else if (count > c.Preferred && c.OverWeight > 0)
            {
                soft.Add(new("cover-over", null, c.Day, c.ShiftId, (long)(count - c.Preferred) * c.OverWeight, $"Day {c.Day} {what}: {count} staff, {count - c.Preferred} over the {c.Preferred} wanted."));
            }
        }
    }

    private static void CheckRequests(RosterProblem problem, ShiftType?[][] grid, Dictionary<string, int> staffIndex, List<SoftViolation> soft)
    {
        foreach (var r in problem.Requests)
        {
            if (r.IsMetBy(grid[staffIndex[r.EmployeeId]][r.Day]?.Id))
            {
                continue;
            }

            if (r.On)
            {
                soft.Add(new("shift-on-request", r.EmployeeId, r.Day, r.ShiftId, r.Weight, $"{r.EmployeeId} asked to work {r.ShiftId} on day {r.Day} and does not."));
            }
            else
            {
                soft.Add(new("shift-off-request", r.EmployeeId, r.Day, r.ShiftId, r.Weight, $"{r.EmployeeId} asked not to work {r.ShiftId} on day {r.Day} and does."));
            }
        }
    }

    private static void AddFairness(RosterProblem problem, ShiftType?[][] grid, List<SoftViolation> soft)
    {
        foreach (var (nightSpread, members) in RosterSolver.FairnessSpreads(problem))
        {
            var counts = members.Select(e => nightSpread
                ? grid[e].Count(s => s is { IsNight: true })
                : problem.WeekendsWorked(Enumerable.Range(0, problem.Days).Where(d => grid[e][d] is not null))).ToList();
            var spread = counts.Max() - counts.Min();
            if (spread > 0) soft.Add(new("fairness", null, null, null, (long)spread * problem.FairnessWeight, string.Create(CultureInfo.InvariantCulture, $"{(nightSpread ? "Nights" : "Weekends worked")} range from {counts.Min()} to {counts.Max()} per person.")));
        }
    }
}
