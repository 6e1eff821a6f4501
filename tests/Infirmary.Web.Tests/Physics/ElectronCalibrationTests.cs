using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Infirmary.Dosimetry;
using Infirmary.Physics.Domain;
using Infirmary.Web.Tests.Infrastructure;
using static Infirmary.Web.Tests.Physics.PhysicsTestKit;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// TG-51 electron calibration worksheets (ADR 0093) through the form and /api/v1/physics/calibrations/electron, on
/// SQLite and PostgreSQL: the figures are the engine's own step by step, bad input is refused by field, and the
/// two-person check makes them final.
/// </summary>
public abstract class ElectronCalibrationTests(InfirmaryFactory factory)
{
    // A 9 MeV worked example with an NE2571 (k_ecal 0.903, TG-51 Table III), negative polarity routinely used.
    private const double I50 = 3.6, Kecal = 0.903, Shifted = -19.950, TemperatureC = 21.5, PressureKpa = 100.8;
    private const double MPlus = 20.110, MMinus = -20.080, VHigh = 300, VLow = 150, MLow = -20.010, Ndw = 0.05405, Mu = 100, Expected = 1.000;
    private const string Url = "/api/v1/physics/calibrations/electron";

    private sealed record Expectation(double R50, double Dref, double Pgr, double KPrime, double Kq, double Pion, double Dose, double PerMu);

    private static Expectation Engine()
    {
        var r50 = Tg51.R50FromI50(I50);
        var pgr = Tg51.Pgr(Shifted, MMinus);
        var kq = Tg51.ElectronKq(pgr, r50, Kecal);
        var pion = Tg51.Pion(VHigh, VLow, MMinus, MLow);
        var dose = Tg51.DoseToWater(Math.Abs(MMinus), pion, Tg51.Ptp(TemperatureC, PressureKpa), 1.0, Tg51.Ppol(MPlus, MMinus, MMinus), kq, Ndw);
        return new Expectation(r50, Tg51.ElectronReferenceDepth(r50), pgr, Tg51.KPrimeR50Cylindrical(r50), kq, pion, dose, dose * 100 / Mu);
    }

    private static Dictionary<string, object?> Body(string machine) => new()
    {
        ["machine"] = machine, ["beamEnergy"] = "9 MeV", ["chamber"] = "NE2571", ["i50Cm"] = I50, ["kecal"] = Kecal, ["readingShifted"] = Shifted,
        ["temperatureC"] = TemperatureC, ["pressureKpa"] = PressureKpa, ["readingPositive"] = MPlus, ["readingNegative"] = MMinus,
        ["polarity"] = "negative", ["voltageHigh"] = VHigh, ["voltageLow"] = VLow, ["readingLow"] = MLow, ["pelec"] = 1.0,
        ["ndw"] = Ndw, ["monitorUnits"] = Mu, ["expectedDosePerMuCGy"] = Expected, ["tolerancePercent"] = 2.0,
    };

    private static Dictionary<string, string> FormFields(string machine, string intent) => new()
    {
        ["Form.Machine"] = machine, ["Form.BeamEnergy"] = "9 MeV", ["Form.Chamber"] = "NE2571", ["Form.I50Cm"] = S(I50), ["Form.Kecal"] = S(Kecal),
        ["Form.ReadingShifted"] = S(Shifted), ["Form.TemperatureC"] = S(TemperatureC), ["Form.PressureKpa"] = S(PressureKpa),
        ["Form.ReadingPositive"] = S(MPlus), ["Form.ReadingNegative"] = S(MMinus), ["Form.Polarity"] = "negative",
        ["Form.VoltageHigh"] = S(VHigh), ["Form.VoltageLow"] = S(VLow), ["Form.ReadingLow"] = S(MLow), ["Form.Pelec"] = "1.000",
        ["Form.Ndw"] = S(Ndw), ["Form.MonitorUnits"] = S(Mu), ["Form.ExpectedDosePerMuCGy"] = S(Expected), ["Form.TolerancePercent"] = "2",
        ["Form.Intent"] = intent,
    };

    [Fact]
    public async Task GivenWorkedExample_WhenPostedToTheApi_ThenFiguresAreTheEnginesAndASecondPhysicistMakesItFinal()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Name();
        var (id, etag, json) = await RecordAsync(physicist, Url, Body(machine));

