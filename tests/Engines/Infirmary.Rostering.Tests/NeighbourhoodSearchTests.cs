namespace Infirmary.Rostering.Tests;

/// <summary>
/// The rostering large-neighbourhood search on the last thread (ADR 0155): its first roster is built person by person,
/// its rosters are checked like any other, and it proves nothing by itself.
/// </summary>
public sealed class NeighbourhoodSearchTests
{
    [Fact]
    public void GivenInstance8AndAFixedAmountOfWork_WhenSolvedWithAndWithoutTheNeighbourhoodSearch_ThenOnlyTheNeighbourhoodSearchFindsARoster()
    {
        // Instance 8's LP search needs more than this much work for its first roster; the person-by-person
        // construction and the neighbourhoods find one well within it.
        var problem = TestData.Instance(8);
        SolverOptions Options(bool neighbourhoods) => new() { Threads = 2, DeterministicTimeLimit = 4, TimeLimit = TimeSpan.FromMinutes(10), NeighbourhoodSearch = neighbourhoods };

        var without = RosterSolver.Solve(problem, Options(false));
        var with = RosterSolver.Solve(problem, Options(true));

        Assert.Equal(RosterStatus.Unknown, without.Status);
        Assert.Equal(RosterStatus.Feasible, with.Status);
        var check = RosterChecker.Evaluate(problem, with.Roster);
        Assert.Empty(check.HardViolations);
        Assert.Equal(with.Objective, check.Objective);
        Assert.True(with.Bound <= with.Objective);
    }

    [Fact]
    public void GivenInstance5AndAFixedAmountOfWork_WhenTheNeighbourhoodsStall_ThenTheTreeSearchAfterThemGivesAValidBoundAndACheckedRoster()
    {
        // Instance 5's neighbourhoods stall within about 11 units of work, so with 16 the lower-bound tree search takes
        // over on the second thread for the rest (ADR 0160), hinted with the best roster. Whatever it proves must be a
        // true bound (never above the proven optimum) and the roster it is shared with must pass the checker. How much
        // higher its bound is than two seeds' at the same work is a benchmark figure (docs/benchmarks.md), not asserted
        // here: the threads share rosters and bounds as they go, so the bound reached varies from run to run.
        var problem = TestData.Instance(5);
        var with = RosterSolver.Solve(problem, new SolverOptions { Threads = 2, DeterministicTimeLimit = 16, TimeLimit = TimeSpan.FromMinutes(15) });

        Assert.NotNull(with.Bound);
        Assert.True(with.Bound <= TestData.BestKnown(5), $"bound {with.Bound} above the optimum");
        Assert.True(with.Bound <= with.Objective);
        var check = RosterChecker.Evaluate(problem, with.Roster);
        Assert.Empty(check.HardViolations);
        Assert.Equal(with.Objective, check.Objective);
    }

    [Fact]
    public void GivenHardCoverMinimums_WhenSolvedOnTwoThreads_ThenEveryRosterKeptMeetsThemAndTheCheckerAgrees()
    {
        // The construction leaves cover minimums out while it builds, so with hard minimums it is skipped (ADR 0165)
        // and the first roster comes from a search of the whole model; every roster kept must meet them.
        var problem = TestData.SmallWard();

        var result = RosterSolver.Solve(problem, new SolverOptions { Threads = 2, TimeLimit = TimeSpan.FromSeconds(60), DeterministicTimeLimit = 5 });

        Assert.True(result.Status is RosterStatus.Optimal or RosterStatus.Feasible, result.Status.ToString());
        var check = RosterChecker.Evaluate(problem, result.Roster);
        Assert.Empty(check.HardViolations);
        Assert.Equal(result.Objective, check.Objective);
        foreach (var c in problem.Cover)
        {
            Assert.True(result.Roster.Count(a => a.Day == c.Day && a.ShiftId == c.ShiftId) >= c.Minimum, $"day {c.Day} {c.ShiftId}");
        }
    }

    [Fact]
    public void GivenTheLpsRotas_WhenAGuidedNeighbourhoodIsDrawn_ThenItFreesOnlyTheCellsWhereTheRosterDepartsFromThemInAWindowOfDays()
    {
        // Two people, four days, two shifts (ADR 0176). Person 0's LP works shift 0 on day 0, half of each shift on day 1,
        // nothing on day 2 and shift 1 on day 3; the roster works shift 0 on days 0, 1 and 3. Person 1's LP is off all
        // four days; the roster works shift 1 on day 1. They depart on day 1 (both) and day 3 (person 0).
        var lp = new float[2, 4, 2];
        lp[0, 0, 0] = 1;
        lp[0, 1, 0] = 0.5f;
        lp[0, 1, 1] = 0.5f;
        lp[0, 3, 1] = 1;
        int[,] roster = { { 0, 0, -1, 0 }, { -1, 1, -1, -1 } };
        (int, int)[] Free(bool[,]? cells) => cells is null ? [] : [.. from e in Enumerable.Range(0, 2) from d in Enumerable.Range(0, 4) where cells[e, d] select (e, d)];

        // From day 2 with room for one: day 2 has none, day 3 has one.
        Assert.Equal([(0, 3)], Free(RosterSolver.Departures(lp, roster, target: 1, start: 2)));
        // From day 3 with room for two: the horizon ends after day 3, so the window reaches back to day 1.
        Assert.Equal([(0, 1), (0, 3), (1, 1)], Free(RosterSolver.Departures(lp, roster, target: 2, start: 3)));
        // From day 0 with room for two: day 1 holds two, so days 2 and 3 stay fixed.
        Assert.Equal([(0, 1), (1, 1)], Free(RosterSolver.Departures(lp, roster, target: 2, start: 0)));

        // A roster that follows the LP wherever it is whole leaves nothing to free but the half day.
        int[,] following = { { 0, 1, -1, 1 }, { -1, -1, -1, -1 } };
        Assert.Equal([(0, 1)], Free(RosterSolver.Departures(lp, following, target: 8, start: 0)));
        lp[0, 1, 0] = 0;
        lp[0, 1, 1] = 1;
        Assert.Null(RosterSolver.Departures(lp, following, target: 8, start: 0));
    }
}
