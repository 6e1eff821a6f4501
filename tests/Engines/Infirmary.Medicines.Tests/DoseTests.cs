namespace Infirmary.Medicines.Tests;

public class DoseTests
{
    private static IReadOnlyList<Alert> ScreenDose(string product, double doseMg, double perDay, Func<ScreeningRequest, ScreeningRequest>? patient = null)
    {
        var request = new ScreeningRequest { DraftOrders = [new MedicineOrder(Text: product) { DoseMg = doseMg, DosesPerDay = perDay }] };
        return Fixture.Engine.Screen(patient is null ? request : patient(request));
    }

    [Fact]
    public void GivenChildOf15Kg_WhenParacetamolExceeds75MgPerKgPerDay_ThenDoseAlert()
    {
        // 360 mg four times a day = 1440 mg = 96 mg/kg/day; BNFc maximum 75 mg/kg/day = 1125 mg.
        var alerts = ScreenDose("Paracetamol 120mg/5ml oral suspension", 360, 4, r => r with { AgeYears = 4, WeightKg = 15 });
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertKind.Dose, alert.Kind);
        Assert.EndsWith(":perkg", alert.RuleId, StringComparison.Ordinal);
        Assert.Contains("BNF for Children", alert.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenChildOf15Kg_WhenParacetamolWithinLimit_ThenNoAlert()
    {
        Assert.Empty(ScreenDose("Paracetamol 120mg/5ml oral suspension", 240, 4, r => r with { AgeYears = 4, WeightKg = 15 }));
    }

    [Fact]
    public void GivenChildWithoutWeight_WhenWeightBasedMedicine_ThenAskForWeight()
    {
        var alert = Assert.Single(ScreenDose("Ibuprofen 100mg/5ml oral suspension", 100, 3, r => r with { AgeYears = 3 }));
        Assert.EndsWith(":noweight", alert.RuleId, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAdult_WhenParacetamolOver4gDaily_ThenDailyLimitAlert()
    {
        var alert = Assert.Single(ScreenDose("Paracetamol 500mg tablets", 1000, 6, r => r with { AgeYears = 40, WeightKg = 70 }));
        Assert.EndsWith(":daily", alert.RuleId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void GivenImpossibleDose_WhenScreened_ThenSevereDoseAlert(double dose)
    {
        var alert = Assert.Single(ScreenDose("Digoxin 125microgram tablets", dose, 1));
        Assert.Equal("dose:impossible", alert.RuleId);
        Assert.Equal(Severity.Severe, alert.Severity);
    }

    [Fact]
    public void GivenTenGramsOfDigoxin_WhenScreened_ThenSingleAndDailyLimitsFire()
    {
        var alerts = ScreenDose("Digoxin 125microgram tablets", 10000, 1, r => r with { AgeYears = 70 });
        Assert.Contains(alerts, a => a.RuleId.EndsWith(":single", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.RuleId.EndsWith(":daily", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenCockcroftGault_WhenComputed_ThenMatchesFormula()
    {
        // (140 - 80) × 60 × 1.23 / 120 = 36.9 mL/min; female constant 1.04 gives 31.2.
        Assert.Equal(36.9, RenalFunction.CockcroftGault(80, 60, Sex.Male, 120), 6);
        Assert.Equal(31.2, RenalFunction.CockcroftGault(80, 60, Sex.Female, 120), 6);
    }

    [Fact]
    public void GivenGentamicinAndCreatinine_WhenCrClFromCockcroftGaultBelow20_ThenSevereRenalAlert()
    {
        // (140 - 85) × 50 × 1.04 / 200 = 14.3 mL/min.
        var alerts = ScreenDose("Gentamicin 80mg/2ml solution for injection ampoules", 300, 1,
            r => r with { AgeYears = 85, WeightKg = 50, Sex = Sex.Female, SerumCreatinineMicromolPerL = 200 });
        var alert = Assert.Single(alerts);
        Assert.Equal("renal-gent-20", alert.RuleId);
        Assert.Contains("Cockcroft", alert.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenGentamicinWithModerateImpairment_WhenScreened_ThenModerateIntervalAdvice()
    {
        var alert = Assert.Single(ScreenDose("Gentamicin 80mg/2ml solution for injection ampoules", 350, 1,
            r => r with { AgeYears = 60, WeightKg = 70, CreatinineClearanceMlPerMin = 45 }));
        Assert.Equal("renal-gent-60", alert.RuleId);
        Assert.Equal(Severity.Moderate, alert.Severity);
    }

    [Theory]
    [InlineData(25, 500, 2, "renal-metf-30")]
    [InlineData(40, 1000, 2, "renal-metf-45")]
    [InlineData(40, 500, 2, null)]
    [InlineData(80, 1000, 2, null)]
    public void GivenMetforminAndEgfr_WhenScreened_ThenRenalRuleByBand(double egfr, double dose, double perDay, string? expected)
    {
        var alerts = ScreenDose("Metformin 500mg tablets", dose, perDay, r => r with { AgeYears = 70, EgfrMlPerMin = egfr });
        if (expected is null)
        {
            Assert.Empty(alerts);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(alerts).RuleId);
        }
    }

    [Fact]
    public void GivenEnoxaparinTwiceDailyAndCrClUnder30_WhenScreened_ThenOnceDailyAdvice()
    {
        var alert = Assert.Single(ScreenDose("Enoxaparin sodium 80mg/0.8ml solution for injection pre-filled syringes", 70, 2,
            r => r with { AgeYears = 75, WeightKg = 70, CreatinineClearanceMlPerMin = 25 }));
        Assert.Equal("renal-enox-30", alert.RuleId);
    }

    [Fact]
    public void GivenNitrofurantoinAndEgfr40_WhenScreened_ThenAvoidAlert()
    {
        var alert = Assert.Single(ScreenDose("Nitrofurantoin 50mg capsules", 50, 4, r => r with { AgeYears = 75, EgfrMlPerMin = 40 }));
        Assert.Equal("renal-nitro-45", alert.RuleId);
        Assert.Equal(Severity.Severe, alert.Severity);
    }
}
