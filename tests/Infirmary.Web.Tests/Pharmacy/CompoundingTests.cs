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
/// Extemporaneous preparation on SQLite and PostgreSQL: ingredients taken from stock by the ledger, the second person's
/// check (in code and in the database), the product released as a stock batch that dispensing then picks and verifies
/// like any other, rejection, the label, and permissions.
/// </summary>
public abstract class CompoundingTests(InfirmaryFactory factory)
{
    private const string Api = "/api/v1/pharmacy/compounding";
    private static readonly string Suspension = PharmacyDemoData.DemoGtin(PharmacyDemoData.OmeprazoleSuspension100ml);
    private static readonly string Capsules = PharmacyDemoData.DemoGtin(PharmacyDemoData.OmeprazoleCapsules28);
    private static readonly string Bicarbonate = PharmacyDemoData.DemoGtin(PharmacyDemoData.SodiumBicarbonate100ml);

    private static object Worksheet(int capsules = 10, int bicarbonate = 100, int quantity = 100) => new
    {
        productGtin = Suspension,
        quantity,
        ingredients = new[] { new { gtin = Capsules, units = capsules }, new { gtin = Bicarbonate, units = bicarbonate } },
        method = "Empty the capsules into a mortar, add a little sodium bicarbonate 8.4% and mix to a paste; make up to volume and shake well.",
        storage = "Store in a refrigerator, 2 °C to 8 °C. Shake the bottle before use.",
        expiryDays = 7,
    };

