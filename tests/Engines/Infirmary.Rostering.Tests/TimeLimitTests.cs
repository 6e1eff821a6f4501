using System.Diagnostics;

namespace Infirmary.Rostering.Tests;

/// <summary>
/// The solver keeps to its time limit (ADR 0169): the exact pricing gives up when its time is up, and a 40-person ward,
/// whose master LP once kept GLOP busy for minutes past a 60-second limit, ends near the limit with a legal roster.
/// </summary>
public sealed class TimeLimitTests
{
    [Fact]
    public void GivenAPricingWhoseTimeIsAlreadyUp_WhenSolved_ThenItGivesUpInsteadOfRunningOn()
    {
        var problem = TestData.Instance(8);
        var pricer = RotaPricer.TryCreate(problem, 0);
        Assert.NotNull(pricer);
        var random = new Random(3);
        var cost = new long[problem.Days, problem.ShiftTypes.Count];
        for (var d = 0; d < problem.Days; d++)
        {
            for (var s = 0; s < problem.ShiftTypes.Count; s++) cost[d, s] = random.Next(-2000, 500);
        }

        var unlimited = pricer.Solve(cost, keep: 1);
        var late = pricer.Solve(cost, keep: 1, until: Stopwatch.GetTimestamp() - 1);
        var ample = pricer.Solve(cost, keep: 1, until: Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency));

        Assert.NotNull(unlimited.Minimum);
        Assert.Null(late.Minimum);
        Assert.Empty(late.Rotas);
        Assert.Equal(unlimited.Minimum, ample.Minimum);
    }

    [Fact]
    public void GivenAFortyPersonWard_WhenSolvedWithTheDefaultSettings_ThenTheSolverStopsNearItsTimeLimitWithALegalRoster()
    {
        var ward = SyntheticWard.Create(40, 28, seed: 7);
        var limit = TimeSpan.FromSeconds(15);
        var clock = Stopwatch.StartNew();

        var result = RosterSolver.Solve(ward, new SolverOptions { TimeLimit = limit, Threads = 2 });

        clock.Stop();
        // Generous slack for a loaded machine; before the fix the run went on for minutes.
        Assert.True(clock.Elapsed < limit + TimeSpan.FromSeconds(15), $"ran {clock.Elapsed.TotalSeconds:0.0} s against a {limit.TotalSeconds} s limit");
        Assert.NotNull(result.Objective);
        var check = RosterChecker.Evaluate(ward, result.Roster);
        Assert.True(check.IsFeasible);
        Assert.Equal(result.Objective, check.Objective);
        Assert.True(result.Bound is null || result.Bound <= result.Objective);
    }
}
