namespace Infirmary.Scheduling.Domain;

/// <summary>How soon a referral must be seen: routine, urgent, or a suspected cancer (two-week wait).</summary>
public enum ReferralPriority
{
    Routine,
    Urgent,
    TwoWeekWait,
}

/// <summary>
/// Why a referral-to-treatment clock stopped (ADR 0040): treatment started, a decision not to treat or to monitor,
/// the patient declined or did not attend, or the referral left the list for another reason.
/// </summary>
public enum ClockStop
{
    Treated,
    NotTreating,
    ActiveMonitoring,
    PatientDeclined,
    DidNotAttend,
    NoLongerNeeded,
    Deceased,
    Transferred,
}

/// <summary>
/// A referral waiting for its first appointment, with its referral-to-treatment (RTT) clock. The clock starts on the
/// day the referral was received and runs until it is stopped with a reason; there are no pauses (ADR 0040).
/// Appointments booked from the list name the referral (<see cref="Appointment.ReferralId"/>), so a cancelled or
/// rebooked appointment leaves the list right without a second copy of the booking here.
/// </summary>
public sealed class Referral
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid PatientId { get; set; }

    public string Specialty { get; set; } = string.Empty;

    /// <summary>The day the referral was received (Europe/London): day 0 of the clock.</summary>
    public DateOnly ReceivedOn { get; set; }

    public ReferralPriority Priority { get; set; }

    /// <summary>Who referred: "Dr A Patel, Park Row Surgery (B86001)".</summary>
    public string Referrer { get; set; } = string.Empty;

    public string? Notes { get; set; }

    public DateOnly? ClockStoppedOn { get; set; }

    public ClockStop? StopReason { get; set; }

    public string? StopNote { get; set; }

    public string? StoppedById { get; set; }

    public string? StoppedByName { get; set; }

    public DateTime AddedAt { get; set; }

    public string AddedById { get; set; } = string.Empty;

    public string AddedByName { get; set; } = string.Empty;

    /// <summary>Bumped by every change and by booking from the list, so two clerks cannot book one referral twice at once.</summary>
    public int Version { get; set; } = 1;

    public bool ClockRunning => ClockStoppedOn is null;
}

/// <summary>
/// The 18-week referral-to-treatment standard in whole days (ADR 0040): day 0 is the day the referral is received;
/// a wait is within 18 weeks up to and including day 126, and breaches on day 127. Weeks waited are completed weeks.
/// </summary>
public static class RttClock
{
    public const int StandardWeeks = 18;

    public const int StandardDays = StandardWeeks * 7;

    public static int DaysWaited(DateOnly receivedOn, DateOnly asOf) => Math.Max(0, asOf.DayNumber - receivedOn.DayNumber);

    public static int WeeksWaited(DateOnly receivedOn, DateOnly asOf) => DaysWaited(receivedOn, asOf) / 7;

    /// <summary>The first day on which the wait is more than 18 weeks.</summary>
    public static DateOnly BreachesOn(DateOnly receivedOn) => receivedOn.AddDays(StandardDays + 1);

    public static bool Breached(DateOnly receivedOn, DateOnly asOf) => asOf >= BreachesOn(receivedOn);
}
