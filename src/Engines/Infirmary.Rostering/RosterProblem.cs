namespace Infirmary.Rostering;

/// <summary>
/// A shift type, such as an early, late or night.
/// </summary>
/// <param name="Id">Short code used in requests, cover and solutions (for example "E").</param>
/// <param name="LengthMinutes">Paid length of the shift in minutes.</param>
public sealed record ShiftType(string Id, int LengthMinutes)
{
    /// <summary>Start time as minutes after midnight. Needed for the 11-hour rest rule; null when unknown (benchmark files).</summary>
    public int? StartMinute { get; init; }

    /// <summary>Shift types that may not be worked on the day after this one.</summary>
    public IReadOnlyList<string> ForbiddenFollowers { get; init; } = [];

    /// <summary>Counts as a night for the fairness option.</summary>
    public bool IsNight { get; init; }
}

/// <summary>
/// One member of staff with their contract limits. Every limit is hard; the defaults mean "no limit".
/// </summary>
public sealed record Employee(string Id)
{
    /// <summary>Skills this person can cover (cover rows with a skill only count people who have it).</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>Most shifts of each type over the horizon; a type absent from the map is unlimited.</summary>
    public IReadOnlyDictionary<string, int> MaxShiftsPerType { get; init; } = new Dictionary<string, int>();

    public int MinTotalMinutes { get; init; }
    public int MaxTotalMinutes { get; init; } = int.MaxValue;
    public int MaxConsecutiveShifts { get; init; } = int.MaxValue;

    /// <summary>Shortest run of working days between two days off; runs touching the horizon's edge are exempt (they may continue outside it).</summary>
    public int MinConsecutiveShifts { get; init; } = 1;

    /// <summary>Shortest run of days off between two working days; runs touching the horizon's edge are exempt.</summary>
    public int MinConsecutiveDaysOff { get; init; } = 1;

    /// <summary>Most weekends (Saturday or Sunday worked) over the horizon.</summary>
    public int MaxWeekends { get; init; } = int.MaxValue;

    /// <summary>Days (from 0) on which this person may not work.</summary>
    public IReadOnlyList<int> DaysOff { get; init; } = [];

    /// <summary>Signed the Working Time Regulations opt-out, so the 48-hour average does not apply.</summary>
    public bool OptedOutOf48HourWeek { get; init; }
}

/// <summary>
/// Staff wanted on one shift of one day. <see cref="Minimum"/> is hard; the distance from
/// <see cref="Preferred"/> is penalised by the weights.
/// </summary>
public sealed record CoverRequirement(int Day, string ShiftId, int Minimum, int Preferred, int UnderWeight, int OverWeight)
{
    /// <summary>When set, only staff holding this skill count toward the cover.</summary>
    public string? Skill { get; init; }
}

/// <summary>A wish to work (<paramref name="On"/>) or not to work a shift on a day, with the penalty if refused.</summary>
public sealed record ShiftRequest(string EmployeeId, int Day, string ShiftId, bool On, int Weight)
{
    /// <summary>
    /// Whether the request is met when the person works <paramref name="workedShiftId"/> on its day (null: off). The one
    /// statement of the rule, for the checker and for the decomposition's column costs.
    /// </summary>
    public bool IsMetBy(string? workedShiftId) => On == (workedShiftId == ShiftId);
}

/// <summary>
/// A complete rostering problem over <see cref="Days"/> days starting on <see cref="FirstDay"/>.
/// </summary>
public sealed record RosterProblem
{
    public required int Days { get; init; }
    public required IReadOnlyList<ShiftType> ShiftTypes { get; init; }
    public required IReadOnlyList<Employee> Employees { get; init; }
    public IReadOnlyList<CoverRequirement> Cover { get; init; } = [];
    public IReadOnlyList<ShiftRequest> Requests { get; init; } = [];
    public DayOfWeek FirstDay { get; init; } = DayOfWeek.Monday;

