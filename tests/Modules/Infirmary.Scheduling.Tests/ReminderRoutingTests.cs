using CsCheck;
using Infirmary.Scheduling.Domain;

namespace Infirmary.Scheduling.Tests;

public sealed class ReminderRoutingTests
{
    private static readonly ReachableBy Everything = new(Mobile: true, Email: true, PostalAddress: true);

    [Theory]
    [InlineData(null, 7, ReminderChannel.Sms)]
    [InlineData(ReminderChannel.Email, 7, ReminderChannel.Email)]
    [InlineData(ReminderChannel.Letter, 7, ReminderChannel.Letter)]
    [InlineData(ReminderChannel.Letter, 1, ReminderChannel.Sms)]
    public void GivenAPatientReachableEveryWay_WhenChoosing_ThenThePreferenceLeadsAndLettersAreOnlyForTheWeekBefore(ReminderChannel? preferred, int days, ReminderChannel expected) =>
        Assert.Equal(expected, ReminderRouting.Choose(days, preferred, Everything, []));

    [Fact]
    public void GivenOptOutsAndMissingDetails_WhenChoosing_ThenTheNextUsableChannelIsTakenOrNone()
    {
        Assert.Equal(ReminderChannel.Email, ReminderRouting.Choose(7, ReminderChannel.Sms, Everything, [ReminderChannel.Sms]));
        Assert.Equal(ReminderChannel.Letter, ReminderRouting.Choose(7, null, new ReachableBy(false, false, true), []));
        Assert.Null(ReminderRouting.Choose(1, null, new ReachableBy(false, false, true), []));
        Assert.Null(ReminderRouting.Choose(7, null, Everything, [ReminderChannel.Sms, ReminderChannel.Email, ReminderChannel.Letter]));
        Assert.Equal("too late for a letter", ReminderRouting.WhyNot(ReminderChannel.Letter, 1, null, new ReachableBy(false, false, true), []));
        Assert.Equal("patient opted out", ReminderRouting.WhyNot(ReminderChannel.Sms, 7, ReminderChannel.Sms, Everything, [ReminderChannel.Sms]));
        Assert.Equal("reminded by text instead", ReminderRouting.WhyNot(ReminderChannel.Letter, 7, null, Everything, []));
    }

    [Fact]
    public void GivenAnyPatient_WhenEachChannelsRowAsksWhetherItIsSent_ThenAtMostOneIsAndItIsNeverAnOptedOutOne()
    {
        var channels = Gen.Enum<ReminderChannel>();
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, channels.Array[0, 3], Gen.OneOf(Gen.Const(1), Gen.Const(7)), Gen.Int[-1, 2])
            .Sample((mobile, email, post, optedOut, days, pref) =>
            {
                ReminderChannel? preferred = pref < 0 ? null : (ReminderChannel)pref;
                var reach = new ReachableBy(mobile, email, post);
                var sent = Enum.GetValues<ReminderChannel>().Where(c => ReminderRouting.WhyNot(c, days, preferred, reach, optedOut) is null).ToList();
                return sent.Count <= 1 && !sent.Any(optedOut.Contains)
                       && (sent.Count == 1) == (ReminderRouting.Choose(days, preferred, reach, optedOut) is not null);
            });
    }

    [Theory]
    [InlineData(" jane@example.org ", "jane@example.org")]
    [InlineData("a.b+c@nhs.net", "a.b+c@nhs.net")]
    [InlineData("no-at-sign.org", null)]
    [InlineData("two@@example.org", null)]
    [InlineData("jane@localhost", null)]
    [InlineData("jane smith@example.org", null)]
    [InlineData("@example.org", null)]
    [InlineData("", null)]
    public void GivenEmailText_WhenRead_ThenOnlyAPlausibleAddressIsKept(string text, string? expected) =>
        Assert.Equal(expected, ReminderRouting.Email(text));
}
