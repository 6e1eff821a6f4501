using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Features;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>
/// The pages over what was API-only — stock-take, reorder list and purchase orders, ward imprest top-up, the expiry
/// heat map, extemporaneous preparation and the Yellow Card form — and the imprest top-up API, on SQLite and PostgreSQL.
/// </summary>
public abstract partial class PharmacyStockPagesTests(InfirmaryFactory factory)
{
    private const string Stock = "/api/v1/pharmacy/stock";
    private static readonly string Amoxicillin = PharmacyDemoData.DemoGtin(3); // 21 capsules
    private static readonly string Simvastatin = PharmacyDemoData.DemoGtin(4); // 28 tablets

    private static string NewBatchNumber() => "P" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static async Task<Guid> ReceiveAsync(HttpClient client, string gtin, string location, int packs, string? number = null)
    {
        var response = await client.PostAsJsonAsync($"{Stock}/receipts",
            new { location, scan = Gs1.Compose(gtin, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), number ?? NewBatchNumber(), null), packs });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("movements")[0].GetProperty("batchId").GetGuid();
    }

    private static async Task<int> QuantityAsync(HttpClient client, Guid batchId) =>
        (await (await client.GetAsync($"{Stock}/batches/{batchId}")).JsonAsync()).GetProperty("batch").GetProperty("quantity").GetInt32();

    [Fact]
    public async Task GivenTheStockTakePage_WhenACountDiffersWithAReason_ThenTheVarianceIsShownAndTheBatchSetToTheCount()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var number = NewBatchNumber();
        var batchId = await ReceiveAsync(client, Amoxicillin, "CLIN-OPD", 2, number);
        var page = await client.GetStringAsync("/pharmacy/stock-takes?location=CLIN-OPD");
        var row = RowOf(page, batchId);

        var noReason = await Clients.PostFormAsync(client, "/pharmacy/stock-takes?location=CLIN-OPD", "stock-take", new()
        {
            ["Take.Location"] = "CLIN-OPD", [$"Take.Rows[{row}].BatchId"] = batchId.ToString(), [$"Take.Rows[{row}].Counted"] = "40",
        });
        Assert.Contains("give the reason for the difference", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(42, await QuantityAsync(client, batchId));

        var posted = await Clients.PostFormAsync(client, "/pharmacy/stock-takes?location=CLIN-OPD", "stock-take", new()
        {
            ["Take.Location"] = "CLIN-OPD", [$"Take.Rows[{row}].BatchId"] = batchId.ToString(), [$"Take.Rows[{row}].Counted"] = "40",
            [$"Take.Rows[{row}].Reason"] = "Two capsules damaged",
        });
        var result = await posted.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"stock-take-result\"", result, StringComparison.Ordinal);
        Assert.Contains($"<td>{number}</td>", result, StringComparison.Ordinal);
        Assert.Contains("<td>-2</td>", result, StringComparison.Ordinal);
        Assert.Equal(40, await QuantityAsync(client, batchId));
    }

    /// <summary>The row index of a batch on the stock-take page (its hidden BatchId field).</summary>
    private static int RowOf(string page, Guid batchId)
    {
        var match = Regex.Match(page, $"name=\"Take\\.Rows\\[(\\d+)\\]\\.BatchId\" value=\"{batchId}\"");
        Assert.True(match.Success, "batch not listed on the stock-take page");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task GivenAPackBelowItsReorderLevel_WhenAnOrderIsRaisedAndSentFromTheOrdersPage_ThenTheOrderListsIt()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PutAsJsonAsync($"{Stock}/reorder-levels", new { location = "WARD-12", gtin = Simvastatin, levelPacks = 5, orderPacks = 8 })).StatusCode);
        var page = await client.GetStringAsync("/pharmacy/orders");
        Assert.Contains("data-testid=\"below-row\"", page, StringComparison.Ordinal);

        var raised = await (await Clients.PostFormAsync(client, "/pharmacy/orders", "raise-order", new() { ["Raise.Location"] = "WARD-12", ["Raise.Supplier"] = "Demonstration wholesaler" }))
            .Content.ReadAsStringAsync();
        var reference = OrderReference().Match(raised);
        Assert.True(reference.Success, "no order raised");
        Assert.Contains(": 0 of 8", raised, StringComparison.Ordinal);
        var orders = await (await client.GetAsync($"{Stock}/purchase-orders/{long.Parse(reference.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)}")).JsonAsync();
        Assert.Equal(("draft", 8), (orders.GetProperty("status").GetString(), orders.GetProperty("lines")[0].GetProperty("orderedPacks").GetInt32()));

        var sent = await (await Clients.PostFormAsync(client, "/pharmacy/orders", "send-order", new() { ["Send.Id"] = orders.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .Content.ReadAsStringAsync();
        Assert.Contains($"{reference.Value} marked as sent.", sent, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"PO-(\d{6})")]
    private static partial Regex OrderReference();

    [Fact]
    public async Task GivenAgreedLevelsOnAWard_WhenToppedUp_ThenWholePacksGoFromTheStoreFirstExpiryFirstAndASecondTopUpSendsNothing()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{Stock}/imprest", new { location = "AMU", gtin = Simvastatin, levelPacks = 3 })).StatusCode);
        await ReceiveAsync(client, Simvastatin, "AMU", 1);
        var list = await (await client.GetAsync($"{Stock}/imprest/AMU")).JsonAsync();
        var line = Assert.Single(list.EnumerateArray(), l => l.GetProperty("gtin").GetString() == Simvastatin);
        Assert.Equal(2, line.GetProperty("packsToSend").GetInt32());

        // The page shows the same list and sends the top-up.
        var page = await (await Clients.PostFormAsync(client, "/pharmacy/imprest?location=AMU", "top-up", new() { ["Send.Location"] = "AMU" })).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"top-up-result\"", page, StringComparison.Ordinal);
        Assert.Contains("2 of 2 packs", page, StringComparison.Ordinal);

        list = await (await client.GetAsync($"{Stock}/imprest/AMU")).JsonAsync();
        line = Assert.Single(list.EnumerateArray(), l => l.GetProperty("gtin").GetString() == Simvastatin);
        Assert.Equal((0, 3 * 28), (line.GetProperty("packsToSend").GetInt32(), line.GetProperty("heldUnits").GetInt32()));
        var again = await (await client.PostAsync($"{Stock}/imprest/AMU/top-up", null)).JsonAsync();
        Assert.Empty(again.GetProperty("movements").EnumerateArray());

        var store = await (await client.PostAsync($"{Stock}/imprest/PHARM/top-up", null)).JsonAsync();
        Assert.True(store.GetProperty("errors").TryGetProperty("location", out _));
    }

    [Fact]
    public async Task GivenStockExpiringSoon_WhenTheStockPageIsShown_ThenTheHeatMapCountsItInTheWithinOneMonthBand()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        await ReceiveAsync(client, Amoxicillin, "CLIN-RHEUM", 1); // expires in 20 days
        var page = await client.GetStringAsync("/pharmacy/stock?location=CLIN-RHEUM");
        Assert.Contains("data-testid=\"expiry-heat-map\"", page, StringComparison.Ordinal);
        var cell = Regex.Match(page, "data-band=\"Within 1 month\">\\s*(\\d+) batch");
        Assert.True(cell.Success, "no batches in the within-1-month band");
        Assert.True(int.Parse(cell.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(0, ExpiryHeatMap.BandOf(today.AddDays(-1), today));
        Assert.Equal(1, ExpiryHeatMap.BandOf(today.AddDays(20), today));
        Assert.Equal(5, ExpiryHeatMap.BandOf(today.AddYears(2), today));
    }

    [Fact]
    public async Task GivenTheCompoundingPage_WhenPreparedByOneAndCheckedByAnother_ThenTheBatchIsReleased()
    {
        var tech = await Clients.UserAsync(factory, "pharmtech");
        var prepared = await (await Clients.PostFormAsync(tech, "/pharmacy/compounding", "prepare-compounding", new()
        {
            ["Prepare.ProductGtin"] = PharmacyDemoData.DemoGtin(PharmacyDemoData.OmeprazoleSuspension100ml), ["Prepare.Quantity"] = "50",
            ["Prepare.Ingredient0"] = PharmacyDemoData.DemoGtin(PharmacyDemoData.OmeprazoleCapsules28), ["Prepare.Units0"] = "5",
            ["Prepare.Ingredient1"] = PharmacyDemoData.DemoGtin(PharmacyDemoData.SodiumBicarbonate100ml), ["Prepare.Units1"] = "50",
            ["Prepare.Method"] = "Disperse the capsule contents in the bicarbonate and make up to volume.", ["Prepare.Storage"] = "Store in a refrigerator",
            ["Prepare.ExpiryDays"] = "7",
        })).Content.ReadAsStringAsync();
        var reference = Regex.Match(prepared, "(EXT-[0-9A-F]{8}) recorded");
        Assert.True(reference.Success, "no worksheet recorded");
        var id = Regex.Match(prepared, "/api/v1/pharmacy/compounding/([0-9a-f-]{36})/label").Groups[1].Value;

        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var checkedPage = await (await Clients.PostFormAsync(pharmacist, "/pharmacy/compounding", "check-compounding", new()
        {
            ["Check.Id"] = id, ["Check.Decision"] = "approve",
        })).Content.ReadAsStringAsync();
        Assert.Contains($"{reference.Groups[1].Value} released", checkedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenThePatientsPharmacyRecord_WhenAYellowCardIsRecorded_ThenItIsListedAndBadInputNamesTheField()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = (await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync()).GetProperty("id").GetString();
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var url = $"/pharmacy/patients/{patient}";
        Assert.Contains("data-testid=\"no-reactions\"", await pharmacist.GetStringAsync(url), StringComparison.Ordinal);

        var bad = await (await Clients.PostFormAsync(pharmacist, url, "adverse-reaction", new()
        {
            ["Input.Medicine"] = "Amoxicillin 500mg capsules", ["Input.Reaction"] = "Rash", ["Input.OnsetDate"] = "not a date", ["Input.Outcome"] = "recovering",
        })).Content.ReadAsStringAsync();
        Assert.Contains("href=\"#onsetDate\"", bad, StringComparison.Ordinal);

        var recorded = await (await Clients.PostFormAsync(pharmacist, url, "adverse-reaction", new()
        {
            ["Input.Medicine"] = "Amoxicillin 500mg capsules", ["Input.Reaction"] = "Widespread itchy rash", ["Input.OnsetDate"] = DateTime.UtcNow.AddDays(-3).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.SeriousReason"] = "", ["Input.Outcome"] = "recovering", ["Input.Type"] = "allergy",
        })).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"reaction-message\"", recorded, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"reaction-row\"", recorded, StringComparison.Ordinal);
        Assert.Contains("Widespread itchy rash", recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenStaffWithoutStockRights_WhenOpeningTheNewPagesOrToppingUp_ThenRefused()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        foreach (var url in new[] { "/pharmacy/stock-takes", "/pharmacy/orders", "/pharmacy/imprest", "/pharmacy/compounding" })
        {
            Assert.NotEqual(HttpStatusCode.OK, (await reception.GetAsync(url)).StatusCode);
        }

        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsync($"{Stock}/imprest/AMU/top-up", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PutAsJsonAsync($"{Stock}/imprest", new { location = "AMU", gtin = Simvastatin, levelPacks = 3 })).StatusCode);
    }
}

public sealed class PharmacyStockPagesTests_Sqlite(SqliteFactory factory) : PharmacyStockPagesTests(factory), IClassFixture<SqliteFactory>;

public sealed class PharmacyStockPagesTests_Postgres(PostgresFactory factory) : PharmacyStockPagesTests(factory), IClassFixture<PostgresFactory>;
