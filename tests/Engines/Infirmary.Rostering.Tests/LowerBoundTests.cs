namespace Infirmary.Rostering.Tests;

/// <summary>
/// The redundant rows and the bound worker that make the proved lower bound stronger must never cut off a real rota,
/// and a bound proved by one worker must be able to close the search on a roster found by another.
/// </summary>
public sealed class LowerBoundTests
{
    [Theory]
    [InlineData(5, 2, 2)]
    [InlineData(4, 1, 1)]
    [InlineData(3, 2, 3)]
    [InlineData(6, 3, 2)]
    [InlineData(2, 1, 2)]
    public void GivenRunRules_WhenTheMostWorkedInAWindowIsComputed_ThenItMatchesEveryRotaTheCheckerAccepts(int k, int m, int r)
    {
        for (var w = k + 2; w <= 11; w++)
        {
            // Every pattern of work and rest over w days, judged by the independent checker on a horizon of w days
            // (whose edge exemptions are the window's: runs touching either end may continue outside it).
            var problem = new RosterProblem
            {
                Days = w,
                ShiftTypes = [new ShiftType("D", 480)],
                Employees = [new Employee("A") { MaxConsecutiveShifts = k, MinConsecutiveShifts = m, MinConsecutiveDaysOff = r }],
                ApplyWorkingTimeRules = false,
            };
            var most = 0;
            for (var mask = 0; mask < 1 << w; mask++)
            {
                var roster = Enumerable.Range(0, w).Where(d => ((mask >> d) & 1) == 1).Select(d => new Assignment("A", d, "D")).ToList();
                if (roster.Count > most && RosterChecker.Evaluate(problem, roster).IsFeasible) most = roster.Count;
            }

            Assert.Equal(most, RosterModel.MostWorkedInWindow(w, k, m, r));
        }
    }

    [Fact]
    public void GivenFiveInARowAndTwoDaysOff_WhenTheMostWorkedInSevenDaysIsComputed_ThenItIsFive()
    {
        // The LP relaxation of the run clauses alone allows 5/6 of a shift every day, 5.83 in a week.
        Assert.Equal(5, RosterModel.MostWorkedInWindow(7, 5, 2, 2));
        Assert.Equal(6, RosterModel.MostWorkedInWindow(8, 5, 2, 2));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public void GivenTwoThreads_WhenSolvedWithoutATarget_ThenTheOptimumIsProvedAndTheBoundMeetsIt(int n, bool boundWorker)
    {
        // Two threads: one searches for rosters, the other raises the lower bound (or both search); either may close the gap.
        var result = RosterSolver.Solve(TestData.Instance(n), new SolverOptions { Threads = 2, BoundWorker = boundWorker, TimeLimit = TimeSpan.FromSeconds(120) });

        Assert.Equal(RosterStatus.Optimal, result.Status);
        Assert.Equal(TestData.BestKnown(n), result.Objective);
        Assert.Equal(result.Objective, result.Bound);
        Assert.Equal(result.Objective, RosterChecker.Evaluate(TestData.Instance(n), result.Roster).Objective);
    }

    [Fact]
    public void GivenInstanceThreeWithItsWindowRows_WhenSolvedToOptimality_ThenThePublishedOptimumIsKept()
    {
        // Instance 3 has five-in-a-row and two-days-off rules, so its window rows are added; a wrong row would
        // cut off the published optimum.
        var result = RosterSolver.Solve(TestData.Instance(3), new SolverOptions { Threads = 1, TimeLimit = TimeSpan.FromSeconds(120), DeterministicTimeLimit = 60 });

        Assert.Equal(RosterStatus.Optimal, result.Status);
        Assert.Equal(TestData.BestKnown(3), result.Objective);
    }
}
