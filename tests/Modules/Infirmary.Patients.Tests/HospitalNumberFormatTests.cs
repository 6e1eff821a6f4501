using Infirmary.Patients.Domain;

namespace Infirmary.Patients.Tests;

/// <summary>Hospital numbers as typed at the search box, and as issued (ADR 0070).</summary>
public sealed class HospitalNumberFormatTests
{
    [Theory]
    [InlineData("H0001234", "H0001234")]
    [InlineData("h0001234", "H0001234")]
    [InlineData(" H000 1234 ", "H0001234")]
    [InlineData("H12345678", "H12345678")] // beyond H9999999 the number simply grows
    [InlineData("H123", null)]              // too short
    [InlineData("X0001234", null)]
    [InlineData("H00012A4", null)]
    [InlineData("H0000000", null)]          // numbering starts at 1
    [InlineData("", null)]
    [InlineData(null, null)]
    public void GivenTypedText_WhenNormalised_ThenTheStoredFormOrNothing(string? typed, string? expected) =>
        Assert.Equal(expected, PatientIdentifiers.NormaliseHospitalNumber(typed));

    [Theory]
    [InlineData(1L, "H0000001")]
    [InlineData(9_999_999L, "H9999999")]
    [InlineData(10_000_000L, "H10000000")]
    public void GivenACounterValue_WhenFormatted_ThenItParsesBack(long n, string formatted)
    {
        Assert.Equal(formatted, PatientIdentifiers.FormatHospitalNumber(n));
        Assert.Equal(n, PatientIdentifiers.ParseHospitalNumber(formatted));
    }
}
