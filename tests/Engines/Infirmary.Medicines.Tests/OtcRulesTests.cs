namespace Infirmary.Medicines.Tests;

public class OtcRulesTests
{
    private static readonly OtcProtocol Answered = new("Himself", "Headache", "Two days", "None", "None");
    private static readonly OtcProtocol Unanswered = new(null, " ", null, null, null);

    private static OtcLine Paracetamol(int size, string category, int packs, string field = "lines[0]") =>
        new(field, $"Paracetamol 500mg tablets, {size} tablets", category, ["paracetamol"], "tablet", size, packs);

    private static OtcLine Gaviscon(int packs) => new("lines[1]", "Gaviscon liquid, 300 ml", "GSL", ["sodium alginate"], "ml", 300, packs);

    [Fact]
    public void GivenTwoGeneralSalePacksOfSixteen_WhenChecked_ThenTheSaleIsAllowedWithoutTheProtocol()
    {
        Assert.Empty(OtcRules.Check([Paracetamol(16, "GSL", 2)], Unanswered, exceptional: false));
    }

    [Fact]
    public void GivenAPharmacyMedicine_WhenTheProtocolIsNotAnswered_ThenEachMissingQuestionIsNamed()
    {
        var errors = OtcRules.Check([Paracetamol(32, "P", 1)], Unanswered, exceptional: false);
        Assert.Equal(["protocol.forWhom", "protocol.symptoms", "protocol.duration", "protocol.otherMedicines"], errors.Select(e => e.Field));
        Assert.Empty(OtcRules.Check([Paracetamol(32, "P", 1)], Answered, exceptional: false));
        Assert.Empty(OtcRules.Check([Paracetamol(32, "P", 1)], Answered with { ActionTaken = null }, exceptional: false));
    }

    [Fact]
    public void GivenAPrescriptionOnlyOrUnclassifiedPack_WhenChecked_ThenRefused()
    {
        var pom = OtcRules.Check([Paracetamol(100, "POM", 1)], Answered, exceptional: true);
        Assert.Contains(pom, e => e.Field == "lines[0].gtin" && e.Message.Contains("prescription-only medicine (POM)", StringComparison.Ordinal));
        var unknown = OtcRules.Check([new OtcLine("lines[0]", "Simvastatin 40mg tablets, 28", null, ["simvastatin"], "tablet", 28, 1)], Answered, false);
        Assert.Contains("no legal category", Assert.Single(unknown).Message, StringComparison.Ordinal);
        var cd = OtcRules.Check([new OtcLine("lines[0]", "Diazepam 2mg tablets, 28", "P", ["diazepam"], "tablet", 28, 1, 4)], Answered, false);
        Assert.Contains("schedule 4 controlled drug", Assert.Single(cd).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, false, true)]
    [InlineData(3, true, false)] // exceptional: a pharmacist allows 3 × 32 = 96 tablets
    [InlineData(4, true, true)] // 128 tablets: never, even exceptionally
    [InlineData(2, false, false)]
    public void GivenPharmacyPacksOfParacetamol_WhenMoreThanTwoAreSold_ThenOnlyAnExceptionalSaleUpTo100TabletsIsAllowed(int packs, bool exceptional, bool refused)
    {
        var errors = OtcRules.Check([Paracetamol(32, "P", packs)], Answered, exceptional);
        Assert.Equal(refused, errors.Any(e => e.Field == "lines"));
    }

    [Fact]
    public void GivenParacetamolAndAspirinOnTwoLines_WhenCounted_ThenTheLimitIsOnTheSaleNotTheLine()
    {
        var aspirin = new OtcLine("lines[1]", "Aspirin 300mg dispersible tablets, 16", "GSL", ["aspirin"], "tablet", 16, 1);
        var errors = OtcRules.Check([Paracetamol(16, "GSL", 2), aspirin], Answered, exceptional: false);
        Assert.Contains("this sale has 3", Assert.Single(errors).Message, StringComparison.Ordinal);
        // Other products do not count towards the painkiller limit.
        Assert.Empty(OtcRules.Check([Paracetamol(16, "GSL", 2), Gaviscon(3)], Answered, exceptional: false));
    }

    [Fact]
    public void GivenPacksLargerThanTheirCategoryAllows_WhenChecked_ThenTheMisclassificationIsRefused()
    {
        Assert.Contains("at most 16", Assert.Single(OtcRules.Check([Paracetamol(32, "GSL", 1)], Answered, false)).Message, StringComparison.Ordinal);
        Assert.Contains("prescription-only", Assert.Single(OtcRules.Check([Paracetamol(48, "P", 1)], Answered, false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTooManyOrNoPacksOnALine_WhenChecked_ThenThePacksFieldIsNamed()
    {
        Assert.Equal("lines[1].packs", Assert.Single(OtcRules.Check([Gaviscon(OtcRules.MaxPacksPerLine + 1)], Answered, false)).Field);
        Assert.Equal("lines[1].packs", Assert.Single(OtcRules.Check([Gaviscon(0)], Answered, false)).Field);
    }
}
