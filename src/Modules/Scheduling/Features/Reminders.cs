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
/// When reminders are due (ADR 0041, 0075, 0150): a row per channel 7 days and 1 day before (a letter only 7 days before),
/// each at 10:00 UK time on that day. The rows are not written when the appointment is booked: the dispatcher writes a
/// lead time's rows when it falls due (<see cref="ReminderDispatcher.QueueDueAsync"/>), for appointments still booked
/// then, and sends only the row whose channel <see cref="ReminderRouting"/> picks for the patient then, so each lead
/// time reminds the patient once. A reminder already due when the appointment was booked is not made: a patient booked
/// at 16:00 today for tomorrow afternoon gets no "7 days" message. A planned row's id (and so its Notify reference) is
/// fixed by the appointment, channel and lead time, so the row listed before it is written is the row later sent.
/// </summary>
public static class ReminderPlan
{
    public static readonly TimeOnly SendAt = new(10, 0);

    public static readonly (ReminderChannel Channel, int DaysBefore)[] Rules =
        [(ReminderChannel.Sms, 7), (ReminderChannel.Sms, 1), (ReminderChannel.Email, 7), (ReminderChannel.Email, 1), (ReminderChannel.Letter, 7)];

    /// <summary>The lead times of <see cref="Rules"/>, longest first.</summary>
    public static readonly int[] LeadTimes = [.. Rules.Select(r => r.DaysBefore).Distinct().OrderDescending()];

    /// <summary>When the reminder <paramref name="daysBefore"/> days before an appointment starting then falls due.</summary>
    public static DateTime DueAt(DateTime startsAt, int daysBefore) =>
        LondonTime.ToUtc(LondonTime.LocalDate(startsAt).AddDays(-daysBefore), SendAt);

    /// <summary>The reminder rows an appointment has planned (none for a walk-in), whether written yet or not.</summary>
    public static IEnumerable<Reminder> For(Appointment appointment) =>
        appointment.WalkIn ? [] : LeadTimes.SelectMany(days => For(appointment.Id, appointment.PatientId, appointment.StartsAt, appointment.BookedAt, days, appointment.BookedAt));

    /// <summary>
    /// The rows of one lead time of an appointment booked at <paramref name="bookedAt"/>: none when that reminder was
    /// already due at booking time.
    /// </summary>
    public static IEnumerable<Reminder> For(Guid appointmentId, Guid patientId, DateTime startsAt, DateTime bookedAt, int daysBefore, DateTime createdAt)
    {
        var due = DueAt(startsAt, daysBefore);
        if (due <= bookedAt)
        {
            yield break;
        }

        foreach (var (channel, _) in Rules.Where(r => r.DaysBefore == daysBefore))
        {
            var id = IdFor(appointmentId, channel, daysBefore);
            yield return new Reminder
            {
                Id = id, AppointmentId = appointmentId, PatientId = patientId, Channel = channel, DaysBefore = daysBefore,
                DueAt = due, Reference = Reminder.ReferenceFor(id), CreatedAt = createdAt,
            };
        }
    }

    /// <summary>
    /// The id of an appointment's reminder of one channel and lead time: the same on every node and every time, so a
    /// row written twice is refused by its key and the reference Notify sees is known before the row is written.
    /// </summary>
    public static Guid IdFor(Guid appointmentId, ReminderChannel channel, int daysBefore)
    {
        Span<byte> input = stackalloc byte[24];
        appointmentId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], (int)channel);
        BitConverter.TryWriteBytes(input[20..], daysBefore);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(input, hash);
        // An RFC 9562 version 8 (custom) UUID: the hash with the version and variant bits set.
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }

    /// <summary>
    /// The UTC instant before which an appointment must start for any of its reminders to be due at <paramref name="now"/>:
    /// the start of the local day after the last day whose longest-lead reminder has fallen due.
    /// </summary>
    public static DateTime DueHorizon(DateTime now, int daysBefore)
    {
        var today = LondonTime.LocalDate(now);
        var lastDay = today.AddDays(LondonTime.ToUtc(today, SendAt) <= now ? daysBefore : daysBefore - 1);
        return LondonTime.Day(lastDay).End;
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
    /// <summary>
    /// Withdraws an appointment's reminders written and not yet sent (the caller saves, in the cancellation's
    /// transaction). Those not yet due have no rows: the dispatcher writes rows only for appointments still booked.
    /// </summary>
    internal async Task WithdrawAsync(Guid appointmentId, CancellationToken ct)
    {
        foreach (var r in await db.Set<Reminder>().Where(r => r.AppointmentId == appointmentId && r.Status == ReminderStatus.Pending).ToListAsync(ct))
        {
            r.Status = ReminderStatus.Withdrawn;
        }
    }

    /// <summary>
    /// An appointment's reminders: the rows written (due, sent, suppressed…) and, until they fall due, the rows it has
    /// planned (ADR 0150), shown as waiting while the appointment is booked and as withdrawn once it is not.
    /// </summary>
    public async Task<IReadOnlyList<Reminder>> ForAppointmentAsync(Guid appointmentId, CancellationToken ct)
    {
        var stored = await db.Set<Reminder>().AsNoTracking().Where(r => r.AppointmentId == appointmentId).ToListAsync(ct);
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        var all = new List<Reminder>(stored);
        if (appointment is not null)
        {
            foreach (var planned in ReminderPlan.For(appointment))
            {
                if (!stored.Any(r => r.Channel == planned.Channel && r.DaysBefore == planned.DaysBefore))
                {
                    planned.Status = appointment.Status == AppointmentStatus.Booked ? ReminderStatus.Pending : ReminderStatus.Withdrawn;
                    all.Add(planned);
                }
            }
        }

        return [.. all.OrderBy(r => r.DueAt).ThenBy(r => r.Channel)];
    }

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
