using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// Scheduling's part of a patient's whole record (ADR 0072): every appointment (as <c>/fhir/Appointment</c> renders it),
/// referrals on the waiting list and transport requests (each a <c>ServiceRequest</c>: UK Core's resource for a
/// referral, and the request for a service that transport is), and the enquiry log and the reminders sent (a
/// <c>Communication</c> each).
/// </summary>
internal sealed class SchedulingCompartment(InfirmaryDbContext db) : IPatientCompartmentSource
{
    public const string CategorySystem = "https://infirmary.nhs.uk/CodeSystem/scheduling-request";

    public string Module => "Scheduling";

    public string Permission => Permissions.SchedulingRead;

    public IReadOnlyList<string> ResourceTypes { get; } = ["Appointment", "ServiceRequest", "Communication"];

    public async Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var found = await (from a in db.Set<Domain.Appointment>().AsNoTracking()
                           join c in db.Set<Clinic>().AsNoTracking() on a.ClinicId equals c.Id
                           where a.PatientId == patientId
                           orderby a.StartsAt
                           select new { a, c }).ToListAsync(ct);
        var referrals = await db.Set<Referral>().AsNoTracking().Where(r => r.PatientId == patientId).OrderBy(r => r.ReceivedOn).ToListAsync(ct);
        var transport = await db.Set<TransportRequest>().AsNoTracking().Where(t => t.PatientId == patientId).OrderBy(t => t.RequestedAt).ToListAsync(ct);
        var enquiries = await db.Set<Enquiry>().AsNoTracking().Where(e => e.PatientId == patientId).OrderBy(e => e.ReceivedAt).ToListAsync(ct);
        // Only reminders that went out are messages the patient was sent; pending, withdrawn and suppressed ones never left.
        var reminders = await db.Set<Reminder>().AsNoTracking().Where(r => r.PatientId == patientId && r.Status == ReminderStatus.Sent)
            .OrderBy(r => r.SentAt).ToListAsync(ct);
        return
        [
            .. found.Select(x => SchedulingFhir.ToAppointment(x.a, x.c)),
            .. referrals.Select(ToServiceRequest),
            .. transport.Select(ToServiceRequest),
            .. enquiries.Select(ToCommunication),
            .. reminders.Select(ToCommunication),
        ];
    }

    internal static ServiceRequest ToServiceRequest(Referral r) => new()
    {
        Id = r.Id.ToString(),
        Meta = new Meta { VersionId = r.Version.ToString(CultureInfo.InvariantCulture) },
        Status = r.ClockRunning ? RequestStatus.Active : RequestStatus.Completed,
        Intent = RequestIntent.Order,
        Category = [new CodeableConcept(CategorySystem, "referral", "Referral", "Referral")],
        Priority = r.Priority switch
        {
            ReferralPriority.Routine => RequestPriority.Routine,
            ReferralPriority.Urgent => RequestPriority.Urgent,
            _ => RequestPriority.Asap,
        },
        Code = new CodeableConcept { Text = r.Specialty },
        Subject = new ResourceReference($"Patient/{r.PatientId}"),
        AuthoredOn = r.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Requester = new ResourceReference { Display = r.Referrer },
        Note = r.ClockRunning
            ? []
            : [new Annotation { Text = new Markdown($"Referral-to-treatment clock stopped on {r.ClockStoppedOn:yyyy-MM-dd}: {r.StopReason}{(r.StopNote is null ? string.Empty : $" ({r.StopNote})")}") }],
    };

    internal static ServiceRequest ToServiceRequest(TransportRequest t) => new()
    {
        Id = t.Id.ToString(),
        Status = t.Status == TransportStatus.Cancelled ? RequestStatus.Revoked : RequestStatus.Active,
        Intent = RequestIntent.Order,
        Category = [new CodeableConcept(CategorySystem, "transport", "Non-emergency patient transport", "Non-emergency patient transport")],
        Code = new CodeableConcept { Text = $"Transport ({t.Mobility}{(t.Escort ? ", with escort" : string.Empty)}{(t.ReturnJourney ? ", return journey" : string.Empty)})" },
        Subject = new ResourceReference($"Patient/{t.PatientId}"),
        Occurrence = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(t.AppointmentStartsAt, DateTimeKind.Utc))),
        AuthoredOn = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(t.RequestedAt, DateTimeKind.Utc))).Value,
        Requester = new ResourceReference { Display = t.RequestedBy },
        SupportingInfo = [new ResourceReference($"Appointment/{t.AppointmentId}")],
        Note = t.CancelledAt is null ? [] : [new Annotation { Text = new Markdown($"Cancelled: {t.CancelReason}") }],
    };

    /// <summary>A reminder that was sent, as the message it was: by which medium, when, about which appointment.</summary>
    internal static Communication ToCommunication(Reminder r) => new()
    {
        Id = r.Id.ToString(),
        Identifier = [new Identifier("https://infirmary.nhs.uk/Id/reminder-reference", r.Reference)],
        Status = EventStatus.Completed,
        Category = [new CodeableConcept(CategorySystem, "appointment-reminder", "Appointment reminder", "Appointment reminder")],
        Medium = [r.Channel switch
        {
            ReminderChannel.Sms => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "SMSWRIT", "SMS message", "Text message"),
            ReminderChannel.Email => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "EMAILWRIT", "email", "Email"),
            _ => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "MAILWRIT", "mail", "Letter"),
        }],
        Subject = new ResourceReference($"Patient/{r.PatientId}"),
        About = [new ResourceReference($"Appointment/{r.AppointmentId}")],
        Sent = r.SentAt is { } sent ? new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc))).Value : null,
        Recipient = [new ResourceReference($"Patient/{r.PatientId}")],
        Payload = [new Communication.PayloadComponent
        {
            Content = new FhirString($"Reminder {r.DaysBefore} day{(r.DaysBefore == 1 ? string.Empty : "s")} before the appointment; delivery: {DeliveryStatuses.Describe(r.DeliveryStatus)}"),
        }],
    };

    internal static Communication ToCommunication(Enquiry e) => new()
    {
        Id = e.Id.ToString(),
        Status = EventStatus.Completed,
        Category = [new CodeableConcept { Text = $"{e.Channel} enquiry from {e.From}" }],
        Subject = new ResourceReference($"Patient/{e.PatientId}"),
        Received = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(e.ReceivedAt, DateTimeKind.Utc))).Value,
        Sender = e.FromName is null ? null : new ResourceReference { Display = e.FromName },
        Recipient = [new ResourceReference { Display = e.RecordedByName }],
        About = e.AppointmentId is { } a ? [new ResourceReference($"Appointment/{a}")] : [],
        Payload = [new Communication.PayloadComponent { Content = new FhirString(e.Action is null ? e.Summary : $"{e.Summary} Action: {e.Action}") }],
    };
}
