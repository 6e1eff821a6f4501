using System.Net;
using System.Net.Http.Json;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// Free-slot search and rebooking through /api/v1/scheduling, and FHIR Schedule, Slot and Appointment (booking by
/// POST /fhir/Appointment), on SQLite and PostgreSQL.
/// </summary>
public abstract class SlotSearchAndFhirTests(InfirmaryFactory factory)
{
    private static string Unique(string what) => $"{what} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task GivenClinicsOfTwoSpecialties_WhenSearchedBySpecialtyTypeAndSite_ThenOnlyTheirFreeSlotsSoonestFirst()
    {
        var specialty = Unique("Diabetes");
        var (diabetes, dSlots) = await TomorrowsClinicAsync(factory, "14:00", "15:00", minutes: 30, type: "new", specialty: specialty, site: "Seacroft");
        var (_, _) = await TomorrowsClinicAsync(factory, "09:00", "10:00", minutes: 30, type: "follow-up", specialty: specialty, site: "Chapel Allerton");
        var reception = await Clients.UserAsync(factory, "reception");
        await BookAsync(reception, dSlots[0].Id, await PatientAsync(factory));

        var all = await (await reception.GetAsync($"{Api}/slots?specialty={Uri.EscapeDataString(specialty.ToUpperInvariant())}")).JsonAsync();
        Assert.Equal(3, all.GetArrayLength());
        var starts = all.EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTime()).ToList();
        Assert.Equal(starts.OrderBy(s => s), starts);
        Assert.Equal(["09:00", "09:30", "14:30"], all.EnumerateArray().Select(s => s.GetProperty("localStart").GetString()));

        var newOnly = await (await reception.GetAsync($"{Api}/slots?specialty={Uri.EscapeDataString(specialty)}&type=new&site=seacroft")).JsonAsync();
        var only = Assert.Single(newOnly.EnumerateArray());
        Assert.Equal(diabetes, Guid.Parse(only.GetProperty("clinicId").GetString()!));

