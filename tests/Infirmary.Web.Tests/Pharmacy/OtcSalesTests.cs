using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Pharmacy.Domain;
using Infirmary.Pharmacy.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>
/// Over-the-counter sales through the real HTTP pipeline on SQLite and PostgreSQL: GSL and P packs, the P protocol,
/// POM refused, the painkiller limits, first-expiry-first-out stock by the ledger's atomic decrement (never negative
/// under concurrent sales), the sale kept as a chargeable item, the till page, and permissions.
/// </summary>
public abstract class OtcSalesTests(InfirmaryFactory factory)
{
    private const string Otc = "/api/v1/pharmacy/otc";
    private static readonly string ParacetamolGsl16 = PharmacyDemoData.DemoGtin(PharmacyDemoData.ParacetamolGsl16);
    private static readonly string ParacetamolP32 = PharmacyDemoData.DemoGtin(PharmacyDemoData.ParacetamolP32);
    private static readonly string IbuprofenP24 = PharmacyDemoData.DemoGtin(PharmacyDemoData.IbuprofenP24);
    private static readonly string IbuprofenGsl16 = PharmacyDemoData.DemoGtin(PharmacyDemoData.IbuprofenGsl16);
    private static readonly string AspirinGsl16 = PharmacyDemoData.DemoGtin(PharmacyDemoData.AspirinGsl16);
    private static readonly string Amoxicillin = PharmacyDemoData.DemoGtin(3);

    private static async Task<int> PacksInStockAsync(HttpClient client, string gtin)
    {
        var products = await (await client.GetAsync($"{Otc}/products")).JsonAsync();
        return products.EnumerateArray().Single(p => p.GetProperty("gtin").GetString() == gtin).GetProperty("packsInStock").GetInt32();
    }

