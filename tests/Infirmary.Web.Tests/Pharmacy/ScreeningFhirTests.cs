using System.Net;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>Screening results as FHIR DetectedIssue (POST /fhir/MedicationRequest/$screen), on SQLite and PostgreSQL.</summary>
public abstract class ScreeningFhirTests(InfirmaryFactory factory)
{
    private const string Url = "/fhir/MedicationRequest/$screen";

    private static string Request(string status, string text, Guid patient) =>
        $$$$"""{"resource":{"resourceType":"MedicationRequest","status":"{{{{status}}}}","intent":"order","subject":{"reference":"Patient/{{{{patient}}}}"},"medicationCodeableConcept":{"text":"{{{{text}}}}"}}}""";

    [Fact]
    public async Task GivenDraftTrimethoprimAndCurrentMethotrexateAndAPenicillinAllergy_WhenScreened_ThenDetectedIssuesMostSeriousFirst()
    {
        var client = await Clients.SystemAsync(factory, "system/MedicationRequest.read");
        var patient = Guid.NewGuid();
        var body = $$$$"""
            {"resourceType":"Bundle","type":"collection","entry":[
              {{{{Request("draft", "Trimethoprim 200mg tablets", patient)}}}},
              {{{{Request("draft", "Co-amoxiclav 500mg/125mg tablets", patient)}}}},
              {{{{Request("active", "Methotrexate 2.5mg tablets", patient)}}}},
              {"resource":{"resourceType":"AllergyIntolerance","code":{"text":"penicillins"},"patient":{"reference":"Patient/{{{{patient}}}}"}}}
            ]}
            """;

        var response = await client.PostAsync(Url, Clients.Fhir(body));
        var bundle = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bundle", bundle.GetProperty("resourceType").GetString());
        var issues = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        Assert.All(issues, i => Assert.Equal("DetectedIssue", i.GetProperty("resourceType").GetString()));
        Assert.Equal("high", issues[0].GetProperty("severity").GetString());
        var interaction = Assert.Single(issues, i => i.GetProperty("code").TryGetProperty("coding", out var c) && c[0].GetProperty("code").GetString() == "DRG"
                                                     && i.GetProperty("detail").GetString()!.Contains("bone-marrow", StringComparison.Ordinal));
        Assert.Equal($"Patient/{patient}", interaction.GetProperty("patient").GetProperty("reference").GetString());
        Assert.Equal(2, interaction.GetProperty("implicated").GetArrayLength());
        Assert.Contains(issues, i => i.GetProperty("code").TryGetProperty("coding", out var c) && c[0].GetProperty("code").GetString() == "ALGY");

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.PatientId == patient && a.Action == AuditAction.Execute && a.Entity == "MedicationRequest/$screen"));
    }

    [Fact]
    public async Task GivenABundleWithNoDraftOrder_WhenScreened_ThenOperationOutcome400()
    {
        var client = await Clients.SystemAsync(factory);
        var body = $$$$"""{"resourceType":"Bundle","type":"collection","entry":[{{{{Request("active", "Warfarin 5mg tablets", Guid.NewGuid())}}}}]}""";
        var response = await client.PostAsync(Url, Clients.Fhir(body));
        var outcome = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("status 'draft'", outcome.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPatientInsteadOfABundle_WhenScreened_ThenOperationOutcome400()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync(Url, Clients.Fhir("""{"resourceType":"Patient","gender":"male"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Expected a Bundle", (await response.JsonAsync()).ToString(), StringComparison.Ordinal);
    }
}

public sealed class ScreeningFhirTests_Sqlite(SqliteFactory factory) : ScreeningFhirTests(factory), IClassFixture<SqliteFactory>;

public sealed class ScreeningFhirTests_Postgres(PostgresFactory factory) : ScreeningFhirTests(factory), IClassFixture<PostgresFactory>;
