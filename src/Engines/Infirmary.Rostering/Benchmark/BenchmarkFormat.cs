using System.Globalization;
using System.Text;

namespace Infirmary.Rostering.Benchmark;

/// <summary>
/// The schedulingbenchmarks.org shift-scheduling text format (Curtois and Qu, 2014). Every SECTION_STAFF limit,
/// day off and forbidden succession is hard; the objective is the weight of unmet shift-on requests, granted
/// shift-off requests and cover below or above requirement. Instances start on a Monday.
/// </summary>
public static class BenchmarkFormat
{
    private static readonly string[] Sections =
    [
        "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
        "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
    ];

    /// <summary>Reads an instance file.</summary>
    public static RosterProblem ReadFile(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Reads instance text; <paramref name="source"/> names it in error messages.</summary>
    public static RosterProblem Read(string text, string source = "instance")
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        string? section = null;
        int? days = null;
        var shifts = new List<(ShiftType Shift, int Line, string[] Forbidden)>();
        var staffRows = new List<(string Id, int Line, Dictionary<string, int> Max, int[] Limits)>();
        var daysOff = new Dictionary<string, List<int>>();
        var requests = new List<ShiftRequest>();
        var cover = new List<CoverRequirement>();
        var seen = new HashSet<string>();

        InstanceFormatException Error(int line, string problem) => new(source, line, section, problem);

        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("SECTION_", StringComparison.Ordinal))
            {
                if (!Sections.Contains(line)) throw Error(lineNo, $"unknown section '{line}'.");
                if (!seen.Add(line)) throw new InstanceFormatException(source, lineNo, line, "section appears twice.");
                section = line;
                continue;
            }

            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            switch (section)
            {
                case null:
                    throw Error(lineNo, "data before the first SECTION_ header.");
                case "SECTION_HORIZON":
                    if (days is not null) throw Error(lineNo, "the horizon is given twice.");
                    days = Int(fields, 0, lineNo, "horizon length", 1);
                    break;
                case "SECTION_SHIFTS":
                    Expect(fields, 3, lineNo, "ShiftID, Length in mins, Shifts which cannot follow");
                    var forbidden = fields[2].Length == 0 ? [] : fields[2].Split('|').Select(f => f.Trim()).ToArray();
                    shifts.Add((new ShiftType(Id(fields, 0, lineNo, "shift ID"), Int(fields, 1, lineNo, "shift length", 1)), lineNo, forbidden));
                    break;
                case "SECTION_STAFF":
                    Expect(fields, 8, lineNo, "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends");
                    var max = new Dictionary<string, int>();
                    foreach (var part in fields[1].Split('|', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var kv = part.Split('=');
                        if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        {
                            throw Error(lineNo, $"MaxShifts entry '{part}' is not SHIFT=NUMBER.");
                        }

                        max[kv[0].Trim()] = n;
                    }

                    var limits = Enumerable.Range(2, 6).Select(f => Int(fields, f, lineNo, StaffField(f), 0)).ToArray();
                    staffRows.Add((Id(fields, 0, lineNo, "employee ID"), lineNo, max, limits));
                    break;
                case "SECTION_DAYS_OFF":
                    if (fields.Length < 2) throw Error(lineNo, "expected EmployeeID followed by one or more day indexes.");
                    var employee = Id(fields, 0, lineNo, "employee ID");
                    KnownEmployee(employee, lineNo);
                    var list = daysOff.TryGetValue(employee, out var existing) ? existing : daysOff[employee] = [];
                    for (var f = 1; f < fields.Length; f++)
                    {
                        if (fields[f].Length > 0) list.Add(Day(fields, f, lineNo));
                    }

                    break;
                case "SECTION_SHIFT_ON_REQUESTS":
                case "SECTION_SHIFT_OFF_REQUESTS":
                    Expect(fields, 4, lineNo, "EmployeeID, Day, ShiftID, Weight");
                    KnownEmployee(fields[0], lineNo);
                    KnownShift(fields[2], lineNo);
                    requests.Add(new ShiftRequest(fields[0], Day(fields, 1, lineNo), fields[2], section == "SECTION_SHIFT_ON_REQUESTS", Int(fields, 3, lineNo, "weight", 0)));
                    break;
                case "SECTION_COVER":
                    Expect(fields, 5, lineNo, "Day, ShiftID, Requirement, Weight for under, Weight for over");
                    KnownShift(fields[1], lineNo);
                    cover.Add(new CoverRequirement(Day(fields, 0, lineNo), fields[1], 0, Int(fields, 2, lineNo, "requirement", 0), Int(fields, 3, lineNo, "weight for under", 0), Int(fields, 4, lineNo, "weight for over", 0)));
                    break;
            }

            void KnownEmployee(string id, int at)
            {
                if (!staffRows.Any(s => s.Id == id)) throw Error(at, $"unknown employee '{id}' (employees must be listed in SECTION_STAFF first).");
            }

            void KnownShift(string id, int at)
            {
                if (!shifts.Any(s => s.Shift.Id == id)) throw Error(at, $"unknown shift '{id}' (shifts must be listed in SECTION_SHIFTS first).");
            }

            int Day(string[] f, int index, int at)
            {
                var day = Int(f, index, at, "day", 0);
                if (days is { } h && day >= h) throw Error(at, $"day {day} is outside the horizon 0..{h - 1}.");
                return day;
            }

            void Expect(string[] f, int count, int at, string shape)
            {
                if (f.Length != count) throw Error(at, $"expected {count} fields ({shape}) but found {f.Length}.");
            }

            string Id(string[] f, int index, int at, string what)
            {
                if (f[index].Length == 0) throw Error(at, $"the {what} is empty.");
                return f[index];
            }

            int Int(string[] f, int index, int at, string what, int least)
            {
                if (index >= f.Length || !int.TryParse(f[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    throw Error(at, $"the {what} '{(index < f.Length ? f[index] : string.Empty)}' is not a whole number.");
                }

                if (value < least) throw Error(at, $"the {what} {value} is below {least}.");
                return value;
            }
        }

        foreach (var required in Sections.Take(3))
        {
            if (!seen.Contains(required)) throw new InstanceFormatException(source, lines.Length, null, $"missing {required}.");
        }

        if (days is null) throw new InstanceFormatException(source, lines.Length, "SECTION_HORIZON", "the horizon length is missing.");
        var shiftIds = shifts.Select(s => s.Shift.Id).ToHashSet();
        var shiftTypes = new List<ShiftType>();
        foreach (var (shift, line, forbidden) in shifts)
        {
            foreach (var f in forbidden)
            {
                if (!shiftIds.Contains(f)) throw new InstanceFormatException(source, line, "SECTION_SHIFTS", $"shift '{shift.Id}' forbids unknown shift '{f}'.");
            }

            shiftTypes.Add(shift with { ForbiddenFollowers = forbidden });
        }

        var employees = new List<Employee>();
        foreach (var (id, line, max, l) in staffRows)
        {
            foreach (var key in max.Keys)
            {
                if (!shiftIds.Contains(key)) throw new InstanceFormatException(source, line, "SECTION_STAFF", $"MaxShifts names unknown shift '{key}'.");
            }

            employees.Add(new Employee(id)
            {
                MaxShiftsPerType = max,
                MaxTotalMinutes = l[0],
                MinTotalMinutes = l[1],
                MaxConsecutiveShifts = l[2],
                MinConsecutiveShifts = l[3],
                MinConsecutiveDaysOff = l[4],
                MaxWeekends = l[5],
                DaysOff = daysOff.TryGetValue(id, out var off) ? off : [],
            });
        }

        return new RosterProblem
        {
            Days = days.Value,
            ShiftTypes = shiftTypes,
            Employees = employees,
            Cover = cover,
            Requests = requests,
            FirstDay = DayOfWeek.Monday,
            ApplyWorkingTimeRules = false,
        };
    }

    private static string StaffField(int index) => index switch
    {
        2 => "MaxTotalMinutes",
        3 => "MinTotalMinutes",
        4 => "MaxConsecutiveShifts",
        5 => "MinConsecutiveShifts",
        6 => "MinConsecutiveDaysOff",
        _ => "MaxWeekends",
    };

    /// <summary>Writes a solution as CSV: a header, then <c>employee,day,shift</c> per assigned shift.</summary>
    public static string WriteSolution(IEnumerable<Assignment> roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var text = new StringBuilder("employee,day,shift\n");
        foreach (var a in roster.OrderBy(a => a.EmployeeId, StringComparer.Ordinal).ThenBy(a => a.Day))
        {
            text.Append(CultureInfo.InvariantCulture, $"{a.EmployeeId},{a.Day},{a.ShiftId}\n");
        }

        return text.ToString();
    }

    /// <summary>Reads a solution CSV (the header line is optional).</summary>
    public static IReadOnlyList<Assignment> ReadSolution(string text, string source = "solution")
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<Assignment>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (result.Count == 0 && line.Equals("employee,day,shift", StringComparison.OrdinalIgnoreCase)) continue;
            var f = line.Split(',').Select(s => s.Trim()).ToArray();
            if (f.Length != 3) throw new InstanceFormatException(source, i + 1, null, $"expected 3 fields (employee,day,shift) but found {f.Length}.");
            if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day))
            {
                throw new InstanceFormatException(source, i + 1, null, $"the day '{f[1]}' is not a whole number.");
            }

            result.Add(new Assignment(f[0], day, f[2]));
        }

        return result;
    }
}
