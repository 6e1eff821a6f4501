using Infirmary.Laboratory.Domain;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Reference range choice by sex and age band, and the H/L/HH/LL flags (pure domain rules, no database).</summary>
public sealed class ResultFlagTests
{
    private const int Adult = 18 * 365;

    private static readonly ReferenceRange[] Hb =
    [
        new() { TestCode = "HB", Sex = "Male", AgeFromDays = Adult, Low = 130m, High = 180m },
        new() { TestCode = "HB", Sex = "Female", AgeFromDays = Adult, Low = 115m, High = 165m },
        new() { TestCode = "HB", Sex = ReferenceRange.AnySex, AgeFromDays = 365, AgeToDays = Adult, Low = 110m, High = 150m },
    ];

    [Theory]
    [InlineData("Male", 40 * 365, 130)]
    [InlineData("Female", 40 * 365, 115)]
    [InlineData("Female", Adult, 115)]
    [InlineData("Male", Adult - 1, 110)]
    [InlineData("Unknown", 10 * 365, 110)]
    public void GivenSexAndAge_WhenChoosingTheRange_ThenTheBandThatCoversThemIsUsed(string sex, int ageDays, int expectedLow)
    {
        Assert.Equal(expectedLow, ReferenceRange.For(Hb, sex, ageDays)!.Low);
    }

    [Fact]
    public void GivenAnAdultOfUnknownSexOrAPatientOfUnknownAge_WhenChoosingTheRange_ThenNoneRatherThanAGuess()
    {
        Assert.Null(ReferenceRange.For(Hb, "Unknown", 40 * 365));
        Assert.Null(ReferenceRange.For(Hb, "Male", null));
    }

    [Fact]
    public void GivenASexSpecificAndAnAnySexRange_WhenBothApply_ThenTheSexSpecificOneWins()
    {
        ReferenceRange[] ranges =
        [
            new() { TestCode = "X", Sex = ReferenceRange.AnySex, Low = 1m, High = 2m },
            new() { TestCode = "X", Sex = "Female", Low = 3m, High = 4m },
        ];
        Assert.Equal(3m, ReferenceRange.For(ranges, "Female", 100)!.Low);
        Assert.Equal(1m, ReferenceRange.For(ranges, "Male", 100)!.Low);
    }

    [Theory]
    [InlineData(125, "L")]
    [InlineData(130, "N")]
    [InlineData(180, "N")]
    [InlineData(181, "H")]
    [InlineData(70, "LL")]
    [InlineData(69, "LL")]
    [InlineData(200, "HH")]
    public void GivenAValue_WhenFlagged_ThenCriticalLimitsWinOverTheRange(int value, string flag)
    {
        Assert.Equal(flag, ResultFlags.Compute(value, Hb[0], 70m, 200m));
    }

    [Fact]
    public void GivenNoRangeAndNoLimits_WhenFlagged_ThenNoFlag()
    {
        Assert.Null(ResultFlags.Compute(5m, null, null, null));
        Assert.Equal("HH", ResultFlags.Compute(9m, null, null, 8m));
    }
}
