using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Scheduling.Features;

/// <summary>A reminder in the outbox as the API shows it (no message text: that is Notify's template).</summary>
public sealed record ReminderDto(Guid Id, Guid AppointmentId, string Channel, int DaysBefore, DateTime DueAt, string Status, int Attempts,
    string Reference, string? NotifyId, DateTime? SentAt, string? LastError, string? DeliveryStatus, DateTime? DeliveredAt)
{
    public static ReminderDto From(Reminder r) => new(r.Id, r.AppointmentId, Codes.Of(r.Channel), r.DaysBefore, r.DueAt, Codes.Of(r.Status),
        r.Attempts, r.Reference, r.NotifyId, r.SentAt, r.LastError, r.DeliveryStatus, r.DeliveredAt);
}

/// <summary>A patient's reminder choices as the API shows them.</summary>
public sealed record ReminderChoicesDto(string? Preferred, string? Email, string[] OptedOut, DateTime? UpdatedAt, string? UpdatedBy)
{
    public static ReminderChoicesDto From(ReminderChoices c) =>
        new(c.Preferred is { } p ? Codes.Of(p) : null, c.Email, [.. c.OptedOut.Select(o => Codes.Of(o))], c.UpdatedAt, c.UpdatedBy);
}

public static partial class SchedulingApi
{
    private static void MapReminders(RouteGroupBuilder group)
    {
        group.MapGet("/appointments/{id:guid}/reminders", Reminders).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The appointment's reminders in the outbox: channel, due time, status (pending, sending, sent, failed, withdrawn, suppressed)");
        group.MapGet("/patients/{id:guid}/reminder-opt-outs", OptOuts).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The reminder channels the patient has opted out of");
        group.MapGet("/patients/{id:guid}/reminder-preferences", Preferences).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("How the patient would like reminders: preferred channel, email address, and the channels opted out of");
        group.MapPut("/patients/{id:guid}/reminder-preferences", SetPreferences).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Record the preferred reminder channel (sms, email, letter, or null for the usual order) and the email address");
        group.MapPost("/patients/{id:guid}/reminder-opt-outs", (Guid id, OptOutInput input, ReminderOutbox outbox, IPatientDirectory patients, CancellationToken ct) =>
                SetOptOutAsync(id, input, true, outbox, patients, ct))
            .RequirePermission(Permissions.SchedulingBook).WithSummary("Opt the patient out of one channel's reminders (channel: sms, email or letter)");
        group.MapDelete("/patients/{id:guid}/reminder-opt-outs/{channel}", (Guid id, string channel, ReminderOutbox outbox, IPatientDirectory patients, CancellationToken ct) =>
                SetOptOutAsync(id, new OptOutInput(channel), false, outbox, patients, ct))
            .RequirePermission(Permissions.SchedulingBook).WithSummary("Opt the patient back in to one channel's reminders");
    }

    private static async Task<IResult> Reminders(Guid id, ReminderOutbox outbox, GetAppointment appointments, CancellationToken ct)
    {
        if (await appointments.HandleAsync(id, ct) is null)
        {
            return TypedResults.Problem($"There is no appointment {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such appointment");
        }

        return TypedResults.Ok((await outbox.ForAppointmentAsync(id, ct)).Select(ReminderDto.From).ToArray());
    }

    private static async Task<IResult> OptOuts(Guid id, ReminderOutbox outbox, IPatientDirectory patients, AuditTrail audit, CancellationToken ct)
    {
        if (await patients.GetStatusAsync(id, ct) is null)
        {
            return NoPatient(id);
        }

        await audit.RecordAsync(AuditAction.Read, $"Patient/{id}", id, detail: "reminder opt-outs", ct: ct);
        return TypedResults.Ok((await outbox.OptOutsAsync(id, ct)).Select(c => Codes.Of(c)).ToArray());
    }

    private static async Task<IResult> Preferences(Guid id, ReminderOutbox outbox, IPatientDirectory patients, AuditTrail audit, CancellationToken ct)
    {
        if (await patients.GetStatusAsync(id, ct) is null)
        {
            return NoPatient(id);
        }

        await audit.RecordAsync(AuditAction.Read, $"Patient/{id}", id, detail: "reminder preferences", ct: ct);
        return TypedResults.Ok(ReminderChoicesDto.From(await outbox.ChoicesAsync(id, ct)));
    }

    private static async Task<IResult> SetPreferences(Guid id, PreferenceInput input, ReminderOutbox outbox, IPatientDirectory patients, CancellationToken ct)
    {
        if (await patients.GetStatusAsync(id, ct) is null)
        {
            return NoPatient(id);
        }

        return ToHttp(await outbox.SetPreferenceAsync(id, input, ct), c => TypedResults.Ok(ReminderChoicesDto.From(c)));
    }

    private static async Task<IResult> SetOptOutAsync(Guid id, OptOutInput input, bool optOut, ReminderOutbox outbox, IPatientDirectory patients, CancellationToken ct)
    {
        if (await patients.GetStatusAsync(id, ct) is null)
        {
            return NoPatient(id);
        }

        return ToHttp(await outbox.SetOptOutAsync(id, input, optOut, ct), channels => TypedResults.Ok(channels.Select(c => Codes.Of(c)).ToArray()));
    }

    private static ProblemHttpResult NoPatient(Guid id) =>
        TypedResults.Problem($"There is no patient {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such patient");
}
