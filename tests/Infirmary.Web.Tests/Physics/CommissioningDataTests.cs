using System.Net;
using System.Net.Http.Json;
using Infirmary.Dosimetry;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// Machines, beams and versioned commissioning data imported from CSV (ADR 0090), on SQLite and PostgreSQL: bad files
/// are refused naming line and column, a version is used only once checked, and an MU check using a stored beam gets
/// the engine's figures for those tables and records which version it used.
/// </summary>
public abstract class CommissioningDataTests(InfirmaryFactory factory)
{
    // The engine's answer for the example file's tables, built from the numbers without the module's parsing.
    private static MuCheckResult Engine(double wedge = 1.0, double pdd10x10AtDepth10 = 66.8)
    {
        var beam = new BeamData(1.000, 1.5, 100, 100,
            Table2D.OneDimensional("sc", [4, 10, 20, 30], [0.950, 1.000, 1.030, 1.045]),
            Table2D.OneDimensional("sp", [4, 10, 20, 30], [0.970, 1.000, 1.020, 1.030]),
            new Table2D("pdd", [1.5, 5, 10, 15], [4, 10, 20, 30], new double[,]
            {
                { 100, 100, 100, 100 }, { 84.0, 86.5, 88.0, 88.5 }, { 60.0, pdd10x10AtDepth10, 70.5, 72.0 }, { 43.0, 50.0, 54.5, 56.5 },
            }),
            null, null);
        return MonitorUnits.Check(beam, new MuCheckRequest(SetUp.Ssd, 200, 12, 8, 10, 100, 305, WedgeFactor: wedge, ActionLevelPercent: 3));
    }

    private static Dictionary<string, object?> MuBody(Guid patient, Guid beam) => new()
    {
        ["patientId"] = patient, ["beamId"] = beam, ["setUp"] = "SSD", ["doseCGy"] = 200, ["fieldXCm"] = 12, ["fieldYCm"] = 8,
        ["depthCm"] = 10, ["ssdCm"] = 100, ["planningSystemMu"] = 305, ["actionLevelPercent"] = 3,
    };

