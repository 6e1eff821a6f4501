using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>
/// The solution preparation, cleaning/sterilisation and waste logs (ADR 0086) through the API and their pages, and the
/// operations pages for stock, QC and maintenance, on SQLite and PostgreSQL.
/// </summary>
public abstract class LabLogsTests(InfirmaryFactory factory)
{
    private const string Ops = "/api/v1/laboratory/operations";

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.JsonAsync()).GetProperty("errors");
    }

    private async Task<T> InDatabaseAsync<T>(Func<InfirmaryDbContext, Task<T>> read)
    {
        await using var scope = factory.Scope();
        return await read(scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>());
    }

    [Fact]
    public async Task GivenASolutionWithIngredientLots_WhenLogged_ThenItGetsItsOwnLotAndAnIngredientLotFindsIt()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var saltLot = $"NACL-{Guid.NewGuid():N}"[..14];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var response = await lab.PostAsJsonAsync($"{Ops}/solutions", new
        {
            solution = "Phosphate-buffered saline pH 7.4", quantity = "1 L", expiresOn = today.AddDays(30),
            ingredients = new[] { new { name = "Sodium chloride", lotNumber = saltLot, amount = (string?)"8 g" }, new { name = "Purified water", lotNumber = "RO-2611", amount = (string?)null } },
        });
        var other = await lab.PostAsJsonAsync($"{Ops}/solutions", new
        {
            solution = "70% ethanol", quantity = "500 mL", expiresOn = today.AddDays(90), ingredients = new[] { new { name = "Ethanol", lotNumber = "ETH-1" } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        var lot = (await response.JsonAsync()).GetProperty("lotNumber").GetString()!;
        Assert.Matches(@"^SP-\d{8}-[0-9A-F]{6}$", lot);
        var found = (await lab.GetFromJsonAsync<JsonElement>($"{Ops}/solutions?ingredientLot={saltLot}")).EnumerateArray().ToList();
        var single = Assert.Single(found);
        Assert.Equal((lot, "Liam Walker (labassist)"), (single.GetProperty("lotNumber").GetString(), single.GetProperty("preparedBy").GetString()));
        Assert.Equal([saltLot, "RO-2611"], single.GetProperty("ingredients").EnumerateArray().Select(i => i.GetProperty("lotNumber").GetString()).Order(StringComparer.Ordinal));
        var page = await lab.GetStringAsync($"/laboratory/operations/solutions?lot={saltLot}");
        Assert.Contains(lot, page, StringComparison.Ordinal);
        Assert.DoesNotContain("70% ethanol", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenASolutionMissingAnIngredientLotOrExpiringBeforeItWasMade_WhenLogged_Then400NamingEachFieldAndNothingStored()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var name = $"Buffer {Guid.NewGuid():N}"[..20];
        var before = await InDatabaseAsync(db => db.Set<SolutionPreparation>().CountAsync());

        var errors = await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/solutions", new
        {
            solution = name, quantity = "", expiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3),
            ingredients = new[] { new { name = "Tris base", lotNumber = "T-1" }, new { name = "Hydrochloric acid", lotNumber = " " } },
        }));

        Assert.Equal(["expiresOn", "ingredients[1].lotNumber", "quantity"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("Hydrochloric acid", errors.GetProperty("ingredients[1].lotNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("ingredients", (await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/solutions", new { solution = name, quantity = "1 L", expiresOn = "2030-01-01" }))).EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await InDatabaseAsync(db => db.Set<SolutionPreparation>().CountAsync()));
    }

    [Fact]
    public async Task GivenTheSolutionForm_WhenPostedWithIngredients_ThenTheSolutionIsLoggedAndTheLotShown()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var name = $"Giemsa {Guid.NewGuid():N}"[..20];

        var response = await Clients.PostFormAsync(lab, "/laboratory/operations/solutions", "solution", new()
        {
            ["Prep.Solution"] = name, ["Prep.Quantity"] = "250 mL", ["Prep.ExpiresOn"] = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"),
            ["Prep.Ingredients[0].Name"] = "Giemsa stain", ["Prep.Ingredients[0].LotNumber"] = "GS-77", ["Prep.Ingredients[0].Amount"] = "25 mL",
            ["Prep.Ingredients[1].Name"] = "Buffer pH 6.8", ["Prep.Ingredients[1].LotNumber"] = "BUF-12",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await InDatabaseAsync(db => db.Set<SolutionPreparation>().AsNoTracking().Include(p => p.Ingredients).SingleAsync(p => p.Solution == name));
        Assert.Equal(["BUF-12", "GS-77"], saved.Ingredients.Select(i => i.LotNumber).Order(StringComparer.Ordinal));
        Assert.Contains(saved.LotNumber, Clients.LocalTarget(response), StringComparison.Ordinal);

        var missing = await Clients.PostFormAsync(lab, "/laboratory/operations/solutions", "solution", new()
        {
            ["Prep.Solution"] = name, ["Prep.Quantity"] = "250 mL", ["Prep.ExpiresOn"] = "2030-01-01", ["Prep.Ingredients[0].Name"] = "Giemsa stain",
        });
        var page = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("href=\"#ingredients[0].lotNumber\"", page, StringComparison.Ordinal);
        Assert.Contains("Enter the lot number of ingredient 1 (Giemsa stain).", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenASterilisation_WhenLoggedWithoutItsIndicatorResult_ThenRefusedByTheApiAndByTheDatabase()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var item = $"Autoclave load {Guid.NewGuid():N}"[..24];

        var errors = await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/cleaning", new { item, kind = "sterilisation", method = "121 °C for 15 minutes" }));
        Assert.Equal(["cycle", "indicatorPassed"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("kind", (await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/cleaning", new { item, kind = "polishing", method = "wax" }))).EnumerateObject().Select(e => e.Name));

        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync($"{Ops}/cleaning", new { item, kind = "sterilisation", method = "121 °C for 15 minutes", cycle = "C-0412", indicatorPassed = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync($"{Ops}/cleaning", new { item, kind = "disinfection", method = "1% Virkon", agentLot = "VK-55", indicatorPassed = true })).StatusCode);
        var log = (await lab.GetFromJsonAsync<JsonElement>($"{Ops}/cleaning?item={Uri.EscapeDataString(item)}")).EnumerateArray().ToList();
        Assert.Equal(2, log.Count);
        Assert.Equal(JsonValueKind.Null, log.Single(c => c.GetProperty("kind").GetString() == "disinfection").GetProperty("indicatorPassed").ValueKind);
        Assert.Contains("Failed", await lab.GetStringAsync("/laboratory/operations/cleaning"), StringComparison.Ordinal);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        db.Add(new CleaningEntry { Item = item, Kind = CleaningKind.Sterilisation, Method = "121 °C", PerformedAt = DateTime.UtcNow, PerformedById = "x", PerformedBy = "x" });
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task GivenTheCleaningForm_WhenASterilisationIsPostedWithoutItsCycle_ThenTheFieldIsNamedAndNothingLogged()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var item = $"Cabinet {Guid.NewGuid():N}"[..20];

        var response = await Clients.PostFormAsync(lab, "/laboratory/operations/cleaning", "cleaning", new()
        {
            ["Entry.Item"] = item, ["Entry.Kind"] = "sterilisation", ["Entry.Method"] = "134 °C for 3 minutes", ["Entry.Indicator"] = "pass",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the autoclave cycle number.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await InDatabaseAsync(db => db.Set<CleaningEntry>().AnyAsync(c => c.Item == item)));

        var ok = await Clients.PostFormAsync(lab, "/laboratory/operations/cleaning", "cleaning", new()
        {
            ["Entry.Item"] = item, ["Entry.Kind"] = "sterilisation", ["Entry.Method"] = "134 °C for 3 minutes", ["Entry.Cycle"] = "A-19", ["Entry.Indicator"] = "pass",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var saved = await InDatabaseAsync(db => db.Set<CleaningEntry>().AsNoTracking().SingleAsync(c => c.Item == item));
        Assert.Equal(("A-19", (bool?)true, "labassist"), (saved.Cycle, saved.IndicatorPassed, saved.PerformedBy.Split('(', ')')[1]));
    }

    [Fact]
    public async Task GivenHazardousWaste_WhenLoggedWithoutAConsignmentNote_ThenRefusedButDomesticWasteNeedsNone()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var note = $"LAB{Random.Shared.Next(100, 999)}/{Random.Shared.Next(10000, 99999)}";

        var errors = await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/waste", new { category = "infectious-yellow", quantity = 12.5, unit = "kg" }));
        Assert.Equal(["consignmentNote"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(["quantity", "unit"], (await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/waste", new { category = "sharps", quantity = 0, unit = "tonnes", consignmentNote = note })))
            .EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["consignmentNote"], (await ErrorsOf(await lab.PostAsJsonAsync($"{Ops}/waste", new { category = "sharps", quantity = 3, unit = "containers", consignmentNote = "AB 12; DROP" })))
            .EnumerateObject().Select(e => e.Name));

        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync($"{Ops}/waste", new { category = "sharps", quantity = 3, unit = "containers", consignmentNote = note.ToLowerInvariant(), carrier = "Medisort Ltd" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync($"{Ops}/waste", new { category = "domestic", quantity = 4.25, unit = "kg" })).StatusCode);
        var sharps = (await lab.GetFromJsonAsync<JsonElement>($"{Ops}/waste")).EnumerateArray().Single(w => w.GetProperty("consignmentNote").GetString() == note);
        Assert.Equal(("Sharps", true, 3m), (sharps.GetProperty("categoryLabel").GetString(), sharps.GetProperty("hazardous").GetBoolean(), sharps.GetProperty("quantity").GetDecimal()));
        Assert.Contains(note, await lab.GetStringAsync("/laboratory/operations/waste"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Clients.UserAsync(factory, "clinician")).PostAsJsonAsync($"{Ops}/waste", new { category = "domestic", quantity = 1, unit = "kg" })).StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        db.Add(new WasteEntry { Category = "cytotoxic", Quantity = 1, Unit = "kg", CollectedAt = DateTime.UtcNow, RecordedById = "x", RecordedBy = "x" });
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task GivenTheStockPage_WhenALotIsReceivedAndMostOfItUsed_ThenTheItemIsOnTheReorderListAndOverUseIsRefused()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var name = $"Troponin kit {Guid.NewGuid():N}"[..24];

        var added = await Clients.PostFormAsync(lab, "/laboratory/operations/stock", "stock-item", new()
        {
            ["Item.Name"] = name, ["Item.Kind"] = "reagent", ["Item.Unit"] = "kit", ["Item.ReorderLevel"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var itemId = await InDatabaseAsync(db => db.Set<StockItem>().Where(i => i.Name == name).Select(i => i.Id).SingleAsync());
        var received = await Clients.PostFormAsync(lab, "/laboratory/operations/stock", "receive-lot", new()
        {
            ["Receive.ItemId"] = itemId.ToString(), ["Receive.LotNumber"] = "TN-900", ["Receive.ExpiresOn"] = "2031-06-30", ["Receive.Quantity"] = "5",
        });
        Assert.Equal(HttpStatusCode.Redirect, received.StatusCode);
        var lotId = await InDatabaseAsync(db => db.Set<StockLot>().Where(l => l.ItemId == itemId).Select(l => l.Id).SingleAsync());

        var used = await Clients.PostFormAsync(lab, "/laboratory/operations/stock", "use-stock", new() { ["Use.LotId"] = lotId.ToString(), ["Use.Quantity"] = "4", ["Use.Reason"] = "Morning run" });
        var tooMany = await Clients.PostFormAsync(lab, "/laboratory/operations/stock", "use-stock", new() { ["Use.LotId"] = lotId.ToString(), ["Use.Quantity"] = "2" });

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tooMany.StatusCode);
        Assert.Contains("Lot TN-900 has only 1 left.", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await InDatabaseAsync(db => db.Set<StockLot>().Where(l => l.Id == lotId).Select(l => l.Quantity).SingleAsync()));
        var page = await lab.GetStringAsync("/laboratory/operations/stock");
        var reorder = page[page.IndexOf("data-testid=\"reorder\"", StringComparison.Ordinal)..page.IndexOf("<h2>Use stock</h2>", StringComparison.Ordinal)];
        Assert.Contains(name, reorder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheQcPage_WhenValuesAreEntered_ThenEachIsJudgedByWestgardAndTheLeveyJenningsChartGrows()
    {
        var biomed = await Clients.UserAsync(factory, "biomed");
        var analyser = $"QC{Guid.NewGuid():N}"[..12];
        var set = await Clients.PostFormAsync(biomed, "/laboratory/operations/qc", "qc-target", new()
        {
            ["NewTarget.Analyser"] = analyser, ["NewTarget.TestCode"] = "na", ["NewTarget.Level"] = "1", ["NewTarget.Mean"] = "120", ["NewTarget.Sd"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var target = Clients.LocalTarget(set);

        var first = await Clients.PostFormAsync(biomed, target, "qc-value", new() { ["Value.Value"] = "121" });
        var firstPage = await biomed.GetStringAsync(Clients.LocalTarget(first));
        var second = await Clients.PostFormAsync(biomed, target, "qc-value", new() { ["Value.Value"] = "127.5" });
        var secondPage = await biomed.GetStringAsync(Clients.LocalTarget(second));

        Assert.Contains("Accept", Section(firstPage), StringComparison.Ordinal);
        Assert.Contains("Reject", Section(secondPage), StringComparison.Ordinal);
        Assert.Contains("1-3s", Section(secondPage), StringComparison.Ordinal);
        Assert.Contains($"Levey–Jennings: NA level 1 on {analyser}", secondPage, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(secondPage, "<circle"));
        var bad = await Clients.PostFormAsync(biomed, target, "qc-value", new() { ["Value.Value"] = "lots" });
        Assert.Contains("Enter the measured value as a number.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        static string Section(string page) => page[page.IndexOf("data-testid=\"westgard\"", StringComparison.Ordinal)..page.IndexOf("<h2>Control levels</h2>", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task GivenTheMaintenancePage_WhenMaintenanceIsLogged_ThenItIsInTheLogWithWhoDidIt()
    {
        var biomed = await Clients.UserAsync(factory, "biomed");
        var analyser = $"AN{Guid.NewGuid():N}"[..12];

        var response = await Clients.PostFormAsync(biomed, "/laboratory/operations/maintenance", "maintenance", new()
        {
            ["Entry.Analyser"] = analyser, ["Entry.Kind"] = "calibration", ["Entry.Notes"] = "Two-point calibration after reagent change",
        });
        var refused = await Clients.PostFormAsync(biomed, "/laboratory/operations/maintenance", "maintenance", new() { ["Entry.Analyser"] = analyser, ["Entry.Kind"] = "polish" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Give the analyser, the kind of maintenance", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entry = Assert.Single(await InDatabaseAsync(db => db.Set<MaintenanceEntry>().AsNoTracking().Where(m => m.Analyser == analyser).ToListAsync()));
        Assert.Equal(("calibration", "Bethan Lewis (biomed)"), (entry.Kind, entry.PerformedBy));
        Assert.Contains(analyser, await biomed.GetStringAsync("/laboratory/operations/maintenance"), StringComparison.Ordinal);
    }
}

public sealed class LabLogsTests_Sqlite(SqliteFactory factory) : LabLogsTests(factory), IClassFixture<SqliteFactory>;

public sealed class LabLogsTests_Postgres(PostgresFactory factory) : LabLogsTests(factory), IClassFixture<PostgresFactory>;