    private async Task<int> UnitsAsync(string gtin)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await (from b in db.Set<StockBatch>() join p in db.Set<Pack>() on b.PackId equals p.Id where p.Gtin == gtin select b.Quantity).SumAsync();
    }

    private async Task<JsonElement> PrepareAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync(Api, Worksheet());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task GivenAPreparationCheckedByASecondPerson_WhenReleased_ThenItIsABatchThatDispensingPicksAndVerifies()
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var (capsules, bicarbonate) = (await UnitsAsync(Capsules), await UnitsAsync(Bicarbonate));
        var worksheet = await PrepareAsync(tech);
        var id = worksheet.GetProperty("id").GetGuid();
        Assert.Equal("prepared", worksheet.GetProperty("status").GetString());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).DayNumber,
            DateOnly.Parse(worksheet.GetProperty("expiry").GetString()!, CultureInfo.InvariantCulture).DayNumber, 1.0);
        Assert.Equal(["OM20514", "SB84009"], worksheet.GetProperty("ingredients").EnumerateArray().Select(i => i.GetProperty("batchNumber").GetString()));
        Assert.Equal((capsules - 10, bicarbonate - 100), (await UnitsAsync(Capsules), await UnitsAsync(Bicarbonate)));

        // Not dispensable until checked: the product is not in stock yet.
        Assert.Equal(0, await UnitsAsync(Suspension));
        var self = await tech.PostAsJsonAsync($"{Api}/{id}/check", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("second person", (await self.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var released = await pharmacist.PostAsJsonAsync($"{Api}/{id}/check", new { approve = true });
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        var done = await released.JsonAsync();
        Assert.Equal("released", done.GetProperty("status").GetString());
        Assert.Contains("pharmacist", done.GetProperty("checkedBy").GetString(), StringComparison.Ordinal);
        var batch = (await (await pharmacist.GetAsync($"/api/v1/pharmacy/stock/batches/{done.GetProperty("batchId").GetGuid()}")).JsonAsync());
        Assert.Equal(100, batch.GetProperty("batch").GetProperty("quantity").GetInt32());
        Assert.Equal("compounded", Assert.Single(batch.GetProperty("movements").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await pharmacist.PostAsJsonAsync($"{Api}/{id}/check", new { approve = true })).StatusCode);

        // A prescription for the product is dispensed from the prepared batch, verified by the label's GS1 barcode.
        var system = await Clients.SystemAsync(factory);
        var patient = (await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync()).GetProperty("id").GetString();
        var clinician = await Clients.UserAsync(factory, "clinician");
        var p = await (await clinician.PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient, type = "discharge", items = new[] { new { productCode = "9100301", doseMg = 20.0, frequency = "OD", quantity = 100 } },
        })).JsonAsync();
        var pid = p.GetProperty("id").GetGuid();
        foreach (var a in p.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("needsOverride").GetBoolean()))
        {
            await pharmacist.PostAsJsonAsync($"/api/v1/pharmacy/prescriptions/{pid}/alerts/{a.GetProperty("id").GetGuid()}/override", new { reason = "Reviewed; appropriate for this patient." });
        }

        Assert.Equal(HttpStatusCode.OK, (await pharmacist.PostAsync($"/api/v1/pharmacy/prescriptions/{pid}/approve", null)).StatusCode);
        var iid = p.GetProperty("items")[0].GetProperty("id").GetGuid();
        var plan = await (await tech.GetAsync($"/api/v1/pharmacy/dispensings/plan?prescriptionId={pid}&itemId={iid}")).JsonAsync();
        Assert.Equal(done.GetProperty("batchNumber").GetString(), plan.GetProperty("batchNumber").GetString());
        var scan = Gs1.Compose(Suspension, DateOnly.Parse(done.GetProperty("expiry").GetString()!, CultureInfo.InvariantCulture), done.GetProperty("batchNumber").GetString(), null);
        var dispensed = await tech.PostAsJsonAsync("/api/v1/pharmacy/dispensings", new { prescriptionId = pid, itemId = iid, scan });
        Assert.Equal(HttpStatusCode.Created, dispensed.StatusCode);
        Assert.Equal(0, await UnitsAsync(Suspension));

        var label = await tech.GetAsync($"{Api}/{id}/label?format=a4");
        Assert.Equal(HttpStatusCode.OK, label.StatusCode);
        Assert.Equal("application/pdf", label.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GivenTheDatabase_WhenTheCheckerIsSetToThePreparerBehindTheCodesBack_ThenTheCheckConstraintRefusesIt()
    {
        var worksheet = await PrepareAsync(await Clients.UserAsync(factory, "pharmtech"));
        var id = worksheet.GetProperty("id").GetGuid();
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Set<Compounding>().Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CheckedById, c => c.PreparedById).SetProperty(c => c.CheckedByName, "x").SetProperty(c => c.CheckedAt, DateTime.UtcNow)));
        Assert.Null(await db.Set<Compounding>().Where(c => c.Id == id).Select(c => c.CheckedById).SingleAsync());
    }

    [Fact]
    public async Task GivenARejectedPreparation_WhenChecked_ThenNothingEntersStockAndTheReasonIsKept()
    {
        var worksheet = await PrepareAsync(await Clients.UserAsync(factory, "pharmtech"));
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var url = $"{Api}/{worksheet.GetProperty("id").GetGuid()}/check";
        var noReason = await pharmacist.PostAsJsonAsync(url, new { approve = false });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        var rejected = await (await pharmacist.PostAsJsonAsync(url, new { approve = false, reason = "Volume short of 100 ml" })).JsonAsync();
        Assert.Equal(("rejected", "Volume short of 100 ml"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("rejectionReason").GetString()));
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("batchId").ValueKind);
    }

    [Fact]
    public async Task GivenTooLittleOfAnIngredientOrABadWorksheet_WhenPrepared_ThenRefusedNamingTheFieldAndNothingMoves()
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var capsules = await UnitsAsync(Capsules);
        var bicarbonate = await UnitsAsync(Bicarbonate);
        var short_ = await tech.PostAsJsonAsync(Api, Worksheet(bicarbonate: bicarbonate + 1));
        Assert.Equal(HttpStatusCode.Conflict, short_.StatusCode);
        Assert.Contains("insufficient stock of", (await short_.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((capsules, bicarbonate), (await UnitsAsync(Capsules), await UnitsAsync(Bicarbonate))); // the capsules taken first came back

        var bad = await tech.PostAsJsonAsync(Api, new { productGtin = Suspension, quantity = 100, ingredients = new[] { new { gtin = Capsules, units = 0 } }, method = "Mix", storage = "", expiryDays = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "ingredients[0].units", "method", "storage", "expiryDays" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task GivenStaffWithoutCompoundingRights_WhenPreparing_ThenForbidden()
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync(Api, Worksheet())).StatusCode);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync(Api)).StatusCode);
    }
}

public sealed class CompoundingTests_Sqlite(SqliteFactory factory) : CompoundingTests(factory), IClassFixture<SqliteFactory>;

public sealed class CompoundingTests_Postgres(PostgresFactory factory) : CompoundingTests(factory), IClassFixture<PostgresFactory>;
