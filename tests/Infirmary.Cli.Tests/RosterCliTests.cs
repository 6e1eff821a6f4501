using Infirmary.Cli;

namespace Infirmary.Cli.Tests;

public sealed class RosterCliTests : IDisposable
{
    private const string Small = """
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
        SECTION_SHIFT_OFF_REQUESTS
        A,1,E,4
        SECTION_COVER
        0,E,1,100,1
        1,E,2,100,1
        2,L,1,100,1
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("roster-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync(args);

    [Fact]
    public async Task GivenInstance_WhenSolvedThenChecked_ThenCheckAgreesWithSolveObjective()
    {
        var instance = Write("small.txt", Small);
        var solution = Path.Combine(directory, "small.csv");

        var solve = await Run("roster", "solve", instance, "--time-limit", "20", "--threads", "2", "--out", solution);
        var check = await Run("roster", "check", instance, solution);

        Assert.Equal(0, solve.Code);
        Assert.Contains("status: Optimal", solve.Output, StringComparison.Ordinal);
        var objective = solve.Output.Split('\n').Single(l => l.StartsWith("objective: ", StringComparison.Ordinal)).Trim();
        Assert.Contains("bound: ", solve.Output, StringComparison.Ordinal);
        Assert.StartsWith("employee,day,shift\n", await File.ReadAllTextAsync(solution), StringComparison.Ordinal);
        Assert.Equal(0, check.Code);
        Assert.Contains(objective + "\n", check.Output, StringComparison.Ordinal);
        Assert.Contains("hard violations: 0", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenSolutionBreakingRules_WhenChecked_ThenViolationsAreListedAndExitIsNonZero()
    {
        var instance = Write("small.txt", Small);
        var solution = Write("bad.csv", "employee,day,shift\nB,0,L\nB,1,E\nB,6,E\n");

        var check = await Run("roster", "check", instance, solution);

        Assert.NotEqual(0, check.Code);
        Assert.Contains("[forbidden-succession]", check.Output, StringComparison.Ordinal);
        Assert.Contains("[day-off]", check.Output, StringComparison.Ordinal);
        Assert.Contains("[min-total-minutes]", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenMalformedInstance_WhenSolved_ThenErrorNamesFileLineAndSectionWithoutStackTrace()
    {
        var instance = Write("broken.txt", Small.Replace("B,E=7|L=1,2400,0,5,1,1,1", "B,E=7|L=1,2400,zero,5,1,1,1", StringComparison.Ordinal));

        var solve = await Run("roster", "solve", instance, "--time-limit", "5", "--out", Path.Combine(directory, "x.csv"));

        Assert.NotEqual(0, solve.Code);
        Assert.Contains("broken.txt: line 8 (SECTION_STAFF)", solve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", solve.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenMissingInstanceFile_WhenChecked_ThenErrorNamesFile()
    {
        var solution = Write("s.csv", "employee,day,shift\n");

        var check = await Run("roster", "check", Path.Combine(directory, "nope.txt"), solution);

        Assert.NotEqual(0, check.Code);
        Assert.Contains("nope.txt", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenMalformedSolution_WhenChecked_ThenErrorNamesLine()
    {
        var instance = Write("small.txt", Small);
        var solution = Write("s.csv", "employee,day,shift\nA,0\n");

        var check = await Run("roster", "check", instance, solution);

        Assert.NotEqual(0, check.Code);
        Assert.Contains("s.csv: line 2", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenInfeasibleInstance_WhenSolved_ThenConflictingRulesAreNamed()
    {
        // A must work at least 4 shifts (1920 minutes) but may work at most 3 in a row and needs 2 days off
        // between runs; in 5 days that is impossible.
        var instance = Write("infeasible.txt", """
            SECTION_HORIZON
            5
            SECTION_SHIFTS
            E,480,
            SECTION_STAFF
            A,E=5,2400,1920,3,1,2,1
            SECTION_COVER
            0,E,1,100,1
            """);

        var solve = await Run("roster", "solve", instance, "--time-limit", "10", "--out", Path.Combine(directory, "x.csv"));

        Assert.NotEqual(0, solve.Code);
        Assert.Contains("status: Infeasible", solve.Output, StringComparison.Ordinal);
        Assert.Contains("A: between 1920 and 2400 minutes in total", solve.Output, StringComparison.Ordinal);
        Assert.Contains("A: at most 3 shifts in a row", solve.Output, StringComparison.Ordinal);
    }
}
