using Infirmary.Platform.Ui;
using Infirmary.Workforce.Features;

namespace Infirmary.Web.Tests.Platform;

public sealed class FreeTextTests
{
    [Fact]
    public void GivenFewBreaches_WhenListed_ThenAllAreShown()
    {
        Assert.Equal("Late (breaks: a; b)", FreeText.Listing("Late (breaks: ", ["a", "b"], 100) + ")");
    }

    [Fact]
    public void GivenManyBreaches_WhenListed_ThenThoseThatFitAreShownAndTheRestCounted()
    {
        var items = Enumerable.Range(1, 40).Select(i => $"02-Dec-2026: Alexandra Featherstonehaugh works E straight after N ({i})").ToList();

        var text = FreeText.Listing("Agency nurse cancelled (breaks: ", items, 499);

        Assert.InRange(text.Length, 400, 499);
        Assert.StartsWith("Agency nurse cancelled (breaks: " + items[0] + "; " + items[1], text, StringComparison.Ordinal);
        var shown = items.Count(i => text.Contains(i, StringComparison.Ordinal));
        Assert.EndsWith($"; and {items.Count - shown} more", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOneBreachLongerThanTheRoom_WhenListed_ThenItIsCutWithAnEllipsisAndTheRestCounted()
    {
        var text = FreeText.Listing("Why (breaks: ", [new string('a', 200), "b", "c"], 60);

        Assert.Equal(60, text.Length);
        Assert.EndsWith("a…; and 2 more", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("  short  ", "short")]
    public void GivenTypedText_WhenCleaned_ThenTrimmedOrNull(string? typed, string? expected)
    {
        Assert.Equal(expected, FreeText.Clean(typed));
        Assert.Null(FreeText.TooLong(FreeText.Clean(typed), "The note", WorkforceText.MaxTyped));
    }

    [Fact]
    public void GivenTextOverTheLimit_WhenChecked_ThenRefusedWithTheLimitNamed()
    {
        Assert.Null(FreeText.TooLong(new string('x', WorkforceText.MaxTyped), "The reason", WorkforceText.MaxTyped));
        Assert.Equal("The reason is 301 characters long; keep it to 300.", FreeText.TooLong(new string('x', WorkforceText.MaxTyped + 1), "The reason", WorkforceText.MaxTyped));
    }
}
