namespace Infirmary.Hl7v2.Tests;

public class ValueTypeTests
{
    [Theory]
    [InlineData("2026", 2026, 1, 1, 0, 0, 0, Hl7TimestampPrecision.Year)]
    [InlineData("202611", 2026, 11, 1, 0, 0, 0, Hl7TimestampPrecision.Month)]
    [InlineData("20261125", 2026, 11, 25, 0, 0, 0, Hl7TimestampPrecision.Day)]
    [InlineData("2026112510", 2026, 11, 25, 10, 0, 0, Hl7TimestampPrecision.Hour)]
    [InlineData("202611251015", 2026, 11, 25, 10, 15, 0, Hl7TimestampPrecision.Minute)]
    [InlineData("20261125101530", 2026, 11, 25, 10, 15, 30, Hl7TimestampPrecision.Second)]
    [InlineData("20240229235959", 2024, 2, 29, 23, 59, 59, Hl7TimestampPrecision.Second)]
    public void GivenDtm_WhenParsed_ThenValueAndPrecision(string text, int y, int mo, int d, int h, int mi, int s, Hl7TimestampPrecision precision)
    {
        Assert.True(Hl7Timestamp.TryParse(text, out var t));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s), t.Value);
        Assert.Equal(precision, t.Precision);
        Assert.Null(t.Offset);
        Assert.Null(t.ToDateTimeOffset());
    }

    [Fact]
    public void GivenFractionAndOffset_WhenParsed_ThenBothAreKept()
    {
        Assert.True(Hl7Timestamp.TryParse("20261125101530.1234-0500", out var t));
        Assert.Equal(new DateTime(2026, 11, 25, 10, 15, 30).AddTicks(1_234_000), t.Value);
        Assert.Equal(TimeSpan.FromHours(-5), t.Offset);
        Assert.Equal(Hl7TimestampPrecision.FractionOfSecond, t.Precision);
        Assert.True(Hl7Timestamp.TryParse("202611251015+0000", out var utc));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 15, 0, TimeSpan.Zero), utc.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("")]
    [InlineData("20")]
    [InlineData("2026113")]
    [InlineData("20261131")]
    [InlineData("20230229")]
    [InlineData("20261125246000")]
    [InlineData("2026112510.5")]
    [InlineData("20261125101530.")]
    [InlineData("20261125101530.123456")]
    [InlineData("20261125+01")]
    [InlineData("20261125+1500")]
    [InlineData("20261125x")]
    [InlineData("00001125")]
    public void GivenNotADtm_WhenParsed_ThenFalse(string text) => Assert.False(Hl7Timestamp.TryParse(text, out _));

    [Theory]
    [InlineData("2.5.1", 2, 5, 0, true)]
    [InlineData("2.5.1", 2, 5, 2, false)]
    [InlineData("2.4", 2, 5, 0, false)]
    [InlineData("2.3.1", 2, 3, 1, true)]
    [InlineData("2.3", 2, 3, 1, false)]
    [InlineData("2.10", 2, 9, 0, true)]
    [InlineData("", 2, 5, 0, true)]
    [InlineData("garbage", 2, 6, 0, false)]
    public void GivenVersion_WhenCompared_ThenAtLeastIsNumeric(string version, int major, int minor, int patch, bool expected) =>
        Assert.Equal(expected, Hl7Version.AtLeast(version, major, minor, patch));

    [Fact]
    public void GivenLongField_WhenEnumerated_ThenPiecesComeInOrderInOnePass()
    {
        var components = string.Join('^', Enumerable.Range(1, 5000));
        var message = Hl7Message.Parse(TestFiles.Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5", $"OBX|1|ST|X||{components}~r2^x&y&z")).Message!;
        var field = message["OBX"][5];

        Assert.Equal(["1", "5000"], new[] { field.Components().First().Value, field.Components().Last().Value });
        Assert.Equal(5000, field.Components().Count());
        Assert.Equal(["r2", "x&y&z"], field.Repetitions().Last().Components().Select(c => c.ToString()));
        Assert.Equal(["x", "y", "z"], field.Repetition(2).Component(2).Subcomponents().Select(s => s.Value));
        Assert.Equal(2, field.Repetitions().Count());
        Assert.Empty(message["OBX"][6].Repetitions());
        Assert.Equal(["^~\\&"], message.Msh[2].Components().Select(c => c.Value));
        Assert.Equal(["1"], message["OBX"][1].Subcomponents().Select(c => c.Value));
    }
}
