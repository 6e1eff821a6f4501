namespace Infirmary.Scheduling.Domain;

public enum ReminderChannel
{
    Sms,
    Email,
    Letter,
}

/// <summary>
/// Where a reminder stands (ADR 0041): <c>pending</c> until due; <c>sending</c> while one node holds its claim;
/// then <c>sent</c> (Notify accepted it), <c>failed</c> (Notify refused it, or too many tries), <c>withdrawn</c>
/// (the appointment was cancelled or moved) or <c>suppressed</c> (opted out, or no address for the channel).
/// </summary>
public enum ReminderStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
    Withdrawn,
    Suppressed,
}

/// <summary>
/// One message in the reminder outbox: an appointment, a channel and a due time. Written in the booking's own
/// transaction; sent by the dispatcher, which claims the row first so no two nodes send it. Its <see cref="Reference"/>
/// goes to GOV.UK Notify with the message, so after a crash a retry can ask Notify whether it already has it.
/// </summary>
public sealed class Reminder
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AppointmentId { get; set; }

    public Guid PatientId { get; set; }

    public ReminderChannel Channel { get; set; }

    /// <summary>Days before the appointment: 7 or 1.</summary>
    public int DaysBefore { get; set; }

    public DateTime DueAt { get; set; }

    public ReminderStatus Status { get; set; } = ReminderStatus.Pending;

    public int Attempts { get; set; }

    /// <summary>Not tried again before this instant (after a temporary failure).</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>The node holding the claim and until when; a claim that runs out (the node died) may be taken over.</summary>
    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    /// <summary>Sent to Notify as the client reference: "infirmary-reminder-{id}".</summary>
    public string Reference { get; set; } = string.Empty;

    public string? NotifyId { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Notify's own status for the message once sent (ADR 0075): <c>sending</c>, <c>delivered</c>, <c>permanent-failure</c>…</summary>
    public string? DeliveryStatus { get; set; }

    /// <summary>When Notify says the message reached its end state (delivered, or failed for good).</summary>
    public DateTime? DeliveredAt { get; set; }

    /// <summary>When the dispatcher last asked Notify for the delivery status.</summary>
    public DateTime? ReceiptCheckedAt { get; set; }

    public static string ReferenceFor(Guid id) => $"infirmary-reminder-{id:N}";
}

/// <summary>A patient's choice not to be sent reminders by one channel.</summary>
public sealed class ReminderOptOut
{
    public Guid PatientId { get; set; }

    public ReminderChannel Channel { get; set; }

    public DateTime RecordedAt { get; set; }

    public string RecordedBy { get; set; } = string.Empty;
}

/// <summary>
/// How a patient would like to be reminded (ADR 0075): the channel tried first and the email address reminders go to.
/// Kept by Scheduling because the patient index records no email address; recorded by reception.
/// </summary>
public sealed class ReminderPreference
{
    public Guid PatientId { get; set; }

    /// <summary>The channel tried first; null: the usual order (text, email, letter).</summary>
    public ReminderChannel? Preferred { get; set; }

    public string? Email { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>Notify's delivery statuses and which of them are final (no need to ask again).</summary>
public static class DeliveryStatuses
{
    private static readonly HashSet<string> Final = new(StringComparer.OrdinalIgnoreCase)
    {
        "delivered", "received", "permanent-failure", "temporary-failure", "technical-failure", "cancelled", "validation-failed", "virus-scan-failed",
    };

    public static bool IsFinal(string? status) => status is not null && Final.Contains(status);

    public static bool IsFailure(string? status) => status is not null && status.EndsWith("failure", StringComparison.OrdinalIgnoreCase)
        || string.Equals(status, "validation-failed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "virus-scan-failed", StringComparison.OrdinalIgnoreCase)
        || string.Equals(status, "cancelled", StringComparison.OrdinalIgnoreCase);

    /// <summary>In words for the appointment page.</summary>
    public static string Describe(string? status) => status?.ToLowerInvariant() switch
    {
        null => "Not known yet",
        "created" or "sending" or "pending" or "accepted" or "pending-virus-check" => "On its way",
        "sent" => "Sent (no receipt from abroad)",
        "delivered" => "Delivered",
        "received" => "Posted",
        "permanent-failure" => "Not delivered: the address or number is wrong",
        "temporary-failure" => "Not delivered: the phone was off or the inbox full",
        "technical-failure" => "Not delivered: a fault at Notify",
        "cancelled" => "Cancelled at Notify",
        "validation-failed" or "virus-scan-failed" => "Not sent: Notify refused the letter",
        var other => other,
    };
}

/// <summary>What the dispatcher knows of a patient when a reminder falls due.</summary>
public sealed record ReachableBy(bool Mobile, bool Email, bool PostalAddress);

/// <summary>
/// Which channel reminds the patient at one lead time (ADR 0075): the preferred channel if the patient can be reached
/// by it and has not opted out, otherwise text, then email, then letter. A letter is only ever the 7-day reminder
/// (it would arrive after a 1-day one's appointment). One channel per lead time, so nobody gets the same reminder twice.
/// </summary>
public static class ReminderRouting
{
    private static readonly ReminderChannel[] Order = [ReminderChannel.Sms, ReminderChannel.Email, ReminderChannel.Letter];

    public static ReminderChannel? Choose(int daysBefore, ReminderChannel? preferred, ReachableBy reach, IReadOnlyCollection<ReminderChannel> optedOut)
    {
        bool Usable(ReminderChannel c) => !optedOut.Contains(c) && c switch
        {
            ReminderChannel.Sms => reach.Mobile,
            ReminderChannel.Email => reach.Email,
            _ => reach.PostalAddress && daysBefore >= 7,
        };

        if (preferred is { } p && Usable(p))
        {
            return p;
        }

        foreach (var c in Order)
        {
            if (Usable(c))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Why a reminder of this channel is not the one sent, or null when it is.</summary>
    public static string? WhyNot(ReminderChannel channel, int daysBefore, ReminderChannel? preferred, ReachableBy reach, IReadOnlyCollection<ReminderChannel> optedOut)
    {
        if (optedOut.Contains(channel))
        {
            return "patient opted out";
        }

        var chosen = Choose(daysBefore, preferred, reach, optedOut);
        if (chosen == channel)
        {
            return null;
        }

        return chosen switch
        {
            ReminderChannel.Sms => "reminded by text instead",
            ReminderChannel.Email => "reminded by email instead",
            ReminderChannel.Letter => "reminded by letter instead",
            _ => channel switch
            {
                ReminderChannel.Sms => "no mobile number",
                ReminderChannel.Email => "no email address recorded",
                _ when daysBefore < 7 => "too late for a letter",
                _ => "no postal address",
            },
        };
    }

    /// <summary>A plausible email address (one @, something either side, a dot in the domain, no spaces), trimmed; or null.</summary>
    public static string? Email(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t) || t.Length > 254 || t.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var at = t.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != t.LastIndexOf('@') || at == t.Length - 1)
        {
            return null;
        }

        var domain = t[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') ? t : null;
    }
}
