namespace Infirmary.Rostering.Tests;

/// <summary>
/// The ward setting of ADR 0165: CP-SAT's portfolio to its first roster, then the LP search and the neighbourhood search
/// (with the fairness-shaped neighbourhoods a problem with a fairness term draws) from the best roster so far.
/// </summary>
public sealed class WardSearchTests
{
    // A week on a ward of ten: earlies, lates and nights with start times, registered nurses, hard cover minimums,
    // requests and fairness of nights and weekends. With scarceRegistered, only two of the ten are registered nurses
    // and one is wanted (not required) on every early and every night: 14 shifts of the 12 they can work.
    private static RosterProblem Ward(int minimumEarly = 2, bool scarceRegistered = false)
    {
        var shifts = new List<ShiftType>
        {
            new("E", 480) { StartMinute = 7 * 60 },
            new("L", 480) { StartMinute = (14 * 60) + 30 },
            new("N", 600) { StartMinute = (21 * 60) + 30, IsNight = true },
        };
        var staff = Enumerable.Range(0, 10).Select(i => new Employee($"p{i}")
        {
            Skills = i < (scarceRegistered ? 2 : 6) ? ["RN"] : [],
            MinTotalMinutes = i % 4 == 3 ? 960 : 1920,
            MaxTotalMinutes = i % 4 == 3 ? 1920 : 2880,
            MaxConsecutiveShifts = 5,
            MinConsecutiveDaysOff = 2,
            MaxWeekends = 1,
            MaxShiftsPerType = new Dictionary<string, int> { ["N"] = i == 9 ? 0 : 2 },
            DaysOff = i == 2 ? [3, 4] : [],
        }).ToList();
        var cover = new List<CoverRequirement>();
        for (var d = 0; d < 7; d++)
        {
            cover.Add(new(d, "E", minimumEarly, 2, 100, 10));
            cover.Add(new(d, "L", 1, 2, 100, 10));
            cover.Add(new(d, "N", 1, 1, 100, 10));
            cover.Add(new(d, "N", scarceRegistered ? 0 : 1, 1, 50, 0) { Skill = "RN" });
            if (scarceRegistered) cover.Add(new(d, "E", 0, 1, 50, 0) { Skill = "RN" });
        }

        var requests = new List<ShiftRequest>
        {
            new("p0", 5, "E", On: true, 20),
            new("p1", 6, "N", On: false, 30),
            new("p4", 2, "L", On: true, 10),
            new("p7", 6, "E", On: false, 20),
        };
        return new RosterProblem { Days = 7, ShiftTypes = shifts, Employees = staff, Cover = cover, Requests = requests, FairnessWeight = 5 };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivenSmallWard_WhenImprovedWithNeighbourhoods_ThenItReachesTheOptimumTheSeedSearchProves(bool boundWorker)
    {
        var problem = Ward();
        var proved = RosterSolver.Solve(problem, new SolverOptions { Threads = 2, TimeLimit = TimeSpan.FromMinutes(5), NeighbourhoodSearch = false });
        Assert.Equal(RosterStatus.Optimal, proved.Status);

        var reports = new List<SolverProgress>();
        var result = RosterSolver.Solve(problem, new SolverOptions
        {
            Threads = 2,
            TimeLimit = TimeSpan.FromMinutes(5),
            FeasibilityFirst = true,
            ImproveWithNeighbourhoods = true,
            BoundWorker = boundWorker,
            OnProgress = p => { lock (reports) reports.Add(p); },
        });

        Assert.Equal(RosterStatus.Optimal, result.Status);
        Assert.Equal(proved.Objective, result.Objective);
        var check = RosterChecker.Evaluate(problem, result.Roster);
        Assert.Empty(check.HardViolations);
        Assert.Equal(result.Objective, check.Objective);
        Assert.NotEmpty(reports);
        Assert.Equal(result.Objective, reports[^1].Objective);
    }

    [Fact]
    public void GivenWardThatCannotBeCovered_WhenImprovedWithNeighbourhoods_ThenInfeasibleNamingTheCover()
    {
        // Nine earlies, a late and a night on day 3, when one of the ten is on leave: the portfolio proves it
        // impossible before any roster exists.
        var problem = Ward(minimumEarly: 9);

        var result = RosterSolver.Solve(problem, new SolverOptions { Threads = 2, TimeLimit = TimeSpan.FromSeconds(60), FeasibilityFirst = true, ImproveWithNeighbourhoods = true });

        Assert.Equal(RosterStatus.Infeasible, result.Status);
        Assert.Contains(result.Conflicts, c => c.StartsWith("cover: at least 9 on day ", StringComparison.Ordinal));
        Assert.Empty(result.Roster);
    }

    [Fact]
    public void GivenWardsCoverRows_WhenAskedWhichSkillsAreScarce_ThenOnlyThoseAskingForMostOfTheirHoldersTime()
    {
        // The 40-person ward wants a senior nurse on each of its 84 shifts and has five (about 95 shifts between them);
        // its registered nurses are asked for 252 shifts of about 414.
        Assert.Equal(["Senior"], RosterSolver.ScarceSkills(SyntheticWard.Create(40, 28, seed: 7)));
        Assert.Empty(RosterSolver.ScarceSkills(Ward()));
        Assert.Equal(["RN"], RosterSolver.ScarceSkills(Ward(scarceRegistered: true)));
        // No skills at all: the benchmark's instances.
        Assert.Empty(RosterSolver.ScarceSkills(TestData.Instance(1)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivenWardWithHardMinimumsAndFairness_WhenSolvedWithTheNeighbourhoodSearchOnFixedWork_ThenItsRostersMeetEveryRule(bool scarceRegistered)
    {
        // Hard minimums skip the person-by-person construction; fairness adds the nights-only and extremes
        // neighbourhoods, which fix day shifts but leave nights and days off free. With a scarce skill its holders are
        // rostered first and fixed while the others are placed around them (ADR 0182). Every roster kept must still
        // pass the independent checker.
        var problem = Ward(scarceRegistered: scarceRegistered);

        var result = RosterSolver.Solve(problem, new SolverOptions { Threads = 2, TimeLimit = TimeSpan.FromMinutes(5), DeterministicTimeLimit = 3 });

        Assert.True(result.Status is RosterStatus.Optimal or RosterStatus.Feasible, result.Status.ToString());
        var check = RosterChecker.Evaluate(problem, result.Roster);
        Assert.Empty(check.HardViolations);
        Assert.Equal(result.Objective, check.Objective);
        Assert.True(result.Bound <= result.Objective);
    }
}
