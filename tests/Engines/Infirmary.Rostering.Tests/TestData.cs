using System.Globalization;
using Infirmary.Rostering.Benchmark;

namespace Infirmary.Rostering.Tests;

internal static class TestData
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Data");

    public static string InstancePath(int n) => Path.Combine(Directory, $"Instance{n}.txt");

    public static RosterProblem Instance(int n) => BenchmarkFormat.ReadFile(InstancePath(n));

    public static long BestKnown(int n) => File.ReadAllLines(Path.Combine(Directory, "best_known.csv"))
        .Select(l => l.Split(','))
        .Where(f => f[0] == $"Instance{n}")
        .Select(f => long.Parse(f[5], CultureInfo.InvariantCulture))
        .Single();

    /// <summary>
    /// Fourteen nights among four people, one of whom asks for every night: fairness (weight 10 a night of spread) beats
    /// the requests (1 each), so the nights end 4, 4, 3, 3 and the optimum is 20 (10 requests unmet, a spread of 1).
    /// </summary>
    public static RosterProblem FairNights() => new()
    {
        Days = 14,
        ShiftTypes = [new ShiftType("N", 600) { StartMinute = (21 * 60) + 30, IsNight = true }],
        Employees = [.. Enumerable.Range(0, 4).Select(i => new Employee($"S{i}") { MaxConsecutiveShifts = 4 })],
        Cover = [.. Enumerable.Range(0, 14).Select(d => new CoverRequirement(d, "N", 1, 1, 100, 100))],
        Requests = [.. Enumerable.Range(0, 14).Select(d => new ShiftRequest("S0", d, "N", true, 1))],
        FairnessWeight = 10,
    };

    /// <summary>
    /// Two weeks, four people, two on each weekend day and no other cover; one asks to work every weekend day. Fairness
    /// (weight 10 a weekend of spread) beats the requests (1 each): each person works one weekend.
    /// </summary>
    public static RosterProblem FairWeekends() => new()
    {
        Days = 14,
        ShiftTypes = [new ShiftType("D", 480) { StartMinute = 8 * 60 }],
        Employees = [.. Enumerable.Range(0, 4).Select(i => new Employee($"S{i}") { MaxConsecutiveShifts = 4 })],
        Cover = [.. new[] { 5, 6, 12, 13 }.Select(d => new CoverRequirement(d, "D", 0, 2, 100, 100))],
        Requests = [.. new[] { 5, 6, 12, 13 }.Select(d => new ShiftRequest("S0", d, "D", true, 1))],
        FairnessWeight = 10,
    };

    /// <summary>
    /// Six people, two weeks, earlies and lates with hard cover minimums (2 earlies and 1 late a day), no skills: small
    /// enough to solve in seconds, with the hard minimums that wards have and the benchmark instances do not.
    /// </summary>
    public static RosterProblem SmallWard(IReadOnlyList<ShiftRequest>? requests = null)
    {
        var early = new ShiftType("E", 480) { StartMinute = 7 * 60 };
        var late = new ShiftType("L", 480) { StartMinute = 14 * 60 };
        var staff = Enumerable.Range(0, 6).Select(i => new Employee($"P{i}") { MaxConsecutiveShifts = 5, MinConsecutiveDaysOff = 2, MaxWeekends = 1 }).ToList();
        var cover = Enumerable.Range(0, 14).SelectMany(d => new[]
        {
            new CoverRequirement(d, "E", 2, 2, 100, 10),
            new CoverRequirement(d, "L", 1, 2, 100, 10),
        }).ToList();
        return new RosterProblem { Days = 14, ShiftTypes = [early, late], Employees = staff, Cover = cover, Requests = requests ?? [] };
    }
}
