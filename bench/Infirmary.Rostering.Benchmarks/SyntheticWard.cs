using Infirmary.Rostering;

/// <summary>
/// A reproducible ward: 3 shift types with real start times (so the 11-hour rest rule bites: no early after a
/// late, nothing after a night for a day), registered nurses and healthcare assistants, a few senior nurses,
/// full- and part-time contracts, random requests and days off, fairness on.
/// </summary>
internal static class SyntheticWard
{
    public static RosterProblem Create(int staff, int days, int seed)
    {
        var random = new Random(seed);
        var shifts = new List<ShiftType>
        {
            new("E", 480) { StartMinute = 7 * 60 },
            new("L", 480) { StartMinute = (14 * 60) + 30 },
            new("N", 600) { StartMinute = (21 * 60) + 30, IsNight = true },
        };
        var employees = new List<Employee>();
        var requests = new List<ShiftRequest>();
        for (var i = 0; i < staff; i++)
        {
            var id = $"S{i:00}";
            var skills = new List<string> { i % 5 < 3 ? "RN" : "HCA" };
            if (i % 8 == 0) skills.Add("Senior");
            var partTime = i % 4 == 3;
            var weekly = partTime ? 22.5 : 37.5;
            var target = (int)(weekly * 60 * days / 7);
            employees.Add(new Employee(id)
            {
                Skills = skills,
                MaxShiftsPerType = new Dictionary<string, int> { ["N"] = i % 10 == 9 ? 0 : days / 4 },
                MinTotalMinutes = target - 1920,
                MaxTotalMinutes = target + 480,
                MaxConsecutiveShifts = 5,
                MinConsecutiveShifts = 2,
                MinConsecutiveDaysOff = 2,
                MaxWeekends = (days / 7) - 1,
                DaysOff = Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(days)).Distinct().ToList(),
            });
            for (var r = 0; r < 4; r++)
            {
                requests.Add(new ShiftRequest(id, random.Next(days), shifts[random.Next(3)].Id, random.Next(2) == 0, random.Next(1, 4)));
            }
        }

        var cover = new List<CoverRequirement>();
        for (var d = 0; d < days; d++)
        {
            var weekend = (d % 7) >= 5;
            cover.Add(new CoverRequirement(d, "E", 5, weekend ? 6 : 8, 100, 10));
            cover.Add(new CoverRequirement(d, "L", 4, weekend ? 6 : 7, 100, 10));
            cover.Add(new CoverRequirement(d, "N", 3, 4, 100, 10));
            foreach (var s in new[] { "E", "L", "N" })
            {
                cover.Add(new CoverRequirement(d, s, 2, 3, 50, 0) { Skill = "RN" });
                cover.Add(new CoverRequirement(d, s, 0, 1, 20, 0) { Skill = "Senior" });
            }
        }

        return new RosterProblem
        {
            Days = days,
            ShiftTypes = shifts,
            Employees = employees,
            Cover = cover,
            Requests = requests,
            FairnessWeight = 5,
        };
    }
}
