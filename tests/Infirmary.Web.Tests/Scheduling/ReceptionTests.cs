using System.Net;
using System.Net.Http.Json;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// Reception and the scheduling pages on SQLite and PostgreSQL: check-in, seen, did not attend, left and walk-ins
/// through the API and the arrivals board; booking the first available slot for a patient found by NHS number; a
/// booking form that says why a slot is unavailable; cancelling with a reason; the demo clinics.
/// </summary>
public abstract class ReceptionTests(InfirmaryFactory factory)
{
    /// <summary>Today's 00:00 slot (two places), which has always started: appointments put straight in, as if booked earlier.</summary>
    private async Task<(Guid ClinicId, List<Guid> Appointments, List<Guid> Patients)> TodaysAppointmentsAsync()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "00:00", "00:20", capacity: 2, date: Today);
        var patients = await PatientsAsync(factory, 2);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var made = slots.Select((s, i) => Appointment.For(s, patients[i], DateTime.UtcNow.AddDays(-1), "test", "test")).ToList();
        db.AddRange(made);
        await db.Set<Slot>().Where(s => s.ClinicId == clinicId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SlotStatus.Busy));
        await db.SaveChangesAsync();
        return (clinicId, [.. made.Select(a => a.Id)], patients);
    }

    [Fact]
    public async Task GivenTodaysClinic_WhenListsArePrinted_ThenTheClinicListNamesPatientsAndThePullListSaysWhereVolumesAre()
    {
        var (clinicId, _, patients) = await TodaysAppointmentsAsync();
        var records = await Clients.UserAsync(factory, "records");
        var opened = await records.PostAsync($"/api/v1/patients/{patients[0]}/case-notes", null);
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var barcode = (await opened.JsonAsync()).GetProperty("barcode").GetString()!;
        string nhs;
        await using (var scope = factory.Scope())
        {
            nhs = (await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Infirmary.Patients.Domain.Patient>().FirstAsync(p => p.Id == patients[1])).NhsNumber!;
        }

        var reception = await Clients.UserAsync(factory, "reception");
        var day = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var list = await reception.GetAsync($"{Api}/clinics/{clinicId}/days/{day}/clinic-list.pdf");
        Assert.Equal("application/pdf", list.Content.Headers.ContentType?.MediaType);
        var listText = PdfText.Of(await list.Content.ReadAsByteArrayAsync());
        Assert.Contains(Infirmary.Platform.Ui.UkFormat.NhsNumber(nhs), listText, StringComparison.Ordinal);
        Assert.Contains("00:00", listText, StringComparison.Ordinal);

        var pull = PdfText.Of(await (await reception.GetAsync($"{Api}/clinics/{clinicId}/days/{day}/pull-list.pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains(barcode, pull, StringComparison.Ordinal);
        Assert.Contains("No volumes", pull, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await reception.GetAsync($"{Api}/clinics/{clinicId}/days/25-11-2026/clinic-list.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync($"{Api}/clinics/{Guid.NewGuid()}/days/{day}/pull-list.pdf")).StatusCode);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.Forbidden, (await pharmacist.GetAsync($"{Api}/clinics/{clinicId}/days/{day}/clinic-list.pdf")).StatusCode);
    }

    [Fact]
    public async Task GivenTodaysPatients_WhenCheckedInSeenAndAbsent_ThenEachStepIsRecordedInOrder()
    {
        var (clinicId, appointments, _) = await TodaysAppointmentsAsync();
        var reception = await Clients.UserAsync(factory, "reception");

        Assert.Equal(HttpStatusCode.Conflict, (await reception.PostAsync($"{Api}/appointments/{appointments[0]}/seen", null)).StatusCode);
        var checkedIn = await reception.PostAsync($"{Api}/appointments/{appointments[0]}/check-in", null);
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        var arrived = await checkedIn.JsonAsync();
        Assert.Equal("arrived", arrived.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindString, arrived.GetProperty("arrivedAt").ValueKind);
        Assert.Equal("seen", (await (await reception.PostAsync($"{Api}/appointments/{appointments[0]}/seen", null)).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("did-not-attend", (await (await reception.PostAsync($"{Api}/appointments/{appointments[1]}/did-not-attend", null)).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await reception.PostAsync($"{Api}/appointments/{appointments[1]}/check-in", null)).StatusCode);

        var day = await (await reception.GetAsync($"{Api}/clinics/{clinicId}/day")).JsonAsync();
        Assert.Equal(["seen", "did-not-attend"], day.EnumerateArray().Select(a => a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task GivenTomorrowsAppointment_WhenCheckedInOrMarkedAbsentToday_ThenRefusedAsNotOnTheDay()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();

        var checkIn = await reception.PostAsync($"{Api}/appointments/{booked.Id()}/check-in", null);
        Assert.Equal(HttpStatusCode.Conflict, checkIn.StatusCode);
        Assert.Contains("on the day", (await checkIn.JsonAsync()).GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAFreeSlotUnderWayToday_WhenAPatientWalksIn_ThenBookedIntoItAndCheckedIn()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory));
        var template = await (await AddTemplateAsync(practice, clinic.Id(), Template(Today.AddDays(3).DayOfWeek.ToString()))).JsonAsync();
        var now = DateTime.UtcNow;
        Guid slotId;
        await using (var scope = factory.Scope())
        {
            // A session running now, whatever the time of day.
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var session = new ClinicSession { ClinicId = clinic.Id(), TemplateId = template.Id(), Date = Today, StartsAt = now.AddMinutes(-5), EndsAt = now.AddMinutes(15) };
            var clinician = Guid.Parse(clinic.GetProperty("clinicianId").GetString()!);
            var slot = new Slot { SessionId = session.Id, ClinicId = clinic.Id(), ClinicianId = clinician, StartsAt = session.StartsAt, EndsAt = session.EndsAt, Type = SlotType.Urgent };
            db.AddRange(session, slot);
            await db.SaveChangesAsync();
            slotId = slot.Id;
        }

        var reception = await Clients.UserAsync(factory, "reception");
        var patient = await PatientAsync(factory);
        var walkIn = await reception.PostAsJsonAsync($"{Api}/clinics/{clinic.Id()}/walk-in", new { patientId = patient });

        Assert.Equal(HttpStatusCode.Created, walkIn.StatusCode);
        var body = await walkIn.JsonAsync();
        Assert.Equal("arrived", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("walkIn").GetBoolean());
        Assert.Equal(slotId, Guid.Parse(body.GetProperty("slotId").GetString()!));
        var full = await reception.PostAsJsonAsync($"{Api}/clinics/{clinic.Id()}/walk-in", new { patientId = await PatientAsync(factory) });
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal("No free slot today", (await full.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task GivenTheArrivalsBoard_WhenTheReceptionistChecksAPatientIn_ThenTheBoardShowsThemArrivedWithTheirWait()
    {
        var (clinicId, appointments, _) = await TodaysAppointmentsAsync();
        var reception = await Clients.UserAsync(factory, "reception");
        var url = $"/scheduling/reception?clinic={clinicId}";
        var board = await reception.GetStringAsync(url);
        Assert.Equal(2, CountOf(board, "data-testid=\"board-row\""));
        Assert.Contains($"{UkToday()}", board, StringComparison.Ordinal);

        var response = await Clients.PostFormAsync(reception, url, $"checkin-{appointments[0]}", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await reception.GetStringAsync(Clients.LocalTarget(response));
        Assert.Contains("Checked in.", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"board-status\">Arrived<", after, StringComparison.Ordinal);
        Assert.Matches(@"\d+ min", after);
    }

    [Fact]
    public async Task GivenAPatientFoundByNhsNumber_WhenTheReceptionistBooksTheFirstAvailable_ThenTheSoonestFreeSlotIsBooked()
    {
        var specialty = $"Rheumatology {Guid.NewGuid().ToString("N")[..6]}";
        var (_, slots) = await TomorrowsClinicAsync(factory, specialty: specialty);
        var nhs = TestData.NhsNumber();
        var patient = await PatientAsync(factory, p => p.NhsNumber = nhs);
        var reception = await Clients.UserAsync(factory, "reception");
        var url = $"/scheduling/book?nhs={nhs[..3]}+{nhs[3..6]}+{nhs[6..]}&specialty={Uri.EscapeDataString(specialty)}";

        var page = await reception.GetStringAsync(url);
        Assert.Contains("Book first available", page, StringComparison.Ordinal);
        var response = await Clients.PostFormAsync(reception, url, "first-available", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var booked = Assert.Single(await AppointmentsAsync(factory, slots[0].Id));
        Assert.Equal(patient, booked.PatientId);
        var confirmation = await reception.GetStringAsync(Clients.LocalTarget(response));
        Assert.Contains("The appointment has been booked.", confirmation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenATakenSlot_WhenItsBookingFormIsOpened_ThenItSaysWhyItCannotBeBookedAndOffersOverbookingOnlyWithPermission()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        await BookAsync(reception, slots[0].Id, await PatientAsync(factory));
        var deceased = await PatientAsync(factory, p => p.DateOfDeath = new DateOnly(2026, 10, 1));

        var taken = await reception.GetStringAsync($"/scheduling/book/{slots[0].Id}?patient={deceased}");
        Assert.Contains("This slot cannot be booked", taken, StringComparison.Ordinal);
        Assert.Contains("Another patient is already booked into this slot.", taken, StringComparison.Ordinal);
        Assert.Contains("died on 01-Oct-2026", taken, StringComparison.Ordinal);
        Assert.DoesNotContain("Overbook", taken, StringComparison.Ordinal);

        var secretary = await Clients.UserAsync(factory, "secretary");
        var forSecretary = await secretary.GetStringAsync($"/scheduling/book/{slots[0].Id}?patient={await PatientAsync(factory)}");
        Assert.Contains("Reason for overbooking", forSecretary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABookedAppointment_WhenCancelledOnItsPageWithAReason_ThenCancelledAndTheSlotIsFree()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();
        var url = $"/scheduling/appointments/{booked.Id()}";

        var noReason = await Clients.PostFormAsync(reception, url, "cancel", new() { ["By"] = "patient", ["Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Give the reason for cancelling", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var response = await Clients.PostFormAsync(reception, url, "cancel", new() { ["By"] = "hospital", ["Reason"] = "Consultant called away" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("at the hospital's request: Consultant called away", WebUtility.HtmlDecode(await reception.GetStringAsync(Clients.LocalTarget(response))), StringComparison.Ordinal);
        Assert.Equal(SlotStatus.Free, (await SlotsAsync(factory, clinicId))[0].Status);
    }

    [Fact]
    public async Task GivenTheDemoClinics_WhenListed_ThenCardiologyDiabetesAndGpHaveFreeSlotsAheadAndTheGpHasPatientsToday()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var clinics = await (await reception.GetAsync($"{Api}/clinics")).JsonAsync();
        var names = clinics.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("Cardiology follow-up", names);
        Assert.Contains("Diabetes clinic", names);
        Assert.Contains("GP surgery", names);

        var cardiology = clinics.EnumerateArray().First(c => c.GetProperty("name").GetString() == "Cardiology follow-up").Id();
        var inFiveWeeks = Today.AddDays(35).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await (await reception.GetAsync($"{Api}/slots?clinicId={cardiology}&from={inFiveWeeks}")).JsonAsync()).GetArrayLength() > 0);
        var gp = clinics.EnumerateArray().First(c => c.GetProperty("name").GetString() == "GP surgery").Id();
        Assert.True((await (await reception.GetAsync($"{Api}/clinics/{gp}/day")).JsonAsync()).GetArrayLength() > 0);
        Assert.Contains("data-testid=\"board-row\"", await reception.GetStringAsync($"/scheduling/reception?clinic={gp}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPracticeManager_WhenAnOverlappingTemplateIsAddedOnTheClinicPage_ThenTheClashIsShownAgainstTheField()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinician = await ClinicianAsync(factory);
        var first = await ClinicAsync(practice, clinician);
        var second = await ClinicAsync(practice, clinician);
        await AddTemplateAsync(practice, first.Id(), Template("Friday", "09:00", "12:00"));

        var response = await Clients.PostFormAsync(practice, $"/scheduling/clinics/{second.Id()}", "template", new()
        {
            ["Template.DayOfWeek"] = "Friday", ["Template.Recurrence"] = "weekly", ["Template.StartTime"] = "10:00", ["Template.EndTime"] = "11:00",
            ["Template.SlotMinutes"] = "15", ["Template.SlotType"] = "new", ["Template.Capacity"] = "1", ["Template.ValidFrom"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"startTime-error\"", page, StringComparison.Ordinal);
        Assert.Contains("same clinician", page, StringComparison.Ordinal);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;

    private static string UkToday() => Infirmary.Platform.Ui.UkFormat.Date(Today);

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}

public sealed class ReceptionTests_Sqlite(SqliteFactory factory) : ReceptionTests(factory), IClassFixture<SqliteFactory>;

public sealed class ReceptionTests_Postgres(PostgresFactory factory) : ReceptionTests(factory), IClassFixture<PostgresFactory>;
