using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Features;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>
/// Dispensing approved prescriptions: first-expiry-first-out pick at the pharmacy store, pack rounding, the pack's
/// scan verified (wrong product, wrong batch and expired stock refused and audited), stock and ledger moving by exactly
/// the amount dispensed, the second person's accuracy check, FHIR MedicationDispense, and the bench pages.
/// </summary>
public abstract class DispensingTests(InfirmaryFactory factory)
{
    private const string Api = "/api/v1/pharmacy/dispensings";
    private static readonly string Trimethoprim = PharmacyDemoData.DemoGtin(7); // 14 tablets
    private static readonly string Methotrexate = PharmacyDemoData.DemoGtin(6); // 24 tablets
    private static readonly string Amoxicillin = PharmacyDemoData.DemoGtin(3);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<(Guid PrescriptionId, Guid ItemId)> ApprovedAsync(string productCode, int quantity, double doseMg = 200)
    {
        var system = await Clients.SystemAsync(factory);
        var patient = (await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync())
            .GetProperty("id").GetString();
        var clinician = await Clients.UserAsync(factory, "clinician");
        var p = await (await clinician.PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient,
            type = "discharge",
            items = new[] { new { productCode, doseMg, frequency = "BD", quantity } },
        })).JsonAsync();
        var id = p.GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        foreach (var a in p.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("needsOverride").GetBoolean()))
        {
            await pharmacist.PostAsJsonAsync($"/api/v1/pharmacy/prescriptions/{id}/alerts/{a.GetProperty("id").GetGuid()}/override",
                new { reason = "Reviewed; appropriate for this patient." });
        }

        var approved = await pharmacist.PostAsync($"/api/v1/pharmacy/prescriptions/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (id, p.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    private async Task<Guid> ReceiveAsync(HttpClient client, string gtin, string batch, DateOnly expiry, int packs)
    {
        var r = await client.PostAsJsonAsync("/api/v1/pharmacy/stock/receipts", new { location = "PHARM", scan = Gs1.Compose(gtin, expiry, batch, null), packs });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.JsonAsync()).GetProperty("movements")[0].GetProperty("batchId").GetGuid();
    }

    private static async Task<JsonElement> PlanAsync(HttpClient client, Guid prescriptionId, Guid itemId)
    {
        var r = await client.GetAsync($"{Api}/plan?prescriptionId={prescriptionId}&itemId={itemId}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.JsonAsync();
    }

    private static string ScanOf(JsonElement plan, string serial = "SN-1") => Gs1.Compose(
        plan.GetProperty("gtin").GetString()!, DateOnly.Parse(plan.GetProperty("expiry").GetString()!, CultureInfo.InvariantCulture),
        plan.GetProperty("batchNumber").GetString(), serial);

    private static async Task<int> QuantityAsync(HttpClient client, Guid batchId) =>
        (await (await client.GetAsync($"/api/v1/pharmacy/stock/batches/{batchId}")).JsonAsync()).GetProperty("batch").GetProperty("quantity").GetInt32();

    private static string Batch() => "D" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task GivenAnApprovedItem_WhenDispensedWithTheRightPackAndCheckedByASecondPerson_ThenStockAndLedgerMoveByExactlyThatAmount()
    {
        var (pid, iid) = await ApprovedAsync("9100008", 14);
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var plan = await PlanAsync(tech, pid, iid);
        Assert.Equal(14, plan.GetProperty("quantity").GetInt32());
        var batchId = plan.GetProperty("batchId").GetGuid();
        var before = await QuantityAsync(tech, batchId);

        var response = await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = ScanOf(plan) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var d = await response.JsonAsync();
        var id = d.GetProperty("id").GetGuid();
        Assert.Equal("awaiting-check", d.GetProperty("status").GetString());
        Assert.Equal(before - 14, await QuantityAsync(tech, batchId));
        var ledger = (await (await tech.GetAsync($"/api/v1/pharmacy/stock/batches/{batchId}")).JsonAsync()).GetProperty("movements").EnumerateArray().Last();
        Assert.Equal("dispense", ledger.GetProperty("kind").GetString());
        Assert.Equal(-14, ledger.GetProperty("change").GetInt32());
        Assert.Equal(before - 14, ledger.GetProperty("balance").GetInt32());
        Assert.Equal(id, ledger.GetProperty("reference").GetGuid());

        // The dispenser cannot do the final accuracy check; a second person can.
        var self = await tech.PostAsync($"{Api}/{id}/check", null);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("second person", (await self.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var check = await pharmacist.PostAsync($"{Api}/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("pharmacist", (await check.JsonAsync()).GetProperty("checkedBy").GetString(), StringComparison.Ordinal);

        var fhir = await (await pharmacist.GetAsync($"/fhir/MedicationDispense/{id}")).JsonAsync();
        Assert.Equal("MedicationDispense", fhir.GetProperty("resourceType").GetString());
        Assert.Equal("completed", fhir.GetProperty("status").GetString());
        Assert.Equal(14, fhir.GetProperty("quantity").GetProperty("value").GetInt32());
        Assert.Equal($"MedicationRequest/{iid}", fhir.GetProperty("authorizingPrescription")[0].GetProperty("reference").GetString());
        Assert.Equal(plan.GetProperty("batchNumber").GetString(), fhir.GetProperty("contained")[0].GetProperty("batch").GetProperty("lotNumber").GetString());
        Assert.Equal(2, fhir.GetProperty("performer").GetArrayLength());

        var twice = await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = ScanOf(plan) });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(before - 14, await QuantityAsync(tech, batchId));
    }

    [Fact]
    public async Task GivenTheWrongProductOrAnExpiredPackScanned_WhenDispensing_ThenRefusedAuditedAndNothingMoves()
    {
        var (pid, iid) = await ApprovedAsync("9100008", 14);
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var plan = await PlanAsync(tech, pid, iid);
        var batchId = plan.GetProperty("batchId").GetGuid();
        var before = await QuantityAsync(tech, batchId);

        var wrong = await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = Gs1.Compose(Amoxicillin, Today.AddYears(1), "AX1", null) });
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        var problem = await wrong.JsonAsync();
        Assert.Equal("Wrong product", problem.GetProperty("title").GetString());
        Assert.Contains("Amoxicillin 500mg capsules", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var expired = await tech.PostAsJsonAsync(Api, new
        {
            prescriptionId = pid, itemId = iid,
            scan = Gs1.Compose(Trimethoprim, Today.AddDays(-1), plan.GetProperty("batchNumber").GetString(), null),
        });
        Assert.Equal(HttpStatusCode.Conflict, expired.StatusCode);
        Assert.Equal("Expired stock", (await expired.JsonAsync()).GetProperty("title").GetString());

        var unreadable = await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = "not a barcode" });
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);

        Assert.Equal(before, await QuantityAsync(tech, batchId));
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<Infirmary.Pharmacy.Domain.Dispensing>().AnyAsync(d => d.ItemId == iid));
        var refusals = await db.AuditEvents.Where(a => a.Entity == $"Prescription/{pid}" && a.Outcome == AuditOutcome.Failure).Select(a => a.Detail).ToListAsync();
        Assert.Equal(3, refusals.Count);
        Assert.Contains(refusals, r => r!.StartsWith("dispense refused: Wrong product", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r!.StartsWith("dispense refused: Expired stock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenTwoBatches_WhenPlanned_ThenTheFirstToExpireIsPickedTheOtherScanIsRefusedAndQuarantineSkipsIt()
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var later = Batch();
        var sooner = Batch();
        await ReceiveAsync(tech, Methotrexate, later, Today.AddDays(60), 2);
        var soonerId = await ReceiveAsync(tech, Methotrexate, sooner, Today.AddDays(30), 2);
        // 26 tablets prescribed; one original pack of 24 is within 10%.
        var (pid, iid) = await ApprovedAsync("9100007", 26, doseMg: 2.5);
        var plan = await PlanAsync(tech, pid, iid);
        Assert.Equal(sooner, plan.GetProperty("batchNumber").GetString());
        Assert.Equal(24, plan.GetProperty("quantity").GetInt32());
        Assert.Contains("1 original pack", plan.GetProperty("rounding").GetString(), StringComparison.Ordinal);

        var wrongBatch = await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = Gs1.Compose(Methotrexate, Today.AddDays(60), later, null) });
        Assert.Equal(HttpStatusCode.Conflict, wrongBatch.StatusCode);
        var detail = (await wrongBatch.JsonAsync()).GetProperty("detail").GetString();
        Assert.Contains($"Pick batch {sooner}", detail, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await tech.PostAsJsonAsync($"/api/v1/pharmacy/stock/batches/{soonerId}/quarantine", new { reason = "Recall notice EL(26)A/01" })).StatusCode);
        Assert.Equal(later, (await PlanAsync(tech, pid, iid)).GetProperty("batchNumber").GetString());
        var quarantined = await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = Gs1.Compose(Methotrexate, Today.AddDays(30), sooner, null) });
        Assert.Contains("quarantined", (await quarantined.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(28, 28, 28, false)]
    [InlineData(30, 28, 28, true)]
    [InlineData(26, 28, 28, true)]
    [InlineData(20, 28, 20, true)]
    [InlineData(56, 28, 56, false)]
    [InlineData(150, 100, 150, true)]
    public void GivenAQuantityAndPackSize_WhenRounded_ThenWholePacksOnlyWithinTenPercent(int prescribed, int pack, int expected, bool explained)
    {
        var (quantity, rounding) = DispenseItem.Round(prescribed, pack, "tablet");
        Assert.Equal(expected, quantity);
        Assert.Equal(explained, rounding is not null);
    }

    [Fact]
    public async Task GivenAPrescriptionNotYetApproved_WhenDispensed_ThenRefused()
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var system = await Clients.SystemAsync(factory);
        var patient = (await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync()).GetProperty("id").GetString();
        var p = await (await clinician.PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient, type = "outpatient", items = new[] { new { productCode = "9100008", doseMg = 200.0, frequency = "BD", quantity = 14 } },
        })).JsonAsync();
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var r = await tech.PostAsJsonAsync(Api, new { prescriptionId = p.GetProperty("id").GetGuid(), itemId = p.GetProperty("items")[0].GetProperty("id").GetGuid(), scan = Gs1.Compose(Trimethoprim, Today.AddYears(1), "X", null) });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Contains("not been clinically checked", (await r.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync(Api, new { prescriptionId = Guid.NewGuid(), itemId = Guid.NewGuid(), scan = "x" })).StatusCode);
    }

    [Fact]
    public async Task GivenTheBench_WhenTheTechnicianScansThePackAndThePharmacistChecks_ThenTheItemLeavesBothLists()
    {
        var (pid, iid) = await ApprovedAsync("9100008", 14);
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var bench = await tech.GetStringAsync("/pharmacy/dispensing");
        Assert.Contains($"/pharmacy/dispensing/{pid}/{iid}", bench, StringComparison.Ordinal);
        var plan = await PlanAsync(tech, pid, iid);
        var url = $"/pharmacy/dispensing/{pid}/{iid}";
        Assert.Contains($"Batch {plan.GetProperty("batchNumber").GetString()}", await tech.GetStringAsync(url), StringComparison.Ordinal);

        var wrong = await (await Clients.PostFormAsync(tech, url, "dispense", new() { ["Input.Scan"] = Gs1.Compose(Amoxicillin, Today.AddYears(1), "AX", null) })).Content.ReadAsStringAsync();
        Assert.Contains("Wrong product", wrong, StringComparison.Ordinal);
        var done = await (await Clients.PostFormAsync(tech, url, "dispense", new() { ["Input.Scan"] = ScanOf(plan) })).Content.ReadAsStringAsync();
        Assert.Contains("Dispensed: Trimethoprim 200mg tablets", done, StringComparison.Ordinal);

        var id = await DispensingIdAsync(iid);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var checkedPage = await (await Clients.PostFormAsync(pharmacist, "/pharmacy/dispensing", $"check-{id:N}", new()
        {
            ["Check.Id"] = id.ToString(), ["Check.Version"] = "1",
        })).Content.ReadAsStringAsync();
        Assert.Contains("Accuracy check recorded", checkedPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"check-{id:N}", checkedPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"/pharmacy/dispensing/{pid}/{iid}", checkedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenADispensing_WhenItsLabelIsPrinted_ThenThePdfCarriesPatientMedicineDirectionsBnfLabelsAndTheWarning()
    {
        var (pid, iid) = await ApprovedAsync("9100008", 14);
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var plan = await PlanAsync(tech, pid, iid);
        var d = await (await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = ScanOf(plan) })).JsonAsync();
        var id = d.GetProperty("id").GetGuid();

        var response = await tech.GetAsync($"{Api}/{id}/label");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var label = System.Text.Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("%PDF", label, StringComparison.Ordinal);
        Assert.Contains("Keep out of the sight and reach of children", label, StringComparison.Ordinal);
        Assert.Contains("Space the doses", label, StringComparison.Ordinal);

        // The A4 sheet has room for every line unwrapped enough to read back from the file.
        var a4 = await tech.GetAsync($"{Api}/{id}/label?format=a4");
        Assert.Equal(HttpStatusCode.OK, a4.StatusCode);
        var pdf = System.Text.Encoding.Latin1.GetString(await a4.Content.ReadAsByteArrayAsync());
        Assert.Contains("Keep out of the sight and reach of children", pdf, StringComparison.Ordinal);
        Assert.Contains("Trimethoprim 200mg tablets", pdf, StringComparison.Ordinal);
        Assert.Contains("200 mg twice a day", pdf, StringComparison.Ordinal);
        Assert.Contains("9\\) Space the doses evenly", pdf, StringComparison.Ordinal); // "(9)", parentheses escaped in the PDF string
        Assert.Contains("Infirmary Hospital Pharmacy", pdf, StringComparison.Ordinal);
        Assert.Contains(plan.GetProperty("batchNumber").GetString()!, pdf, StringComparison.Ordinal);
        Assert.Contains("test", pdf, StringComparison.OrdinalIgnoreCase); // the patient's family name from TestData
        Assert.Equal(HttpStatusCode.BadRequest, (await tech.GetAsync($"{Api}/{id}/label?format=poster")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tech.GetAsync($"{Api}/{Guid.NewGuid()}/label")).StatusCode);
    }

    [Fact]
    public async Task GivenDirectionsTooLongForTheLabel_WhenPrinted_ThenRefusedWithAClearMessageButTheA4SheetWorks()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = (await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync()).GetProperty("id").GetString();
        var clinician = await Clients.UserAsync(factory, "clinician");
        var directions = string.Join(' ', Enumerable.Repeat("Take one tablet twice a day with plenty of water and report any rash or sore throat.", 5));
        var p = await (await clinician.PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient, type = "outpatient", items = new[] { new { productCode = "9100008", doseMg = 200.0, frequency = "BD", directions, quantity = 14 } },
        })).JsonAsync();
        var pid = p.GetProperty("id").GetGuid();
        var iid = p.GetProperty("items")[0].GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.OK, (await pharmacist.PostAsync($"/api/v1/pharmacy/prescriptions/{pid}/approve", null)).StatusCode);
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var plan = await PlanAsync(tech, pid, iid);
        var id = (await (await tech.PostAsJsonAsync(Api, new { prescriptionId = pid, itemId = iid, scan = ScanOf(plan) })).JsonAsync()).GetProperty("id").GetGuid();

        var label = await tech.GetAsync($"{Api}/{id}/label");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, label.StatusCode);
        Assert.Contains("does not fit a 70 × 35 mm label", (await label.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await tech.GetAsync($"{Api}/{id}/label?format=a4")).StatusCode);
    }

    private async Task<Guid> DispensingIdAsync(Guid itemId)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<Infirmary.Pharmacy.Domain.Dispensing>().Where(d => d.ItemId == itemId).Select(d => d.Id).SingleAsync();
    }
}

public sealed class DispensingTests_Sqlite(SqliteFactory factory) : DispensingTests(factory), IClassFixture<SqliteFactory>;

public sealed class DispensingTests_Postgres(PostgresFactory factory) : DispensingTests(factory), IClassFixture<PostgresFactory>;
