using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Infirmary.Dosimetry;
using Infirmary.Physics.Domain;
using Infirmary.Physics.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// TG-51 calibration worksheets through the form and /api/v1/physics/calibrations, on SQLite and PostgreSQL: the
/// figures are the engine's own, bad input is refused by field, and the two-person rule holds.
/// </summary>
public abstract class CalibrationTests(InfirmaryFactory factory)
{
    // A 6 MV worked example: PTW 30013 (given by its alias), negative polarity routinely used.
    private const double Pddx = 66.4, TemperatureC = 21.5, PressureKpa = 100.8, MPlus = 20.110, MMinus = -20.080;
    private const double VHigh = 300, VLow = 150, MLow = -20.010, Ndw = 0.05405, Mu = 100, Expected = 1.080;

    private sealed record Expectation(double Ptp, double Ppol, double Pion, double Kq, double Dose, double PerMu, double Deviation);

    // The engine's own calculation, step by step as TG-51 writes it, independent of the module's code.
    private static Expectation Engine()
    {
        var ptp = Tg51.Ptp(TemperatureC, PressureKpa);
        var ppol = Tg51.Ppol(MPlus, MMinus, MMinus);
        var pion = Tg51.Pion(VHigh, VLow, MMinus, MLow);
        var kq = Tg51.PhotonKq("PTW30013", Pddx);
        var dose = Tg51.DoseToWater(Math.Abs(MMinus), pion, ptp, 1.0, ppol, kq, Ndw);
        var perMu = dose * 100 / Mu;
        return new Expectation(ptp, ppol, pion, kq, dose, perMu, ((perMu / Expected) - 1) * 100);
    }

    private static string Machine() => CalibrationStore.Machine();

    private static Dictionary<string, object?> Body(string machine) => new()
    {
        ["machine"] = machine, ["beamEnergy"] = "6 MV", ["chamber"] = "PTW30013", ["pddx"] = Pddx,
        ["temperatureC"] = TemperatureC, ["pressureKpa"] = PressureKpa, ["readingPositive"] = MPlus, ["readingNegative"] = MMinus,
        ["polarity"] = "negative", ["voltageHigh"] = VHigh, ["voltageLow"] = VLow, ["readingLow"] = MLow, ["pelec"] = 1.0,
        ["ndw"] = Ndw, ["monitorUnits"] = Mu, ["expectedDosePerMuCGy"] = Expected, ["tolerancePercent"] = 2.0,
    };

    private static string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> FormFields(string machine, string intent) => new()
    {
        ["Form.Machine"] = machine, ["Form.BeamEnergy"] = "6 MV", ["Form.Chamber"] = "30013", ["Form.Pddx"] = S(Pddx),
        ["Form.LeadFoilCm"] = "50", ["Form.TemperatureC"] = S(TemperatureC), ["Form.PressureKpa"] = S(PressureKpa),
        ["Form.ReadingPositive"] = S(MPlus), ["Form.ReadingNegative"] = S(MMinus), ["Form.Polarity"] = "negative",
        ["Form.VoltageHigh"] = S(VHigh), ["Form.VoltageLow"] = S(VLow), ["Form.ReadingLow"] = S(MLow), ["Form.Pelec"] = "1.000",
        ["Form.Ndw"] = S(Ndw), ["Form.MonitorUnits"] = S(Mu), ["Form.ExpectedDosePerMuCGy"] = S(Expected),
        ["Form.TolerancePercent"] = "2", ["Form.Intent"] = intent,
    };

    private Task<List<Tg51Calibration>> StoredAsync(string machine) => CalibrationStore.StoredAsync(factory, machine);

    private static void AssertMatchesEngine(Expectation e, double ptp, double ppol, double pion, double kq, double dose, double perMu, double deviation)
    {
        // Same engine, same doubles: equal to well below any figure a physicist reads.
        Assert.Equal(e.Ptp, ptp, 12);
        Assert.Equal(e.Ppol, ppol, 12);
        Assert.Equal(e.Pion, pion, 12);
        Assert.Equal(e.Kq, kq, 12);
        Assert.Equal(e.Dose, dose, 12);
        Assert.Equal(e.PerMu, perMu, 12);
        Assert.Equal(e.Deviation, deviation, 10);
    }

