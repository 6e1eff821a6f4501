using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// The waiting list on SQLite and PostgreSQL: referrals with their 18-week clocks (ADR 0040), the breach worklist
/// at its day-126/127 edge, booking the first appointment through the booking handler (one booking per referral even
/// when two clerks book at once), cancelling and rebooking, stopping the clock, permissions and audit.
/// </summary>
public abstract class WaitingListTests(InfirmaryFactory factory)
{
    private const string List = $"{Api}/waiting-list";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string NewSpecialty() => $"Rheumatology {Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<JsonElement> AddAsync(HttpClient client, Guid patientId, string specialty, DateOnly received, string priority = "routine")
    {
        var response = await client.PostAsJsonAsync(List, new { patientId, specialty, receivedOn = Iso(received), priority, referrer = "Dr A Patel, Park Row Surgery (B86001)" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task<JsonElement[]> ArrayAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.JsonAsync()).EnumerateArray()];
    }

    [Fact]
    public async Task GivenReferrals_WhenAdded_ThenTheClockCountsWholeWeeksFromReceiptAndTheBreachWorklistTurnsOnDay127()
    {
        var secretary = await Clients.UserAsync(factory, "secretary");
        var specialty = NewSpecialty();
        var patients = await PatientsAsync(factory, 4);
        var onTheEdge = await AddAsync(secretary, patients[0], specialty, Today.AddDays(-126));
        var breached = await AddAsync(secretary, patients[1], specialty, Today.AddDays(-127), "urgent");
        var tenWeeks = await AddAsync(secretary, patients[2], specialty, Today.AddDays(-70));
        var today = await AddAsync(secretary, patients[3], specialty, Today, "two-week-wait");

        Assert.Equal(18, onTheEdge.GetProperty("weeksWaited").GetInt32());
        Assert.False(onTheEdge.GetProperty("breached").GetBoolean());
        Assert.Equal(Iso(Today.AddDays(1)), onTheEdge.GetProperty("breachesOn").GetString());
        Assert.True(breached.GetProperty("breached").GetBoolean());
        Assert.Equal(10, tenWeeks.GetProperty("weeksWaited").GetInt32());
        Assert.Equal(0, today.GetProperty("weeksWaited").GetInt32());
        Assert.Equal("waiting", today.GetProperty("state").GetString());

        var escaped = Uri.EscapeDataString(specialty);
        var all = await ArrayAsync(secretary, $"{List}?specialty={escaped}");
        Assert.Equal(4, all.Length);
        Assert.Equal(today.Id(), all[0].Id()); // two-week wait first, then urgent, then routine by receipt
        Assert.Equal(breached.Id(), all[1].Id());

        Assert.Equal([breached.Id()], (await ArrayAsync(secretary, $"{List}/breaches?specialty={escaped}")).Select(e => e.Id()));
        Assert.Equal(new[] { breached.Id(), onTheEdge.Id() }.Order(), (await ArrayAsync(secretary, $"{List}/breaches?weeks=1&specialty={escaped}")).Select(e => e.Id()).Order());
        // Ten weeks waited today: day 127 is 57 days away, which is within 9 weeks but not within 8.
        Assert.DoesNotContain(tenWeeks.Id(), (await ArrayAsync(secretary, $"{List}/breaches?weeks=8&specialty={escaped}")).Select(e => e.Id()));
        Assert.Contains(tenWeeks.Id(), (await ArrayAsync(secretary, $"{List}/breaches?weeks=9&specialty={escaped}")).Select(e => e.Id()));
        Assert.Equal(HttpStatusCode.BadRequest, (await secretary.GetAsync($"{List}/breaches?weeks=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretary.GetAsync($"{List}?priority=soon")).StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"ServiceRequest/{breached.Id()}" && a.Action == Infirmary.Platform.Audit.AuditAction.Create && a.PatientId == patients[1]));
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"ServiceRequest/{breached.Id()}" && a.Action == Infirmary.Platform.Audit.AuditAction.Search));
    }

    [Fact]
    public async Task GivenBadReferrals_WhenAdded_ThenEachFieldIsNamedAndNothingIsStored()
    {
        var secretary = await Clients.UserAsync(factory, "secretary");
        var specialty = NewSpecialty();
        var dead = await PatientAsync(factory, p => p.DateOfDeath = new DateOnly(2026, 1, 2));
        var response = await secretary.PostAsJsonAsync(List, new { patientId = dead, specialty, receivedOn = Iso(Today.AddDays(1)), priority = "soon", referrer = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "patientId", "receivedOn", "priority", "referrer" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing from {errors}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await secretary.PostAsJsonAsync(List, new { patientId = Guid.NewGuid(), specialty, receivedOn = "02/11/2026", priority = "routine", referrer = "Dr X" })).StatusCode);
        Assert.Empty(await ArrayAsync(secretary, $"{List}?specialty={Uri.EscapeDataString(specialty)}"));

        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.PostAsJsonAsync(List, new { patientId = dead, specialty, receivedOn = Iso(Today), priority = "routine", referrer = "Dr X" })).StatusCode);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.Forbidden, (await pharmacist.GetAsync(List)).StatusCode);
    }

    [Fact]
    public async Task GivenAWaitingReferral_WhenBookedCancelledAndRebooked_ThenTheListFollowsTheAppointmentAndTheBookingRulesStillHold()
    {
        var secretary = await Clients.UserAsync(factory, "secretary");
        var specialty = NewSpecialty();
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "10:00", type: "new", specialty: specialty);
        var (_, elsewhere) = await TomorrowsClinicAsync(factory, "09:00", "09:20", type: "new", specialty: "Dermatology");
        var patient = await PatientAsync(factory);
        var referral = await AddAsync(secretary, patient, specialty, Today.AddDays(-30));
        var url = $"{List}/{referral.Id()}";

        var wrong = await secretary.PostAsJsonAsync($"{url}/book", new { slotId = elsewhere[0].Id });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Dermatology", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A slot someone else holds is refused by the booking handler's own checks: 409, nothing stored.
        var other = await PatientAsync(factory);
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(secretary, slots[0].Id, other)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync($"{url}/book", new { slotId = slots[0].Id })).StatusCode);

        var booked = await secretary.PostAsJsonAsync($"{url}/book", new { slotId = slots[1].Id });
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        var appointment = await booked.JsonAsync();
        Assert.Equal(referral.Id(), Guid.Parse(appointment.GetProperty("referralId").GetString()!));
        Assert.Equal(patient, Guid.Parse(appointment.GetProperty("patientId").GetString()!));
        var line = await (await secretary.GetAsync(url)).JsonAsync();
        Assert.Equal("booked", line.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync($"{url}/book", new { slotId = slots[2].Id })).StatusCode);

        var rebooked = await secretary.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/rebook", new { slotId = slots[2].Id, reason = "Patient asked for later", by = "patient" });
        Assert.True(rebooked.StatusCode == HttpStatusCode.Created, await rebooked.Content.ReadAsStringAsync());
        var moved = await rebooked.JsonAsync();
        Assert.Equal(referral.Id(), Guid.Parse(moved.GetProperty("referralId").GetString()!));
        Assert.Equal(moved.Id(), Guid.Parse((await (await secretary.GetAsync(url)).JsonAsync()).GetProperty("appointmentId").GetString()!));

        var cancelled = await secretary.PostAsJsonAsync($"{Api}/appointments/{moved.Id()}/cancel", new { reason = "Patient unwell", by = "patient" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        line = await (await secretary.GetAsync(url)).JsonAsync();
        Assert.Equal("waiting", line.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("appointmentId").ValueKind);
        Assert.Equal(HttpStatusCode.Created, (await secretary.PostAsJsonAsync($"{url}/book", new { slotId = slots[1].Id })).StatusCode);
    }

    [Fact]
    public async Task GivenTwoClerks_WhenTheyBookOneReferralIntoTwoSlotsAtOnce_ThenOneAppointmentIsMade()
    {
        var secretary = await Clients.UserAsync(factory, "secretary");
        var practice = await Clients.UserAsync(factory, "practice");
        var specialty = NewSpecialty();
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "12:00", capacity: 2, type: "new", specialty: specialty);
        var referral = await AddAsync(secretary, await PatientAsync(factory), specialty, Today.AddDays(-3));

        for (var round = 0; round < 3; round++)
        {
            // Different slots (parallel places at different times), so only the referral's version can stop the second.
            var a = slots[round * 4];
            var b = slots[(round * 4) + 3];
            var answers = await Task.WhenAll(
                secretary.PostAsJsonAsync($"{List}/{referral.Id()}/book", new { slotId = a.Id }),
                practice.PostAsJsonAsync($"{List}/{referral.Id()}/book", new { slotId = b.Id }));
            var codes = answers.Select(r => r.StatusCode).Order().ToArray();
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], codes);

            await using var scope = factory.Scope();
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var held = await db.Set<Appointment>().Where(x => x.ReferralId == referral.Id() && x.Status == AppointmentStatus.Booked).ToListAsync();
            var only = Assert.Single(held);
            var cancel = await secretary.PostAsJsonAsync($"{Api}/appointments/{only.Id}/cancel", new { reason = "Try again", by = "hospital" });
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }
    }

    [Fact]
    public async Task GivenARunningClock_WhenStopped_ThenItLeavesTheListWithItsReasonAndCannotBeBookedOrStoppedAgain()
    {
        var secretary = await Clients.UserAsync(factory, "secretary");
        var specialty = NewSpecialty();
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "09:40", type: "new", specialty: specialty);
        var patient = await PatientAsync(factory);
        var referral = await AddAsync(secretary, patient, specialty, Today.AddDays(-140));
        var url = $"{List}/{referral.Id()}";

        Assert.Equal(HttpStatusCode.BadRequest, (await secretary.PostAsJsonAsync($"{url}/stop", new { reason = "bored" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretary.PostAsJsonAsync($"{url}/stop", new { reason = "treated", stoppedOn = Iso(Today.AddDays(-141)) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretary.PostAsJsonAsync($"{url}/stop", new { reason = "treated", stoppedOn = Iso(Today.AddDays(1)) })).StatusCode);
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"{url}/stop") { Content = JsonContent.Create(new { reason = "treated" }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await secretary.SendAsync(stale)).StatusCode);
        }

        // A booked appointment must be cancelled before the clock stops for a reason other than treatment.
        Assert.Equal(HttpStatusCode.Created, (await secretary.PostAsJsonAsync($"{url}/book", new { slotId = slots[0].Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync($"{url}/stop", new { reason = "no-longer-needed" })).StatusCode);

        var stopped = await secretary.PostAsJsonAsync($"{url}/stop", new { reason = "treated", stoppedOn = Iso(Today.AddDays(-7)), note = "Started on methotrexate" });
        Assert.True(stopped.StatusCode == HttpStatusCode.OK, await stopped.Content.ReadAsStringAsync());
        var line = await stopped.JsonAsync();
        Assert.Equal("stopped", line.GetProperty("state").GetString());
        Assert.Equal("treated", line.GetProperty("stopReason").GetString());
        Assert.Equal(19, line.GetProperty("weeksWaited").GetInt32()); // 133 days from receipt to the stop
        Assert.False(line.GetProperty("breached").GetBoolean()); // a stopped clock is off the breach worklist

        var escaped = Uri.EscapeDataString(specialty);
        Assert.Empty(await ArrayAsync(secretary, $"{List}?specialty={escaped}"));
        Assert.Empty(await ArrayAsync(secretary, $"{List}/breaches?specialty={escaped}"));
        Assert.Single(await ArrayAsync(secretary, $"{List}?specialty={escaped}&stopped=true"));
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync($"{url}/stop", new { reason = "treated" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync($"{url}/book", new { slotId = slots[1].Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretary.PostAsJsonAsync($"{List}/{Guid.NewGuid()}/stop", new { reason = "treated" })).StatusCode);
    }

    [Fact]
    public async Task GivenTheWaitingListPage_WhenABreachedReferralIsBookedFromIt_ThenTheFirstNewSlotOfItsSpecialtyIsTaken()
    {
        var secretary = await Clients.UserAsync(factory, "secretary");
        var specialty = NewSpecialty();
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "09:40", type: "new", specialty: specialty);
        var patient = await PatientAsync(factory);
        var referral = await AddAsync(secretary, patient, specialty, Today.AddDays(-200), "urgent");

        var page = await secretary.GetAsync($"/scheduling/waiting-list?weeks=0&specialty={Uri.EscapeDataString(specialty)}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Breach worklist", html, StringComparison.Ordinal);
        Assert.Contains("Over 18 weeks", html, StringComparison.Ordinal);
        Assert.Contains("28", html, StringComparison.Ordinal); // 200 days is 28 whole weeks

        var posted = await Clients.PostFormAsync(secretary, $"/scheduling/waiting-list?weeks=0&specialty={Uri.EscapeDataString(specialty)}", "book-from-list",
            new() { ["ReferralId"] = referral.Id().ToString() });
        Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, await posted.Content.ReadAsStringAsync());
        Assert.Contains("/scheduling/appointments/", Clients.LocalTarget(posted), StringComparison.Ordinal);

        var held = await AppointmentsAsync(factory, slots[0].Id);
        var booked = Assert.Single(held);
        Assert.Equal(referral.Id(), booked.ReferralId);
        Assert.Equal(patient, booked.PatientId);
    }
}

public sealed class WaitingListTests_Sqlite(SqliteFactory factory) : WaitingListTests(factory), IClassFixture<SqliteFactory>;

public sealed class WaitingListTests_Postgres(PostgresFactory factory) : WaitingListTests(factory), IClassFixture<PostgresFactory>;
