using Infirmary.Patients;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Scheduling.Features;

/// <summary>An enquiry as the API shows it.</summary>
public sealed record EnquiryDto(Guid Id, Guid PatientId, Guid? AppointmentId, string Channel, string From, string? FromName, string Summary, string? Action,
    DateTime ReceivedAt, string RecordedBy)
{
    public static EnquiryDto Of(Enquiry e) => new(e.Id, e.PatientId, e.AppointmentId, Codes.Of(e.Channel), Codes.Of(e.From), e.FromName, e.Summary, e.Action,
        e.ReceivedAt, e.RecordedByName);
}

public static partial class SchedulingApi
{
    private static void MapEnquiries(RouteGroupBuilder group)
    {
        group.MapGet("/patients/{id:guid}/enquiries", Enquiries).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The patient's phone and email enquiries to reception, newest first");
        group.MapPost("/patients/{id:guid}/enquiries", LogEnquiry).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Log a phone call or email about the patient: channel (phone, email), from (patient, relative, carer, gp, other), fromName, summary, action, appointmentId");
    }

    private static async Task<IResult> Enquiries(Guid id, EnquiryLog log, IPatientDirectory patients, CancellationToken ct) =>
        await patients.GetStatusAsync(id, ct) is null
            ? NoPatient(id)
            : TypedResults.Ok((await log.ForPatientAsync(id, ct)).Select(EnquiryDto.Of).ToArray());

    private static async Task<IResult> LogEnquiry(Guid id, EnquiryInput input, EnquiryLog log, IPatientDirectory patients, CancellationToken ct) =>
        await patients.GetStatusAsync(id, ct) is null
            ? NoPatient(id)
            : ToHttp(await log.LogAsync(id, input, ct), e => TypedResults.Created($"{Root}/patients/{id}/enquiries", EnquiryDto.Of(e)));
}