    private static async Task<(string Id, string ETag)> RecordAsync(HttpClient client, string machine)
    {
        var (id, etag, _) = await PhysicsTestKit.RecordAsync(client, "/api/v1/physics/calibrations", Body(machine));
        return (id, etag);
    }

    [Fact]
    public async Task GivenWorkedExample_WhenPostedToTheApi_ThenFiguresAreTheEnginesAndRecordAwaitsCheck()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/calibrations", Body(machine));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        var json = await response.JsonAsync();
        var r = json.GetProperty("results");
        AssertMatchesEngine(Engine(), r.GetProperty("ptp").GetDouble(), r.GetProperty("ppol").GetDouble(), r.GetProperty("pion").GetDouble(),
            r.GetProperty("kq").GetDouble(), r.GetProperty("doseGy").GetDouble(), r.GetProperty("dosePerMuCGy").GetDouble(), r.GetProperty("deviationPercent").GetDouble());
        Assert.True(r.GetProperty("pass").GetBoolean());
        Assert.Equal("30013", r.GetProperty("chamber").GetString());
        Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("engineVersion").GetString()));
        Assert.Equal("awaiting-check", json.GetProperty("status").GetString());
        Assert.Equal("Dr Mo Ahmed (physicist)", json.GetProperty("performedBy").GetString());

        var stored = Assert.Single(await StoredAsync(machine));
        Assert.Equal(Tg51Worksheet.EngineVersion, stored.EngineVersion);
        Assert.Equal(MLow, stored.ReadingLow);
        Assert.Null(stored.CheckedById);
        var listed = await (await physicist.GetAsync($"/api/v1/physics/calibrations?machine={machine}")).JsonAsync();
        Assert.Equal(stored.Id.ToString(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Tg51Calibration/{stored.Id}" && a.Action == Infirmary.Platform.Audit.AuditAction.Create));
    }

    [Fact]
    public async Task GivenCalibrationsOnTwoMachines_WhenListingOneMachine_ThenOnlyItsCalibrationsAreShown()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (mine, other) = (Machine(), Machine());
        var (id, _) = await RecordAsync(physicist, mine);
        var (otherId, _) = await RecordAsync(physicist, other);

        var page = await (await physicist.GetAsync($"/physics/calibrations?machine={mine}")).Content.ReadAsStringAsync();

        Assert.Contains($"/physics/calibrations/{id}", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/physics/calibrations/{otherId}", page, StringComparison.Ordinal);
        Assert.Contains("Awaiting check (by Dr Mo Ahmed (physicist))", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenACalibrationAwaitingCheck_WhenTheSecondPhysicistOpensTheirWorklist_ThenItIsCountedForThemButNotForThePerformer()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        await RecordAsync(physicist, Machine());
        var second = await Clients.UserAsync(factory, "physicist2");

        var theirs = await CountOnHomeAsync(second);
        var mine = await CountOnHomeAsync(physicist);

        Assert.True(theirs >= 1, $"physicist2 should have at least one calibration to check, has {theirs}");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var performerId = (await db.Set<Tg51Calibration>().AsNoTracking().FirstAsync(c => c.PerformedByName.StartsWith("Dr Mo Ahmed"))).PerformedById;
        var expected = await db.Set<Tg51Calibration>().CountAsync(c => c.CheckedById == null && c.PerformedById != performerId)
                       + await db.Set<MuCheck>().CountAsync(c => c.CheckedById == null && c.PerformedById != performerId)
                       + await db.Set<BeamDataSet>().CountAsync(c => c.CheckedById == null && c.PerformedById != performerId)
                       + await db.Set<LinacQaSession>().CountAsync(c => c.CheckedById == null && c.PerformedById != performerId)
                       + await db.Set<GammaAnalysis>().CountAsync(c => c.CheckedById == null && c.PerformedById != performerId);
        Assert.Equal(expected, mine);
    }

    private static async Task<int> CountOnHomeAsync(HttpClient client)
    {
        var home = await client.GetStringAsync("/");
        var match = System.Text.RegularExpressions.Regex.Match(home, "data-testid=\"physics-awaiting-count\">(\\d+)<");
        Assert.True(match.Success, "the home page should show the count of calibrations awaiting check");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task GivenNaNInJson_WhenPostedToTheApi_ThenBadRequestProblemAndNothingIsWritten()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var json = System.Text.Json.JsonSerializer.Serialize(Body(machine)).Replace("\"temperatureC\":21.5", "\"temperatureC\":\"NaN\"", StringComparison.Ordinal);
        var response = await physicist.PostAsync("/api/v1/physics/calibrations", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("temperatureC", body, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenWorkedExample_WhenSavedThroughTheForm_ThenStoredFiguresAreTheEnginesAndShown()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var response = await Clients.PostFormAsync(physicist, "/physics/calibrations/new", "tg51-calibration", FormFields(machine, "save"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await StoredAsync(machine));
        Assert.StartsWith($"/physics/calibrations/{stored.Id}", Clients.LocalTarget(response), StringComparison.Ordinal);
        var e = Engine();
        AssertMatchesEngine(e, stored.Ptp, stored.Ppol, stored.Pion, stored.Kq, stored.DoseGy, stored.DosePerMuCGy, stored.DeviationPercent);
        var page = await (await physicist.GetAsync(Clients.LocalTarget(response))).Content.ReadAsStringAsync();
        Assert.Contains(e.PerMu.ToString("0.0000", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        Assert.Contains(e.Kq.ToString("0.0000", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        Assert.Contains("Awaiting a second physicist", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenWorkedExample_WhenCalculatedThroughTheForm_ThenFiguresShownAndNothingWritten()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var response = await Clients.PostFormAsync(physicist, "/physics/calibrations/new", "tg51-calibration", FormFields(machine, "calculate"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var e = Engine();
        Assert.Contains($"data-testid=\"dose-per-mu\">{e.PerMu.ToString("0.0000", CultureInfo.InvariantCulture)}<", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"pion\">{e.Pion.ToString("0.0000", CultureInfo.InvariantCulture)}<", page, StringComparison.Ordinal);
        Assert.Contains("Within tolerance", page, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));
    }

    [Theory]
    [InlineData("chamber", "NE9999")]
    [InlineData("pddx", 90.0)]
    [InlineData("pddx", 62.9)]
    [InlineData("pressureKpa", 0.0)]
    [InlineData("pressureKpa", -101.3)]
    [InlineData("voltageLow", 400.0)]
    [InlineData("ndw", -0.05)]
    [InlineData("monitorUnits", 0.0)]
    [InlineData("temperatureC", null)]
    public async Task GivenBadInput_WhenPostedToTheApi_ThenProblemNamesFieldAndNothingIsWritten(string field, object? value)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var body = Body(machine);
        body[field] = value;
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/calibrations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        Assert.Empty(await StoredAsync(machine));
    }

    [Theory]
    [InlineData("Form.TemperatureC", "NaN", "temperatureC", "must be a number, not NaN")]
    [InlineData("Form.PressureKpa", "0", "pressureKpa", "Pressure must be greater than zero")]
    [InlineData("Form.Pddx", "86.5", "pddx", "%dd(10)x must be between 63 and 86")]
    [InlineData("Form.Ndw", "0,054", "ndw", "N_D,w must be a number")]
    public async Task GivenBadInput_WhenSavedThroughTheForm_ThenErrorShownBesideFieldAndNothingWritten(string formField, string value, string id, string message)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var fields = FormFields(machine, "save");
        fields[formField] = value;
        var response = await Clients.PostFormAsync(physicist, "/physics/calibrations/new", "tg51-calibration", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#{id}\">", page, StringComparison.Ordinal);
        Assert.Contains(message, page, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenLeadFoilMeasurement_WhenPostedToTheApi_ThenPddxIsTheEnginesFoilCorrection()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var body = Body(Machine());
        body.Remove("pddx");
        body["pddPb"] = 74.0;
        body["leadFoilCm"] = 50;
        var json = await (await physicist.PostAsJsonAsync("/api/v1/physics/calibrations", body)).JsonAsync();

        var pddx = Tg51.PddxFromLeadFoil(74.0, LeadFoilPosition.Cm50);
        Assert.Equal(pddx, json.GetProperty("results").GetProperty("pddx").GetDouble(), 12);
        Assert.Equal(Tg51.PhotonKq("30013", pddx), json.GetProperty("results").GetProperty("kq").GetDouble(), 12);
    }

    [Fact]
    public async Task GivenPerformer_WhenCheckingTheirOwnCalibration_ThenRefusedWithConflictAndStillAwaitingCheck()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (id, etag) = await RecordAsync(physicist, Machine());

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/physics/calibrations/{id}/check");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        var response = await physicist.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains("cannot check it", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var read = await (await physicist.GetAsync($"/api/v1/physics/calibrations/{id}")).JsonAsync();
        Assert.Equal("awaiting-check", read.GetProperty("status").GetString());
        Assert.Equal(1, read.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task GivenSecondPhysicist_WhenChecking_ThenFinalWithCheckerNamedAndASecondCheckIsRefused()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (id, etag) = await RecordAsync(physicist, Machine());
        var second = await Clients.UserAsync(factory, "physicist2");

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/physics/calibrations/{id}/check");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        var response = await second.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());
        var json = await response.JsonAsync();
        Assert.Equal("final", json.GetProperty("status").GetString());
        Assert.Equal("Dr Nia Jones (physicist2)", json.GetProperty("checkedBy").GetString());
        Assert.Equal("Dr Mo Ahmed (physicist)", json.GetProperty("performedBy").GetString());
        var again = await second.PostAsync($"/api/v1/physics/calibrations/{id}/check", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task GivenStaleETag_WhenChecking_ThenPreconditionFailedAndNotChecked()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (id, _) = await RecordAsync(physicist, Machine());
        var second = await Clients.UserAsync(factory, "physicist2");

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/physics/calibrations/{id}/check");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("W/\"7\""));
        var response = await second.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var read = await (await physicist.GetAsync($"/api/v1/physics/calibrations/{id}")).JsonAsync();
        Assert.Equal("awaiting-check", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenTheCheckForm_WhenPerformerThenSecondPhysicistConfirm_ThenFirstRefusedOnPageAndSecondMakesItFinal()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var (id, _) = await RecordAsync(physicist, machine);
        var url = $"/physics/calibrations/{id}";

        var own = await Clients.PostFormAsync(physicist, url, "check-calibration", new() { ["Input.Version"] = "1" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("you cannot check it", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single(await StoredAsync(machine)).CheckedById);

        var second = await Clients.UserAsync(factory, "physicist2");
        var confirmed = await Clients.PostFormAsync(second, url, "check-calibration", new() { ["Input.Version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var page = await (await second.GetAsync(Clients.LocalTarget(confirmed))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"status\">Final<", page, StringComparison.Ordinal);
        Assert.Contains("Dr Nia Jones", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenASelfCheckWrittenPastTheHandler_WhenSaved_ThenTheDatabaseRefusesIt()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var (id, _) = await RecordAsync(physicist, machine);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var row = await db.Set<Tg51Calibration>().SingleAsync(c => c.Id == Guid.Parse(id));
        row.CheckedById = row.PerformedById;
        row.CheckedByName = row.PerformedByName;
        row.CheckedAt = row.PerformedAt;
        row.Version++;
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(SecondCheck.IsCheckerConstraint(refused), refused.InnerException?.Message);
        Assert.Null(Assert.Single(await StoredAsync(machine)).CheckedById);
    }

    [Fact]
    public async Task GivenReceptionist_WhenUsingPhysicsApiOrPages_ThenForbiddenAndNothingWritten()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var machine = Machine();
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsJsonAsync("/api/v1/physics/calibrations", Body(machine))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync("/api/v1/physics/calibrations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsync($"/api/v1/physics/calibrations/{Guid.NewGuid()}/check", null)).StatusCode);
        var page = await reception.GetAsync("/physics/calibrations/new");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/denied", Clients.LocalTarget(page), StringComparison.Ordinal);
        var system = await Clients.SystemAsync(factory);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsJsonAsync("/api/v1/physics/calibrations", Body(machine))).StatusCode);
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenClinicalTechnologist_WhenRecording_ThenAllowedAndAPhysicistMayCheckIt()
    {
        var technologist = await Clients.UserAsync(factory, "technologist");
        var (id, _) = await RecordAsync(technologist, Machine());
        var physicist = await Clients.UserAsync(factory, "physicist");
        var response = await physicist.PostAsync($"/api/v1/physics/calibrations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Tess Green (technologist)", (await response.JsonAsync()).GetProperty("performedBy").GetString());
    }
}

public sealed class CalibrationTests_Sqlite(SqliteFactory factory) : CalibrationTests(factory), IClassFixture<SqliteFactory>;

public sealed class CalibrationTests_Postgres(PostgresFactory factory) : CalibrationTests(factory), IClassFixture<PostgresFactory>;
