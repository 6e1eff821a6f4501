using System.Net;
using System.Net.Http.Json;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Physics.PhysicsTestKit;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// The TG-142 linac QA schedule (ADR 0092) on SQLite and PostgreSQL: results judged against the Table I tolerances,
/// the worklist of overdue checks, the trend chart, bad entries refused by field, and the two-person check.
/// </summary>
public abstract class LinacQaTests(InfirmaryFactory factory)
{
    private const string Url = "/api/v1/physics/qa-sessions";

    [Fact]
    public async Task GivenDailyResults_WhenRecorded_ThenEachIsJudgedAgainstItsTg142ToleranceAndTheWorklistMoves()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, name, photon, _) = await MachineAsync(physicist);
        var before = await (await physicist.GetAsync("/api/v1/physics/qa/worklist")).JsonAsync();
        Assert.Contains(before.EnumerateArray(), i => i.GetProperty("machine").GetString() == name && i.GetProperty("check").GetString() == "D-LASER"
            && i.GetProperty("state").GetString() == "overdue");

        var (id, etag, json) = await RecordAsync(physicist, Url, new
        {
            machineId = machine, frequency = "daily",
            results = new object[]
            {
                new { check = "D-XOUT", beamId = photon, measured = 102.9, baseline = 100.0 },
                new { check = "D-LASER", deviation = -2.5 },
                new { check = "D-DOOR", functional = true },
            },
        });

        var results = json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("check").GetString()!);
        Assert.Equal(2.9, results["D-XOUT"].GetProperty("value").GetDouble(), 9);
        Assert.True(results["D-XOUT"].GetProperty("passed").GetBoolean());
        Assert.Equal(3, results["D-XOUT"].GetProperty("tolerance").GetDouble());
        Assert.False(results["D-LASER"].GetProperty("passed").GetBoolean());
        Assert.True(results["D-DOOR"].GetProperty("passed").GetBoolean());
        Assert.False(json.GetProperty("allPassed").GetBoolean());

        var after = await (await physicist.GetAsync("/api/v1/physics/qa/worklist?all=true")).JsonAsync();
        var laser = after.EnumerateArray().Single(i => i.GetProperty("machine").GetString() == name && i.GetProperty("check").GetString() == "D-LASER");
        Assert.Equal("up-to-date", laser.GetProperty("state").GetString());
        Assert.Contains(after.EnumerateArray(), i => i.GetProperty("machine").GetString() == name && i.GetProperty("check").GetString() == "D-ODI"
            && i.GetProperty("state").GetString() == "overdue");
        var page = await physicist.GetStringAsync("/physics/qa");
        Assert.Contains(name, page, StringComparison.Ordinal);

        var second = await Clients.UserAsync(factory, "physicist2");
        Assert.Equal(HttpStatusCode.Conflict, (await CheckAsync(physicist, $"{Url}/{id}/check", etag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(second, $"{Url}/{id}/check", etag)).StatusCode);
    }

    [Fact]
    public async Task GivenSeveralOutputResults_WhenTheTrendIsOpened_ThenTheChartPlotsEachValueAgainstTheTolerance()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, _, photon, _) = await MachineAsync(physicist);
        foreach (var measured in new[] { 100.4, 99.1, 103.6 })
        {
            await RecordAsync(physicist, Url, new { machineId = machine, frequency = "daily", results = new object[] { new { check = "D-XOUT", beamId = photon, measured, baseline = 100.0 } } });
        }

        var page = await physicist.GetStringAsync($"/physics/machines/{machine}/trend/D-XOUT?beam={photon}");

        Assert.Contains("data-testid=\"trend-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("data-value=\"0.4\"", page, StringComparison.Ordinal);
        Assert.Contains("data-value=\"-0.9\"", page, StringComparison.Ordinal);
        Assert.Contains("data-value=\"3.6\"", page, StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(page, "fill=\"#d5281b\" data-value"));
    }

    [Theory]
    [InlineData("{\"check\":\"M-XOUT\",\"measured\":1,\"baseline\":1}", "results[0].check")]
    [InlineData("{\"check\":\"D-XOUT\",\"measured\":1,\"baseline\":1}", "results[0].beamId")]
    [InlineData("{\"check\":\"D-LASER\"}", "results[0].deviation")]
    [InlineData("{\"check\":\"D-DOOR\"}", "results[0].functional")]
    [InlineData("{\"check\":\"D-ODI\",\"deviation\":1},{\"check\":\"D-ODI\",\"deviation\":1}", "results[1].check")]
    public async Task GivenABadEntry_WhenRecorded_ThenRefusedNamingTheEntryAndNothingStored(string entries, string field)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, _, _, _) = await MachineAsync(physicist);
        var json = $"{{\"machineId\":\"{machine}\",\"frequency\":\"daily\",\"results\":[{entries}]}}";
        var response = await physicist.PostAsync(Url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemNamesAsync(response, field);
        await using var scope = factory.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<LinacQaSession>().AnyAsync(s => s.MachineId == machine));
    }

    [Fact]
    public async Task GivenTheMonthlyForm_WhenPosted_ThenSavedWithPassAndFailAndAnUnparsableNumberIsRefusedBesideItsField()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, _, _, _) = await MachineAsync(physicist);
        var url = $"/physics/machines/{machine}/qa/monthly";

        var bad = await Clients.PostFormAsync(physicist, url, "qa-session", new() { ["Form.Posted"] = "1", ["M-JAWSYM-deviation"] = "one" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("<a href=\"#M-JAWSYM-deviation\">", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await Clients.PostFormAsync(physicist, url, "qa-session", new() { ["Form.Posted"] = "1", ["M-JAWSYM-deviation"] = "1.5", ["M-JAWASYM-deviation"] = "1.5" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await physicist.GetStringAsync(Clients.LocalTarget(saved));
        Assert.Contains("1 outside tolerance", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPassFlagContradictingTheValue_WhenWrittenPastTheHandler_ThenTheDatabaseRefusesIt()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, _, _, _) = await MachineAsync(physicist);
        var (id, _, _) = await RecordAsync(physicist, Url, new { machineId = machine, frequency = "daily", results = new object[] { new { check = "D-ODI", deviation = 3.0 } } });

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var row = await db.Set<LinacQaResult>().SingleAsync(r => r.SessionId == Guid.Parse(id));
        Assert.False(row.Passed);
        row.Passed = true;
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task GivenAReceptionist_WhenRecordingQa_ThenForbidden()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, _, _, _) = await MachineAsync(physicist);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsJsonAsync(Url, new { machineId = machine, frequency = "daily" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync("/api/v1/physics/qa/worklist")).StatusCode);
    }
}

public sealed class LinacQaTests_Sqlite(SqliteFactory factory) : LinacQaTests(factory), IClassFixture<SqliteFactory>;

public sealed class LinacQaTests_Postgres(PostgresFactory factory) : LinacQaTests(factory), IClassFixture<PostgresFactory>;
