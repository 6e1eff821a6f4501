using System.Globalization;
using System.Text.RegularExpressions;
using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace Infirmary.Scheduling.Features;

/// <summary>What one pass of the dispatcher did.</summary>
public sealed record DispatchSummary(int Sent, int Failed, int Suppressed, int Withdrawn, int Retrying);

/// <summary>
/// Writes reminders as they fall due (ADR 0150) and sends them through GOV.UK Notify (ADR 0041). Each row is claimed with a conditional UPDATE (only a row
/// still pending, or whose claim has run out, is taken), so two nodes on one database never both send it. A row
/// whose claim ran out may have reached Notify before its node died: the retry first asks Notify for the row's
/// reference and, if Notify has it, records it as sent without sending again.
/// </summary>
public sealed partial class ReminderDispatcher(InfirmaryDbContext db, IPatientDirectory patients, AuditTrail audit, IOptions<NotifyOptions> options,
    TimeProvider clock, ILogger<ReminderDispatcher> log)
{
    private readonly NotifyOptions settings = options.Value;

    private string Node => settings.NodeName ?? $"{Environment.MachineName}-{Environment.ProcessId}";

    public async Task<DispatchSummary> RunOnceAsync(CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return new DispatchSummary(0, 0, 0, 0, 0);
        }

        await QueueDueAsync(ct);
        var client = new NotificationClient(settings.BaseUrl, settings.ApiKey!);
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.Set<Reminder>().AsNoTracking()
            .Where(r => (r.Status == ReminderStatus.Pending && r.DueAt <= now && (r.NextAttemptAt == null || r.NextAttemptAt <= now))
                        || (r.Status == ReminderStatus.Sending && r.ClaimedUntil < now))
            .OrderBy(r => r.DueAt).Take(settings.BatchSize).Select(r => r.Id).ToListAsync(ct);
        int sent = 0, failed = 0, suppressed = 0, withdrawn = 0, retrying = 0;
        foreach (var id in candidates)
        {
            var (claimed, takenOver) = await ClaimAsync(id, now, ct);
            if (!claimed)
            {
                continue;
            }

            var outcome = await SendAsync(client, id, takenOver, ct);
            switch (outcome)
            {
                case ReminderStatus.Sent: sent++; break;
                case ReminderStatus.Failed: failed++; break;
                case ReminderStatus.Suppressed: suppressed++; break;
                case ReminderStatus.Withdrawn: withdrawn++; break;
                default: retrying++; break;
            }
        }

        return new DispatchSummary(sent, failed, suppressed, withdrawn, retrying);
    }

    /// <summary>
    /// Writes the reminder rows that have fallen due (ADR 0150). For each lead time, and each local day whose reminder of
    /// that lead time is due by now, it finds that day's appointments still booked and still to start, booked before
    /// the reminder fell due and without that lead time's rows (by the partial index on booked appointments' start),
    /// and writes their rows, pending, for the claims that follow. The rows' ids are fixed by appointment, channel and
    /// lead time, so when two nodes write the same rows at once the database refuses the second copy and that node
    /// moves on. A cancelled, moved or attended appointment is no longer booked, so it never gets rows. Returns the
    /// number of rows written.
    /// </summary>
    public async Task<int> QueueDueAsync(CancellationToken ct)
    {
        const int chunk = 500;
        var now = clock.GetUtcNow().UtcDateTime;
        var written = 0;
        foreach (var daysBefore in ReminderPlan.LeadTimes)
        {
            for (var day = LondonTime.LocalDate(now); ReminderPlan.DueAt(LondonTime.Day(day).Start, daysBefore) <= now; day = day.AddDays(1))
            {
                var due = ReminderPlan.DueAt(LondonTime.Day(day).Start, daysBefore);
                var (start, end) = LondonTime.Day(day);
                var from = start > now ? start : now;
                while (true)
                {
                    var found = await db.Set<Appointment>().AsNoTracking()
                        .Where(a => a.Status == AppointmentStatus.Booked && a.StartsAt >= from && a.StartsAt < end && a.BookedAt < due && !a.WalkIn
                                    && !db.Set<Reminder>().Any(r => r.AppointmentId == a.Id && r.DaysBefore == daysBefore))
                        .OrderBy(a => a.StartsAt).Take(chunk).Select(a => new { a.Id, a.PatientId, a.StartsAt, a.BookedAt }).ToListAsync(ct);
                    if (found.Count == 0)
                    {
                        break;
                    }

                    var rows = found.Select(a => ReminderPlan.For(a.Id, a.PatientId, a.StartsAt, a.BookedAt, daysBefore, now).ToList()).ToList();
                    var saved = await SaveRowsAsync(rows.SelectMany(r => r), ct);
                    if (saved == 0)
                    {
                        // Another node wrote them all first.
                        break;
                    }

                    written += saved;
                    if (found.Count < chunk)
                    {
                        break;
                    }
                }
            }
        }

        return written;

        async Task<int> SaveRowsAsync(IEnumerable<Reminder> rows, CancellationToken token)
        {
            var list = rows.ToList();
            db.Set<Reminder>().AddRange(list);
            try
            {
                await db.SaveChangesAsync(token);
                return list.Count;
            }
            catch (DbUpdateException e) when (DbErrors.IsConflict(e))
            {
                // Some were written by another node at the same moment: write the rest one appointment at a time.
                db.ChangeTracker.Clear();
            }

            var count = 0;
            foreach (var group in list.GroupBy(r => r.AppointmentId))
            {
                db.Set<Reminder>().AddRange(group);
                try
                {
                    await db.SaveChangesAsync(token);
                    count += group.Count();
                }
                catch (DbUpdateException e) when (DbErrors.IsConflict(e))
                {
                    db.ChangeTracker.Clear();
                }
            }

            return count;
        }
    }

    /// <summary>
    /// Delivery receipts (ADR 0075): asks Notify for the status of messages it accepted whose status is not yet final,
    /// each at most every <c>ReceiptPollSeconds</c> and for <c>ReceiptDays</c> after sending, and stores it on the row.
    /// Asking twice (two nodes at once) is harmless: both write what Notify said. Returns how many rows were updated.
    /// </summary>
    public async Task<int> CheckReceiptsAsync(CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return 0;
        }

        var client = new NotificationClient(settings.BaseUrl, settings.ApiKey!);
        var now = clock.GetUtcNow().UtcDateTime;
        var askedBefore = now.AddSeconds(-settings.ReceiptPollSeconds);
        var sentAfter = now.AddDays(-settings.ReceiptDays);
        var rows = await db.Set<Reminder>().AsNoTracking()
            .Where(r => r.Status == ReminderStatus.Sent && r.NotifyId != null && r.DeliveredAt == null && r.SentAt > sentAfter
                        && (r.ReceiptCheckedAt == null || r.ReceiptCheckedAt <= askedBefore))
            .OrderBy(r => r.ReceiptCheckedAt ?? r.SentAt).Take(settings.BatchSize).Select(r => new { r.Id, r.NotifyId }).ToListAsync(ct);
        var updated = 0;
        foreach (var row in rows)
        {
            string? status;
            DateTime? completed;
            try
            {
                var n = await client.GetNotificationByIdAsync(row.NotifyId);
                status = n.status;
                completed = DeliveryStatuses.IsFinal(n.status) ? ParseTime(n.completedAt) ?? now : null;
            }
            catch (Exception e) when (e is NotifyClientException or HttpRequestException or TaskCanceledException or NotifyAuthException && !ct.IsCancellationRequested)
            {
                // Not known this time; asked again after the interval.
                log.LogWarning("Delivery status of reminder {Reminder} not available: {Error}", row.Id, e.GetType().Name);
                await db.Set<Reminder>().Where(r => r.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceiptCheckedAt, now), ct);
                continue;
            }

            var stored = status is null ? null : Short(status, 30);
            updated += await db.Set<Reminder>().Where(r => r.Id == row.Id && r.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeliveryStatus, stored).SetProperty(r => r.DeliveredAt, completed)
                    .SetProperty(r => r.ReceiptCheckedAt, now), ct);
        }

        return updated;
    }

    private static DateTime? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null;

    /// <summary>
    /// Takes the row for this node: one UPDATE whose WHERE repeats the conditions, so of two nodes racing for a row
    /// exactly one changes it (PostgreSQL re-checks the WHERE after the other's commit; SQLite has one writer).
    /// </summary>
    private async Task<(bool Claimed, bool TakenOver)> ClaimAsync(Guid id, DateTime now, CancellationToken ct)
    {
        var until = now.AddSeconds(settings.LeaseSeconds);
        var node = Node;
        var fresh = await db.Set<Reminder>()
            .Where(r => r.Id == id && r.Status == ReminderStatus.Pending && r.DueAt <= now && (r.NextAttemptAt == null || r.NextAttemptAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Sending).SetProperty(r => r.ClaimedBy, node)
                .SetProperty(r => r.ClaimedUntil, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
        if (fresh == 1)
        {
            return (true, false);
        }

        var takeover = await db.Set<Reminder>()
            .Where(r => r.Id == id && r.Status == ReminderStatus.Sending && r.ClaimedUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, node)
                .SetProperty(r => r.ClaimedUntil, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
        return (takeover == 1, takeover == 1);
    }

    private async Task<ReminderStatus> SendAsync(NotificationClient client, Guid id, bool takenOver, CancellationToken ct)
    {
        var reminder = await db.Set<Reminder>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
        var found = await (from a in db.Set<Appointment>().AsNoTracking()
                           join c in db.Set<Clinic>().AsNoTracking() on a.ClinicId equals c.Id
                           join s in db.Set<Slot>().AsNoTracking() on a.SlotId equals s.Id
                           join session in db.Set<ClinicSession>().AsNoTracking() on s.SessionId equals session.Id
                           where a.Id == reminder.AppointmentId
                           select new { a, c, SessionCancelled = session.Status == SessionStatus.Cancelled }).FirstAsync(ct);
        if (found.a.Status != AppointmentStatus.Booked || found.SessionCancelled)
        {
            return await FinishAsync(reminder, ReminderStatus.Withdrawn, null, "appointment no longer booked", ct);
        }

        var contact = await patients.GetContactAsync(reminder.PatientId, ct);
        if (contact is null || !contact.Active || contact.DateOfDeath is not null)
        {
            return await FinishAsync(reminder, ReminderStatus.Suppressed, null, "patient record not in use", ct);
        }

        // The channel is chosen now, from the choices recorded now (ADR 0075): an opt-out or a new preference recorded
        // after the booking still counts.
        var optedOut = await db.Set<ReminderOptOut>().AsNoTracking().Where(o => o.PatientId == reminder.PatientId).Select(o => o.Channel).ToListAsync(ct);
        var preference = await db.Set<ReminderPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == reminder.PatientId, ct);
        var mobile = ReminderPlan.Mobile(contact.Phone);
        var email = ReminderRouting.Email(preference?.Email);
        var reach = new ReachableBy(mobile is not null, email is not null,
            !string.IsNullOrWhiteSpace(contact.AddressLine1) && !string.IsNullOrWhiteSpace(contact.Postcode));
        if (ReminderRouting.WhyNot(reminder.Channel, reminder.DaysBefore, preference?.Preferred, reach, optedOut) is { } why)
        {
            return await FinishAsync(reminder, ReminderStatus.Suppressed, null, why, ct);
        }

        var template = reminder.Channel switch
        {
            ReminderChannel.Sms => settings.SmsTemplateId,
            ReminderChannel.Email => settings.EmailTemplateId,
            _ => settings.LetterTemplateId,
        };
        if (string.IsNullOrWhiteSpace(template))
        {
            return await FinishAsync(reminder, ReminderStatus.Suppressed, null, $"no {Codes.Of(reminder.Channel)} template configured", ct);
        }

        try
        {
            if (takenOver && await AlreadyAcceptedAsync(client, reminder.Reference) is { } existing)
            {
                // The node that claimed this row before us reached Notify and then died: never send it twice.
                return await FinishAsync(reminder, ReminderStatus.Sent, existing, null, ct);
            }

            var personalisation = Personalisation(found.a, found.c, contact);
            string notifyId;
            if (reminder.Channel == ReminderChannel.Sms)
            {
                notifyId = (await client.SendSmsAsync(mobile!, template, personalisation, reminder.Reference, null)).id;
            }
            else if (reminder.Channel == ReminderChannel.Email)
            {
                notifyId = (await client.SendEmailAsync(email!, template, personalisation, reminder.Reference, null)).id;
            }
            else
            {
                var lines = new[] { $"{contact.Title} {contact.GivenName} {contact.FamilyName}".Trim(), contact.AddressLine1, contact.AddressLine2, contact.Town, contact.Postcode }
                    .Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
                for (var i = 0; i < lines.Count; i++)
                {
                    personalisation[$"address_line_{i + 1}"] = lines[i]!;
                }

                notifyId = (await client.SendLetterAsync(template, personalisation, reminder.Reference)).id;
            }

            await audit.RecordAsync(AuditAction.Execute, $"Appointment/{reminder.AppointmentId}", reminder.PatientId,
                detail: $"{Codes.Of(reminder.Channel)} reminder ({reminder.DaysBefore} days before) sent through GOV.UK Notify", ct: ct);
            return await FinishAsync(reminder, ReminderStatus.Sent, notifyId, null, ct);
        }
        catch (NotifyClientException e) when (StatusOf(e) is >= 400 and < 500 and not 429)
        {
            // Notify refused the message itself (bad number, bad template, key not allowed): trying again cannot help.
            log.LogWarning("Notify refused reminder {Reminder}: status {Status}", reminder.Id, StatusOf(e));
            return await FinishAsync(reminder, ReminderStatus.Failed, null, Short($"Notify refused it (status {StatusOf(e)}): {e.Message}"), ct);
        }
        catch (Exception e) when (e is NotifyClientException or HttpRequestException or TaskCanceledException or NotifyAuthException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Reminder {Reminder} not sent this time: {Error}", reminder.Id, e.GetType().Name);
            var last = reminder.Attempts >= settings.MaxAttempts;
            return await FinishAsync(reminder, last ? ReminderStatus.Failed : ReminderStatus.Pending, null,
                Short($"{(last ? "gave up after" : "attempt")} {reminder.Attempts}: {e.Message}"), ct);
        }
    }

    private static async Task<string?> AlreadyAcceptedAsync(NotificationClient client, string reference)
    {
        var list = await client.GetNotificationsAsync(reference: reference);
        return list?.notifications?.FirstOrDefault(n => n.reference == reference)?.id;
    }

    private static Dictionary<string, dynamic> Personalisation(Appointment a, Clinic c, PatientContact contact) => new()
    {
        ["name"] = contact.GivenName,
        ["date"] = LondonTime.ToLocal(a.StartsAt).ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
        ["time"] = LondonTime.ToLocal(a.StartsAt).ToString("HH:mm", CultureInfo.InvariantCulture),
        ["clinic"] = c.Name,
        ["site"] = c.Site,
    };

    /// <summary>Records the outcome, only while this node still holds the claim (a takeover's result is not overwritten).</summary>
    private async Task<ReminderStatus> FinishAsync(Reminder reminder, ReminderStatus status, string? notifyId, string? error, CancellationToken ct)
    {
        var node = Node;
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? next = status == ReminderStatus.Pending ? now.AddSeconds(30 * Math.Pow(2, Math.Min(reminder.Attempts, 10))) : null;
        DateTime? sentAt = status == ReminderStatus.Sent ? now : null;
        await db.Set<Reminder>().Where(r => r.Id == reminder.Id && r.Status == ReminderStatus.Sending && r.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.NotifyId, notifyId).SetProperty(r => r.SentAt, sentAt)
                .SetProperty(r => r.LastError, error).SetProperty(r => r.NextAttemptAt, next)
                .SetProperty(r => r.ClaimedUntil, (DateTime?)null), ct);
        return status;
    }

    private static int? StatusOf(NotifyClientException e) =>
        StatusPattern().Match(e.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string Short(string text, int max = 500) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"Status code (\d{3})")]
    private static partial Regex StatusPattern();
}

/// <summary>Runs the dispatcher every <c>PollSeconds</c> on each web node, when a Notify key is configured.</summary>
public sealed class ReminderService(IServiceScopeFactory scopes, IOptions<NotifyOptions> options, ILogger<ReminderService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("Appointment reminders are off: no GOV.UK Notify API key is configured ({Section}:ApiKey).", NotifyOptions.Section);
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<ReminderDispatcher>();
                await dispatcher.RunOnceAsync(stoppingToken);
                await dispatcher.CheckReceiptsAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                // A database hiccup: the rows are still there; the next pass tries again.
                log.LogWarning("Reminder pass failed: {Error}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
