namespace Infirmary.Hl7v2.Tests;

public class BuilderTests
{
    [Fact]
    public void GivenValues_WhenBuilt_ThenTextIsCanonicalAndEscaped()
    {
        var builder = new Hl7MessageBuilder();
        builder.Msh.Set(3, "LIMS").Set(4, "RX1").Set(7, "20261125101500").SetComponents(9, "ORU", "R01", "ORU_R01")
            .Set(10, "C1").Set(11, "P").Set(12, "2.5.1");
        builder.AddSegment("PID").Set(1, "1").AddRepetition(3, "943 476 5919", null, null, "NHS", "NH")
            .AddRepetition(3, "H1", null, null, "RX1", "MR").SetComponents(5, "O'BRIEN", "SEÁN");
        builder.AddSegment("OBX").Set(1, "1").Set(2, "TX").Set(5, "a|b^c&d~e\\f\rg").Set(3, 1, 2, "sub");

        var text = builder.Build();

        Assert.Equal(
            "MSH|^~\\&|LIMS|RX1|||20261125101500||ORU^R01^ORU_R01|C1|P|2.5.1\r"
            + "PID|1||943 476 5919^^^NHS^NH~H1^^^RX1^MR||O'BRIEN^SEÁN\r"
            + "OBX|1|TX|&sub||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\g\r",
            text);
        var message = Hl7Message.Parse(text).Message!;
        Assert.Equal("a|b^c&d~e\\f\rg", message["OBX"][5].Value);
        Assert.Equal("sub", message["OBX"][3].Component(1).Subcomponent(2).Value);
        Assert.Equal("H1", message["PID"][3].Repetition(2).Value);
    }

    [Fact]
    public void GivenTrailingEmpties_WhenBuilt_ThenTheyAreNotWritten()
    {
        var builder = new Hl7MessageBuilder();
        builder.Msh.Set(9, "ACK").Set(10, "1").Set(11, "P").Set(12, "2.5");
        builder.AddSegment("NTE").Set(1, "1").Set(5, "").SetAt(3, 2, 3, 2, null).SetComponents(4, "a", "", null);

        Assert.Equal("MSH|^~\\&|||||||ACK|1|P|2.5\nNTE|1|||a\n", builder.Build("\n"));
    }

    [Fact]
    public void GivenOtherDelimiters_WhenBuilt_ThenMshCarriesThemAndValuesUseThem()
    {
        var builder = new Hl7MessageBuilder(Hl7Delimiters.Create('#', "$*!@"));
        builder.Msh.Set(9, 1, "ADT").Set(9, 2, "A04").Set(10, "1").Set(11, "P").Set(12, "2.4");
        builder.AddSegment("PID").Set(5, "a#b$c");

        var text = builder.Build();

        Assert.StartsWith("MSH#$*!@#", text, StringComparison.Ordinal);
        Assert.Contains("PID#####a!F!b!S!c", text, StringComparison.Ordinal);
        Assert.Equal("a#b$c", Hl7Message.Parse(text).Message!["PID"][5].Value);
    }

    [Fact]
    public void GivenRawField_WhenBuiltAndThenChanged_ThenRawIsKeptOrSplit()
    {
        var builder = new Hl7MessageBuilder();
        builder.Msh.Set(9, "ACK").Set(10, "1").Set(11, "P").Set(12, "2.5");
        var pid = builder.AddSegment("PID").SetRaw(3, "1^^^A\\T\\B~2");
        Assert.Contains("PID|||1^^^A\\T\\B~2", builder.Build(), StringComparison.Ordinal);

        pid.SetAt(3, 2, 2, 1, "x");
        Assert.Contains("PID|||1^^^A\\T\\B~2^x", builder.Build(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => pid.SetRaw(4, "a|b"));
        Assert.Throws<ArgumentException>(() => pid.SetRaw(4, "a\rb"));
    }

    [Fact]
    public void GivenMisuse_WhenBuilding_ThenArgumentExceptions()
    {
        var builder = new Hl7MessageBuilder();
        Assert.Throws<ArgumentException>(() => builder.Msh.Set(1, "x"));
        Assert.Throws<ArgumentException>(() => builder.Msh.Set(2, "x"));
        Assert.Throws<ArgumentException>(() => builder.AddSegment("MSH"));
        Assert.Throws<ArgumentException>(() => builder.AddSegment("pid"));
        Assert.Throws<ArgumentException>(() => builder.AddSegment("PIDX"));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddSegment("PID").Set(0, "x"));
        Assert.Throws<ArgumentException>(() => Hl7Delimiters.Create('|', "^^\\&"));
    }

    [Theory]
    [InlineData("LAB-ORU-1.hl7")]
    [InlineData("ORU-R01-RMGEAD.hl7")]
    public void GivenParsedSample_WhenRebuilt_ThenTextIsIdenticalWithCrSeparators(string name)
    {
        var original = TestFiles.Sample(name).TrimEnd('\n').Replace("\n", "\r", StringComparison.Ordinal) + "\r";
        var message = Hl7Message.Parse(original).Message!;

        // Trailing empty fields (OBX "...|I|", MSH "...|2.4|") are not written again.
        var rebuilt = Hl7MessageBuilder.From(message).Build();
        var expected = string.Join('\r', original.Split('\r').Select(s => s.TrimEnd('|')));
        Assert.Equal(expected, rebuilt);
    }

    [Fact]
    public void GivenParsedSample_WhenRebuiltWithOtherDelimiters_ThenEveryValueIsTheSame()
    {
        var message = Hl7Message.Parse(TestFiles.Sample("LAB-ORU-1.hl7")).Message!;
        var rebuilt = Hl7MessageBuilder.From(message, Hl7Delimiters.Create('!', "@#$%")).Build();
        var again = Hl7Message.Parse(rebuilt).Message!;

        Assert.Equal('!', again.Delimiters.Field);
        PropertyTests.AssertSameValues(message, again);
    }
}
