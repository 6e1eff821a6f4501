using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Features;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>Stock-takes, quarantine of expired stock, reorder levels and purchase orders, on SQLite and PostgreSQL.</summary>
public abstract class StockControlTests(InfirmaryFactory factory)
{
    private const string Stock = "/api/v1/pharmacy/stock";
    private static readonly string Amoxicillin = PharmacyDemoData.DemoGtin(3); // 21 capsules a pack
    private static readonly string Simvastatin = PharmacyDemoData.DemoGtin(4); // 28 tablets a pack

    private static string NewBatchNumber() => "S" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static DateOnly InAYear => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);

    private static async Task<Guid> ReceiveAsync(HttpClient client, string gtin, string location, int packs)
    {
        var response = await client.PostAsJsonAsync($"{Stock}/receipts", new { location, scan = Gs1.Compose(gtin, InAYear, NewBatchNumber(), null), packs });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("movements")[0].GetProperty("batchId").GetGuid();
    }

    private static async Task<JsonElement> LedgerAsync(HttpClient client, Guid batchId) => await (await client.GetAsync($"{Stock}/batches/{batchId}")).JsonAsync();

    [Fact]
    public async Task GivenACountBelowTheRecord_WhenTheStockTakeIsPosted_ThenTheBatchIsSetToTheCountThroughTheLedgerWithItsReason()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var counted = await ReceiveAsync(client, Amoxicillin, "CLIN-RHEUM", 2);
        var unchanged = await ReceiveAsync(client, Amoxicillin, "CLIN-RHEUM", 1);
        var response = await client.PostAsJsonAsync($"{Stock}/stock-takes", new
        {
            location = "CLIN-RHEUM",
            counts = new object[] { new { batchId = counted, counted = 40, reason = "Two capsules found crushed" }, new { batchId = unchanged, counted = 21 } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var take = await response.JsonAsync();
        var line = take.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("batchId").GetGuid() == counted);
        Assert.Equal((42, 40, -2), (line.GetProperty("expected").GetInt32(), line.GetProperty("counted").GetInt32(), line.GetProperty("variance").GetInt32()));

        var ledger = await LedgerAsync(client, counted);
        Assert.Equal(40, ledger.GetProperty("batch").GetProperty("quantity").GetInt32());
        var row = ledger.GetProperty("movements").EnumerateArray().Last();
        Assert.Equal(("stock-take", -2, 40), (row.GetProperty("kind").GetString(), row.GetProperty("change").GetInt32(), row.GetProperty("balance").GetInt32()));
        Assert.Equal("Stock-take: Two capsules found crushed", row.GetProperty("reason").GetString());
        Assert.Single((await LedgerAsync(client, unchanged)).GetProperty("movements").EnumerateArray()); // no variance, no ledger row
    }

    [Fact]
    public async Task GivenAVarianceWithoutAReasonOrANegativeCountOrABatchElsewhere_WhenPosted_ThenRefusedByLineAndNothingMoves()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var here = await ReceiveAsync(client, Amoxicillin, "CLIN-RHEUM", 1);
        var elsewhere = await ReceiveAsync(client, Amoxicillin, "WARD-12", 1);
        var response = await client.PostAsJsonAsync($"{Stock}/stock-takes", new
        {
            location = "CLIN-RHEUM",
            counts = new object[] { new { batchId = here, counted = 20 }, new { batchId = here, counted = 21 }, new { batchId = elsewhere, counted = 21 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("give the reason", errors.GetProperty("counts[0].reason")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("counted twice", errors.GetProperty("counts[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not held at", errors.GetProperty("counts[2]")[0].GetString(), StringComparison.Ordinal);

        var negative = await client.PostAsJsonAsync($"{Stock}/stock-takes", new { location = "CLIN-RHEUM", counts = new[] { new { batchId = here, counted = -1, reason = "lost" } } });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.True((await negative.JsonAsync()).GetProperty("errors").TryGetProperty("counts[0].counted", out _));
        Assert.Equal(21, (await LedgerAsync(client, here)).GetProperty("batch").GetProperty("quantity").GetInt32());
        Assert.Single((await LedgerAsync(client, here)).GetProperty("movements").EnumerateArray());
    }

    [Fact]
    public async Task GivenExpiredStock_WhenQuarantined_ThenItIsListedAsQuarantinedAndCannotBeIssued()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Stock}/quarantine-expired", null)).StatusCode);
        var listed = await (await client.GetAsync($"{Stock}/quarantined?location=PHARM")).JsonAsync();
        var expired = Assert.Single(listed.EnumerateArray(), b => b.GetProperty("batchNumber").GetString() == "AX0907"); // demo batch, 10 days past expiry
        Assert.Contains("Expired", expired.GetProperty("quarantineReason").GetString(), StringComparison.Ordinal);
        var issue = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId = expired.GetProperty("id").GetGuid(), units = 1, reason = "Ward 7" });
        Assert.Equal(HttpStatusCode.Conflict, issue.StatusCode);
    }

    [Fact]
    public async Task GivenAReorderLevel_WhenStockIsBelowIt_ThenListedUntilEnoughIsReceived()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var set = await client.PutAsJsonAsync($"{Stock}/reorder-levels", new { location = "CLIN-OPD", gtin = Amoxicillin, levelPacks = 3, orderPacks = 10 });
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        var below = await (await client.GetAsync($"{Stock}/reorder-levels?location=CLIN-OPD&below=true")).JsonAsync();
        var row = Assert.Single(below.EnumerateArray(), r => r.GetProperty("gtin").GetString() == Amoxicillin);
        Assert.Equal(10, row.GetProperty("orderPacks").GetInt32());

        await ReceiveAsync(client, Amoxicillin, "CLIN-OPD", 3);
        below = await (await client.GetAsync($"{Stock}/reorder-levels?location=CLIN-OPD&below=true")).JsonAsync();
        Assert.DoesNotContain(below.EnumerateArray(), r => r.GetProperty("gtin").GetString() == Amoxicillin);

        var bad = await client.PutAsJsonAsync($"{Stock}/reorder-levels", new { location = "CLIN-OPD", gtin = Amoxicillin, levelPacks = 0, orderPacks = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("levelPacks", out _));
    }

    [Fact]
    public async Task GivenAPurchaseOrder_WhenDraftedSentAndReceivedInParts_ThenGoodsGoInThroughTheReceiptAndTheOrderCompletes()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var created = await client.PostAsJsonAsync($"{Stock}/purchase-orders", new { supplier = "Demonstration wholesaler", location = "AMU", lines = new[] { new { gtin = Simvastatin, packs = 3 } } });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var order = await created.JsonAsync();
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal("draft", order.GetProperty("status").GetString());
        var receipts = $"{Stock}/purchase-orders/{id}/receipts";

        var number = NewBatchNumber();
        object Scan(int packs) => new { scan = Gs1.Compose(Simvastatin, InAYear, number, null), packs };
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync(receipts, Scan(1))).StatusCode); // not sent yet

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Stock}/purchase-orders/{id}/send", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{Stock}/purchase-orders/{id}/send", null)).StatusCode);

        var part = await client.PostAsJsonAsync(receipts, Scan(2));
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        Assert.Equal(("sent", 2), ((await part.JsonAsync()).GetProperty("status").GetString(), (await part.JsonAsync()).GetProperty("lines")[0].GetProperty("receivedPacks").GetInt32()));

        var tooMany = await client.PostAsJsonAsync(receipts, Scan(2));
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Contains("too many", (await tooMany.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var batches = await (await client.GetAsync($"{Stock}/batches?location=AMU")).JsonAsync();
        var batch = Assert.Single(batches.EnumerateArray(), b => b.GetProperty("batchNumber").GetString() == number);
        Assert.Equal(2 * 28, batch.GetProperty("quantity").GetInt32()); // the refused receipt added nothing

        var rest = await client.PostAsJsonAsync(receipts, Scan(1));
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal("received", (await rest.JsonAsync()).GetProperty("status").GetString());
        var ledger = await LedgerAsync(client, batch.GetProperty("id").GetGuid());
        Assert.Equal(3 * 28, ledger.GetProperty("batch").GetProperty("quantity").GetInt32());
        Assert.All(ledger.GetProperty("movements").EnumerateArray(), m => Assert.Equal($"Goods received against PO-{id:D6}", m.GetProperty("reason").GetString()));

        var unknown = await client.PostAsJsonAsync($"{Stock}/purchase-orders", new { supplier = "X", location = "AMU", lines = new[] { new { gtin = "123", packs = 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.JsonAsync()).GetProperty("errors").TryGetProperty("lines[0].gtin", out _));
    }

    [Fact]
    public async Task GivenAWardUser_WhenPostingAStockTake_ThenForbidden()
    {
        var client = await Clients.UserAsync(factory, "reception");
        var response = await client.PostAsJsonAsync($"{Stock}/stock-takes", new { location = "PHARM", counts = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class StockControlTests_Sqlite(SqliteFactory factory) : StockControlTests(factory), IClassFixture<SqliteFactory>;

public sealed class StockControlTests_Postgres(PostgresFactory factory) : StockControlTests(factory), IClassFixture<PostgresFactory>;
