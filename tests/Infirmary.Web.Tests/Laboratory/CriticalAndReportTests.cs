using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Critical results phoned and logged; cumulative results with a trend chart; the printable report with amendments.</summary>
public abstract partial class CriticalAndReportTests(InfirmaryFactory factory)
{
    private async Task<(Guid Report, string Accession)> FiledFbcAsync(Guid patient, params (string Loinc, string Name, string Value, string Units)[] results)
    {
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "FBC");
        var accession = Accession(order, Containers.EdtaPurple);
        await CollectAndReceiveAsync(factory, accession);
        await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, results));
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var specimen = await db.Set<Specimen>().SingleAsync(s => s.Accession == accession);
        return ((await db.Set<LabReport>().SingleAsync(r => r.SpecimenId == specimen.Id)).Id, accession);
    }

    private async Task AuthoriseAsync(Guid report)
    {
        Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed")).PostAsync($"/api/v1/laboratory/reports/{report}/validate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed2")).PostAsync($"/api/v1/laboratory/reports/{report}/authorise", null)).StatusCode);
    }

    [Fact]
    public async Task GivenACriticalPlateletCount_WhenFiled_ThenItWaitsToBePhonedUntilACallWithReadBackIsLogged()
    {
        var patient = await PatientAsync(factory);
        var (report, accession) = await FiledFbcAsync(patient, ("718-7", "HGB", "140", "g/L"), ("777-3", "PLT", "12", "10*9/L"));
        var biomed = await Clients.UserAsync(factory, "biomed");

        var worklist = (await biomed.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/laboratory/critical-results"))
            .EnumerateArray().Where(r => r.GetProperty("accession").GetString() == accession).ToList();
        var critical = Assert.Single(worklist);
        Assert.Equal("Platelet count", critical.GetProperty("test").GetString());
        Assert.Equal("LL", critical.GetProperty("flag").GetString());
        Assert.Contains(accession, await biomed.GetStringAsync("/laboratory/critical"), StringComparison.Ordinal);

        var url = $"/api/v1/laboratory/reports/{report}/critical-calls";
        var noReadBack = await biomed.PostAsJsonAsync(url, new { phonedTo = "Dr A Shah, FY2, Ward 7", readBackConfirmed = false });
        Assert.Equal(HttpStatusCode.BadRequest, noReadBack.StatusCode);
        Assert.Contains("read the result back", (await noReadBack.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await biomed.PostAsJsonAsync(url, new { phonedTo = " ", readBackConfirmed = true })).StatusCode);

        var logged = await biomed.PostAsJsonAsync(url, new { phonedTo = "Dr A Shah, FY2, Ward 7", readBackConfirmed = true, note = "Will repeat and transfuse" });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        var call = Assert.Single((await logged.JsonAsync()).EnumerateArray());
        Assert.Equal("Bethan Lewis (biomed)", call.GetProperty("phonedBy").GetString());
        Assert.Equal("Dr A Shah, FY2, Ward 7", call.GetProperty("phonedTo").GetString());

        Assert.DoesNotContain((await biomed.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/laboratory/critical-results")).EnumerateArray(),
            r => r.GetProperty("accession").GetString() == accession);
        Assert.Equal(HttpStatusCode.Conflict, (await biomed.PostAsJsonAsync(url, new { phonedTo = "Someone", readBackConfirmed = true })).StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"DiagnosticReport/{report}" && a.PatientId == patient && a.Detail!.StartsWith("critical result phoned")));
        var resultId = await db.Set<CriticalCall>().Where(c => c.ReportId == report).Select(c => c.ResultId).SingleAsync();
        // The database refuses an unconfirmed call and a second call for the same result.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE lab_critical_calls SET read_back_confirmed = {false} WHERE report_id = {report}"));
        db.Add(new CriticalCall { ResultId = resultId, ReportId = report, PatientId = patient, PhonedById = "x", PhonedBy = "x", PhonedTo = "y", ReadBackConfirmed = true });
        Assert.True(DbErrors.IsUniqueViolation(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync())));
    }

    [Fact]
    public async Task GivenTwoAuthorisedFbcs_WhenTheCumulativeViewIsRead_ThenBothHaemoglobinsInOrderWithATrendChart()
    {
        var patient = await PatientAsync(factory, "Male", "1960-05-01");
        var (first, _) = await FiledFbcAsync(patient, ("718-7", "HGB", "141", "g/L"));
        await AuthoriseAsync(first);
        var (second, _) = await FiledFbcAsync(patient, ("718-7", "HGB", "97", "g/L"));
        await AuthoriseAsync(second);
        var (unauthorised, _) = await FiledFbcAsync(patient, ("718-7", "HGB", "88", "g/L"));
        var clinician = await Clients.UserAsync(factory, "clinician");

        var view = await clinician.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/laboratory/patients/{patient}/cumulative/hb");
        Assert.Equal([141m, 97m], view.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()));
        Assert.Equal(130d, view.GetProperty("bandLow").GetDouble());

        var page = await clinician.GetStringAsync($"/laboratory/patients/{patient}/cumulative?test=HB");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Equal(["141", "97"], DataValue().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Contains("data-band=\"normal\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/v1/laboratory/patients/{patient}/cumulative/NOPE")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/v1/laboratory/reports/{unauthorised}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await (await Clients.UserAsync(factory, "biomed")).GetAsync($"/api/v1/laboratory/reports/{unauthorised}/pdf")).StatusCode);
    }

    [Fact]
    public async Task GivenAnAmendedAuthorisedReport_WhenPrinted_ThenTheA4ReportShowsTheNewValueAndTheAmendmentWithItsReason()
    {
        var family = TestData.Family();
        var patient = await PatientAsync(factory, family: family);
        var (report, accession) = await FiledFbcAsync(patient, ("718-7", "HGB", "140", "g/L"), ("777-3", "PLT", "12", "10*9/L"));
        var biomed = await Clients.UserAsync(factory, "biomed");
        Assert.Equal(HttpStatusCode.Created, (await biomed.PostAsJsonAsync($"/api/v1/laboratory/reports/{report}/critical-calls", new { phonedTo = "Sister Jones, Ward 7", readBackConfirmed = true })).StatusCode);
        await AuthoriseAsync(report);
        var hb = (await biomed.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/laboratory/reports/{report}")).GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("testCode").GetString() == "HB").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await biomed.PostAsJsonAsync($"/api/v1/laboratory/results/{hb}/amend", new { value = "104", reason = "Clot found; re-run" })).StatusCode);
        await AuthoriseAsync(report);

        var response = await (await Clients.UserAsync(factory, "clinician")).GetAsync($"/api/v1/laboratory/reports/{report}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Of(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"Laboratory report {accession}", text, StringComparison.Ordinal);
        Assert.Contains(family.ToUpperInvariant(), text, StringComparison.Ordinal);
        Assert.Contains("Authorised (amended)", text, StringComparison.Ordinal);
        Assert.Contains("104", text, StringComparison.Ordinal);
        Assert.Contains("Amendments", text, StringComparison.Ordinal);
        Assert.Contains("140 g/L", text, StringComparison.Ordinal);
        Assert.Contains("Clot found; re-run", text, StringComparison.Ordinal);
        Assert.Contains("Critical results phoned", text, StringComparison.Ordinal);
        Assert.Contains("Sister Jones, Ward 7", text, StringComparison.Ordinal);
        Assert.Contains("Authorised by Dr Owen Price (biomed2)", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("<circle[^>]*data-value=\"([0-9.]+)\"")]
    private static partial Regex DataValue();
}

public sealed class CriticalAndReportTests_Sqlite(SqliteFactory factory) : CriticalAndReportTests(factory), IClassFixture<SqliteFactory>;

public sealed class CriticalAndReportTests_Postgres(PostgresFactory factory) : CriticalAndReportTests(factory), IClassFixture<PostgresFactory>;
