using Infirmary.Rostering.Benchmark;

namespace Infirmary.Rostering.Tests;

public class RosterCheckerTests
{
    // A week (Monday to Sunday); L may not be followed by E. A: 2-3 shifts in a row, 2+ days off, 960-2400 minutes.
    private const string Week = """
        SECTION_HORIZON
        7
        SECTION_SHIFTS
        E,480,
        L,480,E
        SECTION_STAFF
        A,E=7|L=7,2400,960,3,2,2,1
        B,E=7|L=1,2400,0,5,1,1,1
        SECTION_DAYS_OFF
        B,6
        SECTION_SHIFT_ON_REQUESTS
        A,0,E,3
        B,2,L,2
        B,3,E,5
        SECTION_SHIFT_OFF_REQUESTS
        A,1,E,4
        SECTION_COVER
        0,E,1,100,1
        1,E,2,100,1
        2,L,0,100,1
        3,E,1,100,1
        """;

    private static readonly RosterProblem Problem = BenchmarkFormat.Read(Week, "week.txt");

    [Fact]
    public void GivenFeasibleHandRoster_WhenEvaluated_ThenObjectiveMatchesHandComputation()
    {
        // Cover: day 1 E one under (100), day 2 L one over (1), day 3 E one under (100).
        // Requests: A worked E on day 1 against an off request (4); B did not get E on day 3 (5). Total 210.
        Assignment[] roster = [new("A", 0, "E"), new("A", 1, "E"), new("A", 2, "E"), new("B", 2, "L")];

        var evaluation = RosterChecker.Evaluate(Problem, roster);

        Assert.Empty(evaluation.HardViolations);
        Assert.Equal(210, evaluation.Objective);
        Assert.Equal(5, evaluation.SoftViolations.Count);
        Assert.Contains(evaluation.SoftViolations, v => v is { Kind: "shift-off-request", EmployeeId: "A", Day: 1, Penalty: 4 });
        Assert.Contains(evaluation.SoftViolations, v => v is { Kind: "cover-over", Day: 2, ShiftId: "L", Penalty: 1 });
    }

    [Fact]
    public void GivenRosterBreakingRules_WhenEvaluated_ThenEachHardViolationIsNamed()
    {
        Assignment[] roster =
        [
            new("A", 0, "E"), new("A", 1, "E"), new("A", 2, "E"), new("A", 3, "E"), new("A", 5, "E"),
            new("B", 0, "L"), new("B", 1, "E"), new("B", 5, "L"), new("B", 6, "E"),
        ];

        var rules = RosterChecker.Evaluate(Problem, roster).HardViolations.Select(v => (v.Rule, v.EmployeeId)).ToList();

        Assert.Contains(("max-consecutive-shifts", "A"), rules);
        Assert.Contains(("min-consecutive-shifts", "A"), rules);
        Assert.Contains(("min-consecutive-days-off", "A"), rules);
        Assert.Contains(("forbidden-succession", "B"), rules);
        Assert.Contains(("max-shifts-of-type", "B"), rules);
        Assert.Contains(("day-off", "B"), rules);
        // B's L then E happens twice (days 0-1 and 5-6), so seven in all.
        Assert.Equal(2, rules.Count(r => r == ("forbidden-succession", "B")));
        Assert.Equal(7, rules.Count);
    }

    [Fact]
    public void GivenSingleDayOffBetweenShifts_WhenEvaluated_ThenMinDaysOffIsBrokenButEdgeRunsAreNot()
    {
        // A: off day 0 (edge, exempt), works 1-2, one day off on 3 (too short), works 4-5, off 6 (edge, exempt).
        Assignment[] roster = [new("A", 1, "E"), new("A", 2, "E"), new("A", 4, "E"), new("A", 5, "E")];

        var violations = RosterChecker.Evaluate(Problem, roster).HardViolations;

        var single = Assert.Single(violations);
        Assert.Equal("min-consecutive-days-off", single.Rule);
        Assert.Equal(3, single.Day);
    }

    [Fact]
    public void GivenTooManyWeekendsAndMinutes_WhenEvaluated_ThenLimitsAreReported()
    {
        var problem = Problem with
        {
            Days = 14,
            Cover = [],
            Requests = [],
            Employees = [new Employee("C") { MaxWeekends = 1, MaxTotalMinutes = 900 }],
        };
        Assignment[] roster = [new("C", 5, "E"), new("C", 13, "E")];

        var rules = RosterChecker.Evaluate(problem, roster).HardViolations.Select(v => v.Rule).ToList();

        Assert.Equal(["max-total-minutes", "max-weekends"], rules.Order());
    }

    [Fact]
    public void GivenSolvedInstance1_WhenChecked_ThenCheckerAgreesWithSolverObjective()
    {
        var problem = TestData.Instance(1);
        var result = RosterSolver.Solve(problem, new SolverOptions { TimeLimit = TimeSpan.FromSeconds(30) });

        var evaluation = RosterChecker.Evaluate(problem, result.Roster);

        Assert.Empty(evaluation.HardViolations);
        Assert.Equal(result.Objective, evaluation.Objective);
        Assert.Equal(result.Objective, result.SoftViolations.Sum(v => v.Penalty));
    }
}
