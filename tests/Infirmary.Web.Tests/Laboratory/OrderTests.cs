using System.Net;
using System.Net.Http.Json;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Requests (REST, FHIR ServiceRequest, the form), specimens by container, collection, reception and rejection.</summary>
public abstract class OrderTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenFbcUeCrpAndInr_WhenAClinicianRequestsThem_ThenOneSpecimenPerContainerEachWithItsOwnBarcode()
    {
        var patient = await PatientAsync(factory);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await OrderAsync(clinician, patient, "FBC", "ue", "CRP", "INR");

        Assert.Equal("Dr Claire Roberts (clinician)", order.GetProperty("requestedBy").GetString());
        Assert.Equal("urgent", order.GetProperty("priority").GetString());
        var specimens = order.GetProperty("specimens").EnumerateArray().ToList();
        Assert.Equal(3, specimens.Count);
        var sst = specimens.Single(s => s.GetProperty("container").GetString() == Containers.SstGold);
        Assert.Equal(["NA", "K", "UREA", "CREAT", "CRP"], sst.GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
        var edta = specimens.Single(s => s.GetProperty("container").GetString() == Containers.EdtaPurple);
        Assert.Equal(["HB", "WBC", "PLT"], edta.GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
        Assert.Single(specimens, s => s.GetProperty("container").GetString() == Containers.CitrateBlue);
        var accessions = specimens.Select(s => s.GetProperty("accession").GetString()!).ToList();
        Assert.Equal(3, accessions.Distinct().Count());
        Assert.All(accessions, a => Assert.Matches("^L[0-9]{10}$", a));
        Assert.All(specimens, s => Assert.Equal("awaiting-collection", s.GetProperty("status").GetString()));

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"LabOrder/{order.GetProperty("id").GetString()}" && a.PatientId == patient));
    }

    [Fact]
    public async Task GivenAnUnknownTestAndNoLocation_WhenRequested_Then400NamingBothAndNothingSaved()
    {
        var patient = await PatientAsync(factory);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var response = await clinician.PostAsJsonAsync("/api/v1/laboratory/orders", new { patientId = patient, tests = new[] { "FBC", "XYZ" }, priority = "stat" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("XYZ", errors.GetProperty("tests")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("location", out _));
        Assert.True(errors.TryGetProperty("priority", out _));

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<LabOrder>().AnyAsync(o => o.PatientId == patient));
        Assert.False(await db.Set<Specimen>().AnyAsync(s => s.PatientId == patient));
    }

    [Fact]
    public async Task GivenAFhirServiceRequestForLoincFbc_WhenPostedByASystem_ThenCreatedWithOrderNumberAndSpecimen()
    {
        var patient = await PatientAsync(factory);
        var system = await Clients.SystemAsync(factory);
        var response = await system.PostAsync("/fhir/ServiceRequest", Clients.Fhir($$"""
            {
              "resourceType": "ServiceRequest",
              "status": "active",
              "intent": "order",
              "priority": "routine",
              "code": { "coding": [{ "system": "http://loinc.org", "code": "58410-2", "display": "CBC panel" }] },
              "subject": { "reference": "Patient/{{patient}}" },
              "requester": { "display": "Dr Ann Lee" },
              "locationCode": [{ "text": "Cardiology clinic" }],
              "reasonCode": [{ "text": "Tired all the time" }]
            }
            """));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var sr = await response.JsonAsync();
        Assert.Equal("https://infirmary.nhs.uk/Id/lab-order-number", sr.GetProperty("identifier")[0].GetProperty("system").GetString());
        Assert.StartsWith("Specimen/L", sr.GetProperty("specimen")[0].GetProperty("reference").GetString(), StringComparison.Ordinal);
        var codings = sr.GetProperty("code").GetProperty("coding").EnumerateArray().Select(c => $"{c.GetProperty("system").GetString()}|{c.GetProperty("code").GetString()}").ToList();
        Assert.Equal(["https://infirmary.nhs.uk/CodeSystem/lab-test|FBC", "http://loinc.org|58410-2"], codings);

        // The Location it gives is readable (ADR 0137: the ServiceRequest read is shared with Scheduling's referrals), the same
        // resource; a receptionist, who cannot see laboratory requests, is refused.
        var read = await system.GetAsync(response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readBody = await read.Content.ReadAsStringAsync();
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(body), System.Text.Json.Nodes.JsonNode.Parse(readBody)), $"{body}\n{readBody}");
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync(response.Headers.Location!.PathAndQuery)).StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var order = await db.Set<LabOrder>().Include(o => o.Tests).SingleAsync(o => o.PatientId == patient);
        Assert.Equal("Dr Ann Lee", order.RequestedByName);
        Assert.Equal("Cardiology clinic", order.Location);
        Assert.Equal(["HB", "PLT", "WBC"], order.Tests.Select(t => t.TestCode).Order());
    }

    [Fact]
    public async Task GivenAStatPriorityOrNoSubject_WhenServiceRequestPosted_Then400OperationOutcomeAndNothingSaved()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = await PatientAsync(factory);
        const string Body = """
            { "resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "stat", SUBJECT
              "code": { "coding": [{ "system": "http://loinc.org", "code": "1988-5" }] }, "requester": { "display": "Dr X" },
              "locationCode": [{ "text": "ED" }] }
            """;
        var stat = await system.PostAsync("/fhir/ServiceRequest", Clients.Fhir(Body.Replace("SUBJECT", $"\"subject\": {{ \"reference\": \"Patient/{patient}\" }},", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, stat.StatusCode);
        Assert.Contains("ServiceRequest.priority", await Diagnostics(stat), StringComparison.Ordinal);

        var noSubject = await system.PostAsync("/fhir/ServiceRequest", Clients.Fhir(Body.Replace("SUBJECT", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, noSubject.StatusCode);
        Assert.Contains("subject", await Diagnostics(noSubject), StringComparison.Ordinal);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<LabOrder>().AnyAsync(o => o.PatientId == patient));
    }

    private static async Task<string> Diagnostics(HttpResponseMessage response)
    {
        var outcome = await response.JsonAsync();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        return string.Join(" | ", outcome.GetProperty("issue").EnumerateArray().Select(i => i.GetProperty("diagnostics").GetString()));
    }

    [Fact]
    public async Task GivenASpecimen_WhenCollectedThenReceived_ThenCollectorAndReceiverRecordedAndASecondScanIsRefused()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "CRP");
        var accession = Accession(order, Containers.SstGold);
        var lab = await Clients.UserAsync(factory, "labassist");

        var early = await lab.PostAsync($"/api/v1/laboratory/specimens/{accession}/receive", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("no collection recorded", (await early.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var collected = await (await lab.PostAsJsonAsync($"/api/v1/laboratory/specimens/{accession.ToLowerInvariant()}/collect", new { })).JsonAsync();
        Assert.Equal("collected", collected.GetProperty("status").GetString());
        Assert.Equal("Liam Walker (labassist)", collected.GetProperty("collectedBy").GetString());

        var received = await lab.PostAsync($"/api/v1/laboratory/specimens/{accession}/receive", null);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal("received", (await received.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await lab.PostAsync($"/api/v1/laboratory/specimens/{accession}/receive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.PostAsync("/api/v1/laboratory/specimens/L0000000000/receive", null)).StatusCode);
    }

    [Fact]
    public async Task GivenAHaemolysedSpecimen_WhenRejectedAtReception_ThenTheRequesterSeesTheReasonOnTheirRequests()
    {
        var patient = await PatientAsync(factory);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await OrderAsync(clinician, patient, "UE");
        var accession = Accession(order, Containers.SstGold);
        var lab = await Clients.UserAsync(factory, "labassist");
        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsJsonAsync($"/api/v1/laboratory/specimens/{accession}/collect", new { })).StatusCode);

        var bad = await lab.PostAsJsonAsync($"/api/v1/laboratory/specimens/{accession}/reject", new { reason = "smelly" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var response = await Clients.PostFormAsync(lab, "/laboratory/reception", "reject", new()
        {
            ["RejectForm.Accession"] = accession, ["RejectForm.Reason"] = "haemolysed", ["RejectForm.Note"] = "Grossly haemolysed",
        });
        Assert.Contains("rejected", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var view = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/laboratory/orders/{order.GetProperty("id").GetString()}"));
        Assert.Contains("Haemolysed: Grossly haemolysed", view, StringComparison.Ordinal);
        var mine = WebUtility.HtmlDecode(await clinician.GetStringAsync("/laboratory/orders"));
        Assert.Contains(accession, mine, StringComparison.Ordinal);
        Assert.Contains("Haemolysed", mine, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await lab.PostAsync($"/api/v1/laboratory/specimens/{accession}/receive", null)).StatusCode);
    }

    [Fact]
    public async Task GivenTheOrderForm_WhenAClinicianTicksFbcAndPostsIt_ThenTheRequestPageShowsTheEdtaSpecimen()
    {
        var patient = await PatientAsync(factory);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var response = await Clients.PostFormAsync(clinician, $"/laboratory/orders/new?patient={patient}", "lab-order", new()
        {
            ["Form.PatientId"] = patient.ToString(), ["Form.Selected[FBC]"] = "true", ["Form.Location"] = "Ward 3", ["Form.Priority"] = "routine",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync(Clients.LocalTarget(response)));
        Assert.Contains("The request has been placed", page, StringComparison.Ordinal);
        Assert.Contains(Containers.EdtaPurple, page, StringComparison.Ordinal);
        Assert.Contains("HB, WBC, PLT", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheReceptionBench_WhenACollectedSpecimenIsScanned_ThenItIsReceived()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "HBA1C");
        var accession = Accession(order, Containers.EdtaPurple);
        var lab = await Clients.UserAsync(factory, "labassist");
        await Clients.PostFormAsync(lab, "/laboratory/reception", "collect", new() { ["Collect.Accession"] = accession });
        var response = await Clients.PostFormAsync(lab, "/laboratory/reception", "receive", new() { ["Receive.Accession"] = $"  {accession}\n" });
        Assert.Contains($"Specimen {accession}", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var specimen = await (await lab.GetAsync($"/api/v1/laboratory/specimens/{accession}")).JsonAsync();
        Assert.Equal("received", specimen.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenTwoSpecimensWithOneAccession_WhenSaved_ThenTheDatabaseRefusesTheSecond()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "CRP");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        db.Add(new Specimen
        {
            OrderId = Guid.Parse(order.GetProperty("id").GetString()!), PatientId = patient, Accession = Accession(order, Containers.SstGold),
            SpecimenType = "Serum", Container = Containers.SstGold, VolumeMl = 5m,
        });
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DbErrors.IsUniqueViolation(e));
    }

    [Fact]
    public async Task GivenAReceptionist_WhenRequestingTests_ThenForbidden()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var response = await reception.PostAsJsonAsync("/api/v1/laboratory/orders", new { tests = new[] { "FBC" } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class OrderTests_Sqlite(SqliteFactory factory) : OrderTests(factory), IClassFixture<SqliteFactory>;

public sealed class OrderTests_Postgres(PostgresFactory factory) : OrderTests(factory), IClassFixture<PostgresFactory>;
