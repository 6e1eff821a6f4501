namespace Infirmary.Rostering.Tests;

/// <summary>
/// A bound proved by one worker must be able to close the search on a roster found by another.
/// </summary>
public sealed class LowerBoundTests
{
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
}
