using Infirmary.Rostering;
using Infirmary.Workforce.Domain;

namespace Infirmary.Workforce.Features;

/// <summary>Everything a team's rota is built from, for one period.</summary>
public sealed record RotaInputs(
    Team Team,
    IReadOnlyList<StaffMember> Staff,
    IReadOnlyList<LeaveRequest> ApprovedLeave,
    IReadOnlyList<ShiftPreference> Preferences,
    DateOnly Start,
    int Days);

/// <summary>
/// Turns staff records, leave and cover rules into the rostering engine's problem. The rules chosen here are the
/// ward's working agreement (written down in ADR 0033): hours within a shift of the contract (pro rata, less leave),
/// at most five shifts in a row, every other weekend off, nights capped per contract, approved leave kept free, and
/// the Working Time Regulations applied by the engine.
/// </summary>
public static class RotaProblemFactory
{
    /// <summary>Penalty for each person short of the preferred cover; the minimum itself is a hard rule.</summary>
    public const int UnderCoverWeight = 100;

    public const int OverCoverWeight = 1;

    public const int MaxConsecutiveShifts = 5;

    public const int FairnessWeight = 5;

    public static RosterProblem Build(RotaInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var team = inputs.Team;
        var end = inputs.Start.AddDays(inputs.Days - 1);
        var shifts = team.Shifts.OrderBy(s => s.StartMinute).Select(s => new ShiftType(s.Code, s.LengthMinutes)
        {
            StartMinute = s.StartMinute,
            IsNight = s.IsNight,
            ForbiddenFollowers = Split(s.ForbiddenFollowers),
        }).ToList();
        var longest = shifts.Count == 0 ? 0 : shifts.Max(s => s.LengthMinutes);
        var nights = shifts.Where(s => s.IsNight).Select(s => s.Id).ToList();

        var employees = new List<Employee>(inputs.Staff.Count);
        foreach (var m in inputs.Staff)
        {
            var leaveDays = LeaveDays(inputs.ApprovedLeave.Where(l => l.StaffMemberId == m.Id), inputs.Start, inputs.Days);
            // Contracted minutes for the period, less a contracted day for each day of leave (a five-day week).
            var target = (m.ContractedMinutesPerWeek * inputs.Days / 7) - (leaveDays.Count * m.ContractedMinutesPerWeek / 5);
            target = Math.Max(0, target);
            var maxNights = (int)Math.Ceiling(m.MaxNightsPerFourWeeks * inputs.Days / 28.0);
            employees.Add(new Employee(m.Id.ToString())
            {
                // A skill counts only if it stays in date for the whole period.
                Skills = m.Skills.Where(s => s.ValidOn(end)).Select(s => s.Skill).ToList(),
                MinTotalMinutes = Math.Max(0, target - (3 * longest / 2)),
                MaxTotalMinutes = target + (longest / 2),
                MaxConsecutiveShifts = MaxConsecutiveShifts,
                MaxWeekends = (inputs.Days + 13) / 14,
                MaxShiftsPerType = nights.ToDictionary(n => n, _ => maxNights),
                DaysOff = leaveDays,
                OptedOutOf48HourWeek = m.OptedOutOf48Hours,
            });
        }

        var cover = new List<CoverRequirement>();
        for (var d = 0; d < inputs.Days; d++)
        {
            var dow = inputs.Start.AddDays(d).DayOfWeek;
            foreach (var rule in team.Cover.Where(r => r.Day is null || r.Day == dow))
            {
                cover.Add(new CoverRequirement(d, rule.ShiftCode, rule.Minimum, rule.Preferred, UnderCoverWeight, OverCoverWeight) { Skill = rule.Skill });
            }
        }

        var requests = new List<ShiftRequest>();
        foreach (var p in inputs.Preferences)
        {
            var day = p.Date.DayNumber - inputs.Start.DayNumber;
            if (day < 0 || day >= inputs.Days)
            {
                continue;
            }

            var weight = p.Priority * 10;
            if (p.ShiftCode is { } code)
            {
                requests.Add(new ShiftRequest(p.StaffMemberId.ToString(), day, code, p.On, weight));
            }
            else if (!p.On)
            {
                // "Not that day" is a request off every shift of the day.
                requests.AddRange(shifts.Select(s => new ShiftRequest(p.StaffMemberId.ToString(), day, s.Id, On: false, weight)));
            }
        }

        return new RosterProblem
        {
            Days = inputs.Days,
            ShiftTypes = shifts,
            Employees = employees,
            Cover = cover,
            Requests = requests,
            FirstDay = inputs.Start.DayOfWeek,
            ApplyWorkingTimeRules = true,
            FairnessWeight = FairnessWeight,
        };
    }

    /// <summary>Days (from 0) of the period covered by the given leave.</summary>
    public static List<int> LeaveDays(IEnumerable<LeaveRequest> leave, DateOnly start, int days)
    {
        var result = new SortedSet<int>();
        foreach (var l in leave)
        {
            for (var d = l.FirstDay; d <= l.LastDay; d = d.AddDays(1))
            {
                var i = d.DayNumber - start.DayNumber;
                if (i >= 0 && i < days)
                {
                    result.Add(i);
                }
            }
        }

        return [.. result];
    }

    private static List<string> Split(string codes) =>
        codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
