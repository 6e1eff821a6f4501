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
/// Clinics, templates and slot generation through /api/v1/scheduling on SQLite and PostgreSQL: times survive the
/// database round trip as the right UTC instants across a clock change, generation is repeatable, and templates
/// that would put a clinician or a room in two places at once are refused with the clash named.
/// </summary>
public abstract class ClinicSetupTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenASundayAndMondayClinic_WhenSlotsAreGeneratedAcrossTheMarch2027ClockChange_ThenEverySessionStartsAtNineLocal()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory));
        foreach (var day in new[] { "Sunday", "Monday" })
        {
            Assert.Equal(HttpStatusCode.Created, (await AddTemplateAsync(practice, clinic.Id(), Template(day, "09:00", "10:00"))).StatusCode);
        }

        // Clocks go forward on Sunday 28-Mar-2027.
        var summary = await GenerateAsync(practice, clinic.Id(), "2027-03-20", "2027-04-05");
        // Sundays 21-Mar, 28-Mar and 04-Apr; Mondays 22-Mar, 29-Mar and 05-Apr; three 20-minute slots each.
        Assert.Equal(6, summary.GetProperty("sessions").GetInt32());
        Assert.Equal(18, summary.GetProperty("slots").GetInt32());

        var sessions = await (await practice.GetAsync($"{Api}/clinics/{clinic.Id()}/sessions?from=2027-03-20&to=2027-04-05")).JsonAsync();
        Assert.Equal(6, sessions.GetArrayLength());
        foreach (var s in sessions.EnumerateArray())
        {
            Assert.Equal("09:00", s.GetProperty("localStart").GetString());
            Assert.Equal("10:00", s.GetProperty("localEnd").GetString());
            var date = DateOnly.Parse(s.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var startsAt = s.GetProperty("startsAt").GetDateTime().ToUniversalTime();
            Assert.Equal(date >= new DateOnly(2027, 3, 28) ? 8 : 9, startsAt.Hour);
        }

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var slots = await db.Set<Slot>().AsNoTracking().Where(x => x.ClinicId == clinic.Id()).OrderBy(x => x.StartsAt).ToListAsync();
        Assert.Equal(18, slots.Count);
        Assert.All(slots, x => Assert.Equal(DateTimeKind.Utc, x.StartsAt.Kind));
        Assert.All(slots, x => Assert.Contains(LondonTime.LocalTime(x.StartsAt), new[] { new TimeOnly(9, 0), new TimeOnly(9, 20), new TimeOnly(9, 40) }));
        Assert.Equal(new DateTime(2027, 3, 28, 8, 0, 0, DateTimeKind.Utc), slots.First(x => LondonTime.LocalDate(x.StartsAt) == new DateOnly(2027, 3, 28)).StartsAt);
    }

    [Fact]
    public async Task GivenTheOctober2027ClockChange_WhenSlotsAreGenerated_ThenNineLocalIsNineUtcAfterIt()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory));
        await AddTemplateAsync(practice, clinic.Id(), Template("Sunday", "09:00", "09:40"));
        await GenerateAsync(practice, clinic.Id(), "2027-10-24", "2027-10-31");

        var sessions = await (await practice.GetAsync($"{Api}/clinics/{clinic.Id()}/sessions?from=2027-10-24&to=2027-10-31")).JsonAsync();
        Assert.Equal([8, 9], sessions.EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTime().ToUniversalTime().Hour));
        Assert.All(sessions.EnumerateArray(), s => Assert.Equal("09:00", s.GetProperty("localStart").GetString()));
    }

    [Fact]
    public async Task GivenSlotsAlreadyGenerated_WhenGeneratedAgain_ThenNothingIsMadeTwice()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory));
        await AddTemplateAsync(practice, clinic.Id(), Template("Wednesday", capacity: 2));

        var first = await GenerateAsync(practice, clinic.Id(), weeks: 4);
        var second = await GenerateAsync(practice, clinic.Id(), weeks: 4);

        Assert.Equal(4, first.GetProperty("sessions").GetInt32());
        Assert.Equal(4 * 9 * 2, first.GetProperty("slots").GetInt32());
        Assert.Equal(0, second.GetProperty("sessions").GetInt32());
    }

    [Fact]
    public async Task GivenACliniciansMondayMorning_WhenAnotherClinicOfTheirsWantsAnOverlappingMonday_ThenRefusedNamingTheClash()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinician = await ClinicianAsync(factory);
        var first = await ClinicAsync(practice, clinician, specialty: "Cardiology");
        var second = await ClinicAsync(practice, clinician, specialty: "Heart failure");
        Assert.Equal(HttpStatusCode.Created, (await AddTemplateAsync(practice, first.Id(), Template("Monday", "09:00", "12:00"))).StatusCode);

        var clash = await AddTemplateAsync(practice, second.Id(), Template("Monday", "11:00", "13:00", minutes: 30, from: "2026-12-07"));
        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        var problem = await clash.JsonAsync();
        var message = problem.GetProperty("errors").GetProperty("startTime")[0].GetString()!;
        Assert.Contains(first.GetProperty("name").GetString()!, message, StringComparison.Ordinal);
        Assert.Contains("same clinician", message, StringComparison.Ordinal);
        Assert.Contains("07-Dec-2026", message, StringComparison.Ordinal);

        // The afternoon is free, and a fortnightly pattern on alternate weeks to a fortnightly morning would be too.
        Assert.Equal(HttpStatusCode.Created, (await AddTemplateAsync(practice, second.Id(), Template("Monday", "12:00", "13:00"))).StatusCode);
    }

    [Fact]
    public async Task GivenARoomInUse_WhenAnotherClinicianWantsItAtTheSameTime_ThenRefusedAsTheSameRoom()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var room = $"Room {Guid.NewGuid().ToString("N")[..6]}";
        var first = await ClinicAsync(practice, await ClinicianAsync(factory), room);
        var second = await ClinicAsync(practice, await ClinicianAsync(factory), room.ToUpperInvariant());
        await AddTemplateAsync(practice, first.Id(), Template("Thursday", "14:00", "17:00", recurrence: "fortnightly", from: "2026-12-03"));

        var alternate = await AddTemplateAsync(practice, second.Id(), Template("Thursday", "14:00", "17:00", recurrence: "fortnightly", from: "2026-12-10"));
        Assert.Equal(HttpStatusCode.Created, alternate.StatusCode);
        var weekly = await AddTemplateAsync(practice, second.Id(), Template("Thursday", "16:00", "17:00", from: "2026-12-01"));
        Assert.Equal(HttpStatusCode.BadRequest, weekly.StatusCode);
        Assert.Contains("same room", (await weekly.JsonAsync()).GetProperty("errors").GetProperty("startTime")[0].GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBadClinicOrTemplate_WhenPosted_ThenFieldsAreNamedAndNothingIsWritten()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var bad = await practice.PostAsJsonAsync($"{Api}/clinics", new { name = "", specialty = "Diabetes", site = "LGI", room = "4", clinicianId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("clinicianId", out _));

        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory));
        var template = await AddTemplateAsync(practice, clinic.Id(), Template("Friday", "09:00", "09:50", minutes: 20));
        Assert.Equal(HttpStatusCode.BadRequest, template.StatusCode);
        Assert.True((await template.JsonAsync()).GetProperty("errors").TryGetProperty("slotMinutes", out _));
        var read = await (await practice.GetAsync($"{Api}/clinics/{clinic.Id()}")).JsonAsync();
        Assert.Equal(0, read.GetProperty("templates").GetArrayLength());
    }

    [Fact]
    public async Task GivenAReceptionist_WhenSettingUpAClinic_ThenForbidden()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var response = await reception.PostAsJsonAsync($"{Api}/clinics", new { name = "X", specialty = "Y", site = "Z", room = "1", clinicianId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reception.GetAsync($"{Api}/clinics")).StatusCode);
    }

    [Fact]
    public async Task GivenASession_WhenCancelledWithAReason_ThenItReadsCancelledAndASecondCancelIsAConflict()
    {
        var practice = await Clients.UserAsync(factory, "practice");
        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory));
        await AddTemplateAsync(practice, clinic.Id(), Template("Tuesday"));
        await GenerateAsync(practice, clinic.Id(), weeks: 2);
        var session = (await (await practice.GetAsync($"{Api}/clinics/{clinic.Id()}/sessions")).JsonAsync())[0];

        var noReason = await practice.PostAsJsonAsync($"{Api}/sessions/{session.Id()}/cancel", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var cancelled = await practice.PostAsJsonAsync($"{Api}/sessions/{session.Id()}/cancel", new { reason = "Consultant on study leave" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).GetProperty("status").GetString());
        var again = await practice.PostAsJsonAsync($"{Api}/sessions/{session.Id()}/cancel", new { reason = "Consultant on study leave" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task GivenBookedPatients_WhenTheirSessionIsCancelled_ThenEachIsOnTheRebookingWorklistUntilRebooked()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "09:00", "10:00");
        var patients = await PatientsAsync(factory, 2);
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var response = await BookAsync(reception, slots[i].Id, patients[i]);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            booked.Add((await response.JsonAsync()).Id());
        }

        Assert.Equal(0, (await (await reception.GetAsync($"{Api}/clinics/{clinicId}/to-rebook")).JsonAsync()).GetArrayLength());
        var practice = await Clients.UserAsync(factory, "practice");
        var cancelled = await practice.PostAsJsonAsync($"{Api}/sessions/{slots[0].SessionId}/cancel", new { reason = "Consultant on study leave" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var worklist = (await (await reception.GetAsync($"{Api}/clinics/{clinicId}/to-rebook")).JsonAsync()).EnumerateArray().Select(e => e.Id()).ToList();
        Assert.Equal(booked.Order(), worklist.Order());
        Assert.Contains("Patients to rebook", await reception.GetStringAsync($"/scheduling/clinics/{clinicId}"), StringComparison.Ordinal);

        var (_, elsewhere) = await TomorrowsClinicAsync(factory, "14:00", "14:20");
        var moved = await reception.PostAsJsonAsync($"{Api}/appointments/{booked[0]}/rebook", new { slotId = elsewhere[0].Id, reason = "Session cancelled", by = "hospital" });
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        var left = (await (await reception.GetAsync($"{Api}/clinics/{clinicId}/to-rebook")).JsonAsync()).EnumerateArray().Select(e => e.Id()).ToList();
        Assert.Equal([booked[1]], left);
        Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync($"{Api}/clinics/{Guid.NewGuid()}/to-rebook")).StatusCode);
    }
}

public sealed class ClinicSetupTests_Sqlite(SqliteFactory factory) : ClinicSetupTests(factory), IClassFixture<SqliteFactory>;

public sealed class ClinicSetupTests_Postgres(PostgresFactory factory) : ClinicSetupTests(factory), IClassFixture<PostgresFactory>;
