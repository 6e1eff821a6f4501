using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// Referrals and transport requests (ServiceRequest), logged enquiries and sent reminders (Communication) read by id, so every entry of
/// a patient's <c>$everything</c> bundle that Scheduling contributes (<see cref="SchedulingCompartment"/>) can be fetched
/// again by its own URL. Each read is audited against the patient. An imported resource of these types with the id is
/// still the generic store's to serve (ADR 0071's routing policy). ServiceRequests are read at the platform's route,
/// shared with the laboratory's requests (ADR 0137).
/// </summary>
public static class SchedulingRequestsFhir
{
    public static readonly FhirResourceCapability ServiceRequestCapability = new("ServiceRequest", ["read"], []);

    public static readonly FhirResourceCapability CommunicationCapability = new("Communication", ["read"], []);

    public static void MapSchedulingRequestsFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(KnownRoutes.Fhir).WithTags("FHIR").ExcludeFromDescription();
        fhir.MapGet("/Communication/{id}", ReadCommunication).RequirePermission(Permissions.SchedulingRead);
    }

    private static async Task<IResult> ReadCommunication(string id, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var g))
        {
            return FhirResults.NotFound("Communication", id);
        }

        if (await db.Set<Enquiry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == g, ct) is { } enquiry)
        {
            await audit.RecordAsync(AuditAction.Read, $"Communication/{id}", enquiry.PatientId, ct: ct);
            return FhirResults.Ok(SchedulingCompartment.ToCommunication(enquiry), "1",
                new DateTimeOffset(DateTime.SpecifyKind(enquiry.ReceivedAt, DateTimeKind.Utc)));
        }

        // A reminder is a Communication only once it was sent (as in the patient's record).
        if (await db.Set<Reminder>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == g && r.Status == ReminderStatus.Sent, ct) is { } reminder)
        {
            await audit.RecordAsync(AuditAction.Read, $"Communication/{id}", reminder.PatientId, ct: ct);
            return FhirResults.Ok(SchedulingCompartment.ToCommunication(reminder), "1",
                new DateTimeOffset(DateTime.SpecifyKind(reminder.SentAt ?? reminder.CreatedAt, DateTimeKind.Utc)));
        }

        return FhirResults.NotFound("Communication", id);
    }
}

/// <summary>Referrals and transport requests read as ServiceRequests at the platform's shared route (ADR 0137), audited against the patient.</summary>
internal sealed class SchedulingServiceRequestSource(InfirmaryDbContext db, AuditTrail audit) : IFhirInstanceSource
{
    public string ResourceType => "ServiceRequest";

    public string Permission => Permissions.SchedulingRead;

    public async Task<IResult?> ReadAsync(Guid id, CancellationToken ct)
    {
        if (await db.Set<Referral>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } referral)
        {
            await audit.RecordAsync(AuditAction.Read, $"ServiceRequest/{id}", referral.PatientId, ct: ct);
            return FhirResults.Ok(SchedulingCompartment.ToServiceRequest(referral), referral.Version.ToString(CultureInfo.InvariantCulture));
        }

        if (await db.Set<TransportRequest>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } transport)
        {
            await audit.RecordAsync(AuditAction.Read, $"ServiceRequest/{id}", transport.PatientId, ct: ct);
            return FhirResults.Ok(SchedulingCompartment.ToServiceRequest(transport), "1",
                new DateTimeOffset(DateTime.SpecifyKind(transport.CancelledAt ?? transport.RequestedAt, DateTimeKind.Utc)));
        }

        return null;
    }

    public async Task<bool> HoldsAsync(Guid id, CancellationToken ct) =>
        await db.Set<Referral>().AnyAsync(r => r.Id == id, ct) || await db.Set<TransportRequest>().AnyAsync(t => t.Id == id, ct);
}
