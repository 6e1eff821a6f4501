using System.Globalization;
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
/// The calendar (ADR 0076) and the live arrivals board (ADR 0077) on SQLite and PostgreSQL: slots by state for a
/// clinician and a room, the panel saying why a slot cannot be booked, rebooking through the API a drag posts to and
/// through the plain form (taken slot refused with its reason, nothing moved), permissions, and the board's change stamp.
/// </summary>
public abstract class CalendarTests(InfirmaryFactory factory)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> ClinicianOfAsync(Guid clinicId)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Clinic>().Where(c => c.Id == clinicId).Select(c => c.ClinicianId).FirstAsync();
    }

    private async Task<Clinic> ClinicOfAsync(Guid clinicId)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Clinic>().AsNoTracking().FirstAsync(c => c.Id == clinicId);
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    [Fact]
    public async Task GivenAClinicWithBookings_WhenTheCalendarIsShownByClinicianAndByRoom_ThenSlotsShowTheirStateAndBookingsCanBeDragged()
    {
        var day = Today.AddDays(3);
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "09:00", "10:00", date: day);
        var patient = await PatientAsync(factory, p => p.GivenName = "Calendria");
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = await BookAsync(reception, slots[1].Id, patient);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointment = (await booked.JsonAsync()).Id();
        var clinician = await ClinicianOfAsync(clinicId);

        var page = await reception.GetStringAsync($"/scheduling/calendar?who=c:{clinician}&date={Iso(day)}&view=week");
        Assert.Contains("data-calendar", page, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(page, "data-testid=\"slot\""));
        Assert.Equal(2, CountOf(page, "data-state=\"free\""));
        Assert.Equal(1, CountOf(page, "data-state=\"booked\""));
        Assert.Contains($"data-appointment=\"{appointment}\"", page, StringComparison.Ordinal);
        Assert.Contains("draggable=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("data-rebook-dialog", page, StringComparison.Ordinal);
        Assert.Contains(Infirmary.Platform.Ui.UkFormat.Date(day), page, StringComparison.Ordinal);

        var clinic = await ClinicOfAsync(clinicId);
        var byRoom = await reception.GetStringAsync($"/scheduling/calendar?who={Uri.EscapeDataString($"r:{clinic.Site}|{clinic.Room}")}&date={Iso(day)}&view=day");
        Assert.Equal(3, CountOf(byRoom, "data-testid=\"slot\""));
        Assert.Contains(clinic.ClinicianName, byRoom, StringComparison.Ordinal);

        // A clinician may look but not move: nothing draggable, no dialog.
        var clinicianClient = await Clients.UserAsync(factory, "clinician");
        var readOnly = await clinicianClient.GetStringAsync($"/scheduling/calendar?who=c:{clinician}&date={Iso(day)}");
        Assert.Equal(3, CountOf(readOnly, "data-testid=\"slot\""));
        Assert.DoesNotContain("draggable=\"true\"", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("data-rebook-dialog", readOnly, StringComparison.Ordinal);

        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var denied = await pharmacist.GetAsync($"/scheduling/calendar?who=c:{clinician}");
        Assert.StartsWith("/account/denied", Clients.LocalTarget(denied), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await pharmacist.GetAsync($"{Api}/slots/{slots[0].Id}/availability")).StatusCode);
    }

    [Fact]
    public async Task GivenTakenCancelledAndPastSlots_WhenTheirPanelIsOpened_ThenItSaysWhyEachCannotBeBooked()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "00:00", "00:40", date: Today);
        var (laterClinic, later) = await TomorrowsClinicAsync(factory, "09:00", "09:40", date: Today.AddDays(4));
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(reception, later[0].Id, await PatientAsync(factory))).StatusCode);
        var practice = await Clients.UserAsync(factory, "practice");
        var session = await SessionOfAsync(later[1].Id);
        var cancelled = await practice.PostAsJsonAsync($"{Api}/sessions/{session}/cancel", new { reason = "Consultant at a conference" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        var clinician = await ClinicianOfAsync(laterClinic);
        var url = $"/scheduling/calendar?who=c:{clinician}&date={Iso(Today.AddDays(4))}";

        var taken = await reception.GetStringAsync($"{url}&slot={later[0].Id}");
        Assert.Contains("data-testid=\"why-unavailable\"", taken, StringComparison.Ordinal);
        Assert.Contains("Another patient is already booked into this slot.", taken, StringComparison.Ordinal);
        var blocked = await reception.GetStringAsync($"{url}&slot={later[1].Id}");
        Assert.Contains("is cancelled: Consultant at a conference", blocked, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"slot-state\">Blocked<", blocked, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"session-cancel-reason\">Consultant at a conference<", blocked, StringComparison.Ordinal);
        var past = await reception.GetStringAsync($"/scheduling/calendar?who=c:{await ClinicianOfAsync(clinicId)}&date={Iso(Today)}&slot={slots[0].Id}");
        Assert.Contains("is in the past", past, StringComparison.Ordinal);

        var api = await (await reception.GetAsync($"{Api}/slots/{later[1].Id}/availability")).JsonAsync();
        Assert.False(api.GetProperty("bookable").GetBoolean());
        Assert.Equal("blocked", api.GetProperty("state").GetString());
        Assert.Contains(api.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "session-cancelled");
        var free = await (await reception.GetAsync($"{Api}/slots/{later[0].Id}/availability")).JsonAsync();
        Assert.Equal("booked", free.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync($"{Api}/slots/{Guid.NewGuid()}/availability")).StatusCode);
    }

    private async Task<Guid> SessionOfAsync(Guid slotId)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Slot>().Where(s => s.Id == slotId).Select(s => s.SessionId).FirstAsync();
    }

    [Fact]
    public async Task GivenADraggedBooking_WhenDroppedOnATakenSlotThenOnAFreeOne_ThenTheFirstIsRefusedWithItsReasonAndTheSecondMoves()
    {
        var day = Today.AddDays(5);
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "10:00", date: day);
        var reception = await Clients.UserAsync(factory, "reception");
        var mine = (await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync()).Id();
        var other = (await (await BookAsync(reception, slots[1].Id, await PatientAsync(factory))).JsonAsync()).Id();

        // What the calendar's script posts on a drop.
        var refused = await reception.PostAsJsonAsync($"{Api}/appointments/{mine}/rebook", new { slotId = slots[1].Id, reason = "Patient asked for later", by = "patient" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Slot already booked", (await refused.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(mine)).Status);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(other)).Status);

        var noReason = await reception.PostAsJsonAsync($"{Api}/appointments/{mine}/rebook", new { slotId = slots[2].Id, reason = "", by = "patient" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _));

        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clinician.PostAsJsonAsync($"{Api}/appointments/{mine}/rebook", new { slotId = slots[2].Id, reason = "Clinician moved it", by = "hospital" })).StatusCode);

        var moved = await reception.PostAsJsonAsync($"{Api}/appointments/{mine}/rebook", new { slotId = slots[2].Id, reason = "Patient asked for later", by = "patient" });
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        Assert.Equal(AppointmentStatus.Cancelled, (await AppointmentAsync(mine)).Status);
        Assert.Equal(slots[2].Id, (await AppointmentAsync((await moved.JsonAsync()).Id())).SlotId);
    }

    [Fact]
    public async Task GivenNoScript_WhenABookingIsMovedWithThePlainForm_ThenATakenSlotIsRefusedWithItsReasonAndAFreeOneTakesIt()
    {
        var day = Today.AddDays(6);
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "09:00", "10:00", minutes: 15, date: day);
        var reception = await Clients.UserAsync(factory, "reception");
        var mine = (await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync()).Id();
        var other = (await (await BookAsync(reception, slots[1].Id, await PatientAsync(factory))).JsonAsync()).Id();
        var clinician = await ClinicianOfAsync(clinicId);
        var baseUrl = $"/scheduling/calendar?who=c:{clinician}&date={Iso(day)}&view=week&move={mine}";

        var choosing = await reception.GetStringAsync(baseUrl);
        Assert.Contains("data-testid=\"moving\"", choosing, StringComparison.Ordinal);

        // The panel of a free slot offers the form; someone books that slot before it is sent: refused, with the reason.
        var race = await FormLikeAsync(reception, $"{baseUrl}&slot={slots[2].Id}");
        var third = (await (await BookAsync(reception, slots[2].Id, await PatientAsync(factory))).JsonAsync()).Id();
        var refused = await reception.PostAsync($"{baseUrl}&slot={slots[2].Id}", race);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("already booked", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(mine)).Status);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(third)).Status);

        var noReason = await Clients.PostFormAsync(reception, $"{baseUrl}&slot={slots[3].Id}", "rebook", new() { ["By"] = "patient", ["Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(mine)).Status);

        var moved = await Clients.PostFormAsync(reception, $"{baseUrl}&slot={slots[3].Id}", "rebook", new() { ["By"] = "patient", ["Reason"] = "Later suits" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(AppointmentStatus.Cancelled, (await AppointmentAsync(mine)).Status);
        var after = await reception.GetStringAsync(Clients.LocalTarget(moved));
        Assert.Contains("Moved to", after, StringComparison.Ordinal);
        Assert.Contains("09:45", after, StringComparison.Ordinal);
        var now = (await AppointmentsAsync(factory, slots[3].Id)).Single(a => a.Status == AppointmentStatus.Booked);
        Assert.Equal(mine, now.RebookedFromId);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(other)).Status);

        // A clinician may not move appointments: the form is not offered, and a post made anyway changes nothing.
        var clinicianClient = await Clients.UserAsync(factory, "clinician");
        var clinicianPage = await clinicianClient.GetStringAsync($"{baseUrl}&slot={slots[0].Id}");
        Assert.DoesNotContain("Move the appointment here", clinicianPage, StringComparison.Ordinal);
        var forged = await FormLikeAsync(clinicianClient, $"{baseUrl}&slot={slots[0].Id}");
        var posted = await clinicianClient.PostAsync($"/scheduling/calendar?who=c:{clinician}&date={Iso(day)}&move={now.Id}&slot={slots[0].Id}", forged);
        Assert.NotEqual(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(now.Id)).Status);
        Assert.Equal(slots[3].Id, (await AppointmentAsync(now.Id)).SlotId);
    }

    /// <summary>The rebook form's fields with an antiforgery token from the page, as a browser that loaded it would send them.</summary>
    private static async Task<FormUrlEncodedContent> FormLikeAsync(HttpClient client, string url)
    {
        var page = await client.GetStringAsync(url);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(token.Success, $"no form on {url}");
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value), ["_handler"] = "rebook", ["By"] = "patient", ["Reason"] = "Later suits",
        });
    }

    private async Task<Appointment> AppointmentAsync(Guid id)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == id);
    }

    [Fact]
    public async Task GivenTheArrivalsBoard_WhenAnythingOnItChanges_ThenItsStampChangesAndTheBoardCarriesWhatTheScriptNeeds()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, "00:00", "00:20", capacity: 2, date: Today);
        var patients = await PatientsAsync(factory, 2);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            db.AddRange(slots.Select((s, i) => Appointment.For(s, patients[i], DateTime.UtcNow.AddDays(-1), "test", "test")));
            await db.Set<Slot>().Where(s => s.ClinicId == clinicId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SlotStatus.Busy));
            await db.SaveChangesAsync();
        }

        var reception = await Clients.UserAsync(factory, "reception");
        var stampUrl = $"{Api}/clinics/{clinicId}/days/{Iso(Today)}/board-stamp";
        var first = await (await reception.GetAsync(stampUrl)).JsonAsync();
        var stamp = first.GetProperty("stamp").GetString();
        Assert.Equal(stamp, (await (await reception.GetAsync(stampUrl)).JsonAsync()).GetProperty("stamp").GetString());
        var board = await reception.GetStringAsync($"/scheduling/reception?clinic={clinicId}");
        Assert.Contains($"data-stamp=\"{stamp}\"", board, StringComparison.Ordinal);
        Assert.Contains($"data-stamp-url=\"{stampUrl}\"", board, StringComparison.Ordinal);
        // The host page loads the module's script (its name fingerprinted by the static asset pipeline).
        var src = System.Text.RegularExpressions.Regex.Match(board, "src=\"/?(_content/Infirmary\\.Scheduling/scheduling[^\"]*\\.js)\"");
        Assert.True(src.Success, "the page does not load scheduling.js");

        var appointment = (await reception.GetFromJsonAsync<System.Text.Json.JsonElement>($"{Api}/clinics/{clinicId}/day"))[0].Id();
        Assert.Equal(HttpStatusCode.OK, (await reception.PostAsync($"{Api}/appointments/{appointment}/check-in", null)).StatusCode);
        var second = (await (await reception.GetAsync(stampUrl)).JsonAsync()).GetProperty("stamp").GetString();
        Assert.NotEqual(stamp, second);
        var after = await reception.GetStringAsync($"/scheduling/reception?clinic={clinicId}");
        Assert.Contains($"data-stamp=\"{second}\"", after, StringComparison.Ordinal);
        Assert.Matches("data-arrived=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"", after);

        Assert.Equal(HttpStatusCode.OK, (await reception.PostAsync($"{Api}/appointments/{appointment}/seen", null)).StatusCode);
        Assert.NotEqual(second, (await (await reception.GetAsync(stampUrl)).JsonAsync()).GetProperty("stamp").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await reception.GetAsync($"{Api}/clinics/{clinicId}/days/26-11-2026/board-stamp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync($"{Api}/clinics/{Guid.NewGuid()}/days/{Iso(Today)}/board-stamp")).StatusCode);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.Forbidden, (await pharmacist.GetAsync(stampUrl)).StatusCode);

        var script = await reception.GetAsync("/" + src.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("/rebook", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class CalendarTests_Sqlite(SqliteFactory factory) : CalendarTests(factory), IClassFixture<SqliteFactory>;

public sealed class CalendarTests_Postgres(PostgresFactory factory) : CalendarTests(factory), IClassFixture<PostgresFactory>;
