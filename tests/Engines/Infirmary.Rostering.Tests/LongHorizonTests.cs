using Infirmary.Rostering.Benchmark;

namespace Infirmary.Rostering.Tests;

/// <summary>
/// Horizons past the exact pricing's 127 days (ADR 0179): the dynamic programme searches a beam there, whose rotas must
/// keep every rule of the person however the prices pull, which proves a person with no legal rota at all has none, and
/// the solver then says the problem is infeasible and why, from that person's rules alone.
/// </summary>
public sealed class LongHorizonTests
{
    private const int Beam = 256;

    // Instance 8 over 364 days (13 repeats): its people's day-shift limits (28 × 13) are unlimited over the year, their
    // other limits above 127, and their weekends limited.
    private static readonly RosterProblem Year = ScaledInstance.Create(TestData.Instance(8), people: 1, periods: 13);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void GivenAYearLongHorizon_WhenEachPersonIsPricedByTheBeam_ThenEveryRotaKeepsTheirRules(int pull)
    {
        // pull −1 rewards every shift (the greedy round's prices while the cover is short), +1 charges every shift, 0 leaves
        // only the noise. Rewarded, the beam once filled with rotas that worked every weekend early and then could not
        // reach the minimum minutes: no rota for 3 of the 30 people before the weekends left were counted.
        var random = new Random(13 + pull);
        var trimmed = 0;
        for (var e = 0; e < Year.Employees.Count; e++)
        {
            var pricer = RotaPricer.TryCreate(Year, e);
            Assert.NotNull(pricer);
            Assert.False(pricer.Exact);
            var cost = new long[Year.Days, Year.ShiftTypes.Count];
            for (var d = 0; d < Year.Days; d++)
            {
                for (var s = 0; s < Year.ShiftTypes.Count; s++) cost[d, s] = (pull * 1000) + random.Next(-300, 300);
            }

            var result = pricer.Solve(cost, keep: 3, beam: Beam);

            if (result.Minimum is null) trimmed++;
            Assert.NotEmpty(result.Rotas);
            foreach (var rota in result.Rotas)
            {
                var check = RosterChecker.Evaluate(OnePerson(Year, e), Assignments(Year, e, rota));
                Assert.Empty(check.HardViolations);
            }
        }

        // Most people's searches outgrow the beam (a minimum is given only when none did, and then it is exact).
        Assert.True(trimmed > Year.Employees.Count / 2, $"{trimmed} of {Year.Employees.Count} trimmed");
    }

    [Fact]
    public void GivenAPersonWithNoLegalRotaOverAYear_WhenPricedByTheBeam_ThenItProvesThereIsNoneAndNamesTheConflictingRules()
    {
        // The fourth copy of instance 8's R over 364 days: 221 day shifts with runs of at most 6, at least 3 days off
        // between runs and 26 weekends, around days off moved on by three weeks. The first copy has legal rotas.
        var scaled = ScaledInstance.Create(TestData.Instance(8), people: 5, periods: 13);
        var ids = scaled.Employees.Select(p => p.Id).ToList();
        var r = ids.IndexOf("R");
        var copy = ids.IndexOf("R~3");
        var zero = new long[scaled.Days, scaled.ShiftTypes.Count];

        var none = RotaPricer.TryCreate(scaled, copy)!.Solve(zero, keep: 1, beam: Beam);
        var some = RotaPricer.TryCreate(scaled, r)!.Solve(zero, keep: 1, beam: Beam);

        Assert.Equal(long.MaxValue, none.Minimum);
        Assert.Empty(none.Rotas);
        Assert.NotEmpty(some.Rotas);
        // The rules named as conflicting leave no rota; relaxing any one of them gives the person one. (CP-SAT's own
        // search did not settle this person's year in five minutes, so the search is checked against itself, rule by rule.)
        var conflicts = RotaPricer.Conflicts(scaled, copy, Beam);
        Assert.NotNull(conflicts);
        Assert.NotEmpty(conflicts);
        Assert.All(conflicts, c => Assert.StartsWith("R~3: ", c));
        Assert.Contains("R~3: between 106080 and 112320 minutes in total", conflicts);
    }

    [Fact]
    public void GivenAYearLongProblemWhereOnePersonHasNoLegalRota_WhenSolved_ThenItIsInfeasibleAndTheConflictIsThatPersonsRules()
    {
        // Before ADR 0179 the 150-person year ran its 60 s out with no roster and no answer.
        var scaled = ScaledInstance.Create(TestData.Instance(8), people: 5, periods: 13);
        var ids = new HashSet<string> { "R", "S", "R~3" };
        var problem = scaled with
        {
            Employees = [.. scaled.Employees.Where(p => ids.Contains(p.Id))],
            Requests = [.. scaled.Requests.Where(q => ids.Contains(q.EmployeeId))],
        };

        var result = RosterSolver.Solve(problem, new SolverOptions { TimeLimit = TimeSpan.FromSeconds(30) });

        Assert.Equal(RosterStatus.Infeasible, result.Status);
        Assert.NotEmpty(result.Conflicts);
        Assert.All(result.Conflicts, c => Assert.StartsWith("R~3: ", c));
    }

    private static RosterProblem OnePerson(RosterProblem problem, int e) => problem with
    {
        Employees = [problem.Employees[e]],
        Cover = [],
        Requests = [.. problem.Requests.Where(r => r.EmployeeId == problem.Employees[e].Id)],
        FairnessWeight = 0,
    };

    private static List<Assignment> Assignments(RosterProblem problem, int e, int[] rota) =>
        [.. Enumerable.Range(0, problem.Days).Where(d => rota[d] >= 0).Select(d => new Assignment(problem.Employees[e].Id, d, problem.ShiftTypes[rota[d]].Id))];
}
