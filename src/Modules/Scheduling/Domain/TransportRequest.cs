namespace Infirmary.Scheduling.Domain;

public enum Mobility
{
    Walking,
    Walker,
    Wheelchair,
    Stretcher,
}

public enum TransportStatus
{
    Requested,
    Cancelled,
}

/// <summary>
/// Non-emergency patient transport to an appointment (and back, when asked). The eligibility answers follow the
/// NHS England non-emergency patient transport eligibility criteria (2022): a medical need for transport, or a
/// significant mobility need, makes a patient eligible. Cancelled with its appointment.
/// </summary>
public sealed class TransportRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AppointmentId { get; set; }

    public Guid PatientId { get; set; }

    public DateTime AppointmentStartsAt { get; set; }

    public TransportStatus Status { get; set; } = TransportStatus.Requested;

    /// <summary>The patient's medical condition means they need the skills or support of transport staff on the way.</summary>
    public bool MedicalNeed { get; set; }

    /// <summary>The patient cannot reasonably use public or private transport because of a significant mobility need.</summary>
    public bool MobilityNeed { get; set; }

    public Mobility Mobility { get; set; }

    public bool Escort { get; set; }

    public string? EscortReason { get; set; }

    public string PickupAddress { get; set; } = string.Empty;

    public bool ReturnJourney { get; set; }

    public DateTime RequestedAt { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTime? CancelledAt { get; set; }

    public string? CancelReason { get; set; }

    public bool Eligible => MedicalNeed || MobilityNeed;
}
