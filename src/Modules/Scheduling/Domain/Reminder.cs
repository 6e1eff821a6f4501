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
