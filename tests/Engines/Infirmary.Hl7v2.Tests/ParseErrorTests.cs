using System.Text;

namespace Infirmary.Hl7v2.Tests;

public class ParseErrorTests
{
    private const string Msh = "MSH|^~\\&|LAB|RX1|EPR|RX1|20261125101500||ORU^R01^ORU_R01|MSG00001|P|2.5.1";

    private static Hl7ParseError Error(string text, Hl7ParseOptions? options = null)
    {
        var result = Hl7Message.Parse(text, options);
        Assert.False(result.IsSuccess, "expected an error");
        return result.Error;
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public void GivenNothing_WhenParsed_ThenEmpty(string text) =>
        Assert.Equal(Hl7ParseErrorKind.Empty, Error(text).Kind);

    [Theory]
    [InlineData("PID|1\r")]
    [InlineData("MS")]
    [InlineData("msh|^~\\&|")]
    [InlineData(" MSH|^~\\&|")]
    [InlineData("FHS|^~\\&|\rBHS|^~\\&|\r")]
    public void GivenNoMshFirst_WhenParsed_ThenMissingMshAtSegmentOne(string text)
    {
        var error = Error(text);
        Assert.Equal(Hl7ParseErrorKind.MissingMsh, error.Kind);
        Assert.Equal(1, error.SegmentIndex);
        Assert.Equal(Hl7ErrorCodes.SegmentSequenceError, error.Hl7ErrorCode);
        Assert.Null(error.Header);
    }

    [Theory]
    [InlineData("MSH", Hl7ParseErrorKind.InvalidFieldSeparator, 1)]
    [InlineData("MSH\r", Hl7ParseErrorKind.InvalidFieldSeparator, 1)]
    [InlineData("MSHA^~\\&|", Hl7ParseErrorKind.InvalidFieldSeparator, 1)]
    [InlineData("MSH ^~\\&|", Hl7ParseErrorKind.InvalidFieldSeparator, 1)]
    [InlineData("MSH|", Hl7ParseErrorKind.InvalidEncodingCharacters, 2)]
    [InlineData("MSH|^~\\|A", Hl7ParseErrorKind.InvalidEncodingCharacters, 2)]
    [InlineData("MSH|^~\\&#$|A", Hl7ParseErrorKind.InvalidEncodingCharacters, 2)]
    [InlineData("MSH|^^\\&|A", Hl7ParseErrorKind.InvalidEncodingCharacters, 2)]
    [InlineData("MSH|^~|&|A", Hl7ParseErrorKind.InvalidEncodingCharacters, 2)]
    [InlineData("MSH|^~A&|A", Hl7ParseErrorKind.InvalidEncodingCharacters, 2)]
    [InlineData("MSH|^~\\&\r", Hl7ParseErrorKind.MissingRequiredField, 9)]
    public void GivenBadHeaderDelimiters_WhenParsed_ThenPreciseError(string text, Hl7ParseErrorKind kind, int field)
    {
        var error = Error(text);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(1, error.SegmentIndex);
        Assert.Equal("MSH", error.SegmentId);
        Assert.Equal(field, error.FieldPosition);
    }

    [Theory]
    [InlineData("MSH|^~\\&|A|B|C|D|20260101||^R01|1|P|2.5", 9)]
    [InlineData("MSH|^~\\&|A|B|C|D|20260101||ORU^R01||P|2.5", 10)]
    [InlineData("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1||2.5", 11)]
    [InlineData("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P", 12)]
    public void GivenMissingRequiredHeaderField_WhenParsed_ThenMissingRequiredFieldWithHeader(string msh, int field)
    {
        var error = Error(msh + "\rPID|1\r");
        Assert.Equal(Hl7ParseErrorKind.MissingRequiredField, error.Kind);
        Assert.Equal(field, error.FieldPosition);
        Assert.Equal(Hl7ErrorCodes.RequiredFieldMissing, error.Hl7ErrorCode);
        Assert.NotNull(error.Header);
    }

    [Fact]
    public void GivenMissingHeaderFieldsAllowed_WhenParsed_ThenItParses()
    {
        var result = Hl7Message.Parse("MSH|^~\\&\r", new Hl7ParseOptions { RequireHeaderFields = false });
        Assert.True(result.IsSuccess);
        Assert.Equal("", result.Message.ControlId);
    }

    [Theory]
    [InlineData("PI|1", "PI")]
    [InlineData("pid|1", "pid")]
    [InlineData("1ID|1", "1ID")]
    [InlineData("PIDX|1", "PID")]
    [InlineData("PID 1", "PID")]
    [InlineData(" PID|1", " PI")]
    [InlineData("P\u00C9D|1", "P\u00C9D")]
    public void GivenBadSegmentName_WhenParsed_ThenInvalidSegmentIdAtThatSegment(string segment, string id)
    {
        var error = Error(TestFiles.Message(Msh, "PID|1", segment));
        Assert.Equal(Hl7ParseErrorKind.InvalidSegmentId, error.Kind);
        Assert.Equal(3, error.SegmentIndex);
        Assert.Equal(id, error.SegmentId);
        Assert.Equal("MSG00001", error.Header?.ControlId);
    }

    [Theory]
    [InlineData("MSH")]
    [InlineData("BHS")]
    [InlineData("FTS")]
    public void GivenSecondHeader_WhenParsed_ThenUnexpectedHeaderSegment(string id)
    {
        var error = Error(TestFiles.Message(Msh, "PID|1", id + "|^~\\&|X"));
        Assert.Equal(Hl7ParseErrorKind.UnexpectedHeaderSegment, error.Kind);
        Assert.Equal(3, error.SegmentIndex);
        Assert.Equal(id, error.SegmentId);
    }

    [Fact]
    public void GivenControlCharacter_WhenParsed_ThenInvalidCharacterWithSegmentAndField()
    {
        var error = Error(TestFiles.Message(Msh, "PID|1", "OBX|1|NM|X||4\u00002"));
        Assert.Equal(Hl7ParseErrorKind.InvalidCharacter, error.Kind);
        Assert.Equal(3, error.SegmentIndex);
        Assert.Equal("OBX", error.SegmentId);
        Assert.Equal(1, error.SegmentOccurrence);
        Assert.Equal(5, error.FieldPosition);
        Assert.Equal(Msh.Length + 7 + 13, error.Offset);
    }

    [Fact]
    public void GivenControlCharacterInMsh_WhenParsed_ThenMshFieldIsNumberedFromMsh1()
    {
        var error = Error("MSH|^~\\&|LA\u0007B|RX1\r");
        Assert.Equal(Hl7ParseErrorKind.InvalidCharacter, error.Kind);
        Assert.Equal(3, error.FieldPosition);
        Assert.Null(error.Header);
    }

    [Fact]
    public void GivenTabInText_WhenParsed_ThenItIsAccepted() =>
        Assert.True(Hl7Message.Parse(TestFiles.Message(Msh, "NTE|1||a\tb")).IsSuccess);

    [Fact]
    public void GivenTooLongMessage_WhenParsed_ThenMessageTooLarge()
    {
        var error = Error(TestFiles.Message(Msh, "NTE|1||" + new string('x', 200)), new Hl7ParseOptions { MaxMessageLength = 100 });
        Assert.Equal(Hl7ParseErrorKind.MessageTooLarge, error.Kind);
        Assert.Equal("MSG00001", error.Header?.ControlId);
    }

    [Fact]
    public void GivenTooManySegments_WhenParsed_ThenTooManySegmentsAtTheFirstOneOver()
    {
        var segments = Enumerable.Range(1, 20).Select(i => $"NTE|{i}").Prepend(Msh).ToArray();
        var error = Error(TestFiles.Message(segments), new Hl7ParseOptions { MaxSegments = 10 });
        Assert.Equal(Hl7ParseErrorKind.TooManySegments, error.Kind);
        Assert.Equal(11, error.SegmentIndex);
    }

    [Fact]
    public void GivenTooManyFields_WhenParsed_ThenTooManyFieldsWithFieldNumber()
    {
        var error = Error(TestFiles.Message(Msh, "ZXY" + new string('|', 30)), new Hl7ParseOptions { MaxFieldsPerSegment = 25 });
        Assert.Equal(Hl7ParseErrorKind.TooManyFields, error.Kind);
        Assert.Equal(2, error.SegmentIndex);
        Assert.Equal("ZXY", error.SegmentId);
        Assert.Equal(26, error.FieldPosition);
    }

    [Fact]
    public void GivenTooManyRepetitions_WhenParsed_ThenTooManyRepetitionsWithFieldAndRepetition()
    {
        var error = Error(TestFiles.Message(Msh, "PID|1||" + string.Join('~', Enumerable.Range(1, 12))), new Hl7ParseOptions { MaxRepetitionsPerField = 10 });
        Assert.Equal(Hl7ParseErrorKind.TooManyRepetitions, error.Kind);
        Assert.Equal(3, error.FieldPosition);
        Assert.Equal(11, error.FieldRepetition);
    }

    [Fact]
    public void GivenMsh2_WhenCountingRepetitions_ThenItsTildeIsNotARepetition()
    {
        var result = Hl7Message.Parse(TestFiles.Message(Msh), new Hl7ParseOptions { MaxRepetitionsPerField = 1 });
        Assert.True(result.IsSuccess, result.Error?.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivenTooLongField_WhenParsed_ThenFieldTooLongWithPosition(bool last)
    {
        var big = new string('x', 101);
        var error = Error(TestFiles.Message(Msh, last ? "OBX|1|ST|X||" + big : "OBX|1|ST|X||" + big + "|mmol/L"),
            new Hl7ParseOptions { MaxFieldLength = 100 });
        Assert.Equal(Hl7ParseErrorKind.FieldTooLong, error.Kind);
        Assert.Equal(5, error.FieldPosition);
        Assert.Equal("OBX", error.SegmentId);
        Assert.Equal(Hl7ErrorCodes.DataTypeError, error.Hl7ErrorCode);
    }

    [Fact]
    public void GivenLimitErrorInV27Message_WhenCoded_ThenValueTooLong()
    {
        var error = Error(TestFiles.Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.7", "NTE|1||" + new string('x', 101)),
            new Hl7ParseOptions { MaxFieldLength = 100 });
        Assert.Equal(Hl7ErrorCodes.ValueTooLong, error.Hl7ErrorCode);
    }

    [Fact]
    public void GivenError_WhenToString_ThenItNamesKindSegmentAndField()
    {
        var error = Error(TestFiles.Message(Msh, "OBX|1|NM|X||4\u00012"));
        Assert.Contains("InvalidCharacter", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("segment 2 (OBX) field 5", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenBytesWithInvalidUtf8_WhenParsed_ThenInvalidByteSequenceWithByteOffset()
    {
        var head = Encoding.ASCII.GetBytes(Msh + "\rPID|1||");
        byte[] bytes = [.. head, 0xC3, 0x28, .. "\r"u8];
        var result = Hl7Message.Parse(bytes);
        Assert.False(result.IsSuccess);
        Assert.Equal(Hl7ParseErrorKind.InvalidByteSequence, result.Error.Kind);
        Assert.Equal(head.Length, result.Error.Offset);
        Assert.Equal(2, result.Error.SegmentIndex);
        Assert.Equal(3, result.Error.FieldPosition);
        Assert.Equal("MSG00001", result.Error.Header?.ControlId);
    }

    [Fact]
    public void GivenUnsupportedCharacterSet_WhenParsedFromBytes_ThenUnsupportedCharacterSetAtMsh18()
    {
        var bytes = Encoding.ASCII.GetBytes(TestFiles.Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5||||||ISO IR87"));
        var result = Hl7Message.Parse(bytes);
        Assert.False(result.IsSuccess);
        Assert.Equal(Hl7ParseErrorKind.UnsupportedCharacterSet, result.Error.Kind);
        Assert.Equal(18, result.Error.FieldPosition);
        Assert.Equal("1", result.Error.Header?.ControlId);
    }

    [Fact]
    public void GivenByteInputError_WhenReported_ThenOffsetIsInBytes()
    {
        var text = TestFiles.Message("MSH|^~\\&|Aé|B|C|D|20260101||ORU^R01|1|P|2.5", "OBX|1|NM|X||4\u00012");
        var result = Hl7Message.Parse(Encoding.UTF8.GetBytes(text));
        Assert.False(result.IsSuccess);
        Assert.Equal(Encoding.UTF8.GetByteCount(text[..text.IndexOf('\u0001', StringComparison.Ordinal)]), result.Error.Offset);
    }
}
