namespace Infirmary.Medicines.Tests;

public class FoodAllergyDuplicateTests
{
    private static IReadOnlyList<Alert> WithFood(string medicine, string food) =>
        Fixture.Engine.Screen(new ScreeningRequest { DraftOrders = [Fixture.Text(medicine)], Foods = [food] });

    private static IReadOnlyList<Alert> WithAllergy(string medicine, string allergy) =>
        Fixture.Engine.Screen(new ScreeningRequest { DraftOrders = [Fixture.Text(medicine)], Allergies = [allergy] });

    [Theory]
    [InlineData("Simvastatin 40mg tablets", "grapefruit juice", Severity.Severe, "food-gf-simva")]
    [InlineData("Atorvastatin 20mg tablets", "Grapefruit", Severity.Moderate, "food-gf-3a4")]
    [InlineData("Metronidazole 400mg tablets", "alcohol", Severity.Severe, "food-alc-metro")]
    [InlineData("Diazepam 5mg tablets", "wine", Severity.Moderate, "food-alc-cns")]
    [InlineData("Doxycycline 100mg capsules", "milk", Severity.Moderate, "food-dairy-tet")]
    [InlineData("Ciprofloxacin 500mg tablets", "iron-fortified cereals", Severity.Moderate, "food-fe-quin")]
    [InlineData("Levothyroxine sodium 100microgram tablets", "calcium", Severity.Moderate, "food-ca-thyrox")]
    [InlineData("Phenelzine 15mg tablets", "mature cheese", Severity.Severe, "food-tyr-maoi")]
    [InlineData("Phenelzine 15mg tablets", "Marmite on toast", Severity.Severe, "food-tyr-maoi")]
    [InlineData("Warfarin 5mg tablets", "spinach", Severity.Moderate, "food-vk-vka")]
    public void GivenFoodRule_WhenScreenedWithFood_ThenFoodAlertFires(string medicine, string food, Severity severity, string ruleId)
    {
        var alert = Fixture.Find(WithFood(medicine, food), AlertKind.Food);
        Assert.NotNull(alert);
        Assert.Equal(severity, alert.Severity);
        Assert.Equal(ruleId, alert.RuleId);
    }

    [Fact]
    public void GivenFoodWithoutRule_WhenScreened_ThenNoFoodAlertAndUnknownFoodIsReported()
    {
        Assert.DoesNotContain(WithFood("Paracetamol 500mg tablets", "grapefruit"), a => a.Kind == AlertKind.Food);
        var unknown = Assert.Single(WithFood("Paracetamol 500mg tablets", "durian"));
        Assert.Equal(AlertKind.Unresolved, unknown.Kind);
    }

    [Theory]
    [InlineData("Amoxicillin 500mg capsules", "penicillin", Severity.Contraindicated)]
    [InlineData("Co-amoxiclav 500mg/125mg tablets", "Penicillins", Severity.Contraindicated)]
    [InlineData("Flucloxacillin 500mg capsules", "amoxicillin", Severity.Contraindicated)]
    [InlineData("Amoxicillin 500mg capsules", "amoxicillin", Severity.Contraindicated)]
    [InlineData("Cefalexin 500mg capsules", "penicillin", Severity.Moderate)]
    [InlineData("Co-trimoxazole 80mg/400mg tablets", "sulfa", Severity.Contraindicated)]
    [InlineData("Ibuprofen 400mg tablets", "aspirin", Severity.Contraindicated)]
    [InlineData("Codeine phosphate 30mg tablets", "morphine", Severity.Severe)]
    public void GivenAllergy_WhenOrderingRelatedMedicine_ThenAllergyAlertWithExpectedSeverity(string medicine, string allergy, Severity severity)
    {
        var alert = Fixture.Find(WithAllergy(medicine, allergy), AlertKind.Allergy);
        Assert.NotNull(alert);
        Assert.Equal(severity, alert.Severity);
        Assert.Equal(allergy, alert.ItemB?.Label);
    }

    [Fact]
    public void GivenPenicillinAllergy_WhenCefalexinOrdered_ThenWarningMentionsLowCrossSensitivity()
    {
        var alert = Fixture.Find(WithAllergy("Cefalexin 500mg capsules", "penicillin"), AlertKind.Allergy)!;
        Assert.Equal("alg-pen-ceph", alert.RuleId);
        Assert.Contains("immediate", alert.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fentanyl 25micrograms/hour transdermal patches", "morphine")]
    [InlineData("Paracetamol 500mg tablets", "penicillin")]
    [InlineData("Clarithromycin 500mg tablets", "penicillin")]
    public void GivenAllergy_WhenUnrelatedMedicineOrdered_ThenNoAllergyAlert(string medicine, string allergy)
    {
        Assert.DoesNotContain(WithAllergy(medicine, allergy), a => a.Kind == AlertKind.Allergy);
    }

    [Fact]
    public void GivenUnknownAllergyEntry_WhenScreened_ThenUnresolvedAlertSaysNotScreened()
    {
        var alert = Assert.Single(WithAllergy("Paracetamol 500mg tablets", "zzfoo"));
        Assert.Equal(AlertKind.Unresolved, alert.Kind);
        Assert.Contains("not been screened", alert.Mechanism, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTwoNsaids_WhenScreened_ThenDuplicateNsaidAlert()
    {
        var alert = Fixture.Find(Fixture.Screen("Ibuprofen 400mg tablets", "Naproxen 250mg tablets"), AlertKind.Duplicate);
        Assert.NotNull(alert);
        Assert.Equal("dup:class:NSAID", alert.RuleId);
        Assert.Equal(Severity.Moderate, alert.Severity);
    }

    [Theory]
    [InlineData("Omeprazole 20mg gastro-resistant capsules", "Lansoprazole 30mg gastro-resistant capsules", "dup:class:PPI")]
    [InlineData("Warfarin 5mg tablets", "Apixaban 5mg tablets", "dup:class:anticoagulant")]
    public void GivenTwoOfSameClass_WhenScreened_ThenDuplicateAlertNamesClass(string a, string b, string ruleId)
    {
        Assert.Contains(Fixture.Screen(a, b), x => x.Kind == AlertKind.Duplicate && x.RuleId == ruleId);
    }

    [Fact]
    public void GivenCoCodamolAndParacetamol_WhenScreened_ThenSevereSameSubstanceDuplicate()
    {
        var alert = Fixture.Find(Fixture.Screen("Co-codamol 30mg/500mg tablets", "Paracetamol 500mg tablets"), AlertKind.Duplicate)!;
        Assert.Equal(Severity.Severe, alert.Severity);
        Assert.Equal("dup:substance:paracetamol", alert.RuleId);
    }
}
