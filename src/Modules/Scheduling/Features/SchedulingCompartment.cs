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
/// referral, and the request for a service that transport is), and the enquiry log (a <c>Communication</c> each).
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
        return
        [
            .. found.Select(x => SchedulingFhir.ToAppointment(x.a, x.c)),
            .. referrals.Select(ToServiceRequest),
            .. transport.Select(ToServiceRequest),
            .. enquiries.Select(ToCommunication),
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
