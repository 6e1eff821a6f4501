using System.Net;
using System.Text.RegularExpressions;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>The formulary and screening pages, server-rendered, on SQLite and PostgreSQL.</summary>
public abstract partial class PharmacyPagesTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenAPharmacist_WhenSearchingTheFormularyPage_ThenSimvastatinProductsAndTheFixtureNoticeAreShown()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var page = await client.GetStringAsync("/pharmacy/formulary?name=simvastatin");
        Assert.Contains("Simvastatin 40mg tablets", page, StringComparison.Ordinal);
        Assert.Contains("Zocor 40mg tablets", page, StringComparison.Ordinal);
        Assert.Contains("codes are made up", page, StringComparison.Ordinal);
        Assert.Contains("3 products", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPharmacist_WhenScreeningMethotrexateWithTrimethoprimAndAPenicillinAllergy_ThenCriticalAlertsLabelledInWords()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var response = await Clients.PostFormAsync(client, "/pharmacy/screen", "screen-medicines", new()
        {
            ["Form.Medicines"] = "Methotrexate 2.5mg tablets\nTrimethoprim 200mg tablets\nAmoxicillin 500mg capsules",
            ["Form.Allergies"] = "penicillin",
            ["Form.Age"] = "70",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Severe interaction: Methotrexate 2.5mg tablets with Trimethoprim 200mg tablets", page, StringComparison.Ordinal);
        Assert.Contains("allergy risk: Amoxicillin 500mg capsules", page, StringComparison.Ordinal);
        // Severity is written out, not only coloured.
        Assert.True(CriticalTag().Count(page) >= 2, page);
    }

    [Fact]
    public async Task GivenAnImpossibleAge_WhenScreening_ThenTheErrorIsShownAndNothingScreened()
    {
        var client = await Clients.UserAsync(factory, "clinician");
        var response = await Clients.PostFormAsync(client, "/pharmacy/screen", "screen-medicines", new()
        {
            ["Form.Medicines"] = "Paracetamol 500mg tablets",
            ["Form.Age"] = "200",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Age must be a number of years from 0 to 130.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"alert-count\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAReceptionist_WhenOpeningTheScreeningPage_ThenRefused()
    {
        var client = await Clients.UserAsync(factory, "reception");
        var response = await client.GetAsync("/pharmacy/screen");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("New medicines", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<span class=\"tag tag--critical\">Critical</span>")]
    private static partial Regex CriticalTag();
}

public sealed class PharmacyPagesTests_Sqlite(SqliteFactory factory) : PharmacyPagesTests(factory), IClassFixture<SqliteFactory>;

public sealed class PharmacyPagesTests_Postgres(PostgresFactory factory) : PharmacyPagesTests(factory), IClassFixture<PostgresFactory>;
