namespace Infirmary.Medicines.Tests;

public class Gs1Tests
{
    // GS1's own example GTIN from the General Specifications (check digit 1 is right for 0950110153000).
    private const string Gtin = "09501101530003";
    private const char GS = Gs1.GroupSeparator;

    [Fact]
    public void GivenRawDataMatrixWithGroupSeparator_WhenParsed_ThenEveryFieldIsRead()
    {
        var result = Gs1.Parse($"01{Gtin}1727053110AB-12/3{GS}21SN0001");
        Assert.True(result.Ok, result.Error);
        Assert.Equal(new Gs1Pack(Gtin, new DateOnly(2027, 5, 31), "AB-12/3", "SN0001"), result.Pack);
    }

    [Fact]
    public void GivenSymbologyIdentifierAndLeadingFnc1_WhenParsed_ThenTheyAreSkipped()
    {
        var result = Gs1.Parse($"]d2{GS}01{Gtin}21XYZ{GS}10B1{GS}17280100");
        Assert.True(result.Ok, result.Error);
        Assert.Equal("XYZ", result.Pack!.Serial);
        Assert.Equal("B1", result.Pack.Batch);
        // Day 00: the last day of the month.
        Assert.Equal(new DateOnly(2028, 1, 31), result.Pack.Expiry);
    }

    [Fact]
    public void GivenGsTypedAsText_WhenParsed_ThenReadAsSeparator()
    {
        var result = Gs1.Parse($"01{Gtin}10LOT7<GS>17261130");
        Assert.True(result.Ok, result.Error);
        Assert.Equal("LOT7", result.Pack!.Batch);
        Assert.Equal(new DateOnly(2026, 11, 30), result.Pack.Expiry);
    }

    [Fact]
    public void GivenBracketedHumanReadableForm_WhenParsed_ThenSameAsRaw()
    {
        var bracketed = Gs1.Parse($"(01){Gtin}(17)270531(10)AB-12/3(21)SN0001");
        var raw = Gs1.Parse($"01{Gtin}1727053110AB-12/3{GS}21SN0001");
        Assert.True(bracketed.Ok, bracketed.Error);
        Assert.Equal(raw.Pack, bracketed.Pack);
    }

    [Fact]
    public void GivenFixedLengthFieldsOnly_WhenParsedWithoutSeparators_ThenRead()
    {
        var result = Gs1.Parse($"17280229" + $"01{Gtin}");
        Assert.True(result.Ok, result.Error);
        Assert.Equal(new DateOnly(2028, 2, 29), result.Pack!.Expiry);
        Assert.Null(result.Pack.Batch);
    }

    [Fact]
    public void GivenNationalReimbursementNumber_WhenParsed_ThenIgnoredButChecked()
    {
        var result = Gs1.Parse($"01{Gtin}714ABC1234{GS}10B2");
        Assert.True(result.Ok, result.Error);
        Assert.Equal("B2", result.Pack!.Batch);
    }

    [Fact]
    public void GivenComposedString_WhenParsed_ThenRoundTrips()
    {
        var pack = new Gs1Pack(Gtin, new DateOnly(2027, 12, 1), "BATCH-9", "S/1");
        Assert.Equal(pack, Gs1.Parse(Gs1.Compose(pack.Gtin, pack.Expiry, pack.Batch, pack.Serial)).Pack);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("0109501101530004", "check digit")]
    [InlineData("01095011015300", "ends early")]
    [InlineData("010950110153000317131301", "not a date")]
    [InlineData("010950110153000317270230", "not a date")]
    [InlineData("01095011015300031729", "ends early")]
    [InlineData("010950110153000317300229", "not a date")]
    [InlineData("0109501101530003991234", "Unknown or unsupported")]
    [InlineData("10ABC", "no AI (01)")]
    [InlineData("01095011015300030109501101530003", "appears twice")]
    [InlineData("010950110153000310ABCDEFGHIJKLMNOPQRSTU", "longer than 20")]
    [InlineData("010950110153000310AB CD", "does not allow")]
    [InlineData("010950110153000310\u001D", "empty")]
    [InlineData("(01)0950110153000(10)A", "exactly 14")]
    [InlineData("(01)09501101530003(99)A", "Unknown or unsupported")]
    [InlineData("(01)09501101530003(10", "no matching")]
    [InlineData("hello world", "Unknown or unsupported")]
    public void GivenBadInput_WhenParsed_ThenRefusedWithReason(string input, string reason)
    {
        var result = Gs1.Parse(input);
        Assert.False(result.Ok);
        Assert.Null(result.Pack);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOverlongInput_WhenParsed_ThenRefused()
    {
        var result = Gs1.Parse("01" + Gtin + new string('1', 300));
        Assert.Contains("longer than", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("09501101530003", true)]
    [InlineData("9501101530003", true)]
    [InlineData("09501101530004", false)]
    [InlineData("0950110153000X", false)]
    [InlineData("123", false)]
    public void GivenGtin_WhenCheckDigitVerified_ThenMatchesGs1(string gtin, bool valid)
    {
        Assert.Equal(valid, Gs1.GtinCheckDigitValid(gtin));
    }

    [Fact]
    public void GivenGtin13_WhenNormalised_ThenPaddedTo14()
    {
        Assert.Equal(Gtin, Gs1.NormaliseGtin("9501101530003"));
        Assert.Null(Gs1.NormaliseGtin("9501101530004"));
    }
}
