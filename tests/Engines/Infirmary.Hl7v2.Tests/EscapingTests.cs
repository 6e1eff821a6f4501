using System.Text;

namespace Infirmary.Hl7v2.Tests;

public class EscapingTests
{
    private static readonly Hl7Delimiters D = Hl7Delimiters.Default;

    private static string ValueOf(string rawField, string msh12 = "2.5.1")
    {
        var result = Hl7Message.Parse(TestFiles.Message($"MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|{msh12}", "NTE|1||" + rawField));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Message["NTE"][3].Value;
    }

    [Theory]
    [InlineData("a\\F\\b", "a|b")]
    [InlineData("a\\S\\b", "a^b")]
    [InlineData("a\\T\\b", "a&b")]
    [InlineData("a\\R\\b", "a~b")]
    [InlineData("a\\E\\b", "a\\b")]
    [InlineData("\\F\\\\S\\\\T\\\\R\\\\E\\", "|^&~\\")]
    [InlineData("\\X0D\\", "\r")]
    [InlineData("line1\\X0D0A\\line2", "line1\r\nline2")]
    [InlineData("\\X41\\\\x42\\", "A\\x42\\")] // X must be upper case: \x42\ passes through
    [InlineData("caf\\XC3A9\\", "café")] // hex bytes decoded in the message character set (UTF-8)
    [InlineData("\\Xzz\\", "\\Xzz\\")] // not hex: passed through
    [InlineData("\\X4\\", "\\X4\\")] // odd digit count: passed through
    [InlineData("a\\.br\\b", "a\\.br\\b")] // formatting commands are passed through
    [InlineData("\\H\\bold\\N\\", "\\H\\bold\\N\\")]
    [InlineData("\\.sp2\\\\.in+4\\\\.ti-4\\\\.ce\\\\.fi\\\\.nf\\\\.sk3\\", "\\.sp2\\\\.in+4\\\\.ti-4\\\\.ce\\\\.fi\\\\.nf\\\\.sk3\\")]
    [InlineData("\\C2842\\\\M244241\\\\Z99\\", "\\C2842\\\\M244241\\\\Z99\\")] // charset switches and custom escapes
    [InlineData("\\Q\\", "\\Q\\")] // unknown single letter
    [InlineData("\\P\\", "\\P\\")] // no truncation character declared
    [InlineData("\\\\", "\\\\")] // empty sequence
    [InlineData("ends with \\", "ends with \\")] // unterminated
    [InlineData("\\F", "\\F")]
    [InlineData("a\\F\\b\\F", "a|b\\F")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void GivenEscapeSequence_WhenValueRead_ThenItIsDecoded(string raw, string expected) =>
        Assert.Equal(expected, ValueOf(raw));

    [Fact]
    public void GivenLatin1Message_WhenHexEscapeRead_ThenBytesAreDecodedAsLatin1()
    {
        var bytes = Encoding.Latin1.GetBytes(TestFiles.Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5||||||8859/1", "NTE|1||\\XE9\\"));
        var result = Hl7Message.Parse(bytes);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("é", result.Message["NTE"][3].Value);
    }

    [Fact]
    public void GivenInvalidUtf8InHexEscape_WhenRead_ThenReplacementCharacterNotException() =>
        Assert.Equal("\uFFFD", ValueOf("\\XFF\\"));

    [Fact]
    public void GivenCustomEscapeCharacter_WhenDecoded_ThenItIsHonoured()
    {
        var d = Hl7Delimiters.Create('#', "$*!@");
        Assert.Equal("#$*!@", Hl7Escaping.Decode("!F!!S!!R!!E!!T!", d));
        Assert.Equal("\\F\\", Hl7Escaping.Decode("\\F\\", d));
    }

    [Theory]
    [InlineData("a|b", "a\\F\\b")]
    [InlineData("a^b", "a\\S\\b")]
    [InlineData("a&b", "a\\T\\b")]
    [InlineData("a~b", "a\\R\\b")]
    [InlineData("a\\b", "a\\E\\b")]
    [InlineData("a\rb\nc", "a\\X0D\\b\\X0A\\c")]
    [InlineData("tab\tok", "tab\tok")]
    [InlineData("\u0001", "\\X01\\")]
    [InlineData("café ±5 µmol/L", "café ±5 µmol/L")]
    [InlineData("", "")]
    public void GivenValue_WhenEncoded_ThenDelimitersAndControlsAreEscaped(string value, string expected)
    {
        Assert.Equal(expected, Hl7Escaping.Encode(value, D));
        Assert.Equal(value, Hl7Escaping.Decode(Hl7Escaping.Encode(value, D), D));
    }

    [Fact]
    public void GivenTruncationCharacter_WhenEncoded_ThenItIsEscapedAsP()
    {
        var d = Hl7Delimiters.Create('|', "^~\\&#");
        Assert.Equal("1\\P\\2", Hl7Escaping.Encode("1#2", d));
        Assert.Equal("1#2", Hl7Escaping.Decode("1\\P\\2", d));
    }
}
