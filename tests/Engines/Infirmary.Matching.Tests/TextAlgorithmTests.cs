using CsCheck;
using Infirmary.Matching.Text;

namespace Infirmary.Matching.Tests;

public class JaroWinklerTests
{
    // Published values: Winkler (1990) and the worked examples in Wikipedia's "Jaro–Winkler distance"
    // (MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813).
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.896)]
    public void GivenPublishedPairs_WhenCompared_ThenJaroWinklerMatchesToThreeDecimals(string a, string b, double expected)
    {
        Assert.Equal(expected, Math.Round(JaroWinkler.Similarity(a, b), 3));
    }

    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.944)]
    [InlineData("DWAYNE", "DUANE", 0.822)]
    [InlineData("DIXON", "DICKSONX", 0.767)]
    public void GivenPublishedPairs_WhenJaroOnly_ThenMatchesToThreeDecimals(string a, string b, double expected)
    {
        Assert.Equal(expected, Math.Round(JaroWinkler.Jaro(a, b), 3));
    }

    [Fact]
    public void GivenEdgeCases_WhenCompared_ThenIdenticalIsOneAndDisjointIsZero()
    {
        Assert.Equal(1.0, JaroWinkler.Similarity("SMITH", "SMITH"));
        Assert.Equal(0.0, JaroWinkler.Similarity("ABC", "XYZ"));
        Assert.Equal(0.0, JaroWinkler.Similarity("", "ABC"));
        Assert.Equal(1.0, JaroWinkler.Similarity("", ""));
    }

    [Fact]
    public void GivenAnyStrings_WhenCompared_ThenSimilarityIsSymmetricAndBetweenZeroAndOne()
    {
        Gen.String[Gen.Char['A', 'F'], 0, 12].Select(Gen.String[Gen.Char['A', 'F'], 0, 12]).Sample((a, b) =>
        {
            var ab = JaroWinkler.Similarity(a, b);
            var ba = JaroWinkler.Similarity(b, a);
            return ab >= 0 && ab <= 1 && Math.Abs(ab - ba) < 1e-12;
        });
    }

    [Fact]
    public void GivenLongStrings_WhenCompared_ThenNoStackProblem()
    {
        var a = new string('A', 500) + "B";
        var b = new string('A', 500) + "C";
        Assert.InRange(JaroWinkler.Similarity(a, b), 0.99, 1.0);
    }
}

