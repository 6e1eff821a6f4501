using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Infirmary.Dosimetry;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// Independent MU checks through the form and /api/v1/physics/mu-checks, on SQLite and PostgreSQL: the engine's
/// TG-71 figures, bad machine data refused by field, the patient by id with a banner, and the two-person rule.
/// </summary>
public abstract class MuCheckTests(InfirmaryFactory factory)
{
    private const string Sc = "4 0.950\n10 1.000\n20 1.030\n30 1.045";
    private const string Sp = "4 0.970\n10 1.000\n20 1.020\n30 1.030";
    private const string Pdd = "4 10 20 30\n1.5 100 100 100 100\n5 84.0 86.5 88.0 88.5\n10 60.0 66.8 70.5 72.0\n15 43.0 50.0 54.5 56.5";

    // The engine's own answer for the worked example, built from the same numbers without the module's parsing.
    private static MuCheckResult Engine()
    {
        var beam = new BeamData(1.000, 1.5, 100, 100,
            Table2D.OneDimensional("sc", [4, 10, 20, 30], [0.950, 1.000, 1.030, 1.045]),
            Table2D.OneDimensional("sp", [4, 10, 20, 30], [0.970, 1.000, 1.020, 1.030]),
            new Table2D("pdd", [1.5, 5, 10, 15], [4, 10, 20, 30], new double[,]
            {
                { 100, 100, 100, 100 }, { 84.0, 86.5, 88.0, 88.5 }, { 60.0, 66.8, 70.5, 72.0 }, { 43.0, 50.0, 54.5, 56.5 },
            }),
            null, null);
        return MonitorUnits.Check(beam, new MuCheckRequest(SetUp.Ssd, 200, 12, 8, 10, 100, 305, ActionLevelPercent: 3));
    }

    private static Dictionary<string, object?> Body(Guid patientId, string machine) => new()
    {
        ["patientId"] = patientId, ["machine"] = machine, ["beamEnergy"] = "6 MV", ["setUp"] = "SSD",
        ["referenceDoseRateCGyPerMu"] = 1.000, ["referenceDepthCm"] = 1.5, ["referenceSsdCm"] = 100, ["sadCm"] = 100,
        ["scTable"] = Sc, ["spTable"] = Sp, ["depthTable"] = Pdd, ["doseCGy"] = 200, ["fieldXCm"] = 12, ["fieldYCm"] = 8,
        ["depthCm"] = 10, ["ssdCm"] = 100, ["planningSystemMu"] = 305, ["actionLevelPercent"] = 3,
    };

