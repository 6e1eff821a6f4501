namespace Infirmary.Rostering.Benchmark;

/// <summary>
/// A larger problem of a benchmark instance's shape: the solver's settings must serve problems larger than instances 1–8
/// (the benchmark's instances 9–24 reach 150 people over 364 days), and these are not stored here. <c>people</c> copies
/// of each person and <c>periods</c> repeats of the horizon: the cover grows with the people, each person's limits over
/// the horizon (shifts of each type, total minutes, weekends) with the periods. A copy's days off and requests are moved
/// on by whole weeks (copy k by k weeks, wrapping round the horizon) so that copies are not interchangeable, which would
/// make the problem symmetric in a way real rotas are not, while each day keeps its weekday and the cover's weekly
/// pattern stays.
/// </summary>
public static class ScaledInstance
{
    /// <summary>
    /// The problem with <paramref name="people"/> copies of each person and its horizon repeated
    /// <paramref name="periods"/> times.
    /// </summary>
    public static RosterProblem Create(RosterProblem problem, int people, int periods)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
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
}