public class NysiisTests
{
    // Vectors from Apache Commons Codec's NysiisTest (org.apache.commons.codec.language), whose rule order
    // this implementation follows; "full" vectors use no length limit, the others the true 6-character key.
    [Theory]
    [InlineData("MACINTOSH", "MCANT")]
    [InlineData("KNUTH", "NAT")]
    [InlineData("KOEHN", "CAN")]
    [InlineData("PHILLIPSON", "FALAPSAN")]
    [InlineData("PFEISTER", "FASTAR")]
    [InlineData("SCHOENHOEFT", "SANAFT")]
    [InlineData("MCKEE", "MCY")]
    [InlineData("MACKIE", "MCY")]
    [InlineData("HEITSCHMIDT", "HATSNAD")]
    [InlineData("BART", "BAD")]
    [InlineData("HURD", "HAD")]
    [InlineData("HUNT", "HAD")]
    [InlineData("WESTERLUND", "WASTARLAD")]
    [InlineData("CASSTEVENS", "CASTAFAN")]
    [InlineData("VASQUEZ", "VASG")]
    [InlineData("FRAZIER", "FRASAR")]
    [InlineData("BOWMAN", "BANAN")]
    [InlineData("MCKNIGHT", "MCNAGT")]
    [InlineData("RICKERT", "RACAD")]
    [InlineData("DEUTSCH", "DAT")]
    [InlineData("WESTPHAL", "WASTFAL")]
    [InlineData("SHRIVER", "SRAVAR")]
    [InlineData("KUHL", "CAL")]
    [InlineData("RAWSON", "RASAN")]
    [InlineData("JILES", "JAL")]
    [InlineData("CARRAWAY", "CARY")]
    [InlineData("YAMADA", "YANAD")]
    [InlineData("O'Daniel", "ODANAL")]
    [InlineData("O'Donnel", "ODANAL")]
    [InlineData("Cory", "CARY")]
    [InlineData("Corey", "CARY")]
    [InlineData("Kory", "CARY")]
    [InlineData("FUZZY", "FASY")]
    [InlineData("MACX", "MCX")]
    [InlineData("KNX", "NX")]
    [InlineData("KX", "CX")]
    [InlineData("PHX", "FX")]
    [InlineData("PFX", "FX")]
    [InlineData("SCHX", "SX")]
    [InlineData("XEE", "XY")]
    [InlineData("XIE", "XY")]
    [InlineData("XDT", "XD")]
    [InlineData("XRT", "XD")]
    [InlineData("XRD", "XD")]
    [InlineData("XNT", "XD")]
    [InlineData("XND", "XD")]
    [InlineData("XEV", "XAF")]
    [InlineData("XAX", "XAX")]
    [InlineData("XEX", "XAX")]
    [InlineData("XIX", "XAX")]
    [InlineData("XOX", "XAX")]
    [InlineData("XUX", "XAX")]
    [InlineData("XQ", "XG")]
    [InlineData("XZ", "X")]
    [InlineData("XM", "XN")]
    [InlineData("XS", "X")]
    [InlineData("XSS", "X")]
    [InlineData("XAY", "XY")]
    [InlineData("XAYS", "XY")]
    [InlineData("XA", "X")]
    [InlineData("XAS", "X")]
    public void GivenApacheCommonsVectors_WhenEncodedInFull_ThenCodesMatch(string name, string expected)
    {
        Assert.Equal(expected, Nysiis.Encode(name));
    }

    [Theory]
    [InlineData(new[] { "Brian", "Brown", "Brun" }, "BRAN")]
    [InlineData(new[] { "Capp", "Cope", "Copp", "Kipp" }, "CAP")]
    [InlineData(new[] { "Dent" }, "DAD")]
    [InlineData(new[] { "Dane", "Dean", "Dionne" }, "DAN")]
    [InlineData(new[] { "Phil" }, "FAL")]
    [InlineData(new[] { "Smith", "Schmit" }, "SNAT")]
    [InlineData(new[] { "Schmidt" }, "SNAD")]
    [InlineData(new[] { "Trueman", "Truman" }, "TRANAN")]
    [InlineData(new[] { "Kobwick" }, "CABWAC")]
    [InlineData(new[] { "Kocher" }, "CACAR")]
    [InlineData(new[] { "Fesca" }, "FASC")]
    [InlineData(new[] { "Shom" }, "SAN")]
    [InlineData(new[] { "Ohlo" }, "OL")]
    [InlineData(new[] { "Uhu" }, "UH")]
    [InlineData(new[] { "Um" }, "UN")]
    public void GivenApacheCommonsVectors_WhenEncodedWithTrueLength_ThenNamesShareTheCode(string[] names, string expected)
    {
        foreach (var name in names)
        {
            Assert.Equal(expected, Nysiis.Encode(name, Nysiis.TrueLength));
        }
    }

