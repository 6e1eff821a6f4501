using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Infirmary.Dosimetry;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// IAEA TRS-398 photon calibration worksheets (ADR 0056) through the form and /api/v1/physics/calibrations/trs398,
/// on SQLite and PostgreSQL: the figures are the engine's own, bad input is refused by field, and the same
/// two-person check as TG-51 makes them final.
/// </summary>
public abstract class Trs398CalibrationTests(InfirmaryFactory factory)
{
    // A 6 MV worked example: NE 2571 (given by an alias), negative polarity routinely used, V1/V2 = 2.
    private const double Tpr = 0.680, TemperatureC = 21.5, PressureKpa = 100.8, MPlus = 20.110, MMinus = -20.080;
    private const double V1 = 300, V2 = 150, M2 = -20.010, Ndw = 0.05405, Mu = 100, Expected = 1.090;

    private sealed record Expectation(double Ktp, double Kpol, double Ks, double Kq, double Dose, double PerMu, double Deviation);

    // The engine's own calculation, step by step as TRS-398 writes it, independent of the module's code.
    private static Expectation Engine()
    {
        var ktp = Trs398.Ktp(TemperatureC, PressureKpa);
        var kpol = Trs398.Kpol(MPlus, MMinus, MMinus);
        var ks = Trs398.Ks(V1, V2, MMinus, M2);
        var kq = Trs398.PhotonKq("NE 2571", Tpr);
        var dose = Trs398.DoseToWater(Math.Abs(MMinus), ktp, 1.0, kpol, ks, kq, Ndw);
        var perMu = dose * 100 / Mu;
        return new Expectation(ktp, kpol, ks, kq, dose, perMu, ((perMu / Expected) - 1) * 100);
    }

    private static string Machine() => CalibrationStore.Machine();

    private static Dictionary<string, object?> Body(string machine) => new()
    {
        ["machine"] = machine, ["beamEnergy"] = "6 MV", ["chamber"] = "NE 2571", ["tpr2010"] = Tpr,
        ["temperatureC"] = TemperatureC, ["pressureKpa"] = PressureKpa, ["readingPositive"] = MPlus, ["readingNegative"] = MMinus,
        ["polarity"] = "negative", ["voltageHigh"] = V1, ["voltageLow"] = V2, ["readingLow"] = M2, ["kelec"] = 1.0,
        ["ndw"] = Ndw, ["monitorUnits"] = Mu, ["expectedDosePerMuCGy"] = Expected, ["tolerancePercent"] = 2.0,
    };

    private static string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> FormFields(string machine, string intent) => new()
    {
        ["Form.Machine"] = machine, ["Form.BeamEnergy"] = "6 MV", ["Form.Chamber"] = "NE2571", ["Form.Tpr2010"] = S(Tpr),
        ["Form.TemperatureC"] = S(TemperatureC), ["Form.PressureKpa"] = S(PressureKpa),
        ["Form.ReadingPositive"] = S(MPlus), ["Form.ReadingNegative"] = S(MMinus), ["Form.Polarity"] = "negative",
        ["Form.VoltageHigh"] = S(V1), ["Form.VoltageLow"] = S(V2), ["Form.ReadingLow"] = S(M2), ["Form.Pelec"] = "1.000",
        ["Form.Ndw"] = S(Ndw), ["Form.MonitorUnits"] = S(Mu), ["Form.ExpectedDosePerMuCGy"] = S(Expected),
        ["Form.TolerancePercent"] = "2", ["Form.Intent"] = intent,
    };

    private Task<List<Tg51Calibration>> StoredAsync(string machine) => CalibrationStore.StoredAsync(factory, machine);

    private static void AssertMatchesEngine(Expectation e, double ktp, double kpol, double ks, double kq, double dose, double perMu, double deviation)
    {
        Assert.Equal(e.Ktp, ktp, 12);
        Assert.Equal(e.Kpol, kpol, 12);
        Assert.Equal(e.Ks, ks, 12);
        Assert.Equal(e.Kq, kq, 12);
        Assert.Equal(e.Dose, dose, 12);
        Assert.Equal(e.PerMu, perMu, 12);
        Assert.Equal(e.Deviation, deviation, 10);
    }

    private static async Task<(string Id, string ETag)> RecordAsync(HttpClient client, string machine)
    {
        var (id, etag, _) = await PhysicsTestKit.RecordAsync(client, "/api/v1/physics/calibrations/trs398", Body(machine));
        return (id, etag);
    }

    [Fact]
    public async Task GivenWorkedExample_WhenPostedToTheApi_ThenFiguresAreTheEnginesAndRecordAwaitsCheck()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/calibrations/trs398", Body(machine));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("TRS-398", json.GetProperty("protocol").GetString());
        var r = json.GetProperty("results");
        AssertMatchesEngine(Engine(), r.GetProperty("ktp").GetDouble(), r.GetProperty("kpol").GetDouble(), r.GetProperty("ks").GetDouble(),
            r.GetProperty("kq").GetDouble(), r.GetProperty("doseGy").GetDouble(), r.GetProperty("dosePerMuCGy").GetDouble(), r.GetProperty("deviationPercent").GetDouble());
        Assert.True(r.GetProperty("pass").GetBoolean());
        Assert.Equal("NE2571", r.GetProperty("chamber").GetString());
        Assert.Equal("awaiting-check", json.GetProperty("status").GetString());

