using System.Net;
using System.Net.Http.Json;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>Suspected adverse drug reactions (Yellow Card fields) feeding the patient's allergy list used by screening.</summary>
public abstract class AdverseReactionTests(InfirmaryFactory factory)
{
    private const string Api = "/api/v1/pharmacy/adverse-reactions";

    private async Task<Guid> PatientAsync()
    {
        var system = await Clients.SystemAsync(factory);
        var created = await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync();
        return Guid.Parse(created.GetProperty("id").GetString()!);
    }

    private static DateOnly Yesterday => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task GivenARecordedReactionToAmoxicillin_WhenCoAmoxiclavIsPrescribedWithNoAllergyTyped_ThenScreeningRaisesTheAllergy()
    {
        var patient = await PatientAsync();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var recorded = await pharmacist.PostAsJsonAsync(Api, new
        {
            patientId = patient, medicine = "Amoxicillin 500mg capsules", reaction = "Urticarial rash over trunk and arms", onsetDate = Yesterday,
            serious = false, outcome = "recovering",
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var body = await recorded.JsonAsync();
        Assert.Equal(("amoxicillin", "9100045", "intolerance"), (body.GetProperty("substance").GetString(), body.GetProperty("medicineCode").GetString(), body.GetProperty("type").GetString()));
        Assert.Contains("pharmacist", body.GetProperty("reporter").GetString(), StringComparison.Ordinal);

        var list = await (await pharmacist.GetAsync($"{Api}?patient={patient}")).JsonAsync();
        Assert.Equal("Urticarial rash over trunk and arms", Assert.Single(list.EnumerateArray()).GetProperty("reaction").GetString());

        var clinician = await Clients.UserAsync(factory, "clinician");
        var prescription = await clinician.PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient, type = "inpatient",
            items = new object[] { new { productCode = "9100047", doseMg = 625, frequency = "TDS", quantity = 21 } },
        });
        Assert.Equal(HttpStatusCode.Created, prescription.StatusCode);
        var alerts = (await prescription.JsonAsync()).GetProperty("alerts").EnumerateArray().ToList();
        Assert.Contains(alerts, a => a.GetProperty("kind").GetString() == "allergy");
    }

    [Fact]
    public async Task GivenARecordedReaction_WhenAllergyIntoleranceIsSearchedByPatientOverFhir_ThenItIsReturned()
    {
        var patient = await PatientAsync();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var recorded = await pharmacist.PostAsJsonAsync(Api, new
        {
            patientId = patient, medicine = "Amoxicillin 500mg capsules", reaction = "Wheeze and lip swelling", onsetDate = Yesterday,
            serious = false, outcome = "recovered",
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var response = await pharmacist.GetAsync($"/fhir/AllergyIntolerance?patient=Patient/{patient}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.JsonAsync();
        Assert.Equal(1, bundle.GetProperty("total").GetInt32());
        var resource = Assert.Single(bundle.GetProperty("entry").EnumerateArray()).GetProperty("resource");
        Assert.Equal("AllergyIntolerance", resource.GetProperty("resourceType").GetString());
        Assert.Equal("amoxicillin", resource.GetProperty("code").GetProperty("text").GetString());
        Assert.Equal($"Patient/{patient}", resource.GetProperty("patient").GetProperty("reference").GetString());

        // Someone else's record holds none of it.
        var other = await PatientAsync();
        var empty = await (await pharmacist.GetAsync($"/fhir/AllergyIntolerance?patient=Patient/{other}")).JsonAsync();
        Assert.Equal(0, empty.GetProperty("total").GetInt32());

        // The id the search gave reads back, from the pharmacy; an unknown id is a 404 OperationOutcome.
        var id = resource.GetProperty("id").GetString();
        var read = await pharmacist.GetAsync($"/fhir/AllergyIntolerance/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var one = await read.JsonAsync();
        Assert.Equal(id, one.GetProperty("id").GetString());
        Assert.Equal("Wheeze and lip swelling", one.GetProperty("reaction")[0].GetProperty("manifestation")[0].GetProperty("text").GetString());
        var missing = await pharmacist.GetAsync($"/fhir/AllergyIntolerance/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("OperationOutcome", (await missing.JsonAsync()).GetProperty("resourceType").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Clients.UserAsync(factory, "reception")).GetAsync($"/fhir/AllergyIntolerance/{id}")).StatusCode);

        // An imported AllergyIntolerance is still the generic store's to serve by its id (ADR 0071).
        var system = await Clients.SystemAsync(factory);
        var imported = await system.PostAsync("/fhir", Clients.Fhir($$"""
            { "resourceType": "Bundle", "type": "transaction", "entry": [ { "resource": { "resourceType": "AllergyIntolerance",
              "code": { "text": "peanut" }, "patient": { "reference": "Patient/{{patient}}" } }, "request": { "method": "POST", "url": "AllergyIntolerance" } } ] }
            """));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var importedId = (await imported.JsonAsync()).GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!.Split('/')[1];
        var stored = await (await system.GetAsync($"/fhir/AllergyIntolerance/{importedId}")).JsonAsync();
        Assert.Equal("peanut", stored.GetProperty("code").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("Unobtainium 5mg tablets", false, null, "recovered", 1, "medicine")]
    [InlineData("Amoxicillin 500mg capsules", true, null, "recovered", 1, "seriousReason")]
    [InlineData("Amoxicillin 500mg capsules", false, "death", "recovered", 1, "seriousReason")]
    [InlineData("Amoxicillin 500mg capsules", false, null, "better", 1, "outcome")]
    [InlineData("Amoxicillin 500mg capsules", false, null, "recovered", -3, "onsetDate")]
    public async Task GivenABadReport_WhenRecorded_ThenValidationProblemNamesTheFieldAndNothingIsStored(
        string medicine, bool serious, string? seriousReason, string outcome, int daysAgo, string field)
    {
        var patient = await PatientAsync();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var response = await pharmacist.PostAsJsonAsync(Api, new
        {
            patientId = patient, medicine, reaction = "Nausea", onsetDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-daysAgo),
            serious, seriousReason, outcome,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        Assert.Equal(0, (await (await pharmacist.GetAsync($"{Api}?patient={patient}")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task GivenAReceptionist_WhenRecordingAReaction_ThenForbidden()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var response = await reception.PostAsJsonAsync(Api, new { patientId = Guid.NewGuid(), medicine = "Amoxicillin 500mg capsules" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class AdverseReactionTests_Sqlite(SqliteFactory factory) : AdverseReactionTests(factory), IClassFixture<SqliteFactory>;

public sealed class AdverseReactionTests_Postgres(PostgresFactory factory) : AdverseReactionTests(factory), IClassFixture<PostgresFactory>;