    [Fact]
    public void GivenTrueVariant_WhenEncodingLongName_ThenKeyIsCutToSix()
    {
        Assert.Equal("WASTAR", Nysiis.Encode("WESTERLUND", Nysiis.TrueLength));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1234 - !")]
    public void GivenNoLetters_WhenEncoded_ThenEmpty(string? value)
    {
        Assert.Equal(string.Empty, Nysiis.Encode(value));
    }
}

public class UkPostcodeTests
{
    [Theory]
    [InlineData("LS6 3AB", "LS6 3AB", "LS6 3", "LS6", "LS")]
    [InlineData("ls63ab", "LS6 3AB", "LS6 3", "LS6", "LS")]
    [InlineData("M1 1AA", "M1 1AA", "M1 1", "M1", "M")]
    [InlineData(" ec1a 1bb ", "EC1A 1BB", "EC1A 1", "EC1A", "EC")]
    [InlineData("W1A 0AX", "W1A 0AX", "W1A 0", "W1A", "W")]
    [InlineData("CR2 6XH", "CR2 6XH", "CR2 6", "CR2", "CR")]
    [InlineData("DN55 1PT", "DN55 1PT", "DN55 1", "DN55", "DN")]
    [InlineData("b33-8th", "B33 8TH", "B33 8", "B33", "B")]
    public void GivenUkPostcodes_WhenParsed_ThenSplitIntoUnitSectorDistrictArea(string input, string unit, string sector, string district, string area)
    {
        var p = UkPostcode.Parse(input);
        Assert.True(p.IsUk);
        Assert.Equal(unit, p.Unit);
        Assert.Equal(sector, p.Sector);
        Assert.Equal(district, p.District);
        Assert.Equal(area, p.Area);
    }

    [Fact]
    public void GivenOutwardCodeOnly_WhenParsed_ThenDistrictIsKnown()
    {
        var p = UkPostcode.Parse("LS6");
        Assert.True(p.IsUk);
        Assert.Equal("LS6", p.District);
        Assert.Equal(string.Empty, p.Sector);
    }

    [Theory]
    [InlineData("2615")]
    [InlineData("90210")]
    [InlineData("ABCDEFG")]
    public void GivenNonUkCodes_WhenParsed_ThenKeptAsPlainCode(string input)
    {
        var p = UkPostcode.Parse(input);
        Assert.False(p.IsUk);
        Assert.Equal(input, p.Unit);
        Assert.Equal(string.Empty, p.District);
    }

    [Fact]
    public void GivenNothing_WhenParsed_ThenEmpty()
    {
        Assert.Equal(UkPostcode.Empty, UkPostcode.Parse("  "));
        Assert.Equal(UkPostcode.Empty, UkPostcode.Parse(null));
    }
}

public class EditDistanceTests
{
    [Theory]
    [InlineData("4011", "4011", true)]
    [InlineData("4011", "4012", true)]
    [InlineData("4011", "4101", true)]
    [InlineData("4011", "411", true)]
    [InlineData("4011", "40111", true)]
    [InlineData("4011", "4110", false)]
    [InlineData("4011", "5022", false)]
    [InlineData("4011", "401122", false)]
    [InlineData("", "1", true)]
    public void GivenTwoCodes_WhenTested_ThenWithinOneMeansOneSlip(string a, string b, bool expected)
    {
        Assert.Equal(expected, EditDistance.WithinOne(a, b));
        Assert.Equal(expected, EditDistance.WithinOne(b, a));
    }
}

public class BirthDateTests
{
    [Theory]
    [InlineData("19081209", 1908, 12, 9)]
    [InlineData("1990-03-28", 1990, 3, 28)]
    [InlineData("1990-03-28T00:00:00Z", 1990, 3, 28)]
    [InlineData("28/03/1990", 1990, 3, 28)]
    [InlineData("1/2/2001", 2001, 2, 1)]
    [InlineData("28-03-1990", 1990, 3, 28)]
    [InlineData("28.03.1990", 1990, 3, 28)]
    [InlineData("1932/02/29", 1932, 2, 29)]
    [InlineData("19320239", 1932, 2, 39)]
    public void GivenSupportedFormats_WhenParsed_ThenComponentsAsWritten(string text, int year, int month, int day)
    {
        Assert.True(BirthDate.TryParse(text, out var date));
        Assert.Equal(new BirthDate(year, month, day), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("03/1990")]
    [InlineData("1990-3")]
    [InlineData("12345")]
    public void GivenUnreadableDates_WhenParsed_ThenRejected(string text)
    {
        Assert.False(BirthDate.TryParse(text, out _));
    }
}
