using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// GOV.UK Notify settings (<c>Infirmary:Notify</c>). With no API key the dispatcher does not run, so the demo and a
/// machine without network send nothing; reminders still queue in the outbox.
/// </summary>
public sealed class NotifyOptions
{
    public const string Section = "Infirmary:Notify";

    public string BaseUrl { get; set; } = "https://api.notifications.service.gov.uk";

    /// <summary>"name-{service id}-{secret}", as Notify issues it. Empty: reminders are not sent.</summary>
    public string? ApiKey { get; set; }

    public string? SmsTemplateId { get; set; }

    public string? EmailTemplateId { get; set; }

    public string? LetterTemplateId { get; set; }

    public int PollSeconds { get; set; } = 30;

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim lasts; a node that dies mid-send loses it after this and another node takes over.</summary>
    public int LeaseSeconds { get; set; } = 120;

    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often one sent message's delivery status is asked of Notify, until it is final (ADR 0075).</summary>
    public int ReceiptPollSeconds { get; set; } = 300;

    /// <summary>How long after sending Notify is still asked; Notify keeps messages for 7 days.</summary>
    public int ReceiptDays { get; set; } = 7;

    /// <summary>Names this node on the rows it claims (default: machine name and process id).</summary>
    public string? NodeName { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>
/// When reminders are due (ADR 0041, 0075): a row per channel 7 days and 1 day before (a letter only 7 days before),
/// each at 10:00 UK time on that day. When a row falls due the dispatcher sends it only if its channel is the one
/// <see cref="ReminderRouting"/> picks for the patient then, so each lead time reminds the patient once. A reminder
/// already due at booking time is not made: a patient booked for tomorrow afternoon at 16:00 today gets no "7 days" message.
/// </summary>
public static class ReminderPlan
{
    public static readonly TimeOnly SendAt = new(10, 0);

    public static readonly (ReminderChannel Channel, int DaysBefore)[] Rules =
        [(ReminderChannel.Sms, 7), (ReminderChannel.Sms, 1), (ReminderChannel.Email, 7), (ReminderChannel.Email, 1), (ReminderChannel.Letter, 7)];

    public static IEnumerable<Reminder> For(Appointment appointment, DateTime now)
    {
        var day = LondonTime.LocalDate(appointment.StartsAt);
        foreach (var (channel, daysBefore) in Rules)
        {
            var due = LondonTime.ToUtc(day.AddDays(-daysBefore), SendAt);
            if (due <= now)
            {
                continue;
            }

            var id = Guid.NewGuid();
            yield return new Reminder
            {
                Id = id, AppointmentId = appointment.Id, PatientId = appointment.PatientId, Channel = channel, DaysBefore = daysBefore,
                DueAt = due, Reference = Reminder.ReferenceFor(id), CreatedAt = now,
            };
        }
    }

    /// <summary>A UK mobile number (07…, +447…), in the form Notify takes, or null for a landline or nothing.</summary>
    public static string? Mobile(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string([.. phone.Where(char.IsDigit)]);
        if (digits.StartsWith("447", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..];
        }

        return digits.Length == 11 && digits.StartsWith("07", StringComparison.Ordinal) ? digits : null;
    }
}

/// <summary>Opt-outs per channel (<c>sms</c>, <c>email</c>, <c>letter</c>), recorded and withdrawn by reception.</summary>
public sealed record OptOutInput(string? Channel);

/// <summary>How the patient would like reminders: <c>preferred</c> (sms, email, letter, or empty for the usual order) and <c>email</c>.</summary>
public sealed record PreferenceInput(string? Preferred, string? Email);

/// <summary>A patient's reminder choices as recorded: the preferred channel, the email address and the opt-outs.</summary>
public sealed record ReminderChoices(ReminderChannel? Preferred, string? Email, IReadOnlyList<ReminderChannel> OptedOut, DateTime? UpdatedAt, string? UpdatedBy);

/// <summary>The outbox side of booking and cancelling, and the patient's reminder opt-outs.</summary>
public sealed class ReminderOutbox(InfirmaryDbContext db, Infirmary.Platform.Audit.AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    /// <summary>Withdraws an appointment's reminders not yet sent (the caller saves, in the cancellation's transaction).</summary>
    internal async Task WithdrawAsync(Guid appointmentId, CancellationToken ct)
    {
        foreach (var r in await db.Set<Reminder>().Where(r => r.AppointmentId == appointmentId && r.Status == ReminderStatus.Pending).ToListAsync(ct))
        {
            r.Status = ReminderStatus.Withdrawn;
        }
    }

    public async Task<IReadOnlyList<Reminder>> ForAppointmentAsync(Guid appointmentId, CancellationToken ct) =>
        await db.Set<Reminder>().AsNoTracking().Where(r => r.AppointmentId == appointmentId).OrderBy(r => r.DueAt).ThenBy(r => r.Channel).ToListAsync(ct);

    public async Task<IReadOnlyList<ReminderChannel>> OptOutsAsync(Guid patientId, CancellationToken ct) =>
        await db.Set<ReminderOptOut>().AsNoTracking().Where(o => o.PatientId == patientId).Select(o => o.Channel).ToListAsync(ct);

    public async Task<ReminderChoices> ChoicesAsync(Guid patientId, CancellationToken ct)
    {
        var pref = await db.Set<ReminderPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId, ct);
        return new ReminderChoices(pref?.Preferred, pref?.Email, await OptOutsAsync(patientId, ct), pref?.UpdatedAt, pref?.UpdatedBy);
    }

    /// <summary>Records the preferred channel and email address; an empty email removes it.</summary>
    public async Task<Result<ReminderChoices>> SetPreferenceAsync(Guid patientId, PreferenceInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        ReminderChannel? preferred = null;
        if (!string.IsNullOrWhiteSpace(input.Preferred))
        {
            if (Codes.TryParse<ReminderChannel>(input.Preferred, out var c))
            {
                preferred = c;
            }
            else
            {
                errors["preferred"] = ["Choose text message (sms), email or letter, or leave it empty for the usual order."];
            }
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            email = ReminderRouting.Email(input.Email);
            if (email is null)
            {
                errors["email"] = ["Enter an email address in the correct format, like name@example.com."];
            }
        }
        else if (preferred == ReminderChannel.Email)
        {
            errors["email"] = ["Enter the email address reminders should go to, or choose another channel."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<ReminderChoices>(errors, "The reminder preferences need correcting");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Set<ReminderPreference>().FirstOrDefaultAsync(p => p.PatientId == patientId, ct);
        if (existing is null)
        {
            db.Set<ReminderPreference>().Add(existing = new ReminderPreference { PatientId = patientId });
        }

        existing.Preferred = preferred;
        existing.Email = email;
        existing.UpdatedAt = now;
        existing.UpdatedBy = Who.Name(actors.Current);
        audit.Add(Infirmary.Platform.Audit.AuditAction.Update, $"Patient/{patientId}", patientId,
            detail: $"reminder preference {(preferred is { } p ? Codes.Of(p) : "usual order")}{(email is null ? ", no email" : ", email recorded")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // Two people saved the first preference at once: try once more as an update.
            db.ChangeTracker.Clear();
            return await SetPreferenceAsync(patientId, input, ct);
        }

        return Result.Ok(await ChoicesAsync(patientId, ct));
    }

    public async Task<Result<IReadOnlyList<ReminderChannel>>> SetOptOutAsync(Guid patientId, OptOutInput input, bool optOut, CancellationToken ct)
    {
        if (!Codes.TryParse<ReminderChannel>(input.Channel, out var channel))
        {
            return Result.Invalid<IReadOnlyList<ReminderChannel>>("channel", "Say which reminders: sms, email or letter.");
        }

        var existing = await db.Set<ReminderOptOut>().FirstOrDefaultAsync(o => o.PatientId == patientId && o.Channel == channel, ct);
        if (optOut && existing is null)
        {
            db.Set<ReminderOptOut>().Add(new ReminderOptOut
            {
                PatientId = patientId, Channel = channel, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedBy = Who.Name(actors.Current),
            });
        }
        else if (!optOut && existing is not null)
        {
            db.Set<ReminderOptOut>().Remove(existing);
        }

        audit.Add(Infirmary.Platform.Audit.AuditAction.Update, $"Patient/{patientId}", patientId, detail: $"{Codes.Of(channel)} reminders {(optOut ? "opted out" : "opted in")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // Two people recorded the same opt-out at once: the one stored is the answer.
            db.ChangeTracker.Clear();
        }

        return Result.Ok(await OptOutsAsync(patientId, ct));
    }
}