    private async Task<List<BeamDataSet>> StoredAsync(Guid beam)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<BeamDataSet>().AsNoTracking().Where(d => d.BeamId == beam).ToListAsync();
    }

    [Fact]
    public async Task GivenACheckedImport_WhenAnMuCheckChoosesTheBeam_ThenFiguresAreTheEnginesAndTheVersionIsRecorded()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, name, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var patient = await PhysicsTestKit.PatientAsync(factory);

        // Imported but not yet checked: not used.
        var notChecked = await PhysicsTestKit.ImportCsvAsync(physicist, beam, CommissioningCsv.Example);
        Assert.Equal(HttpStatusCode.Created, notChecked.StatusCode);
        var refused = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", MuBody(patient, beam));
        Assert.Contains("checked by a second physicist", (await PhysicsTestKit.AssertProblemNamesAsync(refused, "beamId"))[0], StringComparison.Ordinal);

        // Version 2 differs at 10 × 10 cm², depth 10 cm; once checked it is what the MU check uses.
        var (v2, number) = await PhysicsTestKit.CheckedDataAsync(factory, physicist, beam, CommissioningCsv.Example.Replace("pdd,10,60.0,66.8", "pdd,10,60.0,67.4", StringComparison.Ordinal));
        Assert.Equal(2, number);
        var (id, _, json) = await PhysicsTestKit.RecordAsync(physicist, "/api/v1/physics/mu-checks", MuBody(patient, beam));

        var e = Engine(pdd10x10AtDepth10: 67.4);
        var r = json.GetProperty("results");
        Assert.Equal(e.Mu, r.GetProperty("mu").GetDouble(), 10);
        Assert.Equal(e.DepthFactor, r.GetProperty("depthFactor").GetDouble(), 12);
        Assert.Equal(e.Sc, r.GetProperty("sc").GetDouble(), 12);
        Assert.Equal(v2, json.GetProperty("beamDataSetId").GetString());
        Assert.Equal(2, json.GetProperty("beamDataVersion").GetInt32());
        Assert.Equal(name, json.GetProperty("inputs").GetProperty("machine").GetString());
        Assert.Equal("6 MV", json.GetProperty("inputs").GetProperty("beamEnergy").GetString());
        var page = await physicist.GetStringAsync($"/physics/mu-checks/{id}");
        Assert.Contains("Stored beam data, version 2", page, StringComparison.Ordinal);
        Assert.Equal([1, 2], (await StoredAsync(beam)).Select(d => d.Number).Order());
    }

    [Fact]
    public async Task GivenAWedgeByName_WhenTheMuCheckUsesTheStoredBeam_ThenItsFactorComesFromTheData()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var patient = await PhysicsTestKit.PatientAsync(factory);
        await PhysicsTestKit.CheckedDataAsync(factory, physicist, beam, CommissioningCsv.Example);

        var body = MuBody(patient, beam);
        body["wedge"] = "edw60";
        var (_, _, json) = await PhysicsTestKit.RecordAsync(physicist, "/api/v1/physics/mu-checks", body);
        Assert.Equal(Engine(wedge: 0.720).Mu, json.GetProperty("results").GetProperty("mu").GetDouble(), 10);

        body["wedge"] = "EDW45";
        var unknown = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", body);
        Assert.Contains("EDW60", (await PhysicsTestKit.AssertProblemNamesAsync(unknown, "wedge"))[0], StringComparison.Ordinal);

        body["wedge"] = null;
        body["scTable"] = "4 0.9\n10 1.0";
        await PhysicsTestKit.AssertProblemNamesAsync(await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", body), "beamId");
    }

    [Fact]
    public async Task GivenAPointOffTheAxis_WhenTheMuCheckUsesTheStoredBeam_ThenTheBeamsOarTableIsApplied()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var patient = await PhysicsTestKit.PatientAsync(factory);
        await PhysicsTestKit.CheckedDataAsync(factory, physicist, beam, CommissioningCsv.Example);

        var body = MuBody(patient, beam);
        body["offAxisCm"] = 5.0;
        var (id, _, json) = await PhysicsTestKit.RecordAsync(physicist, "/api/v1/physics/mu-checks", body);
        // The example's oar row at depth 10 cm reads 1.005 at 5 cm off the axis.
        Assert.Equal(1.005, json.GetProperty("results").GetProperty("offAxisRatio").GetDouble(), 10);
        Assert.Equal(Engine().Mu / 1.005, json.GetProperty("results").GetProperty("mu").GetDouble(), 8);
        Assert.Contains("data-testid=\"oar\">1.0050<", await physicist.GetStringAsync($"/physics/mu-checks/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheMuCheckForm_WhenAStoredBeamIsChosen_ThenItsCheckedDataAreUsedInsteadOfTheTypedFields()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var patient = await PhysicsTestKit.PatientAsync(factory);
        var (dataId, _) = await PhysicsTestKit.CheckedDataAsync(factory, physicist, beam, CommissioningCsv.Example);
        Assert.Contains(beam.ToString(), await physicist.GetStringAsync($"/physics/mu-checks/new?patient={patient}"), StringComparison.Ordinal);

        var response = await Clients.PostFormAsync(physicist, $"/physics/mu-checks/new?patient={patient}", "mu-check", new()
        {
            ["Form.PatientId"] = patient.ToString(), ["Form.BeamId"] = beam.ToString(), ["Form.SetUp"] = "SSD", ["Form.DoseCGy"] = "200",
            ["Form.FieldXCm"] = "12", ["Form.FieldYCm"] = "8", ["Form.DepthCm"] = "10", ["Form.SsdCm"] = "100", ["Form.PlanningSystemMu"] = "305",
            ["Form.WedgeFactor"] = "1.000", ["Form.TrayFactor"] = "1.000", ["Form.ActionLevelPercent"] = "3", ["Form.ReferenceDoseRateCGyPerMu"] = "1.000",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = factory.Scope();
        var stored = await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<MuCheck>().AsNoTracking().SingleAsync(c => c.PatientId == patient);
        Assert.Equal(Guid.Parse(dataId), stored.BeamDataSetId);
        Assert.Equal(Engine().Mu, stored.Mu, 10);
    }

    [Theory]
    [InlineData("sc,10,1.000", "sc,10,abc", "Line 7, column 3: 'abc' is not a number")]
    [InlineData("sc,20,1.030", "sc,5,1.030", "Line 8, column 2: field sizes of sc must increase")]
    [InlineData("pdd,5,84.0,86.5,88.0,88.5", "pdd,5,84.0,86.5,88.0", "Line 16, column 6: the pdd header (line 14) has 4 columns, this row has 3 values")]
    [InlineData("tray,Block tray,0.970", "shelf,Block tray,0.970", "Line 28, column 1: 'shelf' is not a record type")]
    [InlineData("reference,sad_cm,100", "reference,sad_cm,-100", "Line 5, column 3: sad_cm must be greater than zero")]
    [InlineData("reference,sad_cm,100", "", "The file has no 'reference,sad_cm,<value>' row")]
    [InlineData("pdd,1.5,100,100,100,100", "pdd,1.5,100,100,100,140", "Line 15, column 6: pdd values must be greater than 0 and at most 100.5%, not 140")]
    public async Task GivenABadCsv_WhenImported_ThenRefusedNamingLineAndColumnAndNothingStored(string line, string replacement, string message)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var csv = CommissioningCsv.Example.Replace(line, replacement, StringComparison.Ordinal);
        Assert.NotEqual(CommissioningCsv.Example, csv);

        var messages = await PhysicsTestKit.AssertProblemNamesAsync(await PhysicsTestKit.ImportCsvAsync(physicist, beam, csv), "csv");

        Assert.Contains(messages, m => m.StartsWith(message, StringComparison.Ordinal));
        Assert.Empty(await StoredAsync(beam));
    }

    [Fact]
    public async Task GivenABadCsvPastedIntoThePage_WhenImported_ThenTheLineAndColumnAreShownAndNothingStored()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var response = await Clients.PostFormAsync(physicist, $"/physics/beams/{beam}", "import-beam-data", new()
        {
            ["Form.FileName"] = "bad.csv", ["Form.Csv"] = CommissioningCsv.Example.Replace("sp,20,1.020", "sp,20,x", StringComparison.Ordinal),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Line 12, column 3: 'x' is not a number", page, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(beam));

        var saved = await Clients.PostFormAsync(physicist, $"/physics/beams/{beam}", "import-beam-data", new()
        {
            ["Form.FileName"] = "good.csv", ["Form.Csv"] = CommissioningCsv.Example,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var view = await physicist.GetStringAsync(Clients.LocalTarget(saved));
        Assert.Contains("data version 1", view, StringComparison.Ordinal);
        Assert.Contains("EDW60", view, StringComparison.Ordinal);
        Assert.Equal("good.csv", Assert.Single(await StoredAsync(beam)).FileName);
    }

    [Fact]
    public async Task GivenDuplicateMachineOrBeam_WhenAdded_ThenRefusedNamingTheField()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (machine, name, _, _) = await PhysicsTestKit.MachineAsync(physicist);
        await PhysicsTestKit.AssertProblemNamesAsync(await physicist.PostAsJsonAsync("/api/v1/physics/machines", new { name }), "name");
        await PhysicsTestKit.AssertProblemNamesAsync(await physicist.PostAsJsonAsync($"/api/v1/physics/machines/{machine}/beams", new { energy = "6 mv", modality = "photon" }), "energy");
        await PhysicsTestKit.AssertProblemNamesAsync(await physicist.PostAsJsonAsync($"/api/v1/physics/machines/{machine}/beams", new { energy = "15 MV", modality = "proton" }), "modality");
    }

    [Fact]
    public async Task GivenTheImporter_WhenCheckingTheirOwnData_ThenRefusedAndTheDataStayUnused()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var response = await PhysicsTestKit.ImportCsvAsync(physicist, beam, CommissioningCsv.Example);
        var id = (await response.JsonAsync()).GetProperty("id").GetString();

        var own = await PhysicsTestKit.CheckAsync(physicist, $"/api/v1/physics/beam-data/{id}/check", response.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Null(Assert.Single(await StoredAsync(beam)).CheckedById);
    }

    [Fact]
    public async Task GivenATechnologistOrReceptionist_WhenManagingMachines_ThenForbidden()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var technologist = await Clients.UserAsync(factory, "technologist");
        Assert.Equal(HttpStatusCode.Forbidden, (await PhysicsTestKit.ImportCsvAsync(technologist, beam, CommissioningCsv.Example)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await technologist.PostAsJsonAsync("/api/v1/physics/machines", new { name = PhysicsTestKit.Name() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await technologist.GetAsync("/api/v1/physics/machines")).StatusCode);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync("/api/v1/physics/machines")).StatusCode);
        Assert.Empty(await StoredAsync(beam));
    }

    [Fact]
    public async Task GivenAnOversizedCsv_WhenImported_ThenPayloadTooLarge()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var (_, _, beam, _) = await PhysicsTestKit.MachineAsync(physicist);
        var response = await PhysicsTestKit.ImportCsvAsync(physicist, beam, CommissioningCsv.Example + new string('#', CommissioningCsv.MaxBytes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await StoredAsync(beam));
    }
}

public sealed class CommissioningDataTests_Sqlite(SqliteFactory factory) : CommissioningDataTests(factory), IClassFixture<SqliteFactory>;

public sealed class CommissioningDataTests_Postgres(PostgresFactory factory) : CommissioningDataTests(factory), IClassFixture<PostgresFactory>;
