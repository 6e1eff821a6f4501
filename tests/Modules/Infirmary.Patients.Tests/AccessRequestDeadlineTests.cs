using Infirmary.Patients.Domain;

namespace Infirmary.Patients.Tests;

/// <summary>The ICO's one-calendar-month rule and the extension by up to two further months.</summary>
public sealed class AccessRequestDeadlineTests
{
    [Theory]
    [InlineData("2026-01-03", 0, "2026-02-03")] // the same date next month
    [InlineData("2026-01-31", 0, "2026-02-28")] // no 31 February: the last day of next month
    [InlineData("2028-01-31", 0, "2028-02-29")] // leap year
    [InlineData("2026-03-31", 0, "2026-04-30")]
    [InlineData("2026-12-15", 0, "2027-01-15")] // over the year end
    [InlineData("2026-01-31", 2, "2026-04-30")] // extended: three months from receipt, same rule
    [InlineData("2026-11-30", 1, "2027-01-30")]
    public void GivenDateReceived_WhenDeadlineWorkedOut_ThenIcoRuleHolds(string received, int extension, string due) =>
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            AccessRequestDeadline.Due(DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture), extension));

    [Fact]
    public void GivenOpenRequestPastItsDeadline_WhenChecked_ThenOverdueUntilClosed()
    {
        var r = new AccessRequest { ReceivedOn = new DateOnly(2026, 1, 31), Status = AccessRequestStatus.InProgress };
        Assert.False(r.OverdueOn(new DateOnly(2026, 2, 28)));
        Assert.True(r.OverdueOn(new DateOnly(2026, 3, 1)));
        r.ExtensionMonths = 2;
        Assert.False(r.OverdueOn(new DateOnly(2026, 3, 1)));
        r.ExtensionMonths = 0;
        r.Status = AccessRequestStatus.Disclosed;
        Assert.False(r.OverdueOn(new DateOnly(2026, 3, 1)));
    }
}
