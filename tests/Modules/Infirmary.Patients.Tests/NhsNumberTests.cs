using CsCheck;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Ui;

namespace Infirmary.Patients.Tests;

public sealed class NhsNumberTests
{
    // Published examples: the NHS Data Dictionary's 943 476 5919, and numbers from NHS Digital test data packs.
    [Theory]
    [InlineData("9434765919")]
    [InlineData("943 476 5919")]
    [InlineData("943-476-5919")]
    [InlineData("4010232137")]
    [InlineData("9990000026")]
    public void GivenPublishedValidNumber_WhenChecked_ThenValid(string number) => Assert.True(NhsNumber.IsValid(number));

    [Theory]
    [InlineData("9434765918")] // wrong check digit
    [InlineData("943476591")] // nine digits
    [InlineData("94347659190")] // eleven digits
    [InlineData("943476591A")]
    [InlineData("")]
    [InlineData("0000000001")]
    public void GivenInvalidNumber_WhenChecked_ThenInvalid(string number) => Assert.False(NhsNumber.IsValid(number));

    [Fact]
    public void GivenNineDigitsWhoseCheckWouldBeTen_WhenCheckDigitComputed_ThenNoValidNumberExists()
    {
        // 0,0,0,0,0,0,0,0,6 weighted 10..2 sums to 12; 12 mod 11 = 1; 11 - 1 = 10: no check digit exists.
        Assert.Equal(-1, NhsNumber.CheckDigit("000000006"));
        // 9,4,3,4,7,6,5,9,1 sums to 299; 299 mod 11 = 2; check digit 9 (the Data Dictionary's example).
        Assert.Equal(9, NhsNumber.CheckDigit("943476591"));
    }

    [Fact]
    public void GivenAnyNineDigits_WhenCheckDigitAppended_ThenValidAndEverySingleDigitChangeIsCaught()
    {
        Gen.Int[0, 999_999_999].Select(n => n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)).Sample(nine =>
        {
            var check = NhsNumber.CheckDigit(nine);
            if (check < 0)
            {
                return;
            }

            var number = nine + check;
            Assert.True(NhsNumber.IsValid(number));
            // Modulus 11 with distinct weights detects every single-digit substitution.
            for (var position = 0; position < 10; position++)
            {
                var altered = number.ToCharArray();
                altered[position] = (char)('0' + ((altered[position] - '0' + 1 + Random.Shared.Next(9)) % 10));
                Assert.False(NhsNumber.IsValid(new string(altered)), $"{number} altered at {position} to {new string(altered)}");
            }
        }, iter: 2000);
    }

    [Fact]
    public void GivenValidNumber_WhenFormatted_ThenThreeThreeFour() =>
        Assert.Equal("943 476 5919", UkFormat.NhsNumber("9434765919"));

    [Fact]
    public void GivenInvalidInput_WhenProblemAsked_ThenPlainEnglishReason()
    {
        Assert.Null(NhsNumber.Problem(null));
        Assert.Contains("10 digits", NhsNumber.Problem("12345"), StringComparison.Ordinal);
        Assert.Contains("check digit", NhsNumber.Problem("9434765918"), StringComparison.Ordinal);
    }
}

public sealed class UkPostcodeTests
{
    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData("LS1 4AP", "LS1 4AP")]
    [InlineData("m13 9wl", "M13 9WL")]
    [InlineData("EC1A 1BB", "EC1A 1BB")]
    [InlineData("B33 8TH", "B33 8TH")]
    [InlineData("CR2 6XH", "CR2 6XH")]
    [InlineData("DN55 1PT", "DN55 1PT")]
    [InlineData("GIR 0AA", "GIR 0AA")]
    public void GivenUkPostcode_WhenNormalised_ThenUpperCaseWithOneSpace(string input, string expected) =>
        Assert.Equal(expected, UkPostcode.Normalise(input));

    [Theory]
    [InlineData("12345")]
    [InlineData("QQ1 1QQ")]
    [InlineData("SW1A 1AAA")]
    [InlineData("LS1")]
    [InlineData("")]
    public void GivenNotAPostcode_WhenNormalised_ThenNull(string input) => Assert.Null(UkPostcode.Normalise(input));
}

public sealed class PatientDetailsTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static PatientDetails Valid() => new()
    {
        NhsNumber = "9434765919", GivenName = "Jane", FamilyName = "Smith", BirthDate = new DateOnly(1980, 2, 3), Sex = Sex.Female,
        Postcode = "LS1 4AP", GpPracticeOds = "B86001", Phone = "0113 243 2799",
    };

    [Fact]
    public void GivenCompleteDetails_WhenValidated_ThenNoErrors() => Assert.Empty(Valid().Validate(Today));

    [Fact]
    public void GivenUnknownEmergencyPatient_WhenNoNhsNumber_ThenStillValid()
    {
        var d = Valid();
        d.NhsNumber = null;
        Assert.Empty(d.Validate(Today));
    }

    [Fact]
    public void GivenTomorrow_WhenBirthDate_ThenRefused()
    {
        var d = Valid();
        d.BirthDate = Today.AddDays(1);
        Assert.Contains("birthDate", d.Validate(Today).Keys);
    }

    [Fact]
    public void GivenControlCharactersInName_WhenValidated_ThenRefused()
    {
        var d = Valid();
        d.FamilyName = "Smith\u0000";
        Assert.Contains("familyName", d.Validate(Today).Keys);
    }

    [Fact]
    public void GivenMissingNames_WhenValidated_ThenBothNamed()
    {
        var d = Valid();
        d.GivenName = " ";
        d.FamilyName = null;
        var errors = d.Validate(Today);
        Assert.Contains("givenName", errors.Keys);
        Assert.Contains("familyName", errors.Keys);
    }

    [Fact]
    public void GivenAgeOnBirthday_WhenComputed_ThenCountsTheBirthday()
    {
        Assert.Equal(46, UkFormat.AgeInYears(new DateOnly(1980, 11, 25), Today));
        Assert.Equal(45, UkFormat.AgeInYears(new DateOnly(1980, 11, 26), Today));
    }

    [Fact]
    public void GivenDate_WhenFormattedForStaff_ThenDayMonthNameYear() =>
        Assert.Equal("05-Sep-2026", UkFormat.Date(new DateOnly(2026, 9, 5)));

    [Fact]
    public void GivenSummerInstant_WhenShownInLondon_ThenBritishSummerTimeApplied() =>
        Assert.Equal("01-Jul-2026 13:30", UkFormat.DateTime(new DateTime(2026, 7, 1, 12, 30, 0, DateTimeKind.Utc)));
}
