namespace Infirmary.Rostering.Tests;

/// <summary>
/// The settings the product uses for a manager waiting at a screen: CP-SAT's own portfolio and a stop once the best
/// roster stops improving. A ten-person ward week with one person on leave is the case that took the seed portfolio
/// up to 18 s to a first roster.
/// </summary>
public sealed class FeasibilityFirstTests
{
    private static RosterProblem Ward(int rotate)
    {
        var shifts = new List<ShiftType>
        {
            new("E", 510) { StartMinute = 420 },
            new("L", 510) { StartMinute = 780 },
            new("N", 630) { StartMinute = 1260, IsNight = true, ForbiddenFollowers = ["E", "L"] },
        };
        var staff = Enumerable.Range(0, 10).Select(i => new Employee($"p{i}")
        {
            Skills = i < 6 ? ["RN"] : [],
            MinTotalMinutes = i == 2 ? 0 : 1305,
            MaxTotalMinutes = i == 2 ? 1215 : 2565,
            MaxConsecutiveShifts = 5,
            MaxWeekends = 1,
            MaxShiftsPerType = new Dictionary<string, int> { ["N"] = 2 },
            DaysOff = i == 2 ? [1, 2, 3] : [],
        }).ToList();
        var cover = new List<CoverRequirement>();
        for (var d = 0; d < 7; d++)
        {
            cover.Add(new(d, "E", 2, 2, 100, 1));
            cover.Add(new(d, "L", 2, 2, 100, 1));
            cover.Add(new(d, "N", 1, 1, 100, 1));
            foreach (var c in new[] { "E", "L", "N" })
            {
                cover.Add(new(d, c, 1, 1, 100, 1) { Skill = "RN" });
            }
        }

        return new RosterProblem
        {
            Days = 7,
            ShiftTypes = shifts,
            Employees = [.. staff.Skip(rotate), .. staff.Take(rotate)],
            Cover = cover,
            FairnessWeight = 5,
        };
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void GivenSmallWardWeek_WhenSolvedFeasibilityFirst_ThenARosterMeetingEveryHardRuleIsReturned(int rotate)
    {
        var problem = Ward(rotate);

        var result = RosterSolver.Solve(problem, new SolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(60),
            FeasibilityFirst = true,
            StopAfterNoImprovement = TimeSpan.FromSeconds(1),
        });

        Assert.Contains(result.Status, new[] { RosterStatus.Optimal, RosterStatus.Feasible });
        var evaluation = RosterChecker.Evaluate(problem, result.Roster);
        Assert.Empty(evaluation.HardViolations);
        Assert.Equal(result.Objective, evaluation.Objective);
        // Stopped by patience, not by the minute allowed.
        Assert.True(result.WallTime < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void GivenProgressListener_WhenSolved_ThenEachReportImprovesAndTheLastIsTheResult()
    {
        var problem = Ward(0);
        var reports = new List<SolverProgress>();

        var result = RosterSolver.Solve(problem, new SolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(60),
            FeasibilityFirst = true,
            StopAfterNoImprovement = TimeSpan.FromSeconds(1),
            OnProgress = p => { lock (reports) reports.Add(p); },
        });

        Assert.NotEmpty(reports);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Objective < reports[i - 1].Objective, "each report is a better roster");
            Assert.Equal(reports[i - 1].Solutions + 1, reports[i].Solutions);
            Assert.True(reports[i].Seconds >= reports[i - 1].Seconds);
        }

        Assert.All(reports, p => Assert.True(p.Bound is null || p.Bound <= p.Objective, "a bound never exceeds the roster it bounds"));
        // Without neighbourhoods or the decomposition every roster comes from CP-SAT's own search.
        Assert.All(reports, p => Assert.Equal("CP-SAT search", p.Source));
        Assert.Equal(result.Objective, reports[^1].Objective);
    }
}