        var first = await (await reception.GetAsync($"{Api}/slots/first-available?specialty={Uri.EscapeDataString(specialty)}&type=new")).JsonAsync();
        Assert.Equal(dSlots[1].Id, first.Id());
        var tomorrow = Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync($"{Api}/slots/first-available?specialty={Uri.EscapeDataString(specialty)}&from={Today.AddDays(2):yyyy-MM-dd}")).StatusCode);
        Assert.Equal(3, (await (await reception.GetAsync($"{Api}/slots?specialty={Uri.EscapeDataString(specialty)}&from={tomorrow}&to={tomorrow}")).JsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await reception.GetAsync($"{Api}/slots?type=routine")).StatusCode);
    }

    [Fact]
    public async Task GivenACancelledSession_WhenFreeSlotsAreSearched_ThenItsSlotsAreNotOffered()
    {
        var specialty = Unique("Dermatology");
        var (_, slots) = await TomorrowsClinicAsync(factory, specialty: specialty);
        var practice = await Clients.UserAsync(factory, "practice");
        await practice.PostAsJsonAsync($"{Api}/sessions/{slots[0].SessionId}/cancel", new { reason = "Room closed for repairs" });

        Assert.Equal(0, (await (await practice.GetAsync($"{Api}/slots?specialty={Uri.EscapeDataString(specialty)}")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task GivenABooking_WhenRebookedToAFreeSlot_ThenTheOldIsCancelledSayingWhereAndTheNewIsBooked()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var patient = await PatientAsync(factory);
        var old = await (await BookAsync(reception, slots[0].Id, patient)).JsonAsync();

        var response = await reception.PostAsJsonAsync($"{Api}/appointments/{old.Id()}/rebook", new { slotId = slots[4].Id, reason = "Patient asked for later", by = "patient" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var moved = await response.JsonAsync();
        Assert.Equal(old.Id(), Guid.Parse(moved.GetProperty("rebookedFromId").GetString()!));
        Assert.Equal("10:20", moved.GetProperty("localStart").GetString());
        var previous = await (await reception.GetAsync($"{Api}/appointments/{old.Id()}")).JsonAsync();
        Assert.Equal("cancelled", previous.GetProperty("status").GetString());
        Assert.StartsWith("Rebooked to", previous.GetProperty("cancellationReason").GetString(), StringComparison.Ordinal);
        var stored = await SlotsAsync(factory, clinicId);
        Assert.Equal(SlotStatus.Free, stored[0].Status);
        Assert.Equal(SlotStatus.Busy, stored[4].Status);
    }

    [Fact]
    public async Task GivenATakenSlot_WhenABookingIsRebookedIntoIt_ThenConflictAndTheOldBookingStands()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var mine = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();
        await BookAsync(reception, slots[1].Id, await PatientAsync(factory));

        var response = await reception.PostAsJsonAsync($"{Api}/appointments/{mine.Id()}/rebook", new { slotId = slots[1].Id, reason = "Clinician asked", by = "hospital" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("booked", (await (await reception.GetAsync($"{Api}/appointments/{mine.Id()}")).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(SlotStatus.Busy, (await SlotsAsync(factory, clinicId))[0].Status);
    }

    [Fact]
    public async Task GivenAFreeSlot_WhenAnAppointmentIsPostedToFhir_ThenCreatedWithLocationTheSlotReadsBusyAndASecondPostIsAConflict()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var system = await Clients.SystemAsync(factory);
        var patient = await PatientAsync(factory);

        var created = await system.PostAsync("/fhir/Appointment", Clients.Fhir(AppointmentJson(slots[0].Id, patient)));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.Matches(@"/fhir/Appointment/[0-9a-f-]{36}/_history/1$", location);
        var appointment = await created.JsonAsync();
        Assert.Equal("booked", appointment.GetProperty("status").GetString());
        Assert.Equal($"Patient/{patient}", appointment.GetProperty("participant")[0].GetProperty("actor").GetProperty("reference").GetString());

        var slot = await (await system.GetAsync($"/fhir/Slot/{slots[0].Id}")).JsonAsync();
        Assert.Equal("busy", slot.GetProperty("status").GetString());
        Assert.Equal($"Schedule/{clinicId}", slot.GetProperty("schedule").GetProperty("reference").GetString());

        var second = await system.PostAsync("/fhir/Appointment", Clients.Fhir(AppointmentJson(slots[0].Id, await PatientAsync(factory))));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var outcome = await second.JsonAsync();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Equal("conflict", outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Contains("Slot already booked", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString()!, StringComparison.Ordinal);

        var id = appointment.Id();
        var read = await system.GetAsync($"/fhir/Appointment/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Appointment/{id}" && a.Action == AuditAction.Read && a.PatientId == patient));
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Appointment/{id}" && a.Action == AuditAction.Create && a.PatientId == patient));
    }

    [Fact]
    public async Task GivenSlots_WhenSearchedInFhirByStatusStartAndSchedule_ThenTheBundleHoldsTheMatchingSlots()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "09:00", "10:00");
        var system = await Clients.SystemAsync(factory);
        await system.PostAsync("/fhir/Appointment", Clients.Fhir(AppointmentJson(slots[1].Id, await PatientAsync(factory))));
        var tomorrow = Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var free = await (await system.GetAsync($"/fhir/Slot?schedule=Schedule/{clinicId}&status=free&start={tomorrow}")).JsonAsync();
        Assert.Equal("searchset", free.GetProperty("type").GetString());
        Assert.Equal([slots[0].Id.ToString(), slots[2].Id.ToString()],
            free.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()));
        var busy = await (await system.GetAsync($"/fhir/Slot?schedule={clinicId}&status=busy")).JsonAsync();
        Assert.Equal(1, busy.GetProperty("total").GetInt32());
        var later = await (await system.GetAsync($"/fhir/Slot?schedule=Schedule/{clinicId}&start=ge{Uri.EscapeDataString(slots[2].StartsAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))}")).JsonAsync();
        Assert.Equal(1, later.GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await system.GetAsync($"/fhir/Slot?schedule=Schedule/{clinicId}&start=lt{tomorrow}")).JsonAsync()).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await system.GetAsync("/fhir/Slot?status=maybe&schedule=" + clinicId)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await system.GetAsync("/fhir/Slot?colour=blue")).StatusCode);
        var schedule = await (await system.GetAsync($"/fhir/Schedule/{clinicId}")).JsonAsync();
        Assert.Equal("Schedule", schedule.GetProperty("resourceType").GetString());
        Assert.Equal("Cardiology", schedule.GetProperty("specialty")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("proposed", "Appointment.status")]
    [InlineData("no-slot", "Appointment.slot")]
    [InlineData("no-patient", "Appointment.participant")]
    public async Task GivenAnAppointmentThatCannotBook_WhenPosted_ThenBadRequestNamingTheElementAndNothingIsBooked(string kind, string expression)
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var system = await Clients.SystemAsync(factory);
        var patient = await PatientAsync(factory);
        var json = kind switch
        {
            "proposed" => AppointmentJson(slots[0].Id, patient).Replace("\"booked\"", "\"proposed\"", StringComparison.Ordinal),
            "no-slot" => AppointmentJson(slots[0].Id, patient).Replace($"Slot/{slots[0].Id}", "Slot/nonsense", StringComparison.Ordinal),
            _ => AppointmentJson(slots[0].Id, patient).Replace($"Patient/{patient}", "Practitioner/x", StringComparison.Ordinal),
        };

        var response = await system.PostAsync("/fhir/Appointment", Clients.Fhir(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await response.JsonAsync();
        Assert.Contains(outcome.GetProperty("issue").EnumerateArray(), i => i.GetProperty("expression")[0].GetString() == expression);
        Assert.Empty(await AppointmentsAsync(factory, slots[0].Id));
    }

    [Fact]
    public async Task GivenTheCapabilityStatement_WhenRead_ThenItListsScheduleSlotAndAppointment()
    {
        var metadata = await (await factory.CreateClient().GetAsync("/fhir/metadata")).JsonAsync();
        var resources = metadata.GetProperty("rest")[0].GetProperty("resource").EnumerateArray().ToDictionary(r => r.GetProperty("type").GetString()!);

        Assert.Equal(["status", "start", "schedule"], resources["Slot"].GetProperty("searchParam").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Contains(resources["Appointment"].GetProperty("interaction").EnumerateArray(), i => i.GetProperty("code").GetString() == "create");
        Assert.True(resources.ContainsKey("Schedule"));
    }

    private static string AppointmentJson(Guid slotId, Guid patientId) => $$"""
        {
          "resourceType": "Appointment",
          "status": "booked",
          "slot": [{ "reference": "Slot/{{slotId}}" }],
          "participant": [{ "actor": { "reference": "Patient/{{patientId}}" }, "status": "accepted" }]
        }
        """;
}

public sealed class SlotSearchAndFhirTests_Sqlite(SqliteFactory factory) : SlotSearchAndFhirTests(factory), IClassFixture<SqliteFactory>;

public sealed class SlotSearchAndFhirTests_Postgres(PostgresFactory factory) : SlotSearchAndFhirTests(factory), IClassFixture<PostgresFactory>;