        var stored = Assert.Single(await StoredAsync(machine));
        Assert.Equal(Tg51Calibration.Trs398Protocol, stored.Protocol);
        Assert.Equal(Tpr, stored.Tpr2010);
        Assert.Null(stored.Pddx);
        var read = await (await physicist.GetAsync($"/api/v1/physics/calibrations/{stored.Id}")).JsonAsync();
        Assert.Equal(Tpr, read.GetProperty("inputs").GetProperty("tpr2010").GetDouble());
        var list = await (await physicist.GetAsync($"/physics/calibrations?machine={machine}")).Content.ReadAsStringAsync();
        Assert.Contains("TRS-398", list, StringComparison.Ordinal);
        Assert.Contains("/physics/calibrations/trs398/new", list, StringComparison.Ordinal);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Tg51Calibration/{stored.Id}" && a.Action == Infirmary.Platform.Audit.AuditAction.Create));
    }

    [Fact]
    public async Task GivenWorkedExample_WhenSavedThroughTheForm_ThenStoredFiguresAreTheEnginesAndShown()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var calculated = await Clients.PostFormAsync(physicist, "/physics/calibrations/trs398/new", "trs398-calibration", FormFields(machine, "calculate"));
        Assert.Equal(HttpStatusCode.OK, calculated.StatusCode);
        var e = Engine();
        Assert.Contains(e.Ks.ToString("0.0000", CultureInfo.InvariantCulture), await calculated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));

        var response = await Clients.PostFormAsync(physicist, "/physics/calibrations/trs398/new", "trs398-calibration", FormFields(machine, "save"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await StoredAsync(machine));
        Assert.StartsWith($"/physics/calibrations/{stored.Id}", Clients.LocalTarget(response), StringComparison.Ordinal);
        AssertMatchesEngine(e, stored.Ptp, stored.Ppol, stored.Pion, stored.Kq, stored.DoseGy, stored.DosePerMuCGy, stored.DeviationPercent);
        var page = await (await physicist.GetAsync(Clients.LocalTarget(response))).Content.ReadAsStringAsync();
        Assert.Contains("TRS-398 calibration", page, StringComparison.Ordinal);
        Assert.Contains(e.PerMu.ToString("0.0000", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        Assert.Contains(e.Kq.ToString("0.0000", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        Assert.Contains("Awaiting a second physicist", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chamber", "NE9999")]
    [InlineData("tpr2010", 0.85)]
    [InlineData("tpr2010", 0.49)]
    [InlineData("tpr2010", null)]
    [InlineData("voltageLow", 140.0)]
    [InlineData("kelec", 1.5)]
    [InlineData("pressureKpa", 0.0)]
    public async Task GivenBadInput_WhenPostedToTheApi_ThenProblemNamesFieldAndNothingIsWritten(string field, object? value)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var body = Body(machine);
        body[field] = value;
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/calibrations/trs398", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenNaNInJson_WhenPostedToTheApi_ThenBadRequestAndNothingIsWritten()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var json = System.Text.Json.JsonSerializer.Serialize(Body(machine)).Replace("\"tpr2010\":0.68", "\"tpr2010\":\"NaN\"", StringComparison.Ordinal);
        var response = await physicist.PostAsync("/api/v1/physics/calibrations/trs398", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tpr2010", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));
    }

    [Theory]
    [InlineData("Form.Tpr2010", "0.9", "tpr2010", "TPR20,10 must be between 0.5 and 0.84")]
    [InlineData("Form.Tpr2010", "NaN", "tpr2010", "TPR20,10 must be between")]
    [InlineData("Form.Chamber", "NE9999", "chamber", "is not in the TRS-398 Table 6.III")]
    public async Task GivenBadInput_WhenSavedThroughTheForm_ThenErrorShownBesideFieldAndNothingWritten(string formField, string value, string id, string message)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var fields = FormFields(machine, "save");
        fields[formField] = value;
        var response = await Clients.PostFormAsync(physicist, "/physics/calibrations/trs398/new", "trs398-calibration", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<a href=\"#{id}\">", page, StringComparison.Ordinal);
        Assert.Contains(message, page, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenPerformer_WhenCheckingTheirOwn_ThenRefusedAndASecondPhysicistMakesItFinal()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (id, etag) = await RecordAsync(physicist, Machine());

        var own = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/physics/calibrations/{id}/check");
        own.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        Assert.Equal(HttpStatusCode.Conflict, (await physicist.SendAsync(own)).StatusCode);

        var second = await Clients.UserAsync(factory, "physicist2");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/physics/calibrations/{id}/check");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        var response = await second.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("final", json.GetProperty("status").GetString());
        Assert.Equal("TRS-398", json.GetProperty("protocol").GetString());
        Assert.Equal("Dr Nia Jones (physicist2)", json.GetProperty("checkedBy").GetString());
    }

    [Fact]
    public async Task GivenReceptionist_WhenRecording_ThenForbiddenAndNothingWritten()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var machine = Machine();
        var response = await reception.PostAsJsonAsync("/api/v1/physics/calibrations/trs398", Body(machine));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await reception.GetAsync("/physics/calibrations/trs398/new");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/denied", Clients.LocalTarget(page), StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));
    }
}

public sealed class Trs398CalibrationTests_Sqlite(SqliteFactory factory) : Trs398CalibrationTests(factory), IClassFixture<SqliteFactory>;

public sealed class Trs398CalibrationTests_Postgres(PostgresFactory factory) : Trs398CalibrationTests(factory), IClassFixture<PostgresFactory>;
