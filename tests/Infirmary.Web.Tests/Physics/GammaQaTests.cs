using System.Globalization;
using System.Net;
using System.Text;
using Infirmary.Dosimetry;
using Infirmary.Physics.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Physics.PhysicsTestKit;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// Gamma QA attached to a patient's plan (ADR 0091) on SQLite and PostgreSQL: the uploaded grids' pass rate is the
/// engine's, the map is an SVG drawn server-side, bad or over-large uploads are refused by field, and the
/// two-person check makes it final.
/// </summary>
public abstract class GammaQaTests(InfirmaryFactory factory)
{
    private const string Url = "/api/v1/physics/gamma";

    /// <summary>A 2D grid in the CLI's dose-grid JSON: a smooth field, scaled by <paramref name="hot"/> in one corner.</summary>
    private static string Grid(double hot, int n = 21)
    {
        var axis = string.Join(',', Enumerable.Range(0, n).Select(i => (i * 2.0).ToString(CultureInfo.InvariantCulture)));
        var rows = Enumerable.Range(0, n).Select(i => "[" + string.Join(',', Enumerable.Range(0, n).Select(j =>
        {
            var d = 2.0 * Math.Exp(-(((i - 10) * (i - 10)) + ((j - 10) * (j - 10))) / 60.0);
            return (i > 14 && j > 14 ? d * hot : d).ToString("0.#####", CultureInfo.InvariantCulture);
        })) + "]");
        return $"{{\"axes\":[[{axis}],[{axis}]],\"dose\":[{string.Join(',', rows)}]}}";
    }

    private static MultipartFormDataContent Upload(Guid patient, string reference, string evaluated, string plan = "Prostate VMAT")
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(patient.ToString()), "patientId" },
            { new StringContent(plan), "plan" },
            { new StringContent("3"), "dosePercent" },
            { new StringContent("2"), "distanceMm" },
        };
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(reference)), "reference", "ref.json");
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(evaluated)), "evaluated", "meas.json");
        return content;
    }

    private async Task<int> CountAsync(Guid patient)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Infirmary.Physics.Domain.GammaAnalysis>().CountAsync(a => a.PatientId == patient);
    }

    [Fact]
    public async Task GivenTwoGrids_WhenUploaded_ThenThePassRateIsTheEnginesTheMapIsAnSvgAndASecondPhysicistMakesItFinal()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var patient = await PatientAsync(factory);
        var (reference, evaluated) = (Grid(1.0), Grid(1.5));

        var response = await physicist.PostAsync(Url, Upload(patient, reference, evaluated));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());

        var expected = GammaIndex.Compute(DoseGridJson.Read(Encoding.UTF8.GetBytes(reference), "r"), DoseGridJson.Read(Encoding.UTF8.GetBytes(evaluated), "e"), new GammaOptions(3, 2));
        Assert.Equal(expected.PassRatePercent, json.GetProperty("passRatePercent").GetDouble(), 9);
        Assert.Equal(expected.EvaluatedPoints, json.GetProperty("evaluatedPoints").GetInt32());
        Assert.True(expected.PassRatePercent is > 0 and < 100, $"the example should have some failures: {expected.PassRatePercent}");
        Assert.Equal(expected.PassRatePercent >= 95, json.GetProperty("pass").GetBoolean());
        Assert.Equal("3 %/2 mm global, 10 % cut-off", json.GetProperty("criteria").GetString());

        var id = json.GetProperty("id").GetString();
        var svg = await physicist.GetAsync($"{Url}/{id}/map.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var map = await svg.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", map, StringComparison.Ordinal);
        Assert.Contains("#d5281b", map, StringComparison.Ordinal); // the hot corner fails (γ > 1.5 shown red)
        var page = await physicist.GetStringAsync($"/physics/gamma/{id}");
        Assert.Contains("data-testid=\"gamma-map\"", page, StringComparison.Ordinal);
        Assert.Contains(expected.PassRatePercent.ToString("F1", CultureInfo.InvariantCulture) + " %", page, StringComparison.Ordinal);

        var etag = response.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.Conflict, (await CheckAsync(physicist, $"{Url}/{id}/check", etag)).StatusCode);
        var second = await Clients.UserAsync(factory, "physicist2");
        var checkedResponse = await CheckAsync(second, $"{Url}/{id}/check", etag);
        Assert.Equal("final", (await checkedResponse.JsonAsync()).GetProperty("status").GetString());
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"GammaAnalysis/{id}" && a.PatientId == patient));
    }

    [Theory]
    [InlineData("reference", "{\"axes\":[[0,1]],\"dose\":[1,2,3]}")]
    [InlineData("reference", "not json")]
    [InlineData("evaluated", "{\"axes\":[[0,1,2]],\"dose\":[1,2,3]}")]
    [InlineData("plan", null)]
    public async Task GivenABadUpload_WhenPosted_ThenRefusedNamingTheFieldAndNothingStored(string field, string? replacement)
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var patient = await PatientAsync(factory);
        var reference = field == "reference" ? replacement! : Grid(1.0);
        var evaluated = field == "evaluated" ? replacement! : Grid(1.0);
        var response = await physicist.PostAsync(Url, Upload(patient, reference, evaluated, plan: field == "plan" ? " " : "Plan A"));
        await AssertProblemNamesAsync(response, field);
        Assert.Equal(0, await CountAsync(patient));
    }

    [Fact]
    public async Task GivenAnOverLargeUpload_WhenPosted_ThenPayloadTooLargeWithAProblemAndNothingStored()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var patient = await PatientAsync(factory);
        var content = Upload(patient, Grid(1.0), Grid(1.0));
        content.Add(new ByteArrayContent(new byte[GammaQa.MaxRequestBytes]), "padding", "padding.bin");

        var response = await physicist.PostAsync(Url, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 24 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(patient));
    }

    [Fact]
    public async Task GivenTheUploadPage_WhenBothGridsArePosted_ThenSavedAndShownWithItsMap()
    {
        var physicist = await Clients.UserAsync(factory, "physicist");
        var patient = await PatientAsync(factory);
        var url = $"/physics/gamma/new?patient={patient}";
        var form = await physicist.GetStringAsync(url);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var content = Upload(patient, Grid(1.0), Grid(1.01), plan: "Breast tangents");
        content.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
        content.Add(new StringContent("gamma-qa"), "_handler");
        content.Add(new StringContent("1"), "Form.Posted");

        var response = await physicist.PostAsync(url, content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await physicist.GetStringAsync(Clients.LocalTarget(response));
        Assert.Contains("Gamma QA: Breast tangents", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"gamma-map\"", page, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(patient));
    }

    [Fact]
    public async Task GivenAReceptionist_WhenUploading_ThenForbidden()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var patient = await PatientAsync(factory);
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsync(Url, Upload(patient, Grid(1.0), Grid(1.0)))).StatusCode);
        Assert.Equal(0, await CountAsync(patient));
    }
}

public sealed class GammaQaTests_Sqlite(SqliteFactory factory) : GammaQaTests(factory), IClassFixture<SqliteFactory>;

public sealed class GammaQaTests_Postgres(PostgresFactory factory) : GammaQaTests(factory), IClassFixture<PostgresFactory>;