    private async Task<Guid> PatientAsync(string family)
    {
        var system = await Clients.SystemAsync(factory);
        var created = await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: family))).JsonAsync();
        return Guid.Parse(created.GetProperty("id").GetString()!);
    }

    private static string Machine() => $"LA-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<List<MuCheck>> StoredAsync(string machine)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<MuCheck>().AsNoTracking().Where(c => c.Machine == machine).ToListAsync();
    }

    [Fact]
    public async Task GivenWorkedSsdExample_WhenPostedToTheApi_ThenMuIsTheEnginesAndTheCreateIsAuditedAgainstThePatient()
    {
        var patient = await PatientAsync(TestData.Family());
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", Body(patient, machine));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var r = (await response.JsonAsync()).GetProperty("results");
        var e = Engine();
        Assert.Equal(e.Mu, r.GetProperty("mu").GetDouble(), 10);
        Assert.Equal(e.PercentDifference, r.GetProperty("percentDifference").GetDouble(), 10);
        Assert.Equal(e.Sc, r.GetProperty("sc").GetDouble(), 12);
        Assert.Equal(e.DepthFactor, r.GetProperty("depthFactor").GetDouble(), 12);
        Assert.True(r.GetProperty("withinActionLevel").GetBoolean());
        var stored = Assert.Single(await StoredAsync(machine));
        Assert.Equal(patient, stored.PatientId);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"MuCheck/{stored.Id}" && a.Action == AuditAction.Create && a.PatientId == patient));
    }

    [Fact]
    public async Task GivenWorkedSsdExample_WhenSavedThroughTheForm_ThenStoredMuIsTheEnginesAndBannerShown()
    {
        var family = TestData.Family();
        var patient = await PatientAsync(family);
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var fields = Body(patient, machine).ToDictionary(kv => "Form." + char.ToUpperInvariant(kv.Key[0]) + kv.Key[1..],
            kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture)!);
        var response = await Clients.PostFormAsync(physicist, $"/physics/mu-checks/new?patient={patient}", "mu-check", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await StoredAsync(machine));
        Assert.Equal(Engine().Mu, stored.Mu, 10);
        var page = await (await physicist.GetAsync(Clients.LocalTarget(response))).Content.ReadAsStringAsync();
        Assert.Contains($"{family.ToUpperInvariant()}, Jane", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"mu\">{Engine().Mu.ToString("F1", CultureInfo.InvariantCulture)}<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenPointOffTheAxisWithAnOarTable_WhenPostedToTheApi_ThenTheEnginesOarIsAppliedAndStored()
    {
        const string oar = "0 5 10\n1.5 1.000 1.010 0.980\n10 1.000 1.020 0.970\n20 1.000 1.030 0.960";
        var patient = await PatientAsync(TestData.Family());
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var body = Body(patient, machine);
        body["offAxisCm"] = 4.0;
        body["offAxisTable"] = oar;
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var r = (await response.JsonAsync()).GetProperty("results");
        // OAR(10 cm, 4 cm) interpolated between 1.000 (0 cm) and 1.020 (5 cm) is 1.016; MU falls by that factor.
        Assert.Equal(1.016, r.GetProperty("offAxisRatio").GetDouble(), 10);
        Assert.Equal(Engine().Mu / 1.016, r.GetProperty("mu").GetDouble(), 8);
        var stored = Assert.Single(await StoredAsync(machine));
        Assert.Equal(4.0, stored.OffAxisCm);
        Assert.Equal(1.016, stored.OffAxisRatio!.Value, 10);
        Assert.Equal(stored.Mu, MuWorksheet.Calculate(stored.ToInputs()).Figures!.Mu, 10);
    }

    [Theory]
    [InlineData(4.0, null, "offAxisTable")]
    [InlineData(-1.0, "0 5\n1.5 1 1\n20 1 1", "offAxisCm")]
    [InlineData(12.0, "0 5\n1.5 1 1\n20 1 1", "offAxisTable")]
    public async Task GivenOffAxisPointWithoutUsableOarData_WhenPosted_ThenProblemNamesFieldAndNothingIsWritten(double offAxis, string? table, string field)
    {
        var patient = await PatientAsync(TestData.Family());
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var body = Body(patient, machine);
        body["offAxisCm"] = offAxis;
        body["offAxisTable"] = table;
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(await StoredAsync(machine));
    }

    [Theory]
    [InlineData("patientId", null)]
    [InlineData("scTable", "10 1.000\n4 0.950")]
    [InlineData("depthTable", "4 10\n1.5 100")]
    [InlineData("spTable", "4 0.97\n10 abc")]
    [InlineData("fieldXCm", 0.0)]
    [InlineData("setUp", "SXD")]
    public async Task GivenBadInput_WhenPostedToTheApi_ThenProblemNamesFieldAndNothingIsWritten(string field, object? value)
    {
        var patient = await PatientAsync(TestData.Family());
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var body = Body(patient, machine);
        body[field] = value;
        var response = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenUnknownPatientOrFieldOutsideTheData_WhenPosted_ThenRefusedByFieldAndNothingIsWritten()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var machine = Machine();
        var unknown = await (await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", Body(Guid.NewGuid(), machine))).JsonAsync();
        Assert.True(unknown.GetProperty("errors").TryGetProperty("patientId", out _), unknown.ToString());

        var body = Body(await PatientAsync(TestData.Family()), machine);
        body["fieldXCm"] = 40.0;
        body["fieldYCm"] = 40.0;
        var outside = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", body);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var problem = await outside.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("scTable", out _), problem.ToString());
        Assert.Empty(await StoredAsync(machine));
    }

    [Fact]
    public async Task GivenAnMuCheck_WhenThePerformerThenASecondPhysicistCheckIt_ThenFirstRefusedAndSecondMakesItFinal()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var created = await (await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", Body(await PatientAsync(TestData.Family()), Machine()))).JsonAsync();
        var id = created.GetProperty("id").GetString();

        var own = await physicist.PostAsync($"/api/v1/physics/mu-checks/{id}/check", null);
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        var second = await Clients.UserAsync(factory, "physicist2");
        var checkedBySecond = await second.PostAsync($"/api/v1/physics/mu-checks/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, checkedBySecond.StatusCode);
        Assert.Equal("final", (await checkedBySecond.JsonAsync()).GetProperty("status").GetString());
    }
}

public sealed class MuCheckTests_Sqlite(SqliteFactory factory) : MuCheckTests(factory), IClassFixture<SqliteFactory>;

public sealed class MuCheckTests_Postgres(PostgresFactory factory) : MuCheckTests(factory), IClassFixture<PostgresFactory>;
