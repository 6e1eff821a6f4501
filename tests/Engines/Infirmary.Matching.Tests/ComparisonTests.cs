namespace Infirmary.Matching.Tests;

public class ComparisonTests
{
    private static readonly PersonRecord Base = new()
    {
        Id = "1",
        GivenNames = "William Henry",
        FamilyName = "O'Brien",
        DateOfBirth = new BirthDate(1970, 3, 12),
        Sex = "M",
        Postcode = "LS6 3AB",
        AddressLines = ["Flat 2", "14 Cardigan Road"],
        Town = "Leeds",
        NhsNumber = "943 476 5919",
        Phone = "+44 7700 900123",
        Email = "Bill.OBrien@example.org",
    };

    private static MatchCandidate Compare(PersonRecord other) => MatchIndex.Compare(Base, other, MatchModel.Default());

    private static int Level(PersonRecord other, MatchField field) => Compare(other).Fields.Single(f => f.Field == field).Level;

    [Fact]
    public void GivenTheSameRecordDifferentlyWritten_WhenCompared_ThenEveryFieldAgrees()
    {
        var same = Base with
        {
            Id = "2",
            GivenNames = "WILLIAM",
            FamilyName = "obrien",
            Postcode = "ls63ab",
            AddressLines = ["flat 2", "14, Cardigan Road"],
            NhsNumber = "9434765919",
            Phone = "07700900123",
            Email = "bill.obrien@EXAMPLE.org",
            Sex = "male",
        };
        var result = Compare(same);
        Assert.All(result.Fields.Where(f => f.Level != 0), f => Assert.Equal(FieldAgreement.Agree, f.Agreement));
        Assert.Equal(MatchDecision.Match, result.Decision);
    }

    [Theory]
    [InlineData(1970, 12, 3, 2)]
    [InlineData(1971, 3, 12, 3)]
    [InlineData(1970, 4, 12, 3)]
    [InlineData(1970, 3, 13, 3)]
    [InlineData(1971, 4, 12, 4)]
    public void GivenDatesOfBirth_WhenCompared_ThenTranspositionAndOneComponentAreSeparateLevels(int y, int m, int d, int level)
    {
        Assert.Equal(level, Level(Base with { DateOfBirth = new BirthDate(y, m, d) }, MatchField.DateOfBirth));
    }

    [Theory]
    [InlineData("LS6 3AB", 1)]
    [InlineData("LS6 3XY", 2)]
    [InlineData("LS6 1AB", 3)]
    [InlineData("LS7 3AB", 4)]
    [InlineData("M1 1AA", 5)]
    public void GivenPostcodes_WhenCompared_ThenUnitSectorDistrictLevels(string postcode, int level)
    {
        Assert.Equal(level, Level(Base with { Postcode = postcode }, MatchField.Postcode));
    }

    [Theory]
    [InlineData("William", 1)]
    [InlineData("Bill", 2)]
    [InlineData("Willaim", 2)]
    [InlineData("Willem", 3)]
    [InlineData("W", 4)]
    [InlineData("George", 5)]
    public void GivenGivenNames_WhenCompared_ThenExactNicknameJaroWinklerAndInitialLevels(string given, int level)
    {
        Assert.Equal(level, Level(Base with { GivenNames = given }, MatchField.GivenName));
    }

    [Fact]
    public void GivenNamesSwapped_WhenCompared_ThenBothNamesCountAsClose()
    {
        var swapped = Base with { GivenNames = "OBrien", FamilyName = "William" };
        Assert.Equal(2, Level(swapped, MatchField.GivenName));
        Assert.Equal(2, Level(swapped, MatchField.FamilyName));
    }

    [Fact]
    public void GivenMissingValues_WhenCompared_ThenLevelIsMissingAndWeightZero()
    {
        var sparse = new PersonRecord { Id = "3", GivenNames = "William", FamilyName = "O'Brien" };
        var result = Compare(sparse);
        foreach (var f in result.Fields.Where(f => f.Field is not (MatchField.GivenName or MatchField.FamilyName)))
        {
            Assert.Equal(FieldAgreement.Missing, f.Agreement);
            Assert.Equal(0, f.Weight);
        }
    }

    [Theory]
    [InlineData("9434765919", 1)]
    [InlineData("9434765991", 2)]
    [InlineData("4010232137", 3)]
    public void GivenNhsNumbers_WhenCompared_ThenExactSlipOrDifferent(string nhs, int level)
    {
        Assert.Equal(level, Level(Base with { NhsNumber = nhs }, MatchField.NhsNumber));
    }

    [Fact]
    public void GivenAddressLinesInAnotherOrder_WhenCompared_ThenAddressIsExact()
    {
        Assert.Equal(1, Level(Base with { AddressLines = ["14 Cardigan Road", "Flat 2"] }, MatchField.Address));
        Assert.Equal("14", Compare(Base with { AddressLines = ["14 Cardigan Road", "Flat 2"] }).Fields.Single(f => f.Field == MatchField.HouseNumber).Level == 1 ? "14" : "?");
    }
}
