using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Pharmacy.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>
/// The controlled drugs register: every receipt, issue, transfer and dispensing of a schedule 2 product writes a
/// witnessed entry with a running balance per drug, strength, form and location; the balance check compares it
/// with the batch stock. On SQLite and PostgreSQL.
/// </summary>
public abstract class ControlledDrugTests(InfirmaryFactory factory)
{
    private static readonly string MorphineInjection = PharmacyDemoData.DemoGtin(10); // 10 ampoules
    private static readonly string Oxycodone = PharmacyDemoData.DemoGtin(12); // 56 capsules
    private static readonly object PharmacistWitness = new { userName = "pharmacist", password = DemoPassword };

    private static string DemoPassword => Infirmary.Web.Platform.DemoData.DemoPassword;

    private static DateOnly InAYear => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);

    private static string Batch() => "CD" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task<Guid> VmpIdAsync(string code)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Vmp>().Where(v => v.Code == code).Select(v => v.Id).SingleAsync();
    }

    private static async Task<List<JsonElement>> PageAsync(HttpClient client, Guid vmpId, string location) =>
        [.. (await (await client.GetAsync($"/api/v1/pharmacy/cd-register?vmpId={vmpId}&location={location}")).JsonAsync()).EnumerateArray()];

    private static async Task<JsonElement> BalanceAsync(HttpClient client, Guid vmpId, string location) =>
        (await (await client.GetAsync("/api/v1/pharmacy/cd-register/balances")).JsonAsync()).EnumerateArray()
            .Single(b => b.GetProperty("vmpId").GetGuid() == vmpId && b.GetProperty("locationCode").GetString() == location);

    [Theory]
    [InlineData(null, null, "must witness it")]
    [InlineData("pharmacist", "wrong-password-1", "not right")]
    [InlineData("pharmtech", "SELF", "someone else")]
    [InlineData("reception", "DEMO", "pharmacist, pharmacy technician or clinician")]
    public async Task GivenAControlledDrugReceipt_WhenTheWitnessIsMissingOrWrong_ThenRefusedAndNothingWritten(string? user, string? password, string message)
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var batch = Batch();
        var witness = user is null ? null : new { userName = user, password = password is "SELF" or "DEMO" ? DemoPassword : password };
        var response = await tech.PostAsJsonAsync("/api/v1/pharmacy/stock/receipts",
            new { location = "PHARM", scan = Gs1.Compose(MorphineInjection, InAYear, batch, null), packs = 1, witness });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.JsonAsync()).GetProperty("errors").GetProperty("witness")[0].GetString(), StringComparison.Ordinal);
        await using var scope = factory.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<StockBatch>().AnyAsync(b => b.BatchNumber == batch));
    }

    [Fact]
    public async Task GivenWitnessedReceiptTransferAndIssue_WhenTheRegisterIsRead_ThenEachEntryHasItsWitnessAndTheRunningBalanceMatchesStock()
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var vmp = await VmpIdAsync("9100201");
        var before = (await BalanceAsync(tech, vmp, "PHARM")).GetProperty("registerBalance").GetInt32();
        var wardBefore = (await BalanceAsync(tech, vmp, "WARD-7")).GetProperty("registerBalance").GetInt32();

        var receipt = await tech.PostAsJsonAsync("/api/v1/pharmacy/stock/receipts",
            new { location = "PHARM", scan = Gs1.Compose(MorphineInjection, InAYear, Batch(), null), packs = 3, reason = "Delivery note 88123", witness = PharmacistWitness });
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        var batchId = (await receipt.JsonAsync()).GetProperty("movements")[0].GetProperty("batchId").GetGuid();
        var transfer = await tech.PostAsJsonAsync("/api/v1/pharmacy/stock/transfers",
            new { batchId, toLocation = "WARD-7", units = 5, witness = PharmacistWitness });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        var noWitness = await tech.PostAsJsonAsync("/api/v1/pharmacy/stock/issues", new { batchId, units = 2, reason = "Theatres" });
        Assert.Equal(HttpStatusCode.BadRequest, noWitness.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tech.PostAsJsonAsync("/api/v1/pharmacy/stock/issues",
            new { batchId, units = 2, reason = "Theatres", witness = new { userName = "clinician", password = DemoPassword } })).StatusCode);

        var page = await PageAsync(tech, vmp, "PHARM");
        var last3 = page.TakeLast(3).ToList();
        Assert.Equal(["receipt", "transfer-out", "issue"], last3.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal([30, -5, -2], last3.Select(e => e.GetProperty("change").GetInt32()));
        Assert.Equal([before + 30, before + 25, before + 23], last3.Select(e => e.GetProperty("balance").GetInt32()));
        Assert.All(last3, e => Assert.Contains("pharmtech", e.GetProperty("by").GetString(), StringComparison.Ordinal));
        Assert.Contains("pharmacist", last3[0].GetProperty("witness").GetString(), StringComparison.Ordinal);
        Assert.Contains("clinician", last3[2].GetProperty("witness").GetString(), StringComparison.Ordinal);
        Assert.Equal("Delivery note 88123", last3[0].GetProperty("detail").GetString());

        var ward = await PageAsync(tech, vmp, "WARD-7");
        Assert.Equal(wardBefore + 5, ward[^1].GetProperty("balance").GetInt32());
        Assert.Equal("transfer-in", ward[^1].GetProperty("kind").GetString());

        var balance = await BalanceAsync(tech, vmp, "PHARM");
        Assert.Equal(before + 23, balance.GetProperty("registerBalance").GetInt32());
        Assert.True(balance.GetProperty("balanced").GetBoolean());
        Assert.True((await BalanceAsync(tech, vmp, "WARD-7")).GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task GivenAnOxycodonePrescription_WhenDispensedWithAWitness_ThenTheRegisterAndStockMoveByExactlyThatAmount()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = (await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync()).GetProperty("id").GetString();
        var clinician = await Clients.UserAsync(factory, "clinician");
        var p = await (await clinician.PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient, type = "discharge",
            items = new[] { new { productCode = "9100203", doseMg = 5.0, frequency = "QDS", quantity = 56 } },
        })).JsonAsync();
        var pid = p.GetProperty("id").GetGuid();
        var iid = p.GetProperty("items")[0].GetProperty("id").GetGuid();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        foreach (var a in p.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("needsOverride").GetBoolean()))
        {
            await pharmacist.PostAsJsonAsync($"/api/v1/pharmacy/prescriptions/{pid}/alerts/{a.GetProperty("id").GetGuid()}/override", new { reason = "Palliative care plan; reviewed." });
        }

        Assert.Equal(HttpStatusCode.OK, (await pharmacist.PostAsync($"/api/v1/pharmacy/prescriptions/{pid}/approve", null)).StatusCode);

        var tech = await Clients.UserAsync(factory, "pharmtech");
        var vmp = await VmpIdAsync("9100203");
        var plan = await (await tech.GetAsync($"/api/v1/pharmacy/dispensings/plan?prescriptionId={pid}&itemId={iid}")).JsonAsync();
        var scan = Gs1.Compose(Oxycodone, DateOnly.Parse(plan.GetProperty("expiry").GetString()!, CultureInfo.InvariantCulture), plan.GetProperty("batchNumber").GetString(), "S1");
        var before = (await BalanceAsync(tech, vmp, "PHARM")).GetProperty("registerBalance").GetInt32();

        var refused = await tech.PostAsJsonAsync("/api/v1/pharmacy/dispensings", new { prescriptionId = pid, itemId = iid, scan });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("witness", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var done = await tech.PostAsJsonAsync("/api/v1/pharmacy/dispensings", new { prescriptionId = pid, itemId = iid, scan, witness = PharmacistWitness });
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var dispensingId = (await done.JsonAsync()).GetProperty("id").GetGuid();
        var entry = (await PageAsync(tech, vmp, "PHARM"))[^1];
        Assert.Equal("dispense", entry.GetProperty("kind").GetString());
        Assert.Equal(-56, entry.GetProperty("change").GetInt32());
        Assert.Equal(before - 56, entry.GetProperty("balance").GetInt32());
        Assert.Equal(dispensingId, entry.GetProperty("reference").GetGuid());
        var balance = await BalanceAsync(tech, vmp, "PHARM");
        Assert.True(balance.GetProperty("balanced").GetBoolean());
        Assert.Equal(before - 56, balance.GetProperty("stockBalance").GetInt32());
    }

    [Fact]
    public async Task GivenStockChangedBehindTheRegistersBack_WhenBalancesAreChecked_ThenTheDiscrepancyIsShown()
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var vmp = await VmpIdAsync("9100202");
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var batch = await (from b in db.Set<StockBatch>() join p in db.Set<Pack>() on b.PackId equals p.Id join l in db.Set<StockLocation>() on b.LocationId equals l.Id
                               where p.VmpId == vmp && l.Code == "PHARM" select b.Id).FirstAsync();
            await db.Set<StockBatch>().Where(b => b.Id == batch).ExecuteUpdateAsync(s => s.SetProperty(b => b.Quantity, b => b.Quantity - 5));
        }

        var balance = await BalanceAsync(tech, vmp, "PHARM");
        Assert.False(balance.GetProperty("balanced").GetBoolean());
        Assert.Equal(balance.GetProperty("registerBalance").GetInt32() - 5, balance.GetProperty("stockBalance").GetInt32());
        var page = await tech.GetStringAsync("/pharmacy/cd-register");
        Assert.Contains("Discrepancy of -5", page, StringComparison.Ordinal);
        Assert.Contains("Oxycodone 5mg capsules", page, StringComparison.Ordinal);
        var entries = await tech.GetStringAsync($"/pharmacy/cd-register?vmp={vmp}&location=PHARM");
        Assert.Contains("Opening balance (demonstration data)", entries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheDatabase_WhenARegisterEntryHasNoSecondPerson_ThenItIsRefused()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var any = await db.Set<CdRegisterEntry>().AsNoTracking().FirstAsync();
        db.Add(new CdRegisterEntry
        {
            VmpId = any.VmpId, LocationId = any.LocationId, Drug = any.Drug, Strength = any.Strength, Form = any.Form, Kind = "issue", Change = -1,
            Balance = 0, Unit = any.Unit, BatchId = any.BatchId, BatchNumber = any.BatchNumber, At = DateTime.UtcNow, ById = "same", ByName = "Same",
            WitnessId = "same", WitnessName = "Same", Detail = "self-witnessed",
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

public sealed class ControlledDrugTests_Sqlite(SqliteFactory factory) : ControlledDrugTests(factory), IClassFixture<SqliteFactory>;

public sealed class ControlledDrugTests_Postgres(PostgresFactory factory) : ControlledDrugTests(factory), IClassFixture<PostgresFactory>;
