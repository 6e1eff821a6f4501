using Infirmary.Scheduling.Domain;

namespace Infirmary.Scheduling.Tests;

public sealed class TemplateRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static TemplateInput Input(string day = "Monday", string start = "09:00", string end = "12:00", int minutes = 20,
        string recurrence = "weekly", string from = "2026-12-01", string? to = null, string type = "follow-up", int capacity = 1) =>
        new(recurrence, day, start, end, minutes, type, capacity, from, to);

    private static ClinicTemplate Read(TemplateInput input)
    {
        var (t, errors) = TemplateRules.Read(input, Today);
        Assert.Empty(errors);
        return t!;
    }

    [Fact]
    public void GivenAGoodTemplate_WhenRead_ThenItsFieldsAreKept()
    {
        var t = Read(Input(recurrence: "fortnightly", type: "telephone", capacity: 2));

        Assert.Equal(Recurrence.Fortnightly, t.Recurrence);
        Assert.Equal(DayOfWeek.Monday, t.DayOfWeek);
        Assert.Equal(new TimeOnly(9, 0), t.StartTime);
        Assert.Equal(SlotType.Telephone, t.SlotType);
        Assert.Equal(9, t.SlotsPerSession);
    }

    [Theory]
    [InlineData("dayOfWeek", "Moonday", "09:00", "12:00", 20, "follow-up")]
    [InlineData("dayOfWeek", "1", "09:00", "12:00", 20, "follow-up")]
    [InlineData("startTime", "Monday", "9am", "12:00", 20, "follow-up")]
    [InlineData("endTime", "Monday", "12:00", "09:00", 20, "follow-up")]
    [InlineData("slotMinutes", "Monday", "09:00", "12:10", 20, "follow-up")]
    [InlineData("slotMinutes", "Monday", "09:00", "12:00", 2, "follow-up")]
    [InlineData("slotType", "Monday", "09:00", "12:00", 20, "routine")]
    public void GivenABadField_WhenRead_ThenTheErrorNamesIt(string field, string day, string start, string end, int minutes, string type)
    {
        var (t, errors) = TemplateRules.Read(Input(day, start, end, minutes, type: type), Today);

        Assert.Null(t);
        Assert.True(errors.ContainsKey(field), string.Join("; ", errors.Keys));
    }

    [Fact]
    public void GivenValidToBeforeValidFrom_WhenRead_ThenRefused()
    {
        var (_, errors) = TemplateRules.Read(Input(from: "2026-12-10", to: "2026-12-01"), Today);
        Assert.True(errors.ContainsKey("validTo"));
    }

    [Fact]
    public void GivenTwoWeeklyTemplatesOnOneDayWithOverlappingTimes_WhenCompared_ThenTheyClashOnTheFirstCommonDate()
    {
        var a = Read(Input(start: "09:00", end: "12:00"));
        var b = Read(Input(start: "11:40", end: "13:00", from: "2026-12-08"));

        Assert.Equal(new DateOnly(2026, 12, 14), TemplateRules.FirstClash(a, b, Today));
    }

    [Theory]
    [InlineData("Tuesday", "09:00", "12:00", "weekly", "2026-12-01", null)]
    [InlineData("Monday", "12:00", "13:00", "weekly", "2026-12-01", null)]
    [InlineData("Monday", "08:00", "09:00", "weekly", "2026-12-01", null)]
    [InlineData("Monday", "09:00", "12:00", "weekly", "2027-01-05", null)]
    public void GivenTemplatesApartInDayTimeOrValidity_WhenCompared_ThenNoClash(string day, string start, string end, string rec, string from, string? to)
    {
        var a = Read(Input(from: "2026-12-01", to: "2027-01-04"));
        var b = Read(Input(day, start, end, recurrence: rec, from: from, to: to));

        Assert.Null(TemplateRules.FirstClash(a, b, Today));
    }

    [Fact]
    public void GivenTwoFortnightlyTemplatesOnAlternateWeeks_WhenCompared_ThenNoClash_AndOnTheSameWeeksTheyClash()
    {
        var a = Read(Input(recurrence: "fortnightly", from: "2026-11-30"));
        var alternate = Read(Input(recurrence: "fortnightly", from: "2026-12-07"));
        var same = Read(Input(recurrence: "fortnightly", from: "2026-12-14"));

        Assert.Null(TemplateRules.FirstClash(a, alternate, Today));
        Assert.Equal(new DateOnly(2026, 12, 14), TemplateRules.FirstClash(a, same, Today));
    }

    [Fact]
    public void GivenAFortnightlyAndAWeeklyTemplate_WhenCompared_ThenTheyClashOnTheFortnightlyWeek()
    {
        var fortnightly = Read(Input(recurrence: "fortnightly", from: "2026-12-07"));
        var weekly = Read(Input(from: "2026-12-01"));

        Assert.Equal(new DateOnly(2026, 12, 7), TemplateRules.FirstClash(weekly, fortnightly, Today));
    }

    [Fact]
    public void GivenCodes_WhenWrittenAndRead_ThenTheyRoundTrip()
    {
        Assert.Equal("follow-up", Codes.Of(SlotType.FollowUp));
        Assert.Equal("did-not-attend", Codes.Of(AppointmentStatus.DidNotAttend));
        Assert.True(Codes.TryParse<AppointmentStatus>("Did-Not-Attend", out var s));
        Assert.Equal(AppointmentStatus.DidNotAttend, s);
        Assert.Equal("'free', 'busy'", Codes.SqlList<SlotStatus>());
    }
}
