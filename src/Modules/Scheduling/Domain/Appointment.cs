namespace Infirmary.Scheduling.Domain;

/// <summary>
/// A patient's booking into a slot. The slot, clinician, place and times are copied from the slot (a foreign key on
/// all five keeps the copy honest) so the database can refuse two confirmed bookings of one slot or of one
/// clinician's time; an overbooking is deliberate, by permission, with a reason, and outside those rules.
/// </summary>
public sealed class Appointment
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SlotId { get; set; }

    public Guid ClinicId { get; set; }

    public Guid ClinicianId { get; set; }

    public int Place { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public SlotType Type { get; set; }

    public Guid PatientId { get; set; }

    public AppointmentStatus Status { get; set; } = AppointmentStatus.Booked;

    public DateTime BookedAt { get; set; }

    public string BookedById { get; set; } = string.Empty;

    public string BookedByName { get; set; } = string.Empty;

    public bool Overbooked { get; set; }

    public string? OverbookReason { get; set; }

    public string? OverbookedById { get; set; }

    public string? OverbookedByName { get; set; }

    public bool WalkIn { get; set; }

    /// <summary>The appointment this one replaced when it was rebooked.</summary>
    public Guid? RebookedFromId { get; set; }

    /// <summary>The waiting-list referral this (first) appointment was booked from; a rebooking keeps it.</summary>
    public Guid? ReferralId { get; set; }

    public DateTime? CancelledAt { get; set; }

    public string? CancellationReason { get; set; }

    public CancelledBy? CancelledBy { get; set; }

    public string? CancelledById { get; set; }

    public string? CancelledByName { get; set; }

    public DateTime? ArrivedAt { get; set; }

    public DateTime? SeenAt { get; set; }

    /// <summary>When did-not-attend or left was recorded.</summary>
    public DateTime? OutcomeAt { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>Holds its slot and its clinician's time: every status but cancelled, unless overbooked.</summary>
    public bool HoldsSlot => Status != AppointmentStatus.Cancelled && !Overbooked;

    public static Appointment For(Slot slot, Guid patientId, DateTime now, string byId, string byName) => new()
    {
        SlotId = slot.Id,
        ClinicId = slot.ClinicId,
        ClinicianId = slot.ClinicianId,
        Place = slot.Place,
        StartsAt = slot.StartsAt,
        EndsAt = slot.EndsAt,
        Type = slot.Type,
        PatientId = patientId,
        BookedAt = now,
        BookedById = byId,
        BookedByName = byName,
    };
}
