using Infirmary.Scheduling.Domain;

namespace Infirmary.Scheduling.Tests;

/// <summary>
/// Slot generation in Europe/London: a clinic keeps its wall-clock time across the clock changes (29-Mar-2026, clocks
/// forward at 01:00 GMT; 25-Oct-2026, clocks back at 02:00 BST), and the instants stored are the right UTC ones.
/// </summary>
public sealed class SlotGeneratorTests
{
    private static readonly Clinic Clinic = new() { Name = "Cardiology follow-up", ClinicianId = Guid.NewGuid(), ClinicianName = "Dr Roberts" };

    private static ClinicTemplate Template(DayOfWeek day, string start, string end, int minutes = 20, Recurrence recurrence = Recurrence.Weekly,
        string from = "2026-01-01", int capacity = 1) => new()
    {
        ClinicId = Clinic.Id,
        DayOfWeek = day,
        StartTime = TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
        EndTime = TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
        SlotMinutes = minutes,
        SlotType = SlotType.FollowUp,
        Capacity = capacity,
        Recurrence = recurrence,
        ValidFrom = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static DateTime Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Theory]
    // Spring: the Sunday before is GMT, the day of the change (after 01:00) and after are BST.
    [InlineData(2026, 3, 22, 9)]
    [InlineData(2026, 3, 29, 8)]
    [InlineData(2026, 4, 5, 8)]
    // Autumn: the Sunday before is BST, the day of the change (after 02:00) and after are GMT.
    [InlineData(2026, 10, 18, 8)]
    [InlineData(2026, 10, 25, 9)]
    [InlineData(2026, 11, 1, 9)]
    public void GivenASundayNineOClockClinic_WhenSlotsAreMadeAroundAClockChange_ThenItStaysAtNineLocalAndUtcFollowsTheOffset(int y, int m, int d, int utcHour)
    {
        var date = new DateOnly(y, m, d);
        var (session, slots) = SlotGenerator.Build(Clinic, Template(DayOfWeek.Sunday, "09:00", "12:00"), date);

        Assert.Equal(Utc(y, m, d, utcHour, 0), session.StartsAt);
        Assert.Equal(Utc(y, m, d, utcHour + 3, 0), session.EndsAt);
        Assert.Equal(9, slots.Count);
        Assert.Equal(new TimeOnly(9, 0), LondonTime.LocalTime(slots[0].StartsAt));
        Assert.Equal(new TimeOnly(11, 40), LondonTime.LocalTime(slots[^1].StartsAt));
        Assert.All(slots, s => Assert.Equal(DateTimeKind.Utc, s.StartsAt.Kind));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(20), s.EndsAt - s.StartsAt));
        Assert.All(slots, s => Assert.Equal(date, LondonTime.LocalDate(s.StartsAt)));
    }

    [Fact]
    public void GivenAWeeklyMondayClinic_WhenGeneratedAcrossBothChanges_ThenEveryMondayStartsAtNineLocal()
    {
        var template = Template(DayOfWeek.Monday, "09:00", "10:00");
        var dates = SlotGenerator.Occurrences(template, new DateOnly(2026, 3, 1), new DateOnly(2026, 11, 30)).ToList();

        Assert.Equal(40, dates.Count);
        foreach (var date in dates)
        {
            var (session, _) = SlotGenerator.Build(Clinic, template, date);
            Assert.Equal(new TimeOnly(9, 0), LondonTime.LocalTime(session.StartsAt));
            var summer = date > new DateOnly(2026, 3, 29) && date < new DateOnly(2026, 10, 25);
            Assert.Equal(summer ? 8 : 9, session.StartsAt.Hour);
        }
    }

    [Fact]
    public void GivenAnOvernightSession_WhenTheClocksChangeDuringIt_ThenItLastsTheRealElapsedTime()
    {
        var template = Template(DayOfWeek.Sunday, "00:00", "04:00", minutes: 30);

        var (spring, springSlots) = SlotGenerator.Build(Clinic, template, new DateOnly(2026, 3, 29));
        Assert.Equal(TimeSpan.FromHours(3), spring.EndsAt - spring.StartsAt);
        Assert.Equal(6, springSlots.Count);

        var (autumn, autumnSlots) = SlotGenerator.Build(Clinic, template, new DateOnly(2026, 10, 25));
        Assert.Equal(TimeSpan.FromHours(5), autumn.EndsAt - autumn.StartsAt);
        Assert.Equal(10, autumnSlots.Count);
        // No two slots share an instant, though the local hour 01:00–02:00 happens twice.
        Assert.Equal(autumnSlots.Count, autumnSlots.Select(s => s.StartsAt).Distinct().Count());
    }

    [Fact]
    public void GivenAStartInTheSkippedHour_WhenResolved_ThenItMovesForwardByTheGap()
    {
        Assert.Equal(Utc(2026, 3, 29, 1, 30), LondonTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(1, 30)));
        Assert.Equal(new TimeOnly(2, 30), LondonTime.LocalTime(Utc(2026, 3, 29, 1, 30)));
    }

    [Fact]
    public void GivenAStartInTheRepeatedHour_WhenResolved_ThenItIsTheFirstOccurrence()
    {
        Assert.Equal(Utc(2026, 10, 25, 0, 30), LondonTime.ToUtc(new DateOnly(2026, 10, 25), new TimeOnly(1, 30)));
    }

    [Fact]
    public void GivenAFortnightlyTemplate_WhenOccurrencesAreListed_ThenEveryOtherWeekFromTheFirstSession()
    {
        // 02-Dec-2026 is a Wednesday: the pattern runs then, 16-Dec, 30-Dec...
        var template = Template(DayOfWeek.Wednesday, "14:00", "17:00", recurrence: Recurrence.Fortnightly, from: "2026-11-30");
        var dates = SlotGenerator.Occurrences(template, new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 31)).ToList();

        Assert.Equal([new DateOnly(2026, 12, 16), new DateOnly(2026, 12, 30), new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 27)], dates);
    }

    [Fact]
    public void GivenCapacityThree_WhenSlotsAreMade_ThenEachTimeHasThreePlaces()
    {
        var (_, slots) = SlotGenerator.Build(Clinic, Template(DayOfWeek.Tuesday, "09:00", "10:00", minutes: 30, capacity: 3), new DateOnly(2026, 12, 1));

        Assert.Equal(6, slots.Count);
        Assert.Equal([1, 2, 3], slots.Where(s => s.StartsAt == slots[0].StartsAt).Select(s => s.Place));
    }

    [Fact]
    public void GivenValidTo_WhenOccurrencesAreListed_ThenNoneAfterIt()
    {
        var template = Template(DayOfWeek.Monday, "09:00", "10:00", from: "2026-12-01");
        template.ValidTo = new DateOnly(2026, 12, 14);

        Assert.Equal([new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 14)],
            SlotGenerator.Occurrences(template, new DateOnly(2026, 11, 1), new DateOnly(2027, 1, 31)));
    }
}
