using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Infirmary.Patients;
using Infirmary.Patients.Data;
using Infirmary.Patients.Domain;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>
/// Paper case-note tracking on SQLite and PostgreSQL: volumes and barcodes, movements by scan and click, the
/// overdue and missing worklists, the public <see cref="ICaseNoteLocations"/>, and volumes carried by a merge.
/// </summary>
public abstract class CaseNoteTests(InfirmaryFactory factory)
{
    private static int Pages(string pdf) => System.Text.RegularExpressions.Regex.Count(pdf, @"/Type\s*/Page[^s]");

    private static async Task<(Guid Id, string Nhs)> NewPatientAsync(HttpClient client)
    {
        var nhs = TestData.NhsNumber();
        var response = await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.JsonAsync()).GetProperty("id").GetGuid(), nhs);
    }

    private static async Task<(Guid Id, string Barcode)> OpenVolumeAsync(HttpClient client, Guid patient)
    {
        var response = await client.PostAsync($"/api/v1/patients/{patient}/case-notes", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("volumeId").GetGuid(), body.GetProperty("barcode").GetString()!);
    }

    private static Task<HttpResponseMessage> ScanAsync(HttpClient client, string barcode, string locationCode, string? holder = null) =>
        client.PostAsJsonAsync("/api/v1/case-notes/movements", new { barcode, locationCode, holder, method = "scan" });

    private async Task SetLocationSinceAsync(Guid volume, DateTime since)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await db.Set<CaseNoteVolume>().Where(v => v.Id == volume).ExecuteUpdateAsync(s => s.SetProperty(v => v.LocationSince, since));
    }

    [Fact]
    public async Task GivenAPatient_WhenVolumesAreOpened_ThenEachHasTheNextNumberAndAUniqueBarcodeInTheLibrary()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, nhs) = await NewPatientAsync(records);
        var (_, first) = await OpenVolumeAsync(records, patient);
        var (_, second) = await OpenVolumeAsync(records, patient);
        Assert.Equal($"CN{nhs}V01", first);
        Assert.Equal($"CN{nhs}V02", second);

        var volumes = await (await records.GetAsync($"/api/v1/patients/{patient}/case-notes")).JsonAsync();
        Assert.Equal(2, volumes.GetArrayLength());
        Assert.All(volumes.EnumerateArray(), v => Assert.Equal("LIB", v.GetProperty("locationCode").GetString()));
        Assert.Equal(2, volumes[1].GetProperty("volumeNumber").GetInt32());
    }

    [Fact]
    public async Task GivenVolumesAtTheLibraryAndAClinic_WhenEverythingIsAsked_ThenEachIsADocumentReferenceSayingWhereItIs()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, _) = await NewPatientAsync(records);
        var (first, firstBarcode) = await OpenVolumeAsync(records, patient);
        var (second, secondBarcode) = await OpenVolumeAsync(records, patient);
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(records, secondBarcode, "CLIN-CARD", "Nurse Jo Bloggs")).StatusCode);

        var everything = await (await records.GetAsync($"/fhir/Patient/{patient}/$everything")).JsonAsync();
        var documents = everything.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .Where(r => r.GetProperty("resourceType").GetString() == "DocumentReference").ToList();
        Assert.Equal([first.ToString(), second.ToString()], documents.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(firstBarcode, documents[0].GetProperty("identifier")[0].GetProperty("value").GetString());
        Assert.Equal("Case notes volume 1: at Health records library", documents[0].GetProperty("description").GetString());
        Assert.Equal("Case notes volume 2: at Cardiology clinic, with Nurse Jo Bloggs", documents[1].GetProperty("description").GetString());
        Assert.Equal($"Patient/{patient}", documents[1].GetProperty("subject").GetProperty("reference").GetString());

        // Readable again by id, the same resource, audited against the patient; refused to a role that does not track notes.
        var read = await records.GetAsync($"/fhir/DocumentReference/{second}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(documents[1].GetRawText()),
            System.Text.Json.Nodes.JsonNode.Parse((await read.JsonAsync()).GetRawText())));
        Assert.Equal(HttpStatusCode.NotFound, (await records.GetAsync($"/fhir/DocumentReference/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Clients.UserAsync(factory, "pharmacist")).GetAsync($"/fhir/DocumentReference/{second}")).StatusCode);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"DocumentReference/{second}" && a.Action == AuditAction.Read && a.PatientId == patient));
    }

    [Fact]
    public async Task GivenAScannedBarcode_WhenMovedToAClinicAndBack_ThenLocationHolderAndHistoryAreRecordedAndAudited()
    {
        var records = await Clients.UserAsync(factory, "records");
        var reception = await Clients.UserAsync(factory, "reception");
        var (patient, _) = await NewPatientAsync(records);
        var (volume, barcode) = await OpenVolumeAsync(records, patient);

        var spaced = $" {barcode.ToLowerInvariant()[..6]} {barcode[6..]} ";
        var moved = await ScanAsync(reception, spaced, "clin-card", "Nurse Jo Bloggs");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var body = await moved.JsonAsync();
        Assert.Equal("CLIN-CARD", body.GetProperty("locationCode").GetString());
        Assert.Equal("Nurse Jo Bloggs", body.GetProperty("holder").GetString());
        Assert.Equal("W/\"2\"", moved.Headers.ETag?.ToString());

        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(records, barcode, "LIB")).StatusCode);
        var history = await (await records.GetAsync($"/api/v1/case-notes/volumes/{volume}/movements")).JsonAsync();
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal("Health records library", history[0].GetProperty("to").GetString());
        Assert.Equal("Cardiology clinic", history[1].GetProperty("to").GetString());
        Assert.Equal("scan", history[1].GetProperty("method").GetString());
        Assert.Equal("created", history[2].GetProperty("method").GetString());

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.Entity == $"CaseNoteVolume/{volume}" && a.PatientId == patient && a.Action == AuditAction.Update));
    }

    [Fact]
    public async Task GivenBadMovements_WhenPosted_ThenRefusedPreciselyAndNothingMoves()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, _) = await NewPatientAsync(records);
        var (volume, barcode) = await OpenVolumeAsync(records, patient);

        Assert.Equal(HttpStatusCode.NotFound, (await ScanAsync(records, "CN0000000000V99", "CLIN-CARD")).StatusCode);
        var noPlace = await ScanAsync(records, barcode, "NOWHERE");
        Assert.Equal(HttpStatusCode.BadRequest, noPlace.StatusCode);
        Assert.True((await noPlace.JsonAsync()).GetProperty("errors").TryGetProperty("location", out _));

        var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/case-notes/movements")
        {
            Content = JsonContent.Create(new { volumeId = volume, locationCode = "WARD-7", method = "click" }),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\"", isWeak: true));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await records.SendAsync(stale)).StatusCode);

        var volumes = await (await records.GetAsync($"/api/v1/patients/{patient}/case-notes")).JsonAsync();
        Assert.Equal("LIB", volumes[0].GetProperty("locationCode").GetString());
        Assert.Equal(1, volumes[0].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task GivenVolumesAwayLongerThanTheLimit_WhenTheWorklistIsRead_ThenOnlyThoseOutTooLongAreOverdue()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, _) = await NewPatientAsync(records);
        var (late, lateCode) = await OpenVolumeAsync(records, patient);
        var (recent, recentCode) = await OpenVolumeAsync(records, patient);
        var (home, homeCode) = await OpenVolumeAsync(records, patient);
        await ScanAsync(records, lateCode, "WARD-12");
        await ScanAsync(records, recentCode, "SEC-CARD");
        await SetLocationSinceAsync(late, DateTime.UtcNow.AddDays(-15));
        await SetLocationSinceAsync(recent, DateTime.UtcNow.AddDays(-13));
        await SetLocationSinceAsync(home, DateTime.UtcNow.AddDays(-400));

        var overdue = await (await records.GetAsync("/api/v1/case-notes/overdue")).JsonAsync();
        var codes = overdue.EnumerateArray().Select(i => i.GetProperty("volume").GetProperty("barcode").GetString()).ToList();
        Assert.Contains(lateCode, codes);
        Assert.DoesNotContain(recentCode, codes);
        Assert.DoesNotContain(homeCode, codes);
        Assert.Contains($"data-testid=\"overdue-{lateCode}\"", await records.GetStringAsync("/case-notes/worklist"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAVolumeFlaggedMissing_WhenItIsNextScanned_ThenItLeavesTheMissingList()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, _) = await NewPatientAsync(records);
        var (volume, barcode) = await OpenVolumeAsync(records, patient);

        Assert.Equal(HttpStatusCode.BadRequest, (await records.PostAsJsonAsync($"/api/v1/case-notes/volumes/{volume}/missing", new { note = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await records.PostAsJsonAsync($"/api/v1/case-notes/volumes/{volume}/missing", new { note = "Searched library bays 1-12" })).StatusCode);
        var missing = await (await records.GetAsync("/api/v1/case-notes/missing")).JsonAsync();
        Assert.Contains(missing.EnumerateArray(), i => i.GetProperty("volume").GetProperty("barcode").GetString() == barcode);

        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(records, barcode, "LIB")).StatusCode);
        missing = await (await records.GetAsync("/api/v1/case-notes/missing")).JsonAsync();
        Assert.DoesNotContain(missing.EnumerateArray(), i => i.GetProperty("volume").GetProperty("barcode").GetString() == barcode);
    }

    [Fact]
    public async Task GivenVolumes_WhenLabelsArePrinted_ThenOnePdfPagePerVolumeCarriesItsBarcodeAndThePrintIsAudited()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, _) = await NewPatientAsync(records);
        var (first, firstCode) = await OpenVolumeAsync(records, patient);
        var (_, secondCode) = await OpenVolumeAsync(records, patient);

        var all = await records.GetAsync($"/api/v1/patients/{patient}/case-notes/labels");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("application/pdf", all.Content.Headers.ContentType?.MediaType);
        var text = System.Text.Encoding.Latin1.GetString(await all.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        Assert.Equal(2, Pages(text));

        var one = await records.GetAsync($"/api/v1/patients/{patient}/case-notes/labels?volume={first}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(1, Pages(System.Text.Encoding.Latin1.GetString(await one.Content.ReadAsByteArrayAsync())));
        Assert.Equal(HttpStatusCode.NotFound, (await records.GetAsync($"/api/v1/patients/{patient}/case-notes/labels?volume={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Clients.UserAsync(factory, "reception")).GetAsync($"/api/v1/patients/{patient}/case-notes/labels")).StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"CaseNoteVolume/{first}" && a.Detail == "case-note label printed"));
        Assert.NotEqual(firstCode, secondCode);
    }

    [Fact]
    public async Task GivenRolesWithoutTheRightPermission_WhenTheyUseCaseNotes_ThenForbidden()
    {
        var records = await Clients.UserAsync(factory, "records");
        var reception = await Clients.UserAsync(factory, "reception");
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var (patient, _) = await NewPatientAsync(records);
        var (_, barcode) = await OpenVolumeAsync(records, patient);

        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsync($"/api/v1/patients/{patient}/case-notes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScanAsync(pharmacist, barcode, "CLIN-CARD")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pharmacist.GetAsync($"/api/v1/patients/{patient}/case-notes")).StatusCode);
    }

    [Fact]
    public async Task GivenTheScanBox_WhenABarcodeIsScannedToAClinic_ThenThePageSaysWhereItIsAndKeepsTheDestination()
    {
        var records = await Clients.UserAsync(factory, "records");
        var (patient, _) = await NewPatientAsync(records);
        var (_, barcode) = await OpenVolumeAsync(records, patient);

        var response = await Clients.PostFormAsync(records, "/case-notes/scan", "scan",
            new() { ["Input.Barcode"] = barcode, ["Input.LocationId"] = "4", ["Input.Holder"] = "Dr Roberts" });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"scan-result\"", page, StringComparison.Ordinal);
        Assert.Contains("Cardiology clinic", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"4\" selected", page, StringComparison.Ordinal);

        var unknown = await Clients.PostFormAsync(records, "/case-notes/scan", "scan", new() { ["Input.Barcode"] = "NOPE", ["Input.LocationId"] = "4" });
        Assert.Contains("No case-note volume has this barcode", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenVolumesOnBothRecords_WhenMergedAndUnmerged_ThenVolumesTravelWithTheRecordAndOtherModulesFindThem()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var (source, _) = await NewPatientAsync(records);
        var (target, _) = await NewPatientAsync(records);
        var (sourceVolume, sourceCode) = await OpenVolumeAsync(records, source);
        var (_, targetCode) = await OpenVolumeAsync(records, target);
        await ScanAsync(records, sourceCode, "CLIN-ORTH");
        Guid check;
        await using (var scope = factory.Scope())
        {
            Assert.Contains("patient_case_note_volumes.patient_id",
                PatientReferenceMap.ToMove(scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Model).Select(c => c.ToString()));
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var mu = new MuCheck
            {
                PatientId = source, Machine = "TrueBeam 1", BeamEnergy = "6 MV", SetUp = "SSD", Mu = 100, PlanningSystemMu = 101,
                EngineVersion = "test", PerformedById = "p", PerformedByName = "P", PerformedAt = DateTime.UtcNow,
            };
            db.Add(mu);
            await db.SaveChangesAsync();
            check = mu.Id;
        }

        var propose = await records.PostAsJsonAsync("/api/v1/patients/merges", new { sourcePatientId = source, targetPatientId = target, reason = "Registered twice" });
        var merge = (await propose.JsonAsync()).GetProperty("id").GetGuid();
        var confirmed = await (await records2.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/confirm", new { })).JsonAsync();
        Assert.Equal(2, confirmed.GetProperty("rowsMoved").GetInt32()); // a physics MU check and a case-note volume: two modules

        var volumes = await (await records.GetAsync($"/api/v1/patients/{target}/case-notes")).JsonAsync();
        var codes = volumes.EnumerateArray().Select(v => v.GetProperty("barcode").GetString()).ToList();
        Assert.Equal(new[] { sourceCode, targetCode }.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        await using (var scope = factory.Scope())
        {
            var locations = scope.ServiceProvider.GetRequiredService<ICaseNoteLocations>();
            var asked = await locations.ForPatientsAsync([source, target], CancellationToken.None);
            Assert.Equal(2, asked[source].Count);
            Assert.Contains(asked[target], v => v.Barcode == sourceCode && v.LocationCode == "CLIN-ORTH");
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.Equal(target, (await db.Set<MuCheck>().AsNoTracking().SingleAsync(c => c.Id == check)).PatientId);
        }

        Assert.Equal(HttpStatusCode.OK, (await records.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/unmerge", new { reason = "Two people" })).StatusCode);
        await using (var scope = factory.Scope())
        {
            var locations = scope.ServiceProvider.GetRequiredService<ICaseNoteLocations>();
            var back = await locations.ForPatientAsync(source, CancellationToken.None);
            var only = Assert.Single(back);
            Assert.Equal(sourceVolume, only.VolumeId);
            Assert.Single(await locations.ForPatientAsync(target, CancellationToken.None));
        }
    }

    [Fact]
    public async Task GivenACarriedVolumeMovedAfterTheMerge_WhenUnmerged_ThenRefusedNamingTheVolumesTable()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var (source, _) = await NewPatientAsync(records);
        var (target, _) = await NewPatientAsync(records);
        var (_, code) = await OpenVolumeAsync(records, source);
        var merge = (await (await records.PostAsJsonAsync("/api/v1/patients/merges", new { sourcePatientId = source, targetPatientId = target, reason = "dup" })).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await records2.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/confirm", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(records, code, "WARD-7")).StatusCode);
        var refused = await records.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/unmerge", new { reason = "Two people" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains((await refused.JsonAsync()).GetProperty("reasons").EnumerateArray(),
            r => r.GetString()!.StartsWith("patient_case_note_volumes row", StringComparison.Ordinal));
    }
}

public sealed class CaseNoteTests_Sqlite(SqliteFactory factory) : CaseNoteTests(factory), IClassFixture<SqliteFactory>;

public sealed class CaseNoteTests_Postgres(PostgresFactory factory) : CaseNoteTests(factory), IClassFixture<PostgresFactory>;
