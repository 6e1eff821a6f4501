namespace Infirmary.Medicines.Tests;

public class InteractionTests
{
    [Fact]
    public void GivenEveryOncPair_WhenScreenedAsDraftsByUkName_ThenASevereOrWorseInteractionFires()
    {
        var raw = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "onc_high_priority_pairs.csv"))
            .Where(l => l.Contains('$', StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        var checkedPairs = 0;
        foreach (var line in raw)
        {
            var f = line.Split('$');
            var a = UkName(f[0]);
            var b = UkName(f[2]);
            if (a == b)
            {
                continue;
            }

            checkedPairs++;
            var alerts = Fixture.Screen(a, b);
            if (!alerts.Any(x => x.Kind == AlertKind.Interaction && x.Severity >= Severity.Severe))
            {
                failures.Add($"{a} + {b}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(1930, checkedPairs);
    }

    private static string UkName(string us) =>
        Fixture.Kb.UsToUkNames.TryGetValue(us, out var uk) ? uk : us.ToLowerInvariant();

    [Theory]
    [InlineData("Dextroamphetamine", "dexamfetamine")]
    [InlineData("Ergonovine", "ergometrine")]
    [InlineData("Methamphetamine", "metamfetamine")]
    public void GivenUsNameInOncList_WhenLoaded_ThenPairsUseUkName(string us, string uk)
    {
        Assert.Contains(Fixture.Kb.OncPairs, p => p.A == uk || p.B == uk);
        Assert.DoesNotContain(Fixture.Kb.OncPairs, p => string.Equals(p.A, us, StringComparison.OrdinalIgnoreCase) || string.Equals(p.B, us, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void GivenOncRule_WhenItFires_ThenItCitesPhansalkar()
    {
        // Disopyramide + pimozide is in the ONC list; the only other rule for it is the broader QT class rule.
        var alert = Fixture.Screen("Disopyramide", "Pimozide").Single(a => a.Kind == AlertKind.Interaction);
        Assert.Contains("Phansalkar", alert.Source, StringComparison.Ordinal);
        Assert.Contains("2012;19:735-743", alert.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Methotrexate 2.5mg tablets", "Trimethoprim 200mg tablets", Severity.Severe, "uk-mtx-tmp")]
    [InlineData("Methotrexate 2.5mg tablets", "Co-trimoxazole 80mg/400mg tablets", Severity.Severe, "uk-mtx")]
    [InlineData("Warfarin 5mg tablets", "Ibuprofen 400mg tablets", Severity.Severe, "uk-antic-nsaid")]
    [InlineData("Warfarin 5mg tablets", "Naproxen 250mg tablets", Severity.Severe, "uk-antic-nsaid")]
    [InlineData("Apixaban 5mg tablets", "Diclofenac sodium 50mg gastro-resistant tablets", Severity.Severe, "uk-antic-nsaid")]
    [InlineData("Sildenafil 50mg tablets", "Glyceryl trinitrate 400micrograms/dose sublingual spray", Severity.Contraindicated, "uk-pde5-nitrate")]
    [InlineData("Sildenafil 50mg tablets", "Isosorbide mononitrate 20mg tablets", Severity.Contraindicated, "uk-pde5-nitrate")]
    [InlineData("Simvastatin 40mg tablets", "Clarithromycin 500mg tablets", Severity.Contraindicated, "uk-simva-3a4")]
    [InlineData("Atorvastatin 20mg tablets", "Clarithromycin 500mg tablets", Severity.Severe, "uk-statin3a4-3a4")]
    [InlineData("Clopidogrel 75mg tablets", "Omeprazole 20mg gastro-resistant capsules", Severity.Moderate, "uk-clopi-omep")]
    [InlineData("Lithium carbonate 400mg modified-release tablets", "Ibuprofen 400mg tablets", Severity.Severe, "uk-lithium-nsaid")]
    [InlineData("Lithium carbonate 400mg modified-release tablets", "Ramipril 5mg capsules", Severity.Severe, "uk-lithium-acei")]
    [InlineData("Spironolactone 25mg tablets", "Lisinopril 10mg tablets", Severity.Severe, "uk-ksparing-acei")]
    [InlineData("Tramadol 50mg capsules", "Sertraline 50mg tablets", Severity.Severe, "uk-tramadol-ssri")]
    [InlineData("Linezolid 600mg tablets", "Citalopram 20mg tablets", Severity.Severe, "uk-linezolid-sero")]
    [InlineData("Allopurinol 100mg tablets", "Azathioprine 50mg tablets", Severity.Severe, "uk-allo-aza")]
    [InlineData("Tizanidine 2mg tablets", "Ciprofloxacin 500mg tablets", Severity.Contraindicated, "uk-tiz-cipro")]
    [InlineData("Colchicine 500microgram tablets", "Clarithromycin 500mg tablets", Severity.Severe, "uk-colch-3a4")]
    [InlineData("Amiodarone 200mg tablets", "Simvastatin 40mg tablets", Severity.Severe, "uk-simva-amiodarone")]
    [InlineData("Potassium chloride 600mg modified-release tablets", "Amiloride 5mg tablets", Severity.Severe, "uk-ksparing-kcl")]
    [InlineData("Potassium chloride 600mg modified-release tablets", "Spironolactone 25mg tablets", Severity.Severe, "uk-ksparing-kcl")]
    [InlineData("Digoxin 125microgram tablets", "Amiodarone 200mg tablets", Severity.Severe, "uk-dig-amio")]
    [InlineData("Theophylline 200mg modified-release tablets", "Ciprofloxacin 500mg tablets", Severity.Severe, "uk-theo-cipro")]
    [InlineData("Haloperidol 5mg tablets", "Citalopram 20mg tablets", Severity.Severe, "")]
    [InlineData("Ondansetron 4mg tablets", "Erythromycin 250mg gastro-resistant tablets", Severity.Severe, "")]
    [InlineData("Ramipril 5mg capsules", "Losartan 50mg tablets", Severity.Severe, "uk-acei-arb")]
    [InlineData("Morphine sulfate 10mg/5ml oral solution", "Diazepam 5mg tablets", Severity.Severe, "uk-opioid-benzo")]
    [InlineData("Sodium valproate 500mg gastro-resistant tablets", "Meropenem 1g powder for solution for injection vials", Severity.Severe, "uk-valp-carbapenem")]
    [InlineData("Trimethoprim 200mg tablets", "Spironolactone 25mg tablets", Severity.Severe, "uk-tmp-ksparing")]
    [InlineData("Phenelzine 15mg tablets", "Sertraline 50mg tablets", Severity.Contraindicated, "uk-maoi-sero")]
    [InlineData("Domperidone 10mg tablets", "Clarithromycin 500mg tablets", Severity.Contraindicated, "uk-domp-3a4")]
    [InlineData("Bisoprolol 5mg tablets", "Verapamil 40mg tablets", Severity.Severe, "uk-bb-verapamil")]
    [InlineData("hydroxychloroquine", "levofloxacin", Severity.Severe, "uk-qt-qt")]
    [InlineData("amisulpride", "quinine", Severity.Severe, "uk-qt-qt")]
    [InlineData("Gentamicin 80mg/2ml solution for injection ampoules", "Furosemide 40mg tablets", Severity.Moderate, "uk-amg-loop")]
    [InlineData("Levothyroxine sodium 100microgram tablets", "Ferrous sulfate 200mg tablets", Severity.Moderate, "uk-thyrox-fe")]
    public void GivenUkExpectedPair_WhenScreened_ThenInteractionFiresWithSeverityAndSource(string a, string b, Severity expected, string rulePrefix)
    {
        var alert = Fixture.Screen(a, b).Single(x => x.Kind == AlertKind.Interaction);
        Assert.Equal(expected, alert.Severity);
        Assert.StartsWith(rulePrefix, alert.RuleId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(alert.Source));
        Assert.False(string.IsNullOrWhiteSpace(alert.Mechanism));
        Assert.False(string.IsNullOrWhiteSpace(alert.Advice));
    }

    [Fact]
    public void GivenParacetamolAndAmoxicillin_WhenScreened_ThenNoAlert()
    {
        Assert.Empty(Fixture.Screen("Paracetamol 500mg tablets", "Amoxicillin 500mg capsules"));
    }

    [Fact]
    public void GivenCurrentPairOnly_WhenNotReviewing_ThenCurrentAgainstCurrentIsNotScreened()
    {
        var current = new[] { Fixture.Text("Warfarin 5mg tablets"), Fixture.Text("Ibuprofen 400mg tablets") };
        Assert.Empty(Fixture.Engine.Screen(new ScreeningRequest { CurrentMedicines = current }));
        Assert.Single(Fixture.Engine.Screen(new ScreeningRequest { CurrentMedicines = current, ScreenCurrentAgainstCurrent = true }), a => a.Kind == AlertKind.Interaction);
    }

    [Fact]
    public void GivenDraftAgainstCurrent_WhenScreened_ThenPairFires()
    {
        var alerts = Fixture.Engine.Screen(new ScreeningRequest
        {
            CurrentMedicines = [Fixture.Text("Methotrexate 2.5mg tablets")],
            DraftOrders = [new MedicineOrder(Code: "9100008")],
        });
        Assert.Equal("uk-mtx-tmp", Assert.Single(alerts).RuleId);
    }

    [Fact]
    public void GivenKnowledgeBase_WhenLoaded_ThenEveryRuleHasSeverityMechanismAdviceAndSource()
    {
        var rules = Fixture.Kb.PairRules.Values.Concat(Fixture.Kb.FoodRules.Values).Concat(Fixture.Kb.AllergyRules.Values).ToList();
        Assert.True(Fixture.Kb.InteractionPairCount > 3000, $"only {Fixture.Kb.InteractionPairCount} pairs");
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Source));
            Assert.False(string.IsNullOrWhiteSpace(r.Mechanism));
            Assert.False(string.IsNullOrWhiteSpace(r.Advice));
        });
        Assert.Empty(Fixture.Engine.UnknownSubstances);
    }
}
