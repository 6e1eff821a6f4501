using System.Net;
using System.Net.Http.Json;
using Infirmary.Hl7v2;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>ORU^R01 filing by exact barcode, flags by sex and age band, deltas, unmatched worklist, validation and authorisation.</summary>
public abstract class ResultFilingTests(InfirmaryFactory factory)
{
    private async Task<(Guid Patient, string Accession)> ReceivedFbcAsync(Guid? patient = null, string sex = "Female")
    {
        var p = patient ?? await PatientAsync(factory, sex);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), p, "FBC");
        var accession = Accession(order, Containers.EdtaPurple);
        await CollectAndReceiveAsync(factory, accession);
        return (p, accession);
    }

    private async Task<LabReport> ReportAsync(string accession)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var specimen = await db.Set<Specimen>().SingleAsync(s => s.Accession == accession);
        return await db.Set<LabReport>().AsNoTracking().Include(r => r.Results).SingleAsync(r => r.SpecimenId == specimen.Id);
    }

    [Fact]
    public async Task GivenAReceivedFbcOfAnAdultWoman_WhenTheAnalyserSendsResults_ThenFiledWithFlagsFromTheFemaleAdultRange()
    {
        var (_, accession) = await ReceivedFbcAsync();
        var system = await Clients.SystemAsync(factory);
        var id = Hl7TestSupport.NewControlId();
        var ack = await LabOru.SendAsync(system, LabOru.Message(id, accession, null,
            ("718-7", "HGB", "120", "g/L"), ("6690-2", "WBC", "35", "10*9/L"), ("777-3", "PLT", "250", "10*9/L")));
        Assert.Equal(Hl7AckCode.AA, ack.Code);

        var report = await ReportAsync(accession);
        Assert.Equal(ReportStatus.AwaitingValidation, report.Status);
        var byTest = report.Results.ToDictionary(r => r.TestCode!);
        // 120 g/L is normal for a woman (115–165) though it would be low for a man (130–180).
        Assert.Equal("N", byTest["HB"].Flag);
        Assert.Equal("115–165", byTest["HB"].ReferenceRange);
        Assert.Equal("HH", byTest["WBC"].Flag);
        Assert.Equal("N", byTest["PLT"].Flag);
        Assert.Equal("processed", Assert.Single(await Hl7TestSupport.StoredAsync(factory, id)).Status);
    }

    [Fact]
    public async Task GivenAnAdultMan_WhenHb120IsFiled_ThenLowAndASecondResultShowsTheDelta()
    {
        var (patient, first) = await ReceivedFbcAsync(sex: "Male");
        var system = await Clients.SystemAsync(factory);
        await LabOru.SendAsync(system, LabOru.Message(Hl7TestSupport.NewControlId(), first, null, ("718-7", "HGB", "120", "g/L")));
        Assert.Equal("L", (await ReportAsync(first)).Results.Single().Flag);

        var (_, second) = await ReceivedFbcAsync(patient);
        await LabOru.SendAsync(system, LabOru.Message(Hl7TestSupport.NewControlId(), second, null, ("718-7", "HGB", "95", "g/L")));
        var hb = (await ReportAsync(second)).Results.Single();
        Assert.Equal(120m, hb.PreviousValue);
        Assert.Equal(-25m, hb.Delta);
    }

    [Fact]
    public async Task GivenUnknownOrUnreceivedBarcodesOrAContradictingNhsNumber_WhenResultsArrive_ThenAcknowledgedButOnlyOnTheUnmatchedWorklist()
    {
        var system = await Clients.SystemAsync(factory);
        var unknown = "L99" + Random.Shared.Next(10_000_000, 99_999_999);
        Assert.Equal(Hl7AckCode.AA, (await LabOru.SendAsync(system, LabOru.Message(Hl7TestSupport.NewControlId(), unknown, null, ("718-7", "HGB", "120", "g/L")))).Code);

        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "FBC");
        var notReceived = Accession(order, Containers.EdtaPurple);
        await LabOru.SendAsync(system, LabOru.Message(Hl7TestSupport.NewControlId(), notReceived, null, ("718-7", "HGB", "120", "g/L")));

        var (_, received) = await ReceivedFbcAsync();
        // Near miss: the barcode in lower case with a trailing digit is not "close enough".
        await LabOru.SendAsync(system, LabOru.Message(Hl7TestSupport.NewControlId(), received.ToLowerInvariant() + "0", null, ("718-7", "HGB", "120", "g/L")));
        await LabOru.SendAsync(system, LabOru.Message(Hl7TestSupport.NewControlId(), received, TestData.NhsNumber(), ("718-7", "HGB", "120", "g/L")));

        var biomed = await Clients.UserAsync(factory, "biomed");
        var rows = (await (await biomed.GetAsync("/api/v1/laboratory/unmatched-results")).JsonAsync()).EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("placerNumber").GetString() == unknown && r.GetProperty("reason").GetString()!.Contains("No specimen", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.GetProperty("placerNumber").GetString() == notReceived && r.GetProperty("reason").GetString()!.Contains("awaiting collection", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.GetProperty("placerNumber").GetString() == received && r.GetProperty("reason").GetString()!.Contains("NHS number", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.GetProperty("placerNumber").GetString() == received.ToLowerInvariant() + "0");

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<LabResult>().AnyAsync(r => r.PatientId == patient));
        var specimen = await db.Set<Specimen>().SingleAsync(s => s.Accession == received);
        Assert.False(await db.Set<LabReport>().AnyAsync(r => r.SpecimenId == specimen.Id));
        var page = WebUtility.HtmlDecode(await biomed.GetStringAsync("/laboratory/unmatched"));
        Assert.Contains(unknown, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAResentMessage_WhenTheSameControlIdArrivesAgain_ThenAcknowledgedAndItsResultsAreNotFiledTwice()
    {
        var (_, accession) = await ReceivedFbcAsync();
        var system = await Clients.SystemAsync(factory);
        var message = LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("718-7", "HGB", "140", "g/L"), ("777-3", "PLT", "250", "10*9/L"));
        Assert.Equal(Hl7AckCode.AA, (await LabOru.SendAsync(system, message)).Code);
        Assert.Equal(Hl7AckCode.AA, (await LabOru.SendAsync(system, message)).Code);
        var report = await ReportAsync(accession);
        Assert.Equal(2, report.Results.Count);
        Assert.DoesNotContain(report.Results, r => r.Superseded);
    }

    [Fact]
    public async Task GivenUnitsThatDifferFromTheCatalogue_WhenFiled_ThenNoFlagAndTheReasonIsNoted()
    {
        var (_, accession) = await ReceivedFbcAsync();
        await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("718-7", "HGB", "12.0", "g/dL")));
        var hb = (await ReportAsync(accession)).Results.Single();
        Assert.Null(hb.Flag);
        Assert.Contains("g/dL", hb.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenUnitsLongerThanTheirColumn_WhenFiled_ThenCutAndQuotedInANoteThatFits()
    {
        // Before the units were cut first, the note quoting them outgrew its 300 characters and the results were not filed.
        var (_, accession) = await ReceivedFbcAsync();
        var ack = await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("718-7", "HGB", "12.0", new string('u', 400))));
        Assert.Equal(Hl7AckCode.AA, ack.Code);
        var hb = (await ReportAsync(accession)).Results.Single();
        Assert.Equal(new string('u', 60), hb.Units);
        Assert.Null(hb.Flag);
        Assert.Contains(new string('u', 60) + " differ", hb.Note, StringComparison.Ordinal);
        Assert.True(hb.Note!.Length <= 300);
    }

    [Fact]
    public async Task GivenAFiledReport_WhenValidatedAndTheSamePersonTriesToAuthorise_ThenRefusedAndASecondScientistAuthorises()
    {
        var (_, accession) = await ReceivedFbcAsync();
        await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("718-7", "HGB", "60", "g/L")));
        var report = await ReportAsync(accession);
        var biomed = await Clients.UserAsync(factory, "biomed");

        var worklist = WebUtility.HtmlDecode(await biomed.GetStringAsync("/laboratory/validation"));
        Assert.Contains($"Specimen {accession}", worklist, StringComparison.Ordinal);
        Assert.Contains("Critically low (LL)", worklist, StringComparison.Ordinal);

        var page = await Clients.PostFormAsync(biomed, "/laboratory/validation", "report-action", new() { ["Action.Command"] = $"validate:{report.Id}:{report.Version}" });
        Assert.Contains("validated, awaiting authorisation", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var self = await biomed.PostAsync($"/api/v1/laboratory/reports/{report.Id}/authorise", null);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("different person", (await self.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var other = await Clients.UserAsync(factory, "biomed2");
        var ok = await other.PostAsync($"/api/v1/laboratory/reports/{report.Id}/authorise", null);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.JsonAsync();
        Assert.Equal("authorised", body.GetProperty("status").GetString());
        Assert.Equal("Bethan Lewis (biomed)", body.GetProperty("validatedBy").GetString());
        Assert.Equal("Dr Owen Price (biomed2)", body.GetProperty("authorisedBy").GetString());
    }

    [Fact]
    public async Task GivenAnAuthorisedResult_WhenAmended_ThenTheOldValueStaysVisibleAndTheReportNeedsValidatingAgain()
    {
        var (_, accession) = await ReceivedFbcAsync();
        await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("718-7", "HGB", "140", "g/L")));
        var report = await ReportAsync(accession);
        var biomed = await Clients.UserAsync(factory, "biomed");
        Assert.Equal(HttpStatusCode.OK, (await biomed.PostAsync($"/api/v1/laboratory/reports/{report.Id}/validate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed2")).PostAsync($"/api/v1/laboratory/reports/{report.Id}/authorise", null)).StatusCode);

        var bad = await biomed.PostAsJsonAsync($"/api/v1/laboratory/results/{report.Results[0].Id}/amend", new { value = "one hundred", reason = "Transcription" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var amended = await biomed.PostAsJsonAsync($"/api/v1/laboratory/results/{report.Results[0].Id}/amend", new { value = "104", reason = "Clot found; re-run" });
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        var body = await amended.JsonAsync();
        Assert.Equal("awaiting-validation", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("amended").GetBoolean());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(results, r => r.GetProperty("value").GetString() == "140" && r.GetProperty("superseded").GetBoolean()
            && r.GetProperty("amendmentReason").GetString() == "Clot found; re-run");
        Assert.Contains(results, r => r.GetProperty("value").GetString() == "104" && !r.GetProperty("superseded").GetBoolean() && r.GetProperty("flag").GetString() == "L");

        var page = WebUtility.HtmlDecode(await biomed.GetStringAsync("/laboratory/validation"));
        Assert.Contains("<del>140</del>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAReport_WhenTheDatabaseIsAskedToRecordOnePersonAsValidatorAndAuthoriser_ThenItRefuses()
    {
        var (_, accession) = await ReceivedFbcAsync();
        await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null, ("718-7", "HGB", "140", "g/L")));
        var report = await ReportAsync(accession);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE lab_reports SET status = 'authorised', validated_by_id = 'u1', validated_at = {DateTime.UtcNow}, authorised_by_id = 'u1', authorised_at = {DateTime.UtcNow} WHERE id = {report.Id}"));
    }
}

public sealed class ResultFilingTests_Sqlite(SqliteFactory factory) : ResultFilingTests(factory), IClassFixture<SqliteFactory>;

public sealed class ResultFilingTests_Postgres(PostgresFactory factory) : ResultFilingTests(factory), IClassFixture<PostgresFactory>;
