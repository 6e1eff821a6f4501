using Infirmary.Rostering.Benchmark;

namespace Infirmary.Rostering.Tests;

/// <summary>
/// The larger problems made from a benchmark instance (ADRs 0178, 0180): splitting shift types into kinds keeps each
/// day's cover and the successions, and bars each person from one kind of every type.
/// </summary>
public sealed class ScaledInstanceTests
{
    [Fact]
    public void GivenKinds_WhenShiftTypesAreSplit_ThenEachDaysCoverIsSharedOutAndEachPersonIsBarredFromOneKind()
    {
        var problem = TestData.Instance(8);

        var split = ScaledInstance.Create(problem, people: 1, periods: 1, kinds: 4);

        Assert.Equal(problem.ShiftTypes.Count * 4, split.ShiftTypes.Count);
        Assert.Equal(problem.Requests.Count, split.Requests.Count);
        foreach (var c in problem.Cover)
        {
            var kinds = split.Cover.Where(k => k.Day == c.Day && k.ShiftId.Split('~')[0] == c.ShiftId).ToList();
            Assert.Equal(4, kinds.Count);
            Assert.Equal(c.Preferred, kinds.Sum(k => k.Preferred));
            Assert.InRange(kinds.Max(k => k.Preferred) - kinds.Min(k => k.Preferred), 0, 1);
        }

        // A kind of late may not be followed by any kind of early or day, as the late may not.
        Assert.Equal(["E", "E~1", "E~2", "E~3", "D", "D~1", "D~2", "D~3"], split.ShiftTypes.Single(t => t.Id == "L~2").ForbiddenFollowers);
        for (var i = 0; i < split.Employees.Count; i++)
        {
            var limits = split.Employees[i].MaxShiftsPerType;
            foreach (var t in problem.ShiftTypes)
            {
                Assert.Equal(0, limits[i % 4 == 0 ? t.Id : $"{t.Id}~{i % 4}"]);
                var original = problem.Employees[i].MaxShiftsPerType[t.Id];
                Assert.Equal(3, Enumerable.Range(0, 4).Count(j => limits[j == 0 ? t.Id : $"{t.Id}~{j}"] == original && j != i % 4));
            }
        }
    }
}