    /// <summary>
    /// Apply the UK Working Time Regulations as hard rules: 11 hours' rest between shifts (needs start times)
    /// and a 48-hour average week over the horizon for staff who have not opted out. Off for benchmark files,
    /// whose rules are exactly the file's own.
    /// </summary>
    public bool ApplyWorkingTimeRules { get; init; } = true;

    /// <summary>
    /// Penalty per unit of spread (most minus fewest) in nights and in weekends worked across staff; 0 turns
    /// fairness off.
    /// </summary>
    public int FairnessWeight { get; init; }

    /// <summary>The number of weekends with at least one of <paramref name="daysWorked"/> in them.</summary>
    public int WeekendsWorked(IEnumerable<int> daysWorked) => daysWorked.Where(IsWeekend).Select(WeekendIndex).Distinct().Count();

    /// <summary>Whether day <paramref name="day"/> is a Saturday or Sunday.</summary>
    public bool IsWeekend(int day)
    {
        var dow = (DayOfWeek)(((int)FirstDay + day) % 7);
        return dow is DayOfWeek.Saturday or DayOfWeek.Sunday;
    }

    /// <summary>Weekend index of a weekend day (weekends are numbered by the Saturday-to-Sunday week they fall in).</summary>
    public int WeekendIndex(int day)
    {
        // Shift so that Saturday starts a new block: days since the Saturday on or before day 0.
        var offset = ((int)FirstDay - (int)DayOfWeek.Saturday + 7) % 7;
        return (day + offset) / 7;
    }

    /// <summary>
    /// Most minutes allowed by the 48-hour average: 48 hours for each started week of the horizon. Rounding up
    /// keeps a short horizon from demanding less than the law does (the statutory reference period is 17 weeks).
    /// </summary>
    public long WorkingTimeLimitMinutes => 48L * 60 * ((Days + 6) / 7);

    /// <summary>Checks that every reference is known and every number is in range; throws <see cref="ArgumentException"/>.</summary>
    public void Validate()
    {
        if (Days <= 0) throw new ArgumentException("The horizon must be at least one day.");
        var shiftIds = new HashSet<string>();
        foreach (var s in ShiftTypes)
        {
            if (!shiftIds.Add(s.Id)) throw new ArgumentException($"Shift type '{s.Id}' is defined twice.");
            if (s.LengthMinutes <= 0) throw new ArgumentException($"Shift type '{s.Id}' has a non-positive length.");
        }

        foreach (var s in ShiftTypes)
        {
            foreach (var f in s.ForbiddenFollowers)
            {
                if (!shiftIds.Contains(f)) throw new ArgumentException($"Shift type '{s.Id}' forbids unknown follower '{f}'.");
            }
        }

        var staff = new HashSet<string>();
        foreach (var e in Employees)
        {
            if (!staff.Add(e.Id)) throw new ArgumentException($"Employee '{e.Id}' is defined twice.");
            foreach (var k in e.MaxShiftsPerType.Keys)
            {
                if (!shiftIds.Contains(k)) throw new ArgumentException($"Employee '{e.Id}' limits unknown shift type '{k}'.");
            }

            foreach (var d in e.DaysOff)
            {
                if (d < 0 || d >= Days) throw new ArgumentException($"Employee '{e.Id}' has day off {d} outside the horizon 0..{Days - 1}.");
            }
        }

        foreach (var c in Cover)
        {
            if (c.Day < 0 || c.Day >= Days) throw new ArgumentException($"Cover on day {c.Day} is outside the horizon.");
            if (!shiftIds.Contains(c.ShiftId)) throw new ArgumentException($"Cover names unknown shift type '{c.ShiftId}'.");
        }

        foreach (var r in Requests)
        {
            if (!staff.Contains(r.EmployeeId)) throw new ArgumentException($"Request names unknown employee '{r.EmployeeId}'.");
            if (r.Day < 0 || r.Day >= Days) throw new ArgumentException($"Request for '{r.EmployeeId}' on day {r.Day} is outside the horizon.");
            if (!shiftIds.Contains(r.ShiftId)) throw new ArgumentException($"Request names unknown shift type '{r.ShiftId}'.");
        }
    }
}
