using System.Text;

namespace Infirmary.Hl7v2.Tests;

public class CharsetTests
{
    private static string Text(string msh18, string value) =>
        TestFiles.Message($"MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5||||||{msh18}", "NTE|1||" + value);

    [Fact]
    public void GivenUtf8BytesWithoutMsh18_WhenParsed_ThenUtf8IsUsed()
    {
        var result = Hl7Message.Parse(Encoding.UTF8.GetBytes(TestFiles.Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5", "NTE|1||5 µmol/L – Zoë")));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("5 µmol/L – Zoë", result.Message["NTE"][3].Value);
        Assert.Equal(65001, result.Message.Charset.CodePage);
    }

    [Fact]
    public void GivenUtf8Bom_WhenParsedFromBytes_ThenItIsSkipped()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Text("UNICODE UTF-8", "Zoë"))];
        var result = Hl7Message.Parse(bytes);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("Zoë", result.Message["NTE"][3].Value);
    }

    [Theory]
    [InlineData("8859/1", 28591, "µ é ±")]
    [InlineData("8859/15", 28605, "€ é")]
    [InlineData("8859/2", 28592, "ł ř")]
    public void GivenIso8859Declared_WhenParsedFromBytes_ThenDecodedInThatCharset(string msh18, int codePage, string value)
    {
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.Latin1;
        var result = Hl7Message.Parse(encoding.GetBytes(Text(msh18, value)));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(value, result.Message["NTE"][3].Value);
        Assert.Equal(msh18, result.Message.Header.CharacterSet);
        Assert.Equal(codePage, result.Message.Charset.CodePage);
    }

    [Fact]
    public void GivenLeadingBlankLines_WhenParsedFromBytes_ThenMsh18IsStillHonoured()
    {
        var result = Hl7Message.Parse(Encoding.Latin1.GetBytes("\r\n" + Text("8859/1", "µ")));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("µ", result.Message["NTE"][3].Value);
    }

    [Fact]
    public void GivenShortUnsupportedCharset_WhenParsedFromBytes_ThenOffsetPointsAtMsh18()
    {
        var text = Text("X", "a");
        var result = Hl7Message.Parse(Encoding.ASCII.GetBytes(text));
        Assert.Equal(Hl7ParseErrorKind.UnsupportedCharacterSet, result.Error?.Kind);
        Assert.Equal(text.IndexOf("|X\r", StringComparison.Ordinal) + 1, result.Error?.Offset);
        Assert.Equal(18, result.Error?.FieldPosition);
    }

    [Fact]
    public void GivenLatin1BytesDeclaredAsUtf8_WhenParsed_ThenInvalidByteSequence()
    {
        var result = Hl7Message.Parse(Encoding.Latin1.GetBytes(Text("UNICODE UTF-8", "µ")));
        Assert.Equal(Hl7ParseErrorKind.InvalidByteSequence, result.Error?.Kind);
        Assert.Equal(2, result.Error?.SegmentIndex);
    }

    [Fact]
    public void GivenDefaultEncodingOption_WhenMsh18Empty_ThenItIsUsed()
    {
        var bytes = Encoding.Latin1.GetBytes(TestFiles.Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5", "NTE|1||µ"));
        var result = Hl7Message.Parse(bytes, new Hl7ParseOptions { DefaultEncoding = Encoding.Latin1 });
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("µ", result.Message["NTE"][3].Value);
    }

    [Theory]
    [InlineData("UNICODE UTF-8", 65001)]
    [InlineData("ASCII", 65001)]
    [InlineData("8859/1", 28591)]
    [InlineData("", 65001)]
    public void GivenMsh18Value_WhenMapped_ThenEncodingIsKnown(string msh18, int codePage) =>
        Assert.Equal(codePage, Hl7Charset.FromMsh18(msh18, Hl7Charset.Utf8)!.CodePage);

    [Theory]
    [InlineData("UNICODE")]
    [InlineData("UNICODE UTF-16")]
    [InlineData("ISO IR87")]
    [InlineData("EBCDIC")]
    public void GivenUnsupportedMsh18_WhenMapped_ThenNull(string msh18) =>
        Assert.Null(Hl7Charset.FromMsh18(msh18, Hl7Charset.Utf8));

    [Fact]
    public void GivenTruncatedHeaderBytes_WhenCharsetSought_ThenNoException()
    {
        foreach (var text in new[] { "MSH|", "MSH|^~", "MSH|^~\\&|a|b", "MSH\r|^~\\&" })
        {
            var result = Hl7Message.Parse(Encoding.ASCII.GetBytes(text));
            Assert.False(result.IsSuccess);
        }
    }
}
