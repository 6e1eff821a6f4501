using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Web.Tests.Infrastructure;
using Infirmary.Web.Tests.Laboratory;
using Infirmary.Web.Tests.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>
/// Imported resources of types other modules serve (ADR 0071), $everything across modules (ADR 0072) and batch bundles
/// (ADR 0073), on SQLite and PostgreSQL.
/// </summary>
public abstract class PatientCompartmentTests(InfirmaryFactory factory)
{
    /// <summary>The types a module also serves at /fhir/{type}/{id}; each gets an imported resource about the patient.</summary>
    private static readonly string[] Colliding = ["Observation", "DiagnosticReport", "Specimen", "MedicationRequest", "MedicationDispense", "Appointment", "ServiceRequest", "Communication"];

    private static string Imported(string type, Guid patient, string marker) => type switch
    {
        "Observation" => $$"""{ "resourceType": "Observation", "status": "final", "code": { "text": "{{marker}}" }, "subject": { "reference": "Patient/{{patient}}" } }""",
        "DiagnosticReport" => $$"""{ "resourceType": "DiagnosticReport", "status": "final", "code": { "text": "{{marker}}" }, "subject": { "reference": "Patient/{{patient}}" } }""",
        "Specimen" => $$"""{ "resourceType": "Specimen", "type": { "text": "{{marker}}" }, "subject": { "reference": "Patient/{{patient}}" } }""",
        "MedicationRequest" => $$"""{ "resourceType": "MedicationRequest", "status": "active", "intent": "order", "medicationCodeableConcept": { "text": "{{marker}}" }, "subject": { "reference": "Patient/{{patient}}" } }""",
        "MedicationDispense" => $$"""{ "resourceType": "MedicationDispense", "status": "completed", "medicationCodeableConcept": { "text": "{{marker}}" }, "subject": { "reference": "Patient/{{patient}}" } }""",
        "Appointment" => $$"""{ "resourceType": "Appointment", "status": "booked", "description": "{{marker}}", "participant": [ { "actor": { "reference": "Patient/{{patient}}" }, "status": "accepted" } ] }""",
        "ServiceRequest" => $$"""{ "resourceType": "ServiceRequest", "status": "active", "intent": "order", "code": { "text": "{{marker}}" }, "subject": { "reference": "Patient/{{patient}}" } }""",
        "Communication" => $$"""{ "resourceType": "Communication", "status": "completed", "payload": [ { "contentString": "{{marker}}" } ], "subject": { "reference": "Patient/{{patient}}" } }""",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string Bundle(string type, params string[] resources) =>
        $$"""{ "resourceType": "Bundle", "type": "{{type}}", "entry": [ {{string.Join(", ", resources.Select(r =>
            $$"""{ "resource": {{r}}, "request": { "method": "POST", "url": "{{(string)JsonNode.Parse(r)!["resourceType"]!}}" } }"""))}} ] }""";

    private static string Marker() => "imported-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Imports one resource of each colliding type about the patient; returns type → id.</summary>
    private static async Task<Dictionary<string, string>> ImportEachAsync(HttpClient system, Guid patient, string marker)
    {
        var response = await system.PostAsync("/fhir", Clients.Fhir(Bundle("transaction", [.. Colliding.Select(t => Imported(t, patient, marker))])));
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return Colliding.Zip(body.GetProperty("entry").EnumerateArray(), (t, e) => (t, e.GetProperty("response").GetProperty("location").GetString()!.Split('/')[1]))
            .ToDictionary(x => x.t, x => x.Item2);
    }

    /// <summary>An authorised laboratory report for the patient, made the real way (order, specimen, ORU^R01, two people).</summary>
    private async Task<(string ReportId, string Accession)> LabReportAsync(Guid patient)
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await LabTestSupport.OrderAsync(clinician, patient, "FBC");
        var accession = LabTestSupport.Accession(order, Containers.EdtaPurple);
        await LabTestSupport.CollectAndReceiveAsync(factory, accession);
        var ack = await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), accession, null,
            ("718-7", "HGB", "141", "g/L"), ("6690-2", "WBC", "7.2", "10*9/L")));
        Assert.Equal(Infirmary.Hl7v2.Hl7AckCode.AA, ack.Code);
        var biomed = await Clients.UserAsync(factory, "biomed");
        var worklist = (await (await biomed.GetAsync("/api/v1/laboratory/reports/worklist")).JsonAsync()).EnumerateArray()
            .Single(r => r.GetProperty("accession").GetString() == accession);
        var reportId = worklist.GetProperty("id").GetString()!;
        var validate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/laboratory/reports/{reportId}/validate");
        validate.Headers.TryAddWithoutValidation("If-Match", $"W/\"{worklist.GetProperty("version").GetInt32()}\"");
        var validated = await biomed.SendAsync(validate);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        var authorise = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/laboratory/reports/{reportId}/authorise");
        authorise.Headers.TryAddWithoutValidation("If-Match", validated.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed2")).SendAsync(authorise)).StatusCode);
        return (reportId, accession);
    }

    [Theory]
    [InlineData("Observation")]
    [InlineData("DiagnosticReport")]
    [InlineData("Specimen")]
    [InlineData("MedicationRequest")]
    [InlineData("MedicationDispense")]
    [InlineData("Appointment")]
    [InlineData("ServiceRequest")]
    [InlineData("Communication")]
    public async Task GivenAnImportedResourceOfATypeAModuleServes_WhenReadById_ThenTheStoredResourceComesBack(string type)
    {
        var system = await Clients.SystemAsync(factory);
        var patient = await LabTestSupport.PatientAsync(factory);
        var marker = Marker();
        var ids = await ImportEachAsync(system, patient, marker);

        var read = await system.GetAsync($"/fhir/{type}/{ids[type]}");
        var body = await read.JsonAsync();
        Assert.True(read.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(type, body.GetProperty("resourceType").GetString());
        Assert.Equal(ids[type], body.GetProperty("id").GetString());
        Assert.Contains(marker, body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());

        // An id neither the module nor the store holds is still the module's 404.
        Assert.Equal(HttpStatusCode.NotFound, (await system.GetAsync($"/fhir/{type}/{Guid.NewGuid()}")).StatusCode);
        // The store's permission applies to what the store serves: a client without patients.read is refused it.
        var moduleOnly = await Clients.SystemAsync(factory, "system/DiagnosticReport.read system/MedicationRequest.read system/Slot.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await moduleOnly.GetAsync($"/fhir/{type}/{ids[type]}")).StatusCode);
    }

    [Fact]
    public async Task GivenALabReportAndAnImportedReport_WhenReadAndSearched_ThenBothAreReturnedEachFromItsOwner()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = await LabTestSupport.PatientAsync(factory);
        var (reportId, accession) = await LabReportAsync(patient);
        var marker = Marker();
        var ids = await ImportEachAsync(system, patient, marker);

        var own = await (await system.GetAsync($"/fhir/DiagnosticReport/{reportId}")).JsonAsync();
        Assert.Equal("58410-2", own.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync($"/fhir/Specimen/{accession}")).StatusCode);
        var imported = await (await system.GetAsync($"/fhir/DiagnosticReport/{ids["DiagnosticReport"]}")).JsonAsync();
        Assert.Equal(marker, imported.GetProperty("code").GetProperty("text").GetString());

        var search = await (await system.GetAsync($"/fhir/DiagnosticReport?patient=Patient/{patient}")).JsonAsync();
        Assert.Equal(2, search.GetProperty("total").GetInt32());
        var found = search.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()).ToList();
        Assert.Equal(new[] { reportId, ids["DiagnosticReport"] }.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GivenDataInEveryModule_WhenEverythingIsAsked_ThenEachModulesResourcesAreThereAndACallerWithoutAccessIsToldWhatIsLeftOut()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = await LabTestSupport.PatientAsync(factory);
        var (reportId, accession) = await LabReportAsync(patient);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var reaction = await pharmacist.PostAsJsonAsync("/api/v1/pharmacy/adverse-reactions", new
        {
            patientId = patient, medicine = "Amoxicillin 500mg capsules", reaction = "Urticarial rash", onsetDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1),
            serious = false, outcome = "recovering",
        });
        Assert.Equal(HttpStatusCode.Created, reaction.StatusCode);
        var prescription = await (await Clients.UserAsync(factory, "clinician")).PostAsJsonAsync("/api/v1/pharmacy/prescriptions", new
        {
            patientId = patient, type = "outpatient", items = new object[] { new { productCode = "9100047", doseMg = 625, frequency = "TDS", quantity = 21 } },
        });
        Assert.Equal(HttpStatusCode.Created, prescription.StatusCode);
        var (_, slots) = await SchedulingTestSupport.TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = await SchedulingTestSupport.BookAsync(reception, slots[0].Id, patient);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var ids = await ImportEachAsync(system, patient, Marker());

        // A health records clerk (patients.export) gets the whole record.
        var records = await Clients.UserAsync(factory, "records");
        var everything = await (await records.GetAsync($"/fhir/Patient/{patient}/$everything")).JsonAsync();
        var resources = everything.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        string Type(JsonElement r) => r.GetProperty("resourceType").GetString()!;
        string? Id(JsonElement r) => r.GetProperty("id").GetString();
        Assert.Contains(resources, r => Type(r) == "DiagnosticReport" && Id(r) == reportId);
        Assert.Contains(resources, r => Type(r) == "DiagnosticReport" && Id(r) == ids["DiagnosticReport"]);
        Assert.Equal(2, resources.Count(r => Type(r) == "Observation" && r.GetProperty("subject").GetProperty("reference").GetString() == $"Patient/{patient}"
            && r.TryGetProperty("specimen", out _)));
        Assert.Contains(resources, r => Type(r) == "Specimen" && Id(r) == accession);
        Assert.Contains(resources, r => Type(r) == "AllergyIntolerance" && r.GetProperty("code").GetProperty("text").GetString() == "amoxicillin");
        Assert.Contains(resources, r => Type(r) == "MedicationRequest" && r.GetProperty("medicationCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString() == "9100047");
        var appointmentId = booked.Headers.Location!.OriginalString.Split('/')[^1];
        Assert.Contains(resources, r => Type(r) == "Appointment" && Id(r) == appointmentId);
        // Every imported resource about the patient (the imported Appointment names the patient only as a participant, so
        // the store does not file it under them).
        Assert.All(ids.Where(x => x.Key != "Appointment"), x => Assert.Contains(resources, r => Id(r) == x.Value));
        Assert.DoesNotContain(resources, r => Type(r) == "OperationOutcome");
        Assert.Equal(resources.Count, everything.GetProperty("total").GetInt32());

        // The record page lists the laboratory's report under Results, through the same sources.
        var page = await records.GetStringAsync($"/patients/{patient}");
        Assert.Contains("data-testid=\"results\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>FBC</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("results-title", await reception.GetStringAsync($"/patients/{patient}"), StringComparison.Ordinal);

        // A receptionist sees appointments but not laboratory or pharmacy data, and the bundle says so.
        var partial = await (await reception.GetAsync($"/fhir/Patient/{patient}/$everything")).JsonAsync();
        var shown = partial.GetProperty("entry").EnumerateArray().ToList();
        Assert.DoesNotContain(shown, e => e.GetProperty("resource").GetProperty("id").GetString() == reportId);
        Assert.Contains(shown, e => Type(e.GetProperty("resource")) == "Appointment" && Id(e.GetProperty("resource")) == appointmentId);
        var outcome = Assert.Single(shown, e => e.GetProperty("search").GetProperty("mode").GetString() == "outcome").GetProperty("resource");
        var said = string.Join(" ", outcome.GetProperty("issue").EnumerateArray().Select(i => i.GetProperty("diagnostics").GetString()));
        Assert.Contains("Laboratory", said, StringComparison.Ordinal);
        Assert.Contains("Pharmacy", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduling", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenReferralsTransportEnquiriesAndPhysicsChecks_WhenEverythingIsAsked_ThenEachIsInTheBundle()
    {
        var patient = await LabTestSupport.PatientAsync(factory);
        var specialty = "Rheumatology " + Guid.NewGuid().ToString("N")[..6];
        var secretary = await Clients.UserAsync(factory, "secretary");
        var referral = await secretary.PostAsJsonAsync("/api/v1/scheduling/waiting-list", new
        {
            patientId = patient, specialty, receivedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3).ToString("yyyy-MM-dd"), priority = "urgent",
            referrer = "Dr A Patel, Park Row Surgery (B86001)",
        });
        Assert.Equal(HttpStatusCode.Created, referral.StatusCode);
        // Ten days ahead, so its reminders are still to come whatever the time of day (none is made once due).
        var (_, slots) = await SchedulingTestSupport.TomorrowsClinicAsync(factory, date: SchedulingTestSupport.Today.AddDays(10));
        var reception = await Clients.UserAsync(factory, "reception");
        var appointment = (await (await SchedulingTestSupport.BookAsync(reception, slots[0].Id, patient)).JsonAsync()).GetProperty("id").GetString();
        var transport = await reception.PostAsJsonAsync($"/api/v1/scheduling/appointments/{appointment}/transport", new
        {
            medicalNeed = false, mobilityNeed = true, mobility = "wheelchair", escort = false, pickupAddress = "2 Beckett Street, Leeds LS9 7TF", returnJourney = true,
        });
        Assert.Equal(HttpStatusCode.Created, transport.StatusCode);
        var enquiry = await reception.PostAsJsonAsync($"/api/v1/scheduling/patients/{patient}/enquiries", new { channel = "phone", from = "patient", summary = "Asked where to park" });
        Assert.Equal(HttpStatusCode.Created, enquiry.StatusCode);
        var physicist = await Clients.UserAsync(factory, "physicist");
        var mu = await physicist.PostAsJsonAsync("/api/v1/physics/mu-checks", new Dictionary<string, object?>
        {
            ["patientId"] = patient, ["machine"] = "LA-COMPARTMENT", ["beamEnergy"] = "6 MV", ["setUp"] = "SSD",
            ["referenceDoseRateCGyPerMu"] = 1.000, ["referenceDepthCm"] = 1.5, ["referenceSsdCm"] = 100, ["sadCm"] = 100,
            ["scTable"] = "4 0.950\n10 1.000\n20 1.030", ["spTable"] = "4 0.970\n10 1.000\n20 1.020",
            ["depthTable"] = "4 10 20\n1.5 100 100 100\n10 60.0 66.8 70.5", ["doseCGy"] = 200, ["fieldXCm"] = 10, ["fieldYCm"] = 10,
            ["depthCm"] = 10, ["ssdCm"] = 100, ["planningSystemMu"] = 300,
        });
        Assert.Equal(HttpStatusCode.Created, mu.StatusCode);
        var muId = (await mu.JsonAsync()).GetProperty("id").GetString();

        // One reminder of the appointment went out by text (as the dispatcher records it); the others never left.
        Guid sentReminder;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            // Reminder rows are written when they fall due (ADR 0150): write the appointment's planned text reminder as sent.
            var booked = db.Set<Infirmary.Scheduling.Domain.Appointment>().AsNoTracking().Single(a => a.Id == Guid.Parse(appointment!));
            var id = Infirmary.Scheduling.Features.ReminderPlan.IdFor(booked.Id, Infirmary.Scheduling.Domain.ReminderChannel.Sms, 1);
            var sms = new Infirmary.Scheduling.Domain.Reminder
            {
                Id = id, AppointmentId = booked.Id, PatientId = booked.PatientId, Channel = Infirmary.Scheduling.Domain.ReminderChannel.Sms, DaysBefore = 1,
                DueAt = Infirmary.Scheduling.Features.ReminderPlan.DueAt(booked.StartsAt, 1), Reference = Infirmary.Scheduling.Domain.Reminder.ReferenceFor(id),
                CreatedAt = DateTime.UtcNow, Status = Infirmary.Scheduling.Domain.ReminderStatus.Sent, SentAt = DateTime.UtcNow, Attempts = 1,
                NotifyId = Guid.NewGuid().ToString(), DeliveryStatus = "delivered",
            };
            db.Add(sms);
            db.SaveChanges();
            sentReminder = sms.Id;
        }

        var records = await Clients.UserAsync(factory, "records");
        var everything = await (await records.GetAsync($"/fhir/Patient/{patient}/$everything")).JsonAsync();
        var resources = everything.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        string Type(JsonElement r) => r.GetProperty("resourceType").GetString()!;
        string Category(JsonElement r) => r.GetProperty("category")[0].TryGetProperty("coding", out var coding) ? coding[0].GetProperty("code").GetString()! : "";
        var referred = Assert.Single(resources, r => Type(r) == "ServiceRequest" && Category(r) == "referral");
        Assert.Equal(specialty, referred.GetProperty("code").GetProperty("text").GetString());
        Assert.Equal("urgent", referred.GetProperty("priority").GetString());
        Assert.Equal("active", referred.GetProperty("status").GetString());
        var carried = Assert.Single(resources, r => Type(r) == "ServiceRequest" && Category(r) == "transport");
        Assert.Equal($"Appointment/{appointment}", carried.GetProperty("supportingInfo")[0].GetProperty("reference").GetString());
        var call = Assert.Single(resources, r => Type(r) == "Communication" && Category(r) == "");
        var reminded = Assert.Single(resources, r => Type(r) == "Communication" && Category(r) == "appointment-reminder");
        Assert.Equal(sentReminder.ToString(), reminded.GetProperty("id").GetString());
        Assert.Equal("SMSWRIT", reminded.GetProperty("medium")[0].GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal($"Appointment/{appointment}", reminded.GetProperty("about")[0].GetProperty("reference").GetString());
        Assert.Contains("Delivered", reminded.GetProperty("payload")[0].GetProperty("contentString").GetString(), StringComparison.Ordinal);
        Assert.Equal("Asked where to park", call.GetProperty("payload")[0].GetProperty("contentString").GetString());
        var check = Assert.Single(resources, r => Type(r) == "Observation" && r.GetProperty("id").GetString() == muId);
        Assert.Equal("mu-check", check.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal("preliminary", check.GetProperty("status").GetString());
        Assert.Equal($"Patient/{patient}", check.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal(resources.Count, everything.GetProperty("total").GetInt32());

        // Each of Scheduling's entries is readable again by its own id, the same resource, and the read is audited.
        foreach (var entry in new[] { referred, carried, call, reminded })
        {
            var path = $"/fhir/{Type(entry)}/{entry.GetProperty("id").GetString()}";
            var again = await records.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var body = await again.JsonAsync();
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(entry.GetRawText()), JsonNode.Parse(body.GetRawText())), $"{path}: {body}");
            Assert.Equal(HttpStatusCode.Forbidden, (await physicist.GetAsync(path)).StatusCode);
        }

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var entity = $"Communication/{call.GetProperty("id").GetString()}";
            Assert.True(db.AuditEvents.Any(a => a.Entity == entity && a.Action == Infirmary.Platform.Audit.AuditAction.Read && a.PatientId == patient));
        }

        // The physics check is readable by its id at the Observation route it shares with the laboratory (ADR 0137): the
        // same resource for a physicist, audited; a records officer without the physics permission is refused, not told 404.
        var checkRead = await physicist.GetAsync($"/fhir/Observation/{muId}");
        Assert.Equal(HttpStatusCode.OK, checkRead.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(check.GetRawText()), JsonNode.Parse((await checkRead.JsonAsync()).GetRawText())));
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync($"/fhir/Observation/{muId}")).StatusCode);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.True(db.AuditEvents.Any(a => a.Entity == $"Observation/{muId}" && a.Action == Infirmary.Platform.Audit.AuditAction.Read && a.PatientId == patient));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await physicist.GetAsync($"/fhir/Observation/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await records.GetAsync($"/fhir/ServiceRequest/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await records.GetAsync($"/fhir/Communication/{Guid.NewGuid()}")).StatusCode);
        var statement = await (await factory.CreateClient().GetAsync("/fhir/metadata")).JsonAsync();
        var serviceRequest = Assert.Single(statement.GetProperty("rest")[0].GetProperty("resource").EnumerateArray(),
            r => r.GetProperty("type").GetString() == "ServiceRequest");
        Assert.Equal(["create", "read"], serviceRequest.GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()).Order(StringComparer.Ordinal));

        // A receptionist is told the physics part is left out, and does not get it.
        var partial = await (await reception.GetAsync($"/fhir/Patient/{patient}/$everything")).JsonAsync();
        var shown = partial.GetProperty("entry").EnumerateArray().ToList();
        Assert.DoesNotContain(shown, e => e.GetProperty("resource").TryGetProperty("id", out var id) && id.GetString() == muId);
        var outcome = Assert.Single(shown, e => e.GetProperty("search").GetProperty("mode").GetString() == "outcome").GetProperty("resource");
        Assert.Contains("Medical physics", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABatchWithOneBadEntry_WhenPosted_ThenTheOthersAreStoredAndEachEntryHasItsOwnStatus()
    {
        var system = await Clients.SystemAsync(factory);
        var patient = await LabTestSupport.PatientAsync(factory);
        var marker = Marker();
        var bad = Imported("Observation", patient, marker).Replace("\"final\"", "\"fnord\"", StringComparison.Ordinal);
        var body = Bundle("batch", Imported("Observation", patient, marker), bad, TestData.FhirPatient(TestData.NhsNumber()),
            Imported("Observation", Guid.NewGuid(), marker));

        var response = await system.PostAsync("/fhir", Clients.Fhir(body));
        var result = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal("batch-response", result.GetProperty("type").GetString());
        var entries = result.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response")).ToList();
        Assert.Equal(["201 Created", "400 Bad Request", "201 Created", "400 Bad Request"], entries.Select(e => e.GetProperty("status").GetString()));
        var why = entries[1].GetProperty("outcome").GetProperty("issue")[0].GetProperty("diagnostics").GetString();
        Assert.StartsWith("Bundle.entry[1]:", why, StringComparison.Ordinal);
        Assert.StartsWith("Bundle.entry[3]:", entries[3].GetProperty("outcome").GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Patient/", entries[2].GetProperty("location").GetString(), StringComparison.Ordinal);

        var stored = await (await system.GetAsync($"/fhir/Observation?patient=Patient/{patient}")).JsonAsync();
        Assert.Equal(1, stored.GetProperty("total").GetInt32());
        Assert.Equal(entries[0].GetProperty("location").GetString()!.Split('/')[1], stored.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async Task GivenEveryModuleThatHoldsPatientData_WhenTheHostIsBuilt_ThenEachRegistersAPatientCompartmentSource()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var holders = db.Model.GetEntityTypes()
            .Where(e => e.GetProperties().Any(p => p.DeclaredPatientReference() is not null))
            .Select(e => e.ClrType.Assembly.GetName().Name!).ToHashSet();
        var sources = scope.ServiceProvider.GetServices<IPatientCompartmentSource>().Select(s => s.GetType().Assembly.GetName().Name!).ToHashSet();
        // The platform's audit trail and break-glass log are about access to the record, not part of it (ADR 0072).
        string[] exempt = ["Infirmary.Platform"];

        Assert.Empty(holders.Except(sources).Except(exempt));
        Assert.Contains("Infirmary.Laboratory", sources);
        Assert.Contains("Infirmary.Pharmacy", sources);
        Assert.Contains("Infirmary.Scheduling", sources);
        Assert.Contains("Infirmary.Physics", sources);
        Assert.Contains("Infirmary.Patients", sources);
    }
}

public sealed class PatientCompartmentTests_Sqlite(SqliteFactory factory) : PatientCompartmentTests(factory), IClassFixture<SqliteFactory>;

public sealed class PatientCompartmentTests_Postgres(PostgresFactory factory) : PatientCompartmentTests(factory), IClassFixture<PostgresFactory>;
