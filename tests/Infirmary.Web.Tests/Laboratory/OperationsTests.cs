using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Lab operations: stock by lot (never negative), QC judged by Westgard with a Levey–Jennings chart, maintenance, turnaround.</summary>
public abstract class OperationsTests(InfirmaryFactory factory)
{
    private const string Ops = "/api/v1/laboratory/operations";

    [Fact]
    public async Task GivenAReagentLot_WhenMoreIsUsedThanItHolds_ThenRefusedAndTheDatabaseNeverHoldsANegativeQuantity()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        var name = $"CRP reagent {Guid.NewGuid():N}"[..24];
        var item = await lab.PostAsJsonAsync($"{Ops}/stock", new { name, kind = "reagent", unit = "kit", reorderLevel = 3 });
        Assert.Equal(HttpStatusCode.Created, item.StatusCode);
        var itemId = (await item.JsonAsync()).GetString();
        Assert.Equal(HttpStatusCode.BadRequest, (await lab.PostAsJsonAsync($"{Ops}/stock", new { name = "X", kind = "food", unit = "kit", reorderLevel = 1 })).StatusCode);
        var lot = await lab.PostAsJsonAsync($"{Ops}/stock/{itemId}/lots", new { lotNumber = "LOT-A1", expiresOn = "2030-01-31", quantity = 5 });
        Assert.Equal(HttpStatusCode.Created, lot.StatusCode);
        var lotId = (await lot.JsonAsync()).GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await lab.PostAsJsonAsync($"{Ops}/stock/{itemId}/lots", new { lotNumber = "LOT-A1", expiresOn = "2030-01-31", quantity = 1 })).StatusCode);

        var used = await lab.PostAsJsonAsync($"{Ops}/stock/lots/{lotId}/use", new { quantity = 3, reason = "Daily run" });
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(2, (await used.JsonAsync()).GetInt32());
        var tooMany = await lab.PostAsJsonAsync($"{Ops}/stock/lots/{lotId}/use", new { quantity = 3 });
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Contains("only 2 left", (await tooMany.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var stock = (await lab.GetFromJsonAsync<JsonElement>($"{Ops}/stock")).EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);
        Assert.Equal(2, stock.GetProperty("inDate").GetInt32());
        Assert.True(stock.GetProperty("reorder").GetBoolean());
        Assert.Contains(name, await lab.GetStringAsync("/laboratory/operations"), StringComparison.Ordinal);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE lab_stock_lots SET quantity = -1 WHERE id = {Guid.Parse(lotId!)}"));
    }

    [Fact]
    public async Task GivenQcTargets_WhenValuesAreRecorded_ThenWestgardJudgesEachAndTheLeveyJenningsChartShowsThem()
    {
        var biomed = await Clients.UserAsync(factory, "biomed");
        var analyser = $"AU{Guid.NewGuid():N}"[..12];
        var target = await biomed.PostAsJsonAsync($"{Ops}/qc/targets", new { analyser, testCode = "k", level = 2, mean = 4.5, sd = 0.1 });
        Assert.Equal(HttpStatusCode.Created, target.StatusCode);
        var id = (await target.JsonAsync()).GetString();
        Assert.Equal(HttpStatusCode.BadRequest, (await biomed.PostAsJsonAsync($"{Ops}/qc/targets", new { analyser, testCode = "K", level = 1, mean = 4.5, sd = 0 })).StatusCode);

        var statuses = new List<string>();
        var start = DateTime.UtcNow.AddHours(-5);
        var values = new[] { 4.52, 4.73, 4.74, 4.48 };
        for (var i = 0; i < values.Length; i++)
        {
            var r = await biomed.PostAsJsonAsync($"{Ops}/qc/targets/{id}/results", new { value = values[i], measuredAt = start.AddHours(i) });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            var body = await r.JsonAsync();
            statuses.Add($"{body.GetProperty("status").GetString()}:{body.GetProperty("rules").GetString()}");
        }

        Assert.Equal(["accept:", "warning:1-2s", "reject:2-2s", "accept:"], statuses);
        var page = await biomed.GetStringAsync($"/laboratory/operations?qc={id}");
        Assert.Contains("Levey–Jennings: K level 2 on " + analyser, page, StringComparison.Ordinal);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(page, "<circle"));
        Assert.Contains("+3SD", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await biomed.PostAsJsonAsync($"{Ops}/maintenance", new { analyser, kind = "daily", notes = "Probe cleaned" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await biomed.PostAsJsonAsync($"{Ops}/maintenance", new { analyser, kind = "polish" })).StatusCode);
        var log = await biomed.GetFromJsonAsync<JsonElement>($"{Ops}/maintenance?analyser={analyser}");
        Assert.Equal("Bethan Lewis (biomed)", Assert.Single(log.EnumerateArray()).GetProperty("performedBy").GetString());
    }

    [Fact]
    public async Task GivenAnAuthorisedCrp_WhenTurnaroundIsAsked_ThenTheTestHasACountMedianAndPercentileAgainstItsTarget()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "CRP");
        var accession = Accession(order, Infirmary.Laboratory.Domain.Containers.SstGold);
        await CollectAndReceiveAsync(factory, accession);
        await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("1988-5", "CRP", "12", "mg/L")));
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var report = await (from r in db.Set<Infirmary.Laboratory.Domain.LabReport>()
                                join s in db.Set<Infirmary.Laboratory.Domain.Specimen>() on r.SpecimenId equals s.Id
                                where s.Accession == accession
                                select r.Id).SingleAsync();
            Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed")).PostAsync($"/api/v1/laboratory/reports/{report}/validate", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed2")).PostAsync($"/api/v1/laboratory/reports/{report}/authorise", null)).StatusCode);
        }

        var biomed = await Clients.UserAsync(factory, "biomed");
        var tat = (await biomed.GetFromJsonAsync<JsonElement>($"{Ops}/turnaround")).EnumerateArray().Single(t => t.GetProperty("testCode").GetString() == "CRP");
        Assert.True(tat.GetProperty("count").GetInt32() >= 1);
        Assert.True(tat.GetProperty("percentile90Hours").GetDouble() >= tat.GetProperty("medianHours").GetDouble());
        Assert.True(tat.GetProperty("targetHours").GetInt32() > 0);
        Assert.Contains("turnaround-chart", await biomed.GetStringAsync("/laboratory/operations"), StringComparison.Ordinal);
        var perTest = await biomed.GetStringAsync("/laboratory/operations/turnaround?days=7&test=CRP");
        Assert.Contains("turnaround-histogram", perTest, StringComparison.Ordinal);
        Assert.Contains($"Reports by turnaround, CRP (target {tat.GetProperty("targetHours").GetInt32()} h)", perTest, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await biomed.GetAsync($"{Ops}/turnaround?from=2026-01-02&to=2026-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Clients.UserAsync(factory, "clinician")).GetAsync($"{Ops}/stock")).StatusCode);
    }
}

public sealed class OperationsTests_Sqlite(SqliteFactory factory) : OperationsTests(factory), IClassFixture<SqliteFactory>;

public sealed class OperationsTests_Postgres(PostgresFactory factory) : OperationsTests(factory), IClassFixture<PostgresFactory>;