    private async Task<int> UnitsAtStoreAsync(string gtin)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await (from b in db.Set<StockBatch>()
                      join p in db.Set<Pack>() on b.PackId equals p.Id
                      join l in db.Set<StockLocation>() on b.LocationId equals l.Id
                      where p.Gtin == gtin && l.Code == "PHARM"
                      select b.Quantity).SumAsync();
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("errors");
    }

    [Fact]
    public async Task GivenTwoGeneralSalePacks_WhenSold_ThenTheSaleIsAChargeableItemAndStockLeavesByTheLedger()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var before = await UnitsAtStoreAsync(ParacetamolGsl16);
        var response = await client.PostAsJsonAsync($"{Otc}/sales", new { lines = new[] { new { gtin = ParacetamolGsl16, packs = 2 } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sale = await response.JsonAsync();
        Assert.False(sale.GetProperty("protocolRequired").GetBoolean());
        Assert.Equal("unbilled", sale.GetProperty("billingStatus").GetString());
        var line = Assert.Single(sale.GetProperty("lines").EnumerateArray());
        Assert.Equal(("GSL", 2, 32, 45, 90), (line.GetProperty("legalCategory").GetString(), line.GetProperty("packs").GetInt32(),
            line.GetProperty("units").GetInt32(), line.GetProperty("unitPricePence").GetInt32(), line.GetProperty("linePence").GetInt32()));
        Assert.Equal(90, sale.GetProperty("totalPence").GetInt32());
        Assert.Equal(before - 32, await UnitsAtStoreAsync(ParacetamolGsl16));

        var unbilled = await (await client.GetAsync($"{Otc}/sales?unbilled=true")).JsonAsync();
        Assert.Contains(unbilled.EnumerateArray(), s => s.GetProperty("id").GetGuid() == sale.GetProperty("id").GetGuid());

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var id = sale.GetProperty("id").GetGuid();
        var rows = await db.Set<StockMovement>().Where(m => m.Reference == id).ToListAsync();
        Assert.Equal(-32, Assert.Single(rows).Change);
        Assert.Equal(MovementKind.Sale, rows[0].Kind);
    }

    [Fact]
    public async Task GivenAPharmacyMedicine_WhenTheProtocolIsNotAnswered_ThenRefusedNamingEachQuestionAndNothingMoves()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var before = await UnitsAtStoreAsync(IbuprofenP24);
        var errors = await ErrorsAsync(await client.PostAsJsonAsync($"{Otc}/sales",
            new { lines = new[] { new { gtin = IbuprofenP24, packs = 1 } }, forWhom = "Myself", symptoms = " " }));
        Assert.False(errors.TryGetProperty("protocol.forWhom", out _));
        Assert.Contains("What are the symptoms?", errors.GetProperty("protocol.symptoms")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("protocol.duration", out _));
        Assert.True(errors.TryGetProperty("protocol.otherMedicines", out _));
        Assert.Equal(before, await UnitsAtStoreAsync(IbuprofenP24));

        var sold = await client.PostAsJsonAsync($"{Otc}/sales", new
        {
            lines = new[] { new { gtin = IbuprofenP24, packs = 1 } },
            forWhom = "Myself", symptoms = "Back pain after lifting", duration = "Three days", actionTaken = "Rest", otherMedicines = "None",
        });
        Assert.Equal(HttpStatusCode.Created, sold.StatusCode);
        var sale = await (await client.GetAsync($"{Otc}/sales/{(await sold.JsonAsync()).GetProperty("id").GetGuid()}")).JsonAsync();
        Assert.True(sale.GetProperty("protocolRequired").GetBoolean());
        Assert.Equal(("Back pain after lifting", "Three days", "None"),
            (sale.GetProperty("symptoms").GetString(), sale.GetProperty("duration").GetString(), sale.GetProperty("otherMedicines").GetString()));
        Assert.Equal(before - 24, await UnitsAtStoreAsync(IbuprofenP24));
    }

    [Fact]
    public async Task GivenAPrescriptionOnlyMedicine_WhenSoldAtTheTill_ThenRefused()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var before = await UnitsAtStoreAsync(Amoxicillin);
        var errors = await ErrorsAsync(await client.PostAsJsonAsync($"{Otc}/sales", new
        {
            lines = new[] { new { gtin = ParacetamolGsl16, packs = 1 }, new { gtin = Amoxicillin, packs = 1 } },
            forWhom = "Myself", symptoms = "Sore throat", duration = "A week", otherMedicines = "None",
        }));
        Assert.Contains("prescription-only medicine (POM)", errors.GetProperty("lines[1].gtin")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await UnitsAtStoreAsync(Amoxicillin));

        // The database holds the same line: a POM line cannot be written behind the code's back.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var pack = await db.Set<Pack>().SingleAsync(p => p.Gtin == Amoxicillin);
        var batch = await db.Set<StockBatch>().FirstAsync(b => b.PackId == pack.Id);
        db.Add(new Sale
        {
            Id = Guid.NewGuid(), SoldAt = DateTime.UtcNow, SoldById = "x", SoldByName = "x", BillingStatus = BillingStatus.Unbilled, TotalPence = 100,
            Lines = [new SaleLine { Id = Guid.NewGuid(), PackId = pack.Id, BatchId = batch.Id, Description = "x", LegalCategory = "POM", Packs = 1, Units = 21, UnitPricePence = 100, LinePence = 100 }],
        });
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task GivenThreePacksOfPainkillers_WhenSold_ThenRefusedUnlessAPharmacistRecordsAnExceptionalSale()
    {
        var technician = await Clients.UserAsync(factory, "pharmtech");
        // Two packs of paracetamol and one of ibuprofen is allowed; three of paracetamol is not.
        var allowed = await technician.PostAsJsonAsync($"{Otc}/sales", new { lines = new[] { new { gtin = ParacetamolGsl16, packs = 2 }, new { gtin = IbuprofenGsl16, packs = 1 } } });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var lines = new[] { new { gtin = ParacetamolGsl16, packs = 3 } };
        var errors = await ErrorsAsync(await technician.PostAsJsonAsync($"{Otc}/sales", new { lines }));
        Assert.Contains("No more than 2 packs", errors.GetProperty("lines")[0].GetString(), StringComparison.Ordinal);

        var notAllowed = await ErrorsAsync(await technician.PostAsJsonAsync($"{Otc}/sales", new { lines, exceptional = true, exceptionalReason = "Housebound carer, weekly shop" }));
        Assert.Contains("Only a pharmacist", notAllowed.GetProperty("exceptional")[0].GetString(), StringComparison.Ordinal);

        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var noReason = await ErrorsAsync(await pharmacist.PostAsJsonAsync($"{Otc}/sales", new { lines, exceptional = true }));
        Assert.True(noReason.TryGetProperty("exceptionalReason", out _));
        var sold = await pharmacist.PostAsJsonAsync($"{Otc}/sales", new { lines, exceptional = true, exceptionalReason = "Housebound carer, weekly shop" });
        Assert.Equal(HttpStatusCode.Created, sold.StatusCode);
        var sale = await sold.JsonAsync();
        Assert.True(sale.GetProperty("exceptional").GetBoolean());
        Assert.Contains("pharmacist", sale.GetProperty("supervisedBy").GetString(), StringComparison.Ordinal);

        // More than 100 tablets is never sold, even exceptionally: 4 × 32 = 128.
        var tooMany = await ErrorsAsync(await pharmacist.PostAsJsonAsync($"{Otc}/sales", new
        {
            lines = new[] { new { gtin = ParacetamolP32, packs = 4 } }, exceptional = true, exceptionalReason = "Housebound carer, weekly shop",
            forWhom = "Carer", symptoms = "Arthritis pain", duration = "Years", otherMedicines = "None",
        }));
        Assert.Contains("more than 100", tooMany.GetProperty("lines")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>More concurrent one-pack sales than packs in stock: exactly the packs held are sold, the rest refused, stock ends at 0.</summary>
    [Fact]
    public async Task GivenFewerPacksThanConcurrentSales_WhenAllAreMadeAtOnce_ThenExactlyThePacksHeldAreSoldAndStockEndsAtZero()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var packs = await PacksInStockAsync(client, AspirinGsl16);
        Assert.True(packs > 0);
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, packs + 25).Select(async _ =>
        {
            await start.WaitAsync();
            var response = await client.PostAsJsonAsync($"{Otc}/sales", new { lines = new[] { new { gtin = AspirinGsl16, packs = 1 } } });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(requests.Count);
        var results = await Task.WhenAll(requests);

        Assert.Equal(packs, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("insufficient stock of", r.Body, StringComparison.Ordinal);
        });
        Assert.Equal(0, await UnitsAtStoreAsync(AspirinGsl16));
        Assert.Equal(0, await PacksInStockAsync(client, AspirinGsl16));
    }

    [Fact]
    public async Task GivenTheTillPage_WhenAPharmacyMedicineIsSoldWithTheProtocol_ThenTheReceiptShowsTheTotalInPounds()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var page = await client.GetStringAsync("/pharmacy/otc");
        Assert.Contains("Over-the-counter sales", page, StringComparison.Ordinal);
        Assert.Contains(ParacetamolP32, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Amoxicillin, page, StringComparison.Ordinal); // POM is not offered

        var refused = await Clients.PostFormAsync(client, "/pharmacy/otc", "otc-sale", new()
        {
            ["Sale.Gtin1"] = ParacetamolP32, ["Sale.Packs1"] = "1",
        });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Who is the medicine for?", refusedPage, StringComparison.Ordinal);

        var sold = await Clients.PostFormAsync(client, "/pharmacy/otc", "otc-sale", new()
        {
            ["Sale.Gtin1"] = ParacetamolP32, ["Sale.Packs1"] = "1", ["Sale.Gtin2"] = ParacetamolGsl16, ["Sale.Packs2"] = "1",
            ["Sale.ForWhom"] = "Her husband", ["Sale.Symptoms"] = "Toothache", ["Sale.Duration"] = "Two days", ["Sale.OtherMedicines"] = "Ramipril",
        });
        var soldPage = await sold.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"sale-receipt\"", soldPage, StringComparison.Ordinal);
        Assert.Contains(": £1.60</h2>", System.Net.WebUtility.HtmlDecode(soldPage), StringComparison.Ordinal); // 115p + 45p
    }

    [Fact]
    public async Task GivenStaffWithoutTillRights_WhenSelling_ThenForbidden()
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clinician.PostAsJsonAsync($"{Otc}/sales", new { lines = new[] { new { gtin = ParacetamolGsl16, packs = 1 } } })).StatusCode);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync($"{Otc}/products")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await reception.GetAsync("/pharmacy/otc")).StatusCode);
    }
}

public sealed class OtcSalesTests_Sqlite(SqliteFactory factory) : OtcSalesTests(factory), IClassFixture<SqliteFactory>;

public sealed class OtcSalesTests_Postgres(PostgresFactory factory) : OtcSalesTests(factory), IClassFixture<PostgresFactory>;
