using Infirmary.Rostering.Benchmark;

namespace Infirmary.Rostering.Tests;

public class BenchmarkFormatTests
{
    [Theory]
    [InlineData(1, 8, 14, 1)]
    [InlineData(2, 14, 14, 2)]
    [InlineData(3, 20, 14, 3)]
    [InlineData(4, 10, 28, 2)]
    [InlineData(5, 16, 28, 2)]
    [InlineData(6, 18, 28, 3)]
    [InlineData(7, 20, 28, 3)]
    [InlineData(8, 30, 28, 4)]
    public void GivenBenchmarkInstance_WhenRead_ThenCountsMatchBestKnownTable(int n, int staff, int days, int shifts)
    {
        var problem = TestData.Instance(n);

        Assert.Equal(staff, problem.Employees.Count);
        Assert.Equal(days, problem.Days);
        Assert.Equal(shifts, problem.ShiftTypes.Count);
        Assert.Equal(days * shifts, problem.Cover.Count);
        Assert.False(problem.ApplyWorkingTimeRules);
    }

    [Fact]
    public void GivenInstance2_WhenRead_ThenStaffLimitsRequestsAndSuccessionsAreParsed()
    {
        var problem = TestData.Instance(2);

        var a = problem.Employees[0];
        Assert.Equal("A", a.Id);
        Assert.Equal(14, a.MaxShiftsPerType["E"]);
        Assert.Equal(4320, a.MaxTotalMinutes);
        Assert.Equal(3360, a.MinTotalMinutes);
        Assert.Equal(5, a.MaxConsecutiveShifts);
        Assert.Equal(2, a.MinConsecutiveShifts);
        Assert.Equal(2, a.MinConsecutiveDaysOff);
        Assert.Equal(1, a.MaxWeekends);
        Assert.Equal([3], a.DaysOff);
        Assert.Equal(["E"], problem.ShiftTypes.Single(s => s.Id == "L").ForbiddenFollowers);
        Assert.Contains(new ShiftRequest("G", 3, "E", false, 2), problem.Requests);
        Assert.Contains(new ShiftRequest("N", 8, "E", true, 3), problem.Requests);
        Assert.Contains(new CoverRequirement(2, "L", 0, 6, 100, 1), problem.Cover);
    }

    [Theory]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,abc,\n", 4, "SECTION_SHIFTS", "shift length 'abc'")]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,\nSECTION_STAFF\nA,E=14,4320,3360,5,2,2\n", 6, "SECTION_STAFF", "expected 8 fields")]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,\nSECTION_STAFF\nA,E=14,4320,3360,5,2,2,1\nSECTION_DAYS_OFF\nZ,3\n", 8, "SECTION_DAYS_OFF", "unknown employee 'Z'")]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,\nSECTION_STAFF\nA,E=14,4320,3360,5,2,2,1\nSECTION_COVER\n14,E,3,100,1\n", 8, "SECTION_COVER", "outside the horizon")]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,\nSECTION_STAFF\nA,E=14,4320,3360,5,2,2,1\nSECTION_COVER\n1,X,3,100,1\n", 8, "SECTION_COVER", "unknown shift 'X'")]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,N\nSECTION_STAFF\nA,E=14,4320,3360,5,2,2,1\n", 4, "SECTION_SHIFTS", "forbids unknown shift 'N'")]
    [InlineData("# comment\n14\n", 2, null, "before the first SECTION_")]
    [InlineData("SECTION_HORIZON\n14\nSECTION_SHIFTZ\n", 3, "SECTION_HORIZON", "unknown section 'SECTION_SHIFTZ'")]
    public void GivenMalformedInstance_WhenRead_ThenErrorNamesLineAndSection(string text, int line, string? section, string fragment)
    {
        var error = Assert.Throws<InstanceFormatException>(() => BenchmarkFormat.Read(text, "bad.txt"));

        Assert.Equal(line, error.Line);
        Assert.Equal(section, error.Section);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"bad.txt: line {line}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenInstanceWithoutStaff_WhenRead_ThenErrorNamesMissingSection()
    {
        var error = Assert.Throws<InstanceFormatException>(() => BenchmarkFormat.Read("SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,\n", "bad.txt"));

        Assert.Contains("missing SECTION_STAFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenRoster_WhenWrittenAndReadBack_ThenAssignmentsRoundTrip()
    {
        Assignment[] roster = [new("B", 1, "L"), new("A", 0, "E"), new("A", 2, "E")];

        var text = BenchmarkFormat.WriteSolution(roster);
        var back = BenchmarkFormat.ReadSolution(text);

        Assert.StartsWith("employee,day,shift\nA,0,E\nA,2,E\nB,1,L\n", text, StringComparison.Ordinal);
        Assert.Equal(roster.OrderBy(a => a.EmployeeId, StringComparer.Ordinal).ThenBy(a => a.Day), back);
    }

    [Fact]
    public void GivenMalformedSolutionRow_WhenRead_ThenErrorNamesLine()
    {
        var error = Assert.Throws<InstanceFormatException>(() => BenchmarkFormat.ReadSolution("employee,day,shift\nA,0,E\nA,x,E\n", "sol.csv"));

        Assert.Equal(3, error.Line);
        Assert.Contains("sol.csv: line 3", error.Message, StringComparison.Ordinal);
    }
}
