namespace Infirmary.Rostering.Benchmark;

/// <summary>
/// A larger problem of a benchmark instance's shape: the solver's settings must serve problems larger than instances 1–8
/// (the benchmark's instances 9–24 reach 150 people over 364 days), and these are not stored here. <c>people</c> copies
/// of each person and <c>periods</c> repeats of the horizon: the cover grows with the people, each person's limits over
/// the horizon (shifts of each type, total minutes, weekends) with the periods. A copy's days off and requests are moved
/// on by whole weeks (copy k by k weeks, wrapping round the horizon) so that copies are not interchangeable, which would
/// make the problem symmetric in a way real rotas are not, while each day keeps its weekday and the cover's weekly
/// pattern stays. With <c>kinds</c> above 1 each shift type is split into that many kinds of the same length and
/// successions (the benchmark's larger instances have up to 32 shift types): a limited type's limit holds for each kind,
/// each person is barred from one kind of every type, a cover row's staff are shared out among the kinds, and a request
/// names one kind. This gives people more limited counts than the pricing's eight fields (ADR 0180).
/// </summary>
public static class ScaledInstance
{
    /// <summary>
    /// The problem with <paramref name="people"/> copies of each person and its horizon repeated
    /// <paramref name="periods"/> times, each shift type split into <paramref name="kinds"/>.
    /// </summary>
    public static RosterProblem Create(RosterProblem problem, int people, int periods, int kinds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kinds, 1);
        if (kinds > 1) problem = Split(problem, kinds);
        var days = problem.Days * periods;
        int Moved(int day, int copy) => (day + (7 * copy)) % days;
        string Id(string id, int copy) => copy == 0 ? id : $"{id}~{copy}";

        var employees = new List<Employee>();
        var requests = new List<ShiftRequest>();
        for (var k = 0; k < people; k++)
        {
            foreach (var e in problem.Employees)
            {
                employees.Add(e with
                {
                    Id = Id(e.Id, k),
                    MaxShiftsPerType = e.MaxShiftsPerType.ToDictionary(p => p.Key, p => p.Value * periods),
                    MinTotalMinutes = e.MinTotalMinutes * periods,
                    MaxTotalMinutes = e.MaxTotalMinutes == int.MaxValue ? int.MaxValue : e.MaxTotalMinutes * periods,
                    MaxWeekends = e.MaxWeekends == int.MaxValue ? int.MaxValue : e.MaxWeekends * periods,
                    DaysOff = [.. Enumerable.Range(0, periods).SelectMany(p => e.DaysOff.Select(d => Moved(d + (p * problem.Days), k))).Distinct().Order()],
                });
            }

            for (var p = 0; p < periods; p++)
            {
                requests.AddRange(problem.Requests.Select(r => r with { EmployeeId = Id(r.EmployeeId, k), Day = Moved(r.Day + (p * problem.Days), k) }));
            }
        }

        var cover = Enumerable.Range(0, periods)
            .SelectMany(p => problem.Cover.Select(c => c with { Day = c.Day + (p * problem.Days), Minimum = c.Minimum * people, Preferred = c.Preferred * people }))
            .ToList();
        return problem with { Days = days, Employees = employees, Requests = requests, Cover = cover };
    }

    private static RosterProblem Split(RosterProblem problem, int kinds)
    {
        string Kind(string id, int j) => j == 0 ? id : $"{id}~{j}";
        var shiftTypes = problem.ShiftTypes
            .SelectMany(t => Enumerable.Range(0, kinds).Select(j => t with
            {
                Id = Kind(t.Id, j),
                ForbiddenFollowers = [.. t.ForbiddenFollowers.SelectMany(f => Enumerable.Range(0, kinds).Select(i => Kind(f, i)))],
            }))
            .ToList();
        var employees = problem.Employees.Select((e, index) => e with
        {
            MaxShiftsPerType = problem.ShiftTypes
                .SelectMany(t => Enumerable.Range(0, kinds).Select(j => (Id: Kind(t.Id, j), Limit:
                    j == index % kinds ? 0 : e.MaxShiftsPerType.TryGetValue(t.Id, out var limit) ? limit : problem.Days)))
                .ToDictionary(p => p.Id, p => p.Limit),
        }).ToList();

        // A row's staff shared out among the kinds, the odd ones to a different kind each day.
        int Share(int total, int j, int day) => (total / kinds) + (((j - day) % kinds + kinds) % kinds < total % kinds ? 1 : 0);
        var cover = problem.Cover
            .SelectMany(c => Enumerable.Range(0, kinds).Select(j => c with
            {
                ShiftId = Kind(c.ShiftId, j),
                Minimum = Share(c.Minimum, j, c.Day),
                Preferred = Share(c.Preferred, j, c.Day),
            }))
            .ToList();
        var requests = problem.Requests.Select(r => r with { ShiftId = Kind(r.ShiftId, r.Day % kinds) }).ToList();
        return problem with { ShiftTypes = shiftTypes, Employees = employees, Cover = cover, Requests = requests };
    }
}
