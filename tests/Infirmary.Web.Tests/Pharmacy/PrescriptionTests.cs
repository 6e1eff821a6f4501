using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>
/// Prescriptions screened on creation and the pharmacist's clinical check (override by name with a reason, query,
/// amend with re-screening, approve), REST, FHIR MedicationRequest and pages, on SQLite and PostgreSQL.
/// </summary>
public abstract class PrescriptionTests(InfirmaryFactory factory)
{
    private const string Api = "/api/v1/pharmacy/prescriptions";

    private async Task<Guid> PatientAsync()
    {
        var system = await Clients.SystemAsync(factory);
        var created = await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync();
        return Guid.Parse(created.GetProperty("id").GetString()!);
    }

    /// <summary>Methotrexate with trimethoprim (severe interaction) and amoxicillin for a penicillin-allergic patient.</summary>
    private async Task<(HttpClient Clinician, JsonElement Prescription)> WriteRiskyAsync(string type = "discharge")
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var response = await clinician.PostAsJsonAsync(Api, new
        {
            patientId = await PatientAsync(),
            type,
            allergies = new[] { "penicillin" },
            items = new object[]
            {
                new { productCode = "9100007", doseMg = 7.5, frequency = "weekly", directions = "Take 7.5 mg once a week on Mondays", quantity = 12 },
                new { productCode = "9100008", doseMg = 200, frequency = "BD", quantity = 14 },
                new { productCode = "9100045", doseMg = 500, frequency = "TDS", quantity = 21 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (clinician, await response.JsonAsync());
    }

    private static List<JsonElement> MustOverride(JsonElement p) =>
        [.. p.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("needsOverride").GetBoolean())];

    [Fact]
    public async Task GivenASevereInteractionAndAnAllergy_WhenWritten_ThenScreenedAndAwaitingCheckWithAlertsStored()
    {
        var (_, p) = await WriteRiskyAsync();
        Assert.Equal("awaiting-check", p.GetProperty("status").GetString());
        Assert.Equal("discharge", p.GetProperty("type").GetString());
        Assert.Equal(3, p.GetProperty("items").GetArrayLength());
        Assert.Equal("Take 7.5 mg once a week on Mondays", p.GetProperty("items")[0].GetProperty("directions").GetString());
        Assert.Equal("200 mg twice a day", p.GetProperty("items")[1].GetProperty("directions").GetString());
        Assert.Equal("tablet", p.GetProperty("items")[1].GetProperty("quantityUnit").GetString());
        var summaries = MustOverride(p).Select(a => a.GetProperty("summary").GetString()).ToList();
        Assert.Contains(summaries, s => s!.Contains("Methotrexate 2.5mg tablets with Trimethoprim 200mg tablets", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s!.Contains("allergy risk: Amoxicillin 500mg capsules", StringComparison.Ordinal));
        Assert.All(MustOverride(p), a => Assert.Contains(a.GetProperty("severity").GetString(), new[] { "severe", "contraindicated" }));
        Assert.Contains("clinician", p.GetProperty("prescriber").GetString(), StringComparison.Ordinal);
        Assert.Equal("written", Assert.Single(p.GetProperty("history").EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task GivenUnoverriddenSevereAlerts_WhenApproved_ThenRefusedNamingThemAndNothingChanges()
    {
        var (_, p) = await WriteRiskyAsync();
        var id = p.GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var response = await pharmacist.PostAsync($"{Api}/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString();
        Assert.StartsWith("Override these", detail, StringComparison.Ordinal);
        Assert.Contains("Methotrexate", detail, StringComparison.Ordinal);

        // One override is not enough while another severe alert is open.
        var first = MustOverride(p)[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await pharmacist.PostAsJsonAsync($"{Api}/{id}/alerts/{first}/override",
            new { reason = "Discussed with rheumatology; folinic acid rescue and FBC on day 5." })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await pharmacist.PostAsync($"{Api}/{id}/approve", null)).StatusCode);
        var now = await (await pharmacist.GetAsync($"{Api}/{id}")).JsonAsync();
        Assert.Equal("awaiting-check", now.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenEverySevereAlertOverriddenWithAReason_WhenApproved_ThenApprovedAndTheOverridesSayWhoWhenAndWhy()
    {
        var (_, p) = await WriteRiskyAsync();
        var id = p.GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        foreach (var alert in MustOverride(p))
        {
            var r = await pharmacist.PostAsJsonAsync($"{Api}/{id}/alerts/{alert.GetProperty("id").GetGuid()}/override",
                new { reason = "Benefit outweighs risk; monitoring arranged with the ward team." });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var approved = await pharmacist.PostAsync($"{Api}/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var body = await approved.JsonAsync();
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Contains("pharmacist", body.GetProperty("checkedBy").GetString(), StringComparison.Ordinal);
        Assert.All(MustOverride(body), a =>
        {
            Assert.Equal("Benefit outweighs risk; monitoring arranged with the ward team.", a.GetProperty("overrideReason").GetString());
            Assert.Contains("pharmacist", a.GetProperty("overriddenBy").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.String, a.GetProperty("overriddenAt").ValueKind);
        });
        var actions = body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal("approve", actions[^1]);
        Assert.Equal(MustOverride(body).Count, actions.Count(a => a == "override"));

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Prescription/{id}" && a.Detail == "approve"));
        var again = await pharmacist.PostAsync($"{Api}/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task GivenAnOverrideWithoutAProperReason_WhenPosted_ThenValidationProblemAndTheDatabaseAgrees()
    {
        var (_, p) = await WriteRiskyAsync();
        var id = p.GetProperty("id").GetGuid();
        var alert = MustOverride(p)[0].GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var response = await pharmacist.PostAsJsonAsync($"{Api}/{id}/alerts/{alert}/override", new { reason = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _));

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var row = await db.Set<PrescriptionAlert>().SingleAsync(a => a.Id == alert);
        row.OverrideReason = "Reason without a name";
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task GivenStaffWhoAreNotPharmacists_WhenCheckingAPrescription_ThenForbidden()
    {
        var (clinician, p) = await WriteRiskyAsync();
        var id = p.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsync($"{Api}/{id}/approve", null)).StatusCode);
        var tech = await Clients.UserAsync(factory, "pharmtech");
        Assert.Equal(HttpStatusCode.OK, (await tech.GetAsync($"{Api}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tech.PostAsJsonAsync($"{Api}/{id}/query", new { question = "Why?" })).StatusCode);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync(Api)).StatusCode);
    }

    [Fact]
    public async Task GivenADoseAboveTheMaximum_WhenThePharmacistAmendsIt_ThenReScreenedAndApprovedWithoutOverride()
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var written = await clinician.PostAsJsonAsync(Api, new
        {
            patientId = await PatientAsync(),
            type = "inpatient",
            items = new[] { new { productCode = "9100042", doseMg = 2000.0, frequency = "QDS", quantity = 32 } },
        });
        var p = await written.JsonAsync();
        var id = p.GetProperty("id").GetGuid();
        // Single dose above 1 g and daily dose above 4 g: both dose alerts are severe.
        Assert.Equal(2, MustOverride(p).Count);
        Assert.All(MustOverride(p), a => Assert.Equal("dose", a.GetProperty("kind").GetString()));

        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var itemId = p.GetProperty("items")[0].GetProperty("id").GetGuid();
        var amend = new HttpRequestMessage(HttpMethod.Post, $"{Api}/{id}/items/{itemId}/amend")
        {
            Content = JsonContent.Create(new { doseMg = 1000.0, reason = "Maximum 4 g a day; agreed with Dr Shah." }),
        };
        amend.Headers.TryAddWithoutValidation("If-Match", written.Headers.ETag!.ToString());
        var amended = await pharmacist.SendAsync(amend);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        var after = await amended.JsonAsync();
        Assert.Empty(MustOverride(after));
        Assert.Equal(1000.0, after.GetProperty("items")[0].GetProperty("doseMg").GetDouble());
        Assert.Equal("1000 mg four times a day", after.GetProperty("items")[0].GetProperty("directions").GetString());
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString()!.Contains("2000 mg QDS", StringComparison.Ordinal));

        // The ETag the pharmacist read before the amendment is stale now.
        var stale = new HttpRequestMessage(HttpMethod.Post, $"{Api}/{id}/approve");
        stale.Headers.TryAddWithoutValidation("If-Match", written.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await pharmacist.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pharmacist.PostAsync($"{Api}/{id}/approve", null)).StatusCode);
    }

    [Theory]
    [InlineData("productCode", "{\"productCode\":\"9999999\",\"doseMg\":5,\"frequency\":\"OD\",\"quantity\":1}", "not in the formulary")]
    [InlineData("doseMg", "{\"productCode\":\"9100042\",\"doseMg\":0,\"frequency\":\"OD\",\"quantity\":1}", "more than 0 mg")]
    [InlineData("doseMg", "{\"productCode\":\"9100042\",\"doseMg\":1000000,\"frequency\":\"OD\",\"quantity\":1}", "not possible")]
    [InlineData("frequency", "{\"productCode\":\"9100042\",\"doseMg\":500,\"frequency\":\"sometimes\",\"quantity\":1}", "must be one of")]
    [InlineData("quantity", "{\"productCode\":\"9100042\",\"doseMg\":500,\"frequency\":\"OD\",\"quantity\":0}", "between 1 and")]
    public async Task GivenABadItem_WhenWritten_ThenValidationProblemNamesTheFieldAndNothingIsStored(string field, string item, string message)
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var patient = await PatientAsync();
        var body = $"{{\"patientId\":\"{patient}\",\"type\":\"outpatient\",\"items\":[{item}]}}";
        var response = await clinician.PostAsync(Api, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.JsonAsync()).GetProperty("errors").GetProperty($"items[0].{field}")[0].GetString(), StringComparison.Ordinal);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<Prescription>().AnyAsync(p => p.PatientId == patient));
    }

    [Fact]
    public async Task GivenNoPatientOrType_WhenWritten_ThenValidationProblem()
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var response = await clinician.PostAsJsonAsync(Api, new { patientId = Guid.NewGuid(), type = "community", items = Array.Empty<object>() });
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("patientId", out _));
        Assert.True(errors.TryGetProperty("type", out _));
        Assert.True(errors.TryGetProperty("items", out _));
    }

    [Fact]
    public async Task GivenAPrescriptionItem_WhenReadAsFhirMedicationRequest_ThenItCarriesProductDoseCategoryAndGroup()
    {
        var (clinician, p) = await WriteRiskyAsync();
        var item = p.GetProperty("items")[1];
        var system = await Clients.SystemAsync(factory, "system/MedicationRequest.read");
        var response = await system.GetAsync($"/fhir/MedicationRequest/{item.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mr = await response.JsonAsync();
        Assert.Equal("MedicationRequest", mr.GetProperty("resourceType").GetString());
        Assert.Equal("active", mr.GetProperty("status").GetString());
        Assert.Equal("order", mr.GetProperty("intent").GetString());
        Assert.Equal("discharge", mr.GetProperty("category")[0].GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal("9100008", mr.GetProperty("medicationCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal($"Patient/{p.GetProperty("patientId").GetGuid()}", mr.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal(p.GetProperty("id").GetGuid().ToString(), mr.GetProperty("groupIdentifier").GetProperty("value").GetString());
        Assert.Equal(200, mr.GetProperty("dosageInstruction")[0].GetProperty("doseAndRate")[0].GetProperty("doseQuantity").GetProperty("value").GetDouble());
        Assert.Equal(14, mr.GetProperty("dispenseRequest").GetProperty("quantity").GetProperty("value").GetDouble());

        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        await pharmacist.PostAsJsonAsync($"{Api}/{p.GetProperty("id").GetGuid()}/query", new { question = "Is the trimethoprim needed with methotrexate?" });
        var held = await (await system.GetAsync($"/fhir/MedicationRequest/{item.GetProperty("id").GetGuid()}")).JsonAsync();
        Assert.Equal("on-hold", held.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await system.GetAsync($"/fhir/MedicationRequest/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task GivenTheWorklistAndCheckPages_WhenThePharmacistOverridesAndApprovesInTheBrowser_ThenTheStatusMoves()
    {
        var (_, p) = await WriteRiskyAsync("inpatient");
        var id = p.GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var worklist = await pharmacist.GetStringAsync("/pharmacy/prescriptions");
        Assert.Contains($"/pharmacy/prescriptions/{id}", worklist, StringComparison.Ordinal);
        Assert.Contains("to override", worklist, StringComparison.Ordinal);

        var url = $"/pharmacy/prescriptions/{id}";
        var page = await pharmacist.GetStringAsync(url);
        Assert.Contains("Severe interaction: Methotrexate 2.5mg tablets with Trimethoprim 200mg tablets", page, StringComparison.Ordinal);

        var refused = await (await Clients.PostFormAsync(pharmacist, url, "approve", new() { ["Decision.Version"] = "1" })).Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", refused, StringComparison.Ordinal);
        Assert.Contains("before approving", refused, StringComparison.Ordinal);

        var version = 1;
        foreach (var alert in MustOverride(p))
        {
            var alertId = alert.GetProperty("id").GetGuid();
            var done = await (await Clients.PostFormAsync(pharmacist, url, $"override-{alertId:N}", new()
            {
                ["Override.AlertId"] = alertId.ToString(),
                ["Override.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Override.Reason"] = "Reviewed with the consultant; monitoring in place.",
            })).Content.ReadAsStringAsync();
            Assert.Contains("Alert overridden.", done, StringComparison.Ordinal);
            version++;
        }

        var approved = await (await Clients.PostFormAsync(pharmacist, url, "approve", new()
        {
            ["Decision.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).Content.ReadAsStringAsync();
        Assert.Contains("Prescription approved.", approved, StringComparison.Ordinal);
        Assert.Contains("Clinically checked by", approved, StringComparison.Ordinal);
        Assert.DoesNotContain($"/pharmacy/prescriptions/{id}", await pharmacist.GetStringAsync("/pharmacy/prescriptions"), StringComparison.Ordinal);
    }
}

public sealed class PrescriptionTests_Sqlite(SqliteFactory factory) : PrescriptionTests(factory), IClassFixture<SqliteFactory>;

public sealed class PrescriptionTests_Postgres(PostgresFactory factory) : PrescriptionTests(factory), IClassFixture<PostgresFactory>;
