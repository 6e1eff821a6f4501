namespace Infirmary.Patients.Domain;

public enum AccessRequestStatus
{
    Received,
    IdentityVerified,
    InProgress,
    Disclosed,
    Refused,
    Withdrawn,
}

/// <summary>
/// A subject access request (UK GDPR Article 15) for a patient's records: who asked, on whose behalf, for what, when
/// it arrived, when it is due, and what was disclosed (ADR 0047).
/// </summary>
public sealed class AccessRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid PatientId { get; set; }

    public string RequesterName { get; set; } = string.Empty;

    /// <summary>The requester's relationship to the patient: the patient themself, a parent, a solicitor, …</summary>
    public string Relationship { get; set; } = string.Empty;

    /// <summary>What the request asks for, in the requester's terms (e.g. "all records since 2019").</summary>
    public string Scope { get; set; } = string.Empty;

    public DateOnly ReceivedOn { get; set; }

    /// <summary>One calendar month after receipt (<see cref="AccessRequestDeadline.Due"/>).</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>Set when the request is complex and the deadline is extended by one or two further months.</summary>
    public int ExtensionMonths { get; set; }

    public string? ExtensionReason { get; set; }

    public AccessRequestStatus Status { get; set; }

    public string? StatusNote { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>What was disclosed, in words (and the export below).</summary>
    public string? DisclosureNote { get; set; }

    /// <summary>The FHIR <c>$everything</c> bundle as it was disclosed, kept with the request.</summary>
    public string? DisclosedExport { get; set; }

    public string CreatedById { get; set; } = string.Empty;

    public string CreatedByName { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public int Version { get; set; } = 1;

    public DateOnly EffectiveDueOn => AccessRequestDeadline.Due(ReceivedOn, ExtensionMonths);

    public bool Open => Status is AccessRequestStatus.Received or AccessRequestStatus.IdentityVerified or AccessRequestStatus.InProgress;

    public bool OverdueOn(DateOnly today) => Open && today > EffectiveDueOn;
}

/// <summary>
/// The ICO's rule: a response is due one calendar month after the day of receipt — the same date next month, or the
/// last day of next month when that date does not exist (received 31 January → due 28 or 29 February). A complex
/// request may be extended by up to two further months, counted the same way from receipt.
/// </summary>
public static class AccessRequestDeadline
{
    public const int MaxExtensionMonths = 2;

    // DateOnly.AddMonths keeps the day of the month and falls back to the month's last day when it has no such day.
    public static DateOnly Due(DateOnly received, int extensionMonths = 0) => received.AddMonths(1 + extensionMonths);
}
