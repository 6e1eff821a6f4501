namespace Infirmary.Scheduling.Domain;

public enum EnquiryChannel
{
    Phone,
    Email,
}

/// <summary>Who made the enquiry: the patient, someone for them, or another service.</summary>
public enum EnquiryFrom
{
    Patient,
    Relative,
    Carer,
    Gp,
    Other,
}

/// <summary>
/// One phone call or email to reception about a patient (issue 4, scope 3): when, how, from whom, what it was about and
/// what was done, optionally about one appointment. Kept as written: an enquiry is a record of what was said, not edited.
/// </summary>
public sealed class Enquiry
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid PatientId { get; set; }

    public Guid? AppointmentId { get; set; }

    public EnquiryChannel Channel { get; set; }

    public EnquiryFrom From { get; set; }

    /// <summary>The caller's or sender's name when not the patient.</summary>
    public string? FromName { get; set; }

    public string Summary { get; set; } = string.Empty;

    public string? Action { get; set; }

    public DateTime ReceivedAt { get; set; }

    public string RecordedById { get; set; } = string.Empty;

    public string RecordedByName { get; set; } = string.Empty;
}
