using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Features;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// Appointment reminders on SQLite and PostgreSQL (ADR 0041, 0150): the outbox rows written when each reminder falls due
/// (none for an appointment cancelled before then), the dispatcher sending through the real GovukNotify client to a local stand-in of Notify's API — each message once
/// even with two dispatchers at the same moment, opt-outs respected, a refusal recorded and not retried, and a
/// message that reached Notify before its node died not sent again.
/// </summary>
public abstract class ReminderTests(InfirmaryFactory factory)
{
    private const string Mobile = "07700 900123";

    /// <summary>The dispatcher's clock: the real one until a test moves it to when reminders fall due.</summary>
    private DateTimeOffset? _now;

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A patient with a mobile number booked ten days ahead; returns the appointment id.</summary>
    private async Task<(Guid Appointment, Guid Patient)> BookedAsync(string phone = Mobile)
    {
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "09:20", date: Today.AddDays(10));
        var patient = await PatientAsync(factory, p => p.Phone = phone);
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = await BookAsync(reception, slots[0].Id, patient);
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        return ((await booked.JsonAsync()).Id(), patient);
    }

    /// <summary>
    /// Moves the dispatcher's clock to a minute after the appointment's last reminder falls due (10:00 the day before),
    /// as if nine days had passed, and lets it write the rows now due (ADR 0150).
    /// </summary>
    private async Task MakeDueAsync(Guid appointment)
    {
        var start = (await SlotsForAsync(appointment)).StartsAt;
        _now = new DateTimeOffset(ReminderPlan.DueAt(start, 1).AddMinutes(1), TimeSpan.Zero);
        await QueueAsync();
    }

    private async Task<int> QueueAsync(string node = "node-a")
    {
        await using var scope = factory.Scope();
        return await Dispatcher(scope, null, node).QueueDueAsync(CancellationToken.None);
    }

    private async Task<List<Reminder>> RemindersAsync(Guid appointment)
    {
        await using var scope = factory.Scope();
        var rows = await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Reminder>().AsNoTracking()
            .Where(r => r.AppointmentId == appointment).ToListAsync();
        return [.. rows.OrderBy(r => r.Channel).ThenByDescending(r => r.DaysBefore)]; // channels are stored as codes: order here
    }

    private async Task<DispatchSummary> DispatchAsync(NotifyStandIn notify, string node = "node-a")
    {
        await using var scope = factory.Scope();
        return await Dispatcher(scope, notify, node).RunOnceAsync(CancellationToken.None);
    }

    private ReminderDispatcher Dispatcher(AsyncServiceScope scope, NotifyStandIn? notify, string node = "node-a")
    {
        var options = Options.Create(new NotifyOptions
        {
            BaseUrl = notify?.BaseUrl ?? "http://127.0.0.1:9", ApiKey = notify is null ? null : NotifyStandIn.ApiKey, SmsTemplateId = "a1b2c3d4-0000-4000-8000-000000000001",
            EmailTemplateId = "a1b2c3d4-0000-4000-8000-000000000002", LetterTemplateId = "a1b2c3d4-0000-4000-8000-000000000003",
            NodeName = node, BatchSize = 500, ReceiptPollSeconds = 3600,
        });
        return _now is { } now
            ? ActivatorUtilities.CreateInstance<ReminderDispatcher>(scope.ServiceProvider, options, new Clock(now))
            : ActivatorUtilities.CreateInstance<ReminderDispatcher>(scope.ServiceProvider, options);
    }

    private async Task<int> CheckReceiptsAsync(NotifyStandIn notify)
    {
        await using var scope = factory.Scope();
        return await Dispatcher(scope, notify).CheckReceiptsAsync(CancellationToken.None);
    }

    [Fact]
    public async Task GivenAPatientWhoPrefersEmail_WhenRemindersFallDue_ThenEachReminderGoesByEmailOnceAndNotAlsoByText()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, patient) = await BookedAsync();
        var reception = await Clients.UserAsync(factory, "reception");
        var saved = await reception.PutAsJsonAsync($"{Api}/patients/{patient}/reminder-preferences", new { preferred = "email", email = " jane.smith@example.org " });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var choices = await saved.JsonAsync();
        Assert.Equal("email", choices.GetProperty("preferred").GetString());
        Assert.Equal("jane.smith@example.org", choices.GetProperty("email").GetString());
        await MakeDueAsync(appointment);

        await Task.WhenAll(DispatchAsync(notify, "node-a"), DispatchAsync(notify, "node-b"));
        await DispatchAsync(notify, "node-a");

        var reminders = await RemindersAsync(appointment);
        foreach (var email in reminders.Where(r => r.Channel == ReminderChannel.Email))
        {
            Assert.Equal(ReminderStatus.Sent, email.Status);
            var sent = Assert.Single(notify.Requests, r => r.Reference == email.Reference);
            Assert.Equal("email", sent.Kind);
            Assert.Equal("jane.smith@example.org", sent.Email);
            Assert.Equal("a1b2c3d4-0000-4000-8000-000000000002", sent.TemplateId);
        }

        Assert.All(reminders.Where(r => r.Channel != ReminderChannel.Email), r =>
        {
            Assert.Equal(ReminderStatus.Suppressed, r.Status);
            Assert.Equal("reminded by email instead", r.LastError);
        });
        Assert.Equal(2, notify.Requests.Count(r => reminders.Any(x => x.Reference == r.Reference)));
    }

    [Fact]
    public async Task GivenAnOptOutFromEmailRecordedAfterBooking_WhenRemindersFallDue_ThenTheTextGoesInstead()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, patient) = await BookedAsync();
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.OK, (await reception.PutAsJsonAsync($"{Api}/patients/{patient}/reminder-preferences", new { preferred = "email", email = "j.s@example.org" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reception.PostAsJsonAsync($"{Api}/patients/{patient}/reminder-opt-outs", new { channel = "email" })).StatusCode);
        await MakeDueAsync(appointment);

        await DispatchAsync(notify);

        var reminders = await RemindersAsync(appointment);
        Assert.All(reminders.Where(r => r.Channel == ReminderChannel.Email), r => Assert.Equal("patient opted out", r.LastError));
        Assert.All(reminders.Where(r => r.Channel == ReminderChannel.Sms), r => Assert.Equal(ReminderStatus.Sent, r.Status));
        Assert.DoesNotContain(notify.Requests, r => r.Kind == "email" && reminders.Any(x => x.Reference == r.Reference));
    }

    [Fact]
    public async Task GivenBadReminderPreferences_WhenSaved_ThenTheFieldIsNamedAndNothingIsStored()
    {
        var (_, patient) = await BookedAsync();
        var reception = await Clients.UserAsync(factory, "reception");
        var url = $"{Api}/patients/{patient}/reminder-preferences";

        var badEmail = await reception.PutAsJsonAsync(url, new { preferred = "sms", email = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.True((await badEmail.JsonAsync()).GetProperty("errors").TryGetProperty("email", out _));
        var noEmail = await reception.PutAsJsonAsync(url, new { preferred = "email", email = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.True((await noEmail.JsonAsync()).GetProperty("errors").TryGetProperty("email", out _));
        var badChannel = await reception.PutAsJsonAsync(url, new { preferred = "fax" });
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.True((await badChannel.JsonAsync()).GetProperty("errors").TryGetProperty("preferred", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await reception.PutAsJsonAsync($"{Api}/patients/{Guid.NewGuid()}/reminder-preferences", new { preferred = "sms" })).StatusCode);

        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PutAsJsonAsync(url, new { preferred = "letter" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync($"{Api}/patients/{patient}/reminder-opt-outs", new { channel = "sms" })).StatusCode);

        var stored = await (await reception.GetAsync(url)).JsonAsync();
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("preferred").ValueKind);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("email").ValueKind);
        Assert.Equal(0, stored.GetProperty("optedOut").GetArrayLength());
    }

    [Fact]
    public async Task GivenTheRemindersPage_WhenReceptionOptsOutAndSetsAPreference_ThenThePageAndTheDispatcherFollowIt()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, patient) = await BookedAsync();
        var reception = await Clients.UserAsync(factory, "reception");
        var url = $"/scheduling/patients/{patient}/reminders";

        var bad = await Clients.PostFormAsync(reception, url, "preference", new() { ["Preferred"] = "email", ["Email"] = "nobody" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Enter an email address in the correct format", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await Clients.PostFormAsync(reception, url, "preference", new() { ["Preferred"] = "letter", ["Email"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var optedOut = await Clients.PostFormAsync(reception, url, "optout-sms", []);
        Assert.Equal(HttpStatusCode.Redirect, optedOut.StatusCode);
        var page = await reception.GetStringAsync(Clients.LocalTarget(optedOut));
        Assert.Contains("Opted out of text message reminders.", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"preferred\">Letter<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"opted-out\">Text message<", page, StringComparison.Ordinal);

        await MakeDueAsync(appointment);
        await DispatchAsync(notify);
        var reminders = await RemindersAsync(appointment);
        Assert.Equal(ReminderStatus.Sent, reminders.Single(r => r.Channel == ReminderChannel.Letter).Status);
        // No letter a day before, no text (opted out), no email (none recorded): the one-day reminder has no channel.
        Assert.Equal("patient opted out", reminders.Single(r => r is { Channel: ReminderChannel.Sms, DaysBefore: 1 }).LastError);
        Assert.Equal("no email address recorded", reminders.Single(r => r is { Channel: ReminderChannel.Email, DaysBefore: 1 }).LastError);
        Assert.All(reminders.Where(r => r.DaysBefore == 1), r => Assert.Equal(ReminderStatus.Suppressed, r.Status));

        var clinician = await Clients.UserAsync(factory, "clinician");
        var readOnly = await clinician.GetStringAsync(url);
        Assert.DoesNotContain("Save preferences", readOnly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenSentReminders_WhenNotifyReportsDelivery_ThenTheReceiptIsStoredShownAndNotAskedForAgain()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, _) = await BookedAsync();
        await MakeDueAsync(appointment);
        await DispatchAsync(notify);
        var sent = (await RemindersAsync(appointment)).Where(r => r.Status == ReminderStatus.Sent).ToList();
        Assert.Equal(2, sent.Count);
        var delivered = sent.Single(r => r.DaysBefore == 7);
        var failed = sent.Single(r => r.DaysBefore == 1);
        var at = new DateTime(2026, 11, 25, 10, 0, 4, DateTimeKind.Utc);
        notify.SetStatus(delivered.NotifyId!, "delivered", at);
        notify.SetStatus(failed.NotifyId!, "sending");

        Assert.Equal(2, await CheckReceiptsAsync(notify));

        var after = await RemindersAsync(appointment);
        Assert.Equal("delivered", after.Single(r => r.Id == delivered.Id).DeliveryStatus);
        Assert.Equal(at, after.Single(r => r.Id == delivered.Id).DeliveredAt);
        Assert.Equal("sending", after.Single(r => r.Id == failed.Id).DeliveryStatus);
        Assert.Null(after.Single(r => r.Id == failed.Id).DeliveredAt);

        // Asked again only after the interval: a second pass straight away asks nothing.
        notify.SetStatus(failed.NotifyId!, "permanent-failure", at);
        Assert.Equal(0, await CheckReceiptsAsync(notify));
        Assert.Equal(1, notify.StatusRequests[failed.NotifyId!]);
        await using (var scope = factory.Scope())
        {
            var longAgo = DateTime.UtcNow.AddHours(-2);
            await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Reminder>()
                .Where(r => r.AppointmentId == appointment).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceiptCheckedAt, longAgo));
        }

        Assert.Equal(1, await CheckReceiptsAsync(notify));
        Assert.Equal(1, notify.StatusRequests[delivered.NotifyId!]); // final: never asked again
        Assert.Equal("permanent-failure", (await RemindersAsync(appointment)).Single(r => r.Id == failed.Id).DeliveryStatus);

        var reception = await Clients.UserAsync(factory, "reception");
        var api = await (await reception.GetAsync($"{Api}/appointments/{appointment}/reminders")).JsonAsync();
        Assert.Contains(api.EnumerateArray(), r => r.GetProperty("deliveryStatus").GetString() == "delivered");
        var page = await reception.GetStringAsync($"/scheduling/appointments/{appointment}");
        Assert.Contains("data-testid=\"reminder-delivery\">Delivered (", page, StringComparison.Ordinal);
        Assert.Contains("Not delivered: the address or number is wrong", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABooking_WhenMadeAndCancelled_ThenItsRemindersArePlannedThenWithdrawnAndNeverWritten()
    {
        var (appointment, _) = await BookedAsync();
        // Nothing is written at booking (ADR 0150); the appointment's five reminders are planned and listed as waiting.
        Assert.Empty(await RemindersAsync(appointment));
        var reception = await Clients.UserAsync(factory, "reception");
        var listed = (await (await reception.GetAsync($"{Api}/appointments/{appointment}/reminders")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal([("sms", 7), ("sms", 1), ("email", 7), ("email", 1), ("letter", 7)],
            listed.Select(r => (r.GetProperty("channel").GetString()!, r.GetProperty("daysBefore").GetInt32()))
                .OrderBy(r => r.Item1 switch { "sms" => 0, "email" => 1, _ => 2 }).ThenByDescending(r => r.Item2));
        Assert.All(listed, r => Assert.Equal("pending", r.GetProperty("status").GetString()));
        var start = (await SlotsForAsync(appointment)).StartsAt;
        var oneDay = listed.Single(r => r.GetProperty("channel").GetString() == "sms" && r.GetProperty("daysBefore").GetInt32() == 1);
        Assert.Equal(LondonTime.ToUtc(LondonTime.LocalDate(start).AddDays(-1), new TimeOnly(10, 0)), oneDay.GetProperty("dueAt").GetDateTime().ToUniversalTime());
        Assert.Equal(ReminderPlan.IdFor(appointment, ReminderChannel.Sms, 1), oneDay.Id());
        Assert.Equal(Reminder.ReferenceFor(oneDay.Id()), oneDay.GetProperty("reference").GetString());

        var cancelled = await reception.PostAsJsonAsync($"{Api}/appointments/{appointment}/cancel", new { reason = "Patient on holiday", by = "patient" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var after = await (await reception.GetAsync($"{Api}/appointments/{appointment}/reminders")).JsonAsync();
        Assert.Equal(5, after.GetArrayLength());
        Assert.All(after.EnumerateArray(), r => Assert.Equal("withdrawn", r.GetProperty("status").GetString()));

        // When they would have fallen due, a cancelled appointment gets no rows and nothing is sent.
        await using var notify = await NotifyStandIn.StartAsync();
        await MakeDueAsync(appointment);
        await DispatchAsync(notify);
        Assert.Empty(await RemindersAsync(appointment));
        Assert.DoesNotContain(notify.Requests, r => after.EnumerateArray().Any(x => x.GetProperty("reference").GetString() == r.Reference));
    }

    [Fact]
    public async Task GivenABookingMadeLongBefore_WhenEachReminderFallsDue_ThenItIsWrittenAndSentThenAndNotBefore()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, _) = await BookedAsync();
        var start = (await SlotsForAsync(appointment)).StartsAt;
        var sevenDay = Reminder.ReferenceFor(ReminderPlan.IdFor(appointment, ReminderChannel.Sms, 7));
        var oneDay = Reminder.ReferenceFor(ReminderPlan.IdFor(appointment, ReminderChannel.Sms, 1));

        // Today: nothing is due yet.
        await DispatchAsync(notify);
        Assert.Empty(await RemindersAsync(appointment));

        // A minute before the 7-day reminder: still nothing.
        _now = new DateTimeOffset(ReminderPlan.DueAt(start, 7).AddMinutes(-1), TimeSpan.Zero);
        await DispatchAsync(notify);
        Assert.Empty(await RemindersAsync(appointment));

        // Once it is due, that lead time's rows are written and the text sent (email and letter not needed); not the 1-day ones.
        _now = new DateTimeOffset(ReminderPlan.DueAt(start, 7).AddMinutes(1), TimeSpan.Zero);
        await DispatchAsync(notify);
        var week = await RemindersAsync(appointment);
        Assert.Equal([(ReminderChannel.Sms, 7), (ReminderChannel.Email, 7), (ReminderChannel.Letter, 7)], week.Select(r => (r.Channel, r.DaysBefore)));
        Assert.Equal(ReminderStatus.Sent, week.Single(r => r.Channel == ReminderChannel.Sms).Status);
        Assert.Equal(ReminderPlan.DueAt(start, 7), week[0].DueAt);
        Assert.Single(notify.Requests, r => r.Reference == sevenDay);
        Assert.DoesNotContain(notify.Requests, r => r.Reference == oneDay);

        // The day before, the 1-day reminder; the 7-day one is not sent again.
        _now = new DateTimeOffset(ReminderPlan.DueAt(start, 1).AddMinutes(1), TimeSpan.Zero);
        await DispatchAsync(notify);
        await DispatchAsync(notify, "node-b");
        var all = await RemindersAsync(appointment);
        Assert.Equal(5, all.Count);
        Assert.Equal(ReminderStatus.Sent, all.Single(r => r is { Channel: ReminderChannel.Sms, DaysBefore: 1 }).Status);
        Assert.Single(notify.Requests, r => r.Reference == sevenDay);
        Assert.Single(notify.Requests, r => r.Reference == oneDay);

        // Once the appointment has started nothing more is written for it.
        _now = new DateTimeOffset(start.AddMinutes(1), TimeSpan.Zero);
        Assert.Equal(0, await QueueAsync());
    }

    [Fact]
    public async Task GivenABookingMadeAfterItsWeekBeforeReminderFellDue_WhenPlanned_ThenOnlyTheDayBeforeRemindersAreMade()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory, "09:00", "09:20", date: Today.AddDays(3));
        var patient = await PatientAsync(factory, p => p.Phone = Mobile);
        var reception = await Clients.UserAsync(factory, "reception");
        var appointment = (await (await BookAsync(reception, slots[0].Id, patient)).JsonAsync()).Id();

        var listed = await (await reception.GetAsync($"{Api}/appointments/{appointment}/reminders")).JsonAsync();
        Assert.All(listed.EnumerateArray(), r => Assert.Equal(1, r.GetProperty("daysBefore").GetInt32()));
        Assert.Equal(2, listed.GetArrayLength());

        await MakeDueAsync(appointment);
        Assert.Equal([(ReminderChannel.Sms, 1), (ReminderChannel.Email, 1)], (await RemindersAsync(appointment)).Select(r => (r.Channel, r.DaysBefore)));
    }

    [Fact]
    public async Task GivenDueReminders_WhenThreeNodesWriteThemAtOnce_ThenEachRowIsWrittenOnce()
    {
        var (appointment, _) = await BookedAsync();
        var (second, _) = await BookedAsync("+44 7700 900124");
        var start = (await SlotsForAsync(appointment)).StartsAt;
        _now = new DateTimeOffset(ReminderPlan.DueAt(start, 1).AddMinutes(1), TimeSpan.Zero);

        var written = await Task.WhenAll(QueueAsync("node-a"), QueueAsync("node-b"), QueueAsync("node-c"));

        Assert.Equal(5, (await RemindersAsync(appointment)).Count);
        Assert.Equal(5, (await RemindersAsync(second)).Count);
        // Other tests' appointments on these days may be written too; never more than once.
        Assert.True(written.Sum() >= 10);
        Assert.Equal(0, await QueueAsync());
        await using var scope = factory.Scope();
        var rows = await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Reminder>().AsNoTracking().ToListAsync();
        Assert.Equal(rows.Count, rows.Select(r => (r.AppointmentId, r.Channel, r.DaysBefore)).Distinct().Count());
    }

    [Fact]
    public async Task GivenDueReminders_WhenTwoDispatchersRunAtOnce_ThenNotifyGetsEachMessageOnce()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, _) = await BookedAsync();
        var (second, _) = await BookedAsync("+44 7700 900124");
        await MakeDueAsync(appointment);
        await MakeDueAsync(second);

        await Task.WhenAll(DispatchAsync(notify, "node-a"), DispatchAsync(notify, "node-b"), DispatchAsync(notify, "node-c"));
        await DispatchAsync(notify, "node-a");

        foreach (var id in new[] { appointment, second })
        {
            var reminders = await RemindersAsync(id);
            foreach (var sms in reminders.Where(r => r.Channel == ReminderChannel.Sms))
            {
                Assert.Equal(ReminderStatus.Sent, sms.Status);
                var sent = Assert.Single(notify.Requests, r => r.Reference == sms.Reference);
                Assert.Equal(sms.NotifyId, sent.Id);
                Assert.Equal("sms", sent.Kind);
                Assert.StartsWith("Bearer ", sent.Authorization, StringComparison.Ordinal); // the client signed a JWT
                Assert.Equal("09:00", sent.Personalisation["time"]!.GetValue<string>());
            }

            // A patient with a mobile number is reminded by text, not also by letter.
            var letter = reminders.Single(r => r.Channel == ReminderChannel.Letter);
            Assert.Equal(ReminderStatus.Suppressed, letter.Status);
            Assert.DoesNotContain(notify.Requests, r => r.Reference == letter.Reference);
        }

        Assert.Equal("07700900124", notify.Requests.First(r => r.Phone is not null && r.Phone.EndsWith("124", StringComparison.Ordinal)).Phone);
    }

    [Fact]
    public async Task GivenAnOptOutFromTexts_WhenRemindersFallDue_ThenNoTextIsSentAndALetterGoesInstead()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, patient) = await BookedAsync();
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.BadRequest, (await reception.PostAsJsonAsync($"{Api}/patients/{patient}/reminder-opt-outs", new { channel = "pigeon" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reception.PostAsJsonAsync($"{Api}/patients/{Guid.NewGuid()}/reminder-opt-outs", new { channel = "sms" })).StatusCode);
        var opted = await reception.PostAsJsonAsync($"{Api}/patients/{patient}/reminder-opt-outs", new { channel = "sms" });
        Assert.Equal(HttpStatusCode.OK, opted.StatusCode);
        Assert.Equal("sms", (await opted.JsonAsync())[0].GetString());
        await MakeDueAsync(appointment);

        await DispatchAsync(notify);

        var reminders = await RemindersAsync(appointment);
        Assert.All(reminders.Where(r => r.Channel == ReminderChannel.Sms), r =>
        {
            Assert.Equal(ReminderStatus.Suppressed, r.Status);
            Assert.Equal("patient opted out", r.LastError);
        });
        Assert.DoesNotContain(notify.Requests, r => r.Kind == "sms" && reminders.Any(x => x.Reference == r.Reference));
        var letter = reminders.Single(r => r.Channel == ReminderChannel.Letter);
        Assert.Equal(ReminderStatus.Sent, letter.Status);
        var sent = Assert.Single(notify.Requests, r => r.Reference == letter.Reference);
        Assert.Equal("letter", sent.Kind);
        Assert.Equal("LS1 5HD", sent.Personalisation["address_line_4"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await reception.DeleteAsync($"{Api}/patients/{patient}/reminder-opt-outs/sms")).StatusCode);
        Assert.Equal(0, (await (await reception.GetAsync($"{Api}/patients/{patient}/reminder-opt-outs")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task GivenNotifyRefusesAMessage_WhenDispatched_ThenTheRefusalIsRecordedAndNotRetried()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, _) = await BookedAsync(NotifyStandIn.RefusedPhone);
        await MakeDueAsync(appointment);

        await DispatchAsync(notify);
        await DispatchAsync(notify);

        var sms = (await RemindersAsync(appointment)).Where(r => r.Channel == ReminderChannel.Sms).ToList();
        Assert.All(sms, r =>
        {
            Assert.Equal(ReminderStatus.Failed, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Contains("400", r.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task GivenANodeDiedAfterNotifyAcceptedAMessage_WhenItsClaimRunsOut_ThenTheMessageIsRecordedSentNotSentAgain()
    {
        await using var notify = await NotifyStandIn.StartAsync();
        var (appointment, _) = await BookedAsync();
        await MakeDueAsync(appointment);
        var reminders = await RemindersAsync(appointment);
        var reached = reminders.Single(r => r.Channel == ReminderChannel.Sms && r.DaysBefore == 7);
        var notReached = reminders.Single(r => r.Channel == ReminderChannel.Sms && r.DaysBefore == 1);
        notify.Preload(reached.Reference);
        await using (var scope = factory.Scope())
        {
            // Both claimed by a node that has gone, its claim run out; only the first had reached Notify.
            var expired = DateTime.UtcNow.AddMinutes(-5);
            await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Reminder>()
                .Where(r => r.Id == reached.Id || r.Id == notReached.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Sending).SetProperty(r => r.ClaimedBy, "dead-node")
                    .SetProperty(r => r.ClaimedUntil, expired).SetProperty(r => r.Attempts, 1));
        }

        await DispatchAsync(notify);

        var after = await RemindersAsync(appointment);
        Assert.Equal(ReminderStatus.Sent, after.Single(r => r.Id == reached.Id).Status);
        Assert.Single(notify.Requests, r => r.Reference == reached.Reference);
        Assert.Equal(ReminderStatus.Sent, after.Single(r => r.Id == notReached.Id).Status);
        Assert.Single(notify.Requests, r => r.Reference == notReached.Reference);
        Assert.Equal(2, after.Single(r => r.Id == notReached.Id).Attempts);
    }

    [Fact]
    public async Task GivenNoApiKey_WhenTheDispatcherRuns_ThenNothingIsSentAndRemindersWait()
    {
        var (appointment, _) = await BookedAsync();
        await MakeDueAsync(appointment);
        await using var scope = factory.Scope();
        var summary = await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(new DispatchSummary(0, 0, 0, 0, 0), summary);
        Assert.All(await RemindersAsync(appointment), r => Assert.Equal(ReminderStatus.Pending, r.Status));
    }

    private async Task<Appointment> SlotsForAsync(Guid appointment)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == appointment);
    }
}

public sealed class ReminderTests_Sqlite(SqliteFactory factory) : ReminderTests(factory), IClassFixture<SqliteFactory>;

public sealed class ReminderTests_Postgres(PostgresFactory factory) : ReminderTests(factory), IClassFixture<PostgresFactory>;
