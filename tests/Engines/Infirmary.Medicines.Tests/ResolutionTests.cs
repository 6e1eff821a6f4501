namespace Infirmary.Medicines.Tests;

public class ResolutionTests
{
    [Theory]
    [InlineData("Simvastatin 40mg tablets", "9100003")]
    [InlineData("simvastatin 40 mg tab", "9100003")]
    [InlineData("SIMVASTATIN 40MG TABS", "9100003")]
    [InlineData("Zocor 40mg", "9100003")]
    [InlineData("acetaminophen 500 mg tablets", "9100042")]
    [InlineData("co-amoxiclav 500mg/125mg", "9100047")]
    [InlineData("Calpol", "9100043")]
    [InlineData("digoxin 62.5 micrograms", "9100040")]
    [InlineData("Colchicine 500 mcg tablets", "9100037")]
    public void GivenText_WhenResolved_ThenProductFound(string text, string code)
    {
        var resolution = Fixture.Engine.Resolve(new MedicineOrder(Text: text));
        Assert.Equal(code, resolution.Product?.Code);
    }

    [Fact]
    public void GivenCode_WhenResolved_ThenProductAndSubstances()
    {
        var resolution = Fixture.Engine.Resolve(new MedicineOrder(Code: "9100047"));
        Assert.Equal("Co-amoxiclav 500mg/125mg tablets", resolution.Product?.Name);
        Assert.Equal(["amoxicillin", "clavulanic acid"], resolution.Substances.Select(s => s.Name));
    }

    [Fact]
    public void GivenBrandWithSeveralStrengths_WhenNoStrength_ThenResolvedToSubstanceOnly()
    {
        var resolution = Fixture.Engine.Resolve(new MedicineOrder(Text: "Zocor"));
        Assert.True(resolution.IsResolved);
        Assert.Null(resolution.Product);
        Assert.Equal("simvastatin", Assert.Single(resolution.Substances).Name);
    }

    [Fact]
    public void GivenMisspelledName_WhenScreened_ThenUnresolvedAlertWithSuggestion()
    {
        var alert = Assert.Single(Fixture.Screen("Simvastatine 40mg tablets"));
        Assert.Equal(AlertKind.Unresolved, alert.Kind);
        Assert.Contains("not been screened", alert.Mechanism, StringComparison.Ordinal);
        Assert.Contains("simvastatin", alert.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnknownCode_WhenScreened_ThenUnresolvedSevere()
    {
        var alerts = Fixture.Engine.Screen(new ScreeningRequest { DraftOrders = [new MedicineOrder(Code: "123456789")] });
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertKind.Unresolved, alert.Kind);
        Assert.Equal(Severity.Severe, alert.Severity);
    }

    [Fact]
    public void GivenStrengthNotInFormulary_WhenScreened_ThenSubstanceStillScreenedAndNoteRaised()
    {
        var alerts = Fixture.Screen("simvastatin 30mg tablets", "Clarithromycin 500mg tablets");
        Assert.Contains(alerts, a => a.Kind == AlertKind.Interaction && a.Severity == Severity.Contraindicated);
        Assert.Contains(alerts, a => a.Kind == AlertKind.Unresolved && a.Severity == Severity.Minor);
    }

    [Fact]
    public void GivenUsNameText_WhenScreened_ThenUkRulesApply()
    {
        // albuterol = salbutamol, meperidine = pethidine: pethidine + phenelzine is an MAOI interaction.
        var alerts = Fixture.Screen("meperidine", "phenelzine");
        Assert.Contains(alerts, a => a.Kind == AlertKind.Interaction && a.Severity >= Severity.Severe);
        Assert.Equal("salbutamol", Assert.Single(Fixture.Engine.Resolve(new MedicineOrder(Text: "albuterol")).Substances).Name);
    }
}
