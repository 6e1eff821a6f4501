namespace Infirmary.Medicines.Tests;

/// <summary>The ~300-medicine hospital formulary the demo is seeded from: every product screens.</summary>
public sealed class HospitalFormularyTests
{
    private static readonly IReadOnlyList<Product> Products = SampleFormulary.LoadHospital();
    private static readonly MedicinesEngine Engine = new(Fixture.Kb, Products);

    [Fact]
    public void GivenTheHospitalFormulary_ThenItHoldsAboutThreeHundredMedicinesWithUniqueFixtureCodesAndNames()
    {
        var substances = Products.SelectMany(p => p.Ingredients.Select(i => i.Substance)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        Assert.InRange(substances, 280, 340);
        Assert.Equal(Products.Count, Products.Select(p => p.Code).Distinct().Count());
        Assert.Equal(Products.Count, Products.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Products, p => Assert.Matches("^91[0-9]{5}$", p.Code));
        Assert.All(Products, p => Assert.All(p.Ingredients, i => Assert.True(i.StrengthMg > 0, $"{p.Name}: {i.Substance}")));
    }

    [Fact]
    public void GivenTheHospitalFormulary_ThenEverySubstanceIsKnownToTheKnowledgeBase()
    {
        Assert.Empty(Engine.UnknownSubstances);
        var unknown = Products.SelectMany(p => p.Ingredients).Where(i => Fixture.Kb.FindSubstance(i.Substance) is null).Select(i => i.Substance).Distinct();
        Assert.Empty(unknown);
    }

    [Fact]
    public void GivenEveryHospitalProduct_WhenResolvedByCodeAndByItsName_ThenItIsThatProduct()
    {
        var wrong = new List<string>();
        foreach (var p in Products)
        {
            if (Engine.Resolve(new MedicineOrder(Code: p.Code)).Product?.Code != p.Code)
            {
                wrong.Add($"code {p.Code}");
            }

            var byText = Engine.Resolve(new MedicineOrder(Text: p.Name));
            if (byText.Product?.Code != p.Code)
            {
                wrong.Add($"text '{p.Name}' -> {byText.Product?.Name ?? "unresolved"}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void GivenTwoHospitalProductsWithAKnownSevereInteraction_WhenScreened_ThenTheAlertFires()
    {
        // Clarithromycin with simvastatin: a UK rule; both from the hospital list by name.
        var alerts = Engine.Screen(new ScreeningRequest
        {
            DraftOrders = [new MedicineOrder(Text: "Clarithromycin 250mg tablets"), new MedicineOrder(Text: "Simvastatin 40mg tablets")],
        });
        Assert.Contains(alerts, a => a.Kind == AlertKind.Interaction && a.Severity >= Severity.Severe);
    }
}
