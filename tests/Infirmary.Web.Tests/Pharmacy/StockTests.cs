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
/// Stock by batch through the real HTTP pipeline, on SQLite and PostgreSQL: goods receipt typed and scanned, issues,
/// transfers, quarantine, the ledger, and quantities that never go negative under 500 concurrent requests.
/// </summary>
public abstract class StockTests(InfirmaryFactory factory)
{
    private const string Stock = "/api/v1/pharmacy/stock";

    // Demo pack 3: Amoxicillin 500mg capsules, 21 capsules (PharmacyDemoData.DemoPacks).
    private static readonly string Amoxicillin = PharmacyDemoData.DemoGtin(3);
    private const int AmoxicillinPack = 21;

    private static string NewBatchNumber() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static DateOnly InAYear => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);

    private async Task<(HttpClient Client, Guid BatchId, string Number)> ReceiveAsync(int packs, string location = "PHARM", string user = "pharmtech")
    {
        var client = await Clients.UserAsync(factory, user);
        var number = NewBatchNumber();
        var response = await client.PostAsJsonAsync($"{Stock}/receipts",
            new { location, scan = Gs1.Compose(Amoxicillin, InAYear, number, "SN1"), packs });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var movement = (await response.JsonAsync()).GetProperty("movements")[0];
        return (client, movement.GetProperty("batchId").GetGuid(), number);
    }

    private static async Task<JsonElement> LedgerAsync(HttpClient client, Guid batchId)
    {
        var response = await client.GetAsync($"{Stock}/batches/{batchId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task GivenAScannedDataMatrix_WhenReceived_ThenTheBatchHoldsThePacksAndTheLedgerSaysWhoAndWhy()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 2);
        var ledger = await LedgerAsync(client, batchId);
        var batch = ledger.GetProperty("batch");
        Assert.Equal(number, batch.GetProperty("batchNumber").GetString());
        Assert.Equal(InAYear, DateOnly.Parse(batch.GetProperty("expiry").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2 * AmoxicillinPack, batch.GetProperty("quantity").GetInt32());
        Assert.Equal("PHARM", batch.GetProperty("locationCode").GetString());
        var row = Assert.Single(ledger.GetProperty("movements").EnumerateArray());
        Assert.Equal("receipt", row.GetProperty("kind").GetString());
        Assert.Equal(2 * AmoxicillinPack, row.GetProperty("change").GetInt32());
        Assert.Equal(2 * AmoxicillinPack, row.GetProperty("balance").GetInt32());
        Assert.Contains("pharmtech", row.GetProperty("by").GetString(), StringComparison.Ordinal);
        Assert.Equal("Goods received", row.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task GivenTheSameBatchReceivedTwice_WhenTypedTheSecondTime_ThenOneBatchHoldsBothReceipts()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 1);
        var typed = await client.PostAsJsonAsync($"{Stock}/receipts",
            new { location = "pharm", gtin = Amoxicillin[1..], batch = number, expiry = InAYear, units = 5, reason = "Order 4411" });
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        var ledger = await LedgerAsync(client, batchId);
        Assert.Equal(AmoxicillinPack + 5, ledger.GetProperty("batch").GetProperty("quantity").GetInt32());
        var balances = ledger.GetProperty("movements").EnumerateArray().Select(m => m.GetProperty("balance").GetInt32()).ToList();
        Assert.Equal([AmoxicillinPack, AmoxicillinPack + 5], balances);
    }

    [Fact]
    public async Task GivenAKnownBatch_WhenReceivedWithAnotherExpiry_ThenConflictAndNothingWritten()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 1);
        var response = await client.PostAsJsonAsync($"{Stock}/receipts",
            new { location = "PHARM", scan = Gs1.Compose(Amoxicillin, InAYear.AddMonths(1), number, null) });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already held here with expiry", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single((await LedgerAsync(client, batchId)).GetProperty("movements").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"location\":\"PHARM\",\"scan\":\"0109501101530004\"}", "scan", "check digit")]
    [InlineData("{\"location\":\"PHARM\",\"scan\":\"(01)09501101530003(17)300101(10)X1\"}", "scan", "not a pack in the formulary")]
    [InlineData("{\"location\":\"PHARM\",\"gtin\":\"123\",\"batch\":\"B1\",\"expiry\":\"2030-01-01\"}", "gtin", "check digit")]
    [InlineData("{\"location\":\"NOWHERE\",\"gtin\":\"09501101530003\",\"batch\":\"B1\",\"expiry\":\"2030-01-01\"}", "location", "no stock location")]
    [InlineData("{\"location\":\"PHARM\",\"gtin\":\"09501101530003\",\"expiry\":\"2030-01-01\"}", "batch", "batch number")]
    [InlineData("{\"location\":\"PHARM\",\"gtin\":\"09501101530003\",\"batch\":\"B1\",\"expiry\":\"2020-01-01\"}", "expiry", "expired stock cannot be received")]
    public async Task GivenABadReceipt_WhenPosted_ThenValidationProblemNamesTheField(string body, string field, string message)
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var response = await client.PostAsync($"{Stock}/receipts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenStockInThePharmacy_WhenTransferredToAWard_ThenBothBatchesMoveAndTheRowsShareAReference()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 5);
        var response = await client.PostAsJsonAsync($"{Stock}/transfers", new { batchId, toLocation = "WARD-7", packs = 2, reason = "Top-up" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await response.JsonAsync()).GetProperty("movements");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(-2 * AmoxicillinPack, rows[0].GetProperty("change").GetInt32());
        Assert.Equal(3 * AmoxicillinPack, rows[0].GetProperty("balance").GetInt32());
        Assert.Equal(2 * AmoxicillinPack, rows[1].GetProperty("change").GetInt32());
        Assert.Equal(rows[0].GetProperty("reference").GetGuid(), rows[1].GetProperty("reference").GetGuid());
        Assert.Contains("Ward 7", rows[0].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var ward = await (await client.GetAsync($"{Stock}/batches?location=WARD-7")).JsonAsync();
        var wardBatch = Assert.Single(ward.EnumerateArray(), b => b.GetProperty("batchNumber").GetString() == number);
        Assert.Equal(2 * AmoxicillinPack, wardBatch.GetProperty("quantity").GetInt32());
        Assert.Equal(3 * AmoxicillinPack, (await LedgerAsync(client, batchId)).GetProperty("batch").GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task GivenFewerUnitsThanAsked_WhenIssued_ThenConflictNamesTheBatchAndNothingMoves()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 1);
        var response = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, units = AmoxicillinPack + 1, reason = "Ward 12" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("Insufficient stock", problem.GetProperty("title").GetString());
        Assert.StartsWith($"insufficient stock in batch {number}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var ledger = await LedgerAsync(client, batchId);
        Assert.Equal(AmoxicillinPack, ledger.GetProperty("batch").GetProperty("quantity").GetInt32());
        Assert.Single(ledger.GetProperty("movements").EnumerateArray());
    }

    [Fact]
    public async Task GivenAnIssueWithoutReasonOrWithBothQuantities_WhenPosted_ThenValidationProblem()
    {
        var (client, batchId, _) = await ReceiveAsync(packs: 1);
        var noReason = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, packs = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        var both = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, packs = 1, units = 3, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        var zero = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, units = 0, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    [Fact]
    public async Task GivenABatchPastItsExpiry_WhenIssuedOrTransferred_ThenRefusedAndQuarantineExpiredTakesIt()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 2);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
            await db.Set<StockBatch>().Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Expiry, yesterday));
        }

        var issue = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, packs = 1, reason = "Ward 7" });
        Assert.Equal(HttpStatusCode.Conflict, issue.StatusCode);
        Assert.Contains($"Batch {number} expired on", (await issue.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var transfer = await client.PostAsJsonAsync($"{Stock}/transfers", new { batchId, toLocation = "AMU", packs = 1 });
        Assert.Equal(HttpStatusCode.Conflict, transfer.StatusCode);

        var sweep = await client.PostAsync($"{Stock}/quarantine-expired", null);
        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        var ledger = await LedgerAsync(client, batchId);
        Assert.True(ledger.GetProperty("batch").GetProperty("quarantined").GetBoolean());
        Assert.Equal("Quarantined", ledger.GetProperty("batch").GetProperty("status").GetString());
        var rows = ledger.GetProperty("movements").EnumerateArray().ToList();
        Assert.Equal(["receipt", "quarantine"], rows.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(0, rows[1].GetProperty("change").GetInt32());
        Assert.Equal(2 * AmoxicillinPack, rows[1].GetProperty("balance").GetInt32());

        var again = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, packs = 1, reason = "Ward 7" });
        Assert.Contains("quarantined", (await again.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenARecall_WhenABatchIsQuarantined_ThenItCannotBeIssuedNorReceivedAgain()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 1);
        var response = await client.PostAsJsonAsync($"{Stock}/batches/{batchId}/quarantine", new { reason = "MHRA drug alert class 2" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issue = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, packs = 1, reason = "Ward 7" });
        Assert.Equal(HttpStatusCode.Conflict, issue.StatusCode);
        Assert.Contains("MHRA drug alert class 2", (await issue.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var receipt = await client.PostAsJsonAsync($"{Stock}/receipts", new { location = "PHARM", scan = Gs1.Compose(Amoxicillin, InAYear, number, null) });
        Assert.Equal(HttpStatusCode.Conflict, receipt.StatusCode);
        var twice = await client.PostAsJsonAsync($"{Stock}/batches/{batchId}/quarantine", new { reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task GivenTheDatabase_WhenAQuantityIsSetBelowZeroBehindTheCodesBack_ThenTheCheckConstraintRefusesIt()
    {
        var (_, batchId, _) = await ReceiveAsync(packs: 1);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Set<StockBatch>().Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Quantity, b => b.Quantity - 1000)));
        Assert.Equal(AmoxicillinPack, await db.Set<StockBatch>().Where(b => b.Id == batchId).Select(b => b.Quantity).SingleAsync());
    }

    [Fact]
    public async Task GivenStaffWithoutStockRights_WhenMovingStock_ThenForbidden()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync($"{Stock}/batches")).StatusCode);
        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clinician.PostAsJsonAsync($"{Stock}/issues", new { batchId = Guid.NewGuid(), packs = 1, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task GivenTheDemoStock_WhenListingThePharmacyStore_ThenFirstToExpireComesFirst()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var batches = (await (await client.GetAsync($"{Stock}/batches?location=PHARM")).JsonAsync()).EnumerateArray().ToList();
        Assert.Contains(batches, b => b.GetProperty("batchNumber").GetString() == "PA24117");
        var expiries = batches.Select(b => b.GetProperty("expiry").GetString()).ToList();
        Assert.Equal(expiries.Order(StringComparer.Ordinal), expiries);
        var locations = await (await client.GetAsync($"{Stock}/locations")).JsonAsync();
        Assert.Equal("PHARM", locations[0].GetProperty("code").GetString());
        Assert.Contains(locations.EnumerateArray(), l => l.GetProperty("kind").GetString() == "clinic");
    }

    [Fact]
    public async Task GivenTheStockPage_WhenAPackIsScannedIntoTheForm_ThenTheReceiptIsConfirmedAndListed()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var number = NewBatchNumber();
        var response = await Clients.PostFormAsync(client, "/pharmacy/stock", "receive-stock", new()
        {
            ["Receipt.Location"] = "PHARM",
            ["Receipt.Scan"] = $"]d2{Gs1.GroupSeparator}" + Gs1.Compose(Amoxicillin, InAYear, number, "SER9"),
            ["Receipt.Packs"] = "3",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Received 63 capsules of Amoxicillin 500mg capsules, 21 capsules, batch {number}", page, StringComparison.Ordinal);
        Assert.Contains($">{number}</a>", page, StringComparison.Ordinal);

        var bad = await Clients.PostFormAsync(client, "/pharmacy/stock", "receive-stock", new()
        {
            ["Receipt.Location"] = "PHARM",
            ["Receipt.Scan"] = "01" + Amoxicillin[..13] + "9",
        });
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", badPage, StringComparison.Ordinal);
        Assert.Contains("wrong check digit", badPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheBatchPage_WhenTwoPacksAreIssuedThenTooManyAsked_ThenTheLedgerShowsOneIssueAndTheRefusalIsExplained()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 3);
        var url = $"/pharmacy/stock/batches/{batchId}";
        var ok = await Clients.PostFormAsync(client, url, "issue-stock", new() { ["Issue.Quantity"] = "2", ["Issue.In"] = "packs", ["Issue.Reason"] = "Ward 12 top-up" });
        var page = await ok.Content.ReadAsStringAsync();
        Assert.Contains("Issued.", page, StringComparison.Ordinal);
        Assert.Contains("Ward 12 top-up", page, StringComparison.Ordinal);
        Assert.Contains("21 capsules (1 pack of 21)", page, StringComparison.Ordinal);

        var refused = await Clients.PostFormAsync(client, url, "issue-stock", new() { ["Issue.Quantity"] = "22", ["Issue.In"] = "units", ["Issue.Reason"] = "Ward 12" });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"insufficient stock in batch {number}", refusedPage, StringComparison.Ordinal);
        Assert.Equal(21, (await LedgerAsync(client, batchId)).GetProperty("batch").GetProperty("quantity").GetInt32());
    }

    /// <summary>
    /// The issue's benchmark as a test (not timed): 500 concurrent HTTP requests, each issuing 1 pack, against one
    /// batch of 100 packs. Exactly 100 succeed; 400 are refused with 409 "insufficient stock in batch X"; the batch
    /// ends at 0; the ledger holds 100 issue rows whose balances are each distinct, and sums to the batch's quantity.
    /// Through the real HTTP pipeline on both databases.
    /// </summary>
    [Fact]
    public async Task Given100PacksInABatch_When500ConcurrentRequestsIssue1PackEach_ThenExactly100SucceedAndTheBatchEndsAtZero()
    {
        var (client, batchId, number) = await ReceiveAsync(packs: 100);
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 500).Select(async i =>
        {
            await start.WaitAsync();
            var response = await client.PostAsJsonAsync($"{Stock}/issues", new { batchId, packs = 1, reason = $"Concurrency test {i}" });
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: body);
        }).ToList();
        start.Release(500);
        var results = await Task.WhenAll(requests);

        Assert.Equal(100, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = results.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(400, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains($"insufficient stock in batch {number}", r.Body, StringComparison.Ordinal);
        });

        var ledger = await LedgerAsync(client, batchId);
        Assert.Equal(0, ledger.GetProperty("batch").GetProperty("quantity").GetInt32());
        var rows = ledger.GetProperty("movements").EnumerateArray().ToList();
        Assert.Equal(101, rows.Count);
        Assert.Equal(0, rows.Sum(r => r.GetProperty("change").GetInt32()));
        var issues = rows.Where(r => r.GetProperty("kind").GetString() == "issue").ToList();
        Assert.Equal(100, issues.Count);
        Assert.Equal(-100 * AmoxicillinPack, issues.Sum(r => r.GetProperty("change").GetInt32()));
        // Each issue saw its own balance: 99 packs, 98 packs, … 0, once each, in ledger order.
        Assert.Equal(Enumerable.Range(0, 100).Select(n => (99 - n) * AmoxicillinPack), issues.Select(r => r.GetProperty("balance").GetInt32()));
    }
}

public sealed class StockTests_Sqlite(SqliteFactory factory) : StockTests(factory), IClassFixture<SqliteFactory>;

public sealed class StockTests_Postgres(PostgresFactory factory) : StockTests(factory), IClassFixture<PostgresFactory>;