        var e = Engine();
        var r = json.GetProperty("results");
        Assert.Equal("electron", json.GetProperty("modality").GetString());
        Assert.Equal(e.R50, r.GetProperty("r50Cm").GetDouble(), 12);
        Assert.Equal(e.Dref, r.GetProperty("drefCm").GetDouble(), 12);
        Assert.Equal(e.Pgr, r.GetProperty("pgr").GetDouble(), 12);
        Assert.Equal(e.KPrime, r.GetProperty("kPrimeR50").GetDouble(), 12);
        Assert.Equal(e.Kq, r.GetProperty("kq").GetDouble(), 12);
        Assert.Equal(e.Pion, r.GetProperty("pion").GetDouble(), 12);
        Assert.Equal(e.PerMu, r.GetProperty("dosePerMuCGy").GetDouble(), 12);
        Assert.Equal(Math.Abs((e.PerMu / Expected) - 1) * 100 <= 2, r.GetProperty("pass").GetBoolean());
        var stored = Assert.Single(await CalibrationStore.StoredAsync(factory, machine));
        Assert.Equal(Tg51Calibration.ElectronModality, stored.Modality);
        Assert.Null(stored.Pddx);

        Assert.Equal(HttpStatusCode.Conflict, (await CheckAsync(physicist, $"/api/v1/physics/calibrations/{id}/check", etag)).StatusCode);
        var second = await Clients.UserAsync(factory, "physicist2");
        var checkedResponse = await CheckAsync(second, $"/api/v1/physics/calibrations/{id}/check", etag);
        Assert.Equal(HttpStatusCode.OK, checkedResponse.StatusCode);
        Assert.Equal("final", (await checkedResponse.JsonAsync()).GetProperty("status").GetString());
        var list = await physicist.GetStringAsync($"/physics/calibrations?machine={machine}");
        Assert.Contains("TG-51 electron", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenWorkedExample_WhenSavedThroughTheForm_ThenStoredFiguresAreTheEnginesAndShown()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Name();
        var calculated = await Clients.PostFormAsync(physicist, "/physics/calibrations/electron/new", "electron-calibration", FormFields(machine, "calculate"));
        var e = Engine();
        Assert.Contains($"data-testid=\"kq\">{e.Kq.ToString("0.0000", CultureInfo.InvariantCulture)}<", await calculated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await CalibrationStore.StoredAsync(factory, machine));

        var saved = await Clients.PostFormAsync(physicist, "/physics/calibrations/electron/new", "electron-calibration", FormFields(machine, "save"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = Assert.Single(await CalibrationStore.StoredAsync(factory, machine));
        Assert.Equal(e.Dose, stored.DoseGy, 12);
        var page = await physicist.GetStringAsync(Clients.LocalTarget(saved));
        Assert.Contains($"data-testid=\"r50\">{e.R50.ToString("0.000", CultureInfo.InvariantCulture)}<", page, StringComparison.Ordinal);
        Assert.Contains("TG-51 electron calibration", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("i50Cm", 12.0)]
    [InlineData("i50Cm", null)]
    [InlineData("kecal", 1.2)]
    [InlineData("readingShifted", 19.95)]
    [InlineData("readingShifted", -25.0)]
    [InlineData("chamber", "")]
    [InlineData("pressureKpa", 0.0)]
    public async Task GivenBadInput_WhenPostedToTheApi_ThenProblemNamesFieldAndNothingIsWritten(string field, object? value)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Name();
        var body = Body(machine);
        body[field] = value;
        await AssertProblemNamesAsync(await physicist.PostAsJsonAsync(Url, body), field);
        Assert.Empty(await CalibrationStore.StoredAsync(factory, machine));
    }

    [Fact]
    public async Task GivenReceptionist_WhenPostingAnElectronWorksheet_ThenForbidden()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var machine = Name();
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsJsonAsync(Url, Body(machine))).StatusCode);
        Assert.Empty(await CalibrationStore.StoredAsync(factory, machine));
    }
}

public sealed class ElectronCalibrationTests_Sqlite(SqliteFactory factory) : ElectronCalibrationTests(factory), IClassFixture<SqliteFactory>;

public sealed class ElectronCalibrationTests_Postgres(PostgresFactory factory) : ElectronCalibrationTests(factory), IClassFixture<PostgresFactory>;
