namespace Infirmary.Hl7v2.Tests;

public class ParserTests
{
    private const string Msh = "MSH|^~\\&|LAB|RX1|EPR|RX1|20261125101500||ORU^R01^ORU_R01|MSG00001|P|2.5.1";

    private static Hl7Message Parse(string text)
    {
        var result = Hl7Message.Parse(text);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Message;
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void GivenAnySegmentSeparator_WhenParsed_ThenSegmentsAreTheSame(string separator)
    {
        var text = string.Join(separator, Msh, "PID|1||123^^^RX1^MR", "OBX|1|NM|X^Y^LN||5.2") + separator;
        var message = Parse(text);

        Assert.Equal(3, message.SegmentCount);
        Assert.Equal(["MSH", "PID", "OBX"], message.Segments.Select(s => s.Id));
        Assert.Equal("5.2", message["OBX"].Field(5).Value);
        Assert.Equal("123", message["PID"][3].Value);
    }

    [Fact]
    public void GivenMixedSeparatorsBlankLinesAndNoFinalSeparator_WhenParsed_ThenBlankLinesAreIgnored()
    {
        var message = Parse("\r\n" + Msh + "\r\n\r\nPID|1\n\nOBX|1\r\rNTE|1||last");

        Assert.Equal(["MSH", "PID", "OBX", "NTE"], message.Segments.Select(s => s.Id));
        Assert.Equal("last", message["NTE"].Field(3).Value);
    }

    [Fact]
    public void GivenMsh_WhenRead_ThenMsh1IsTheSeparatorAndMsh2TheEncodingCharacters()
    {
        var message = Parse(Msh + "\r");
        var msh = message.Msh;

        Assert.Equal("|", msh.Field(1).Value);
        Assert.Equal("^~\\&", msh.Field(2).Value);
        Assert.Equal("^~\\&", msh.Field(2).Component(1).Value);
        Assert.Equal(1, msh.Field(2).RepetitionCount);
        Assert.Equal("LAB", msh.Field(3).Value);
        Assert.Equal(12, msh.FieldCount);
        Assert.Equal(new Hl7MessageType("ORU", "R01", "ORU_R01"), message.MessageType);
        Assert.Equal("MSG00001", message.ControlId);
        Assert.Equal("P", message.ProcessingId);
        Assert.Equal("2.5.1", message.Version);
        Assert.Equal(new DateTime(2026, 11, 25, 10, 15, 0), message.Header.DateTimeOfMessage!.Value.Value);
    }

    [Fact]
    public void GivenRepetitionsComponentsAndSubcomponents_WhenRead_ThenEachPositionIsReachable()
    {
        var message = Parse(TestFiles.Message(Msh, "PID|1||111^^^A&1.2.3&ISO^MR~222^^^NHS^NH||SMITH^JOHN^Q^JR^DR"));
        var pid3 = message["PID"].Field(3);

        Assert.Equal(2, pid3.RepetitionCount);
        Assert.Equal("111", pid3.Value);
        Assert.Equal("222", pid3.Repetition(2).Component(1).Value);
        Assert.Equal("NH", pid3.Repetition(2).Component(5).Value);
        Assert.Equal(5, pid3.Repetition(1).ComponentCount);
        Assert.Equal("A", pid3.Repetition(1).Component(4).Value);
        Assert.Equal("1.2.3", pid3.Repetition(1).Component(4).Subcomponent(2).Value);
        Assert.Equal("ISO", pid3.Repetition(1).Component(4).Subcomponent(3).Value);
        Assert.Equal(3, pid3.Repetition(1).Component(4).SubcomponentCount);
        Assert.Equal("A&1.2.3&ISO", pid3.Repetition(1).Component(4).ToString());
        Assert.Equal("JOHN", message["PID"].GetValue(5, 2));
        Assert.Equal("", pid3.Repetition(3).Value);
        Assert.True(pid3.Repetition(3).Component(1).Subcomponent(1).IsEmpty);
    }

    [Fact]
    public void GivenTrailingEmptyFields_WhenParsed_ThenTheyAreCountedAndEmpty()
    {
        var message = Parse(TestFiles.Message(Msh, "OBX|1|NM|||||||||I||"));
        var obx = message["OBX"];

        Assert.Equal(13, obx.FieldCount);
        Assert.Equal("I", obx[11].Value);
        Assert.True(obx[12].IsEmpty);
        Assert.True(obx[13].IsEmpty);
        Assert.True(obx[40].IsEmpty);
        Assert.Equal(0, obx[40].RepetitionCount);
    }

    [Fact]
    public void GivenSegmentWithNameOnly_WhenParsed_ThenItHasNoFields()
    {
        var message = Parse(TestFiles.Message(Msh, "NTE"));
        Assert.Equal(0, message["NTE"].FieldCount);
        Assert.Equal("", message["NTE"][1].Value);
    }

    [Fact]
    public void GivenSegmentsOfOneName_WhenLookedUpByOccurrence_ThenOneBasedOccurrencesAreFound()
    {
        var message = Parse(TestFiles.Message(Msh, "OBX|1", "NTE|1", "OBX|2", "OBX|3"));

        Assert.Equal("2", message["OBX", 2][1].Value);
        Assert.Equal(3, message.CountSegments("OBX"));
        Assert.Equal(["1", "2", "3"], message.SegmentsNamed("OBX").Select(s => s[1].Value));
        Assert.False(message["OBX", 4].Exists);
        Assert.Equal("", message["OBX", 4][1].Value);
        Assert.False(message["ZZZ"].Exists);
        Assert.Equal(4, message["OBX", 2].Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => message["OBX", 0]);
    }

    [Fact]
    public void GivenOtherLegalEncodingCharacters_WhenParsed_ThenTheyAreUsed()
    {
        var message = Parse("MSH#$*!@#A#B#C#D#20260101##ADT$A04#1#P#2.4\rPID#1##1$2$3$4$5*X$Y@sub##A!T!B!F!C");

        Assert.Equal('#', message.Delimiters.Field);
        Assert.Equal('$', message.Delimiters.Component);
        Assert.Equal('*', message.Delimiters.Repetition);
        Assert.Equal('!', message.Delimiters.Escape);
        Assert.Equal('@', message.Delimiters.Subcomponent);
        Assert.Equal('#', message.Msh[1].Value[0]);
        Assert.Equal("$*!@", message.Msh[2].Value);
        Assert.Equal(new Hl7MessageType("ADT", "A04", ""), message.MessageType);
        var pid3 = message["PID"][3];
        Assert.Equal(2, pid3.RepetitionCount);
        Assert.Equal("4", pid3.Component(4).Value);
        Assert.Equal("Y", pid3.Repetition(2).Component(2).Subcomponent(1).Value);
        Assert.Equal("sub", pid3.Repetition(2).Component(2).Subcomponent(2).Value);
        Assert.Equal("A!T!B!F!C", message["PID"][5].ToString());
        Assert.Equal("A@B#C", message["PID"][5].Value);
    }

    [Fact]
    public void GivenFiveEncodingCharacters_WhenParsed_ThenTheFifthIsTheTruncationCharacter()
    {
        var message = Parse(TestFiles.Message("MSH|^~\\&#|A|B|C|D|20260101||ADT^A04^ADT_A01|1|P|2.7", "NTE|1||ab\\P\\c#"));

        Assert.Equal('#', message.Delimiters.Truncation);
        Assert.Equal("^~\\&#", message.Msh[2].Value);
        Assert.Equal("ab#c#", message["NTE"][3].Value);
    }

    [Fact]
    public void GivenHl7Null_WhenRead_ThenIsNullIsTrue()
    {
        var message = Parse(TestFiles.Message(Msh, "PID|1||\"\"|x"));
        Assert.True(message["PID"][3].IsNull);
        Assert.False(message["PID"][4].IsNull);
    }

    [Fact]
    public void GivenTerserPaths_WhenRead_ThenValuesAreReturned()
    {
        var message = Parse(TestFiles.Message(Msh, "PID|1||111^^^A~222^^^B||DOE^JANE", "OBX|1|NM|A", "OBX|2|NM|B^Bee^LN||7.5"));

        Assert.Equal("JANE", message.Get("PID-5-2"));
        Assert.Equal("222", message.Get("PID-3(2)-1"));
        Assert.Equal("B", message.Get("PID-3(2)-4"));
        Assert.Equal("7.5", message.Get("OBX(2)-5"));
        Assert.Equal("Bee", message.Get("OBX(2)-3-2"));
        Assert.Equal("", message.Get("OBX(3)-5"));
        Assert.Equal("ORU", message.Get("MSH-9-1"));
        Assert.Throws<FormatException>(() => message.Get("OBX-x"));
        Assert.Throws<FormatException>(() => message.Get("OBX"));
    }

    [Fact]
    public void GivenNumbersAndTimestamps_WhenRead_ThenTypedAccessorsWork()
    {
        var message = Parse(TestFiles.Message(Msh, "OBX|1|NM|X||-12.50|||||||||20261125093000+0100"));
        var obx = message["OBX"];

        Assert.True(obx[5].TryGetDecimal(out var value));
        Assert.Equal(-12.50m, value);
        Assert.True(obx[1].TryGetInt32(out var setId));
        Assert.Equal(1, setId);
        var observed = obx[14].Timestamp!.Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(1)), observed.ToDateTimeOffset());
        Assert.Null(obx[3].Timestamp);
    }

    [Fact]
    public void GivenRawAccess_WhenRead_ThenRawKeepsEscapesAndSeparators()
    {
        var message = Parse(TestFiles.Message(Msh, "NTE|1||a\\T\\b^c"));
        Assert.Equal("a\\T\\b^c", message["NTE"][3].ToString());
        Assert.Equal("a&b", message["NTE"][3].Value);
        Assert.True(message["NTE"][3].ValueEquals("a&b"));
        Assert.Equal("NTE|1||a\\T\\b^c", message["NTE"].ToString());
    }

    [Fact]
    public void GivenLeadingBom_WhenParsed_ThenItIsSkipped()
    {
        var message = Parse("\uFEFF" + Msh + "\r");
        Assert.Equal("LAB", message.Msh[3].Value);
    }

    [Fact]
    public void GivenParsedMessage_WhenToString_ThenOriginalTextIsReturned()
    {
        var text = TestFiles.Message(Msh, "PID|1");
        Assert.Equal(text, Parse(text).ToString());
    }
}
