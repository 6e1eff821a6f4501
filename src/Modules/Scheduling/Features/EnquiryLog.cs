using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>A phone call or email to log: channel (phone, email), from (patient, relative, carer, gp, other), the name, what about, what was done.</summary>
public sealed record EnquiryInput(string? Channel, string? From, string? FromName, string? Summary, string? Action, Guid? AppointmentId);

/// <summary>
/// The reception enquiry log (issue 4, scope 3): phone calls and emails about a patient, newest first. Reading the log is
/// audited against the patient; each entry is written with its own audit event.
/// </summary>
public sealed class EnquiryLog(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public const int SummaryMax = 1000;

    public async Task<IReadOnlyList<Enquiry>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var rows = await db.Set<Enquiry>().AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(ct);
        await audit.RecordAsync(AuditAction.Read, $"Patient/{patientId}", patientId, detail: "enquiry log", ct: ct);
        return [.. rows.OrderByDescending(e => e.ReceivedAt)];
    }

    public async Task<Result<Enquiry>> LogAsync(Guid patientId, EnquiryInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Codes.TryParse<EnquiryChannel>(input.Channel, out var channel))
        {
            errors["channel"] = ["Say how the enquiry came: phone or email."];
        }

        if (!Codes.TryParse<EnquiryFrom>(input.From, out var from))
        {
            errors["from"] = ["Say who it was from: patient, relative, carer, gp or other."];
        }
        else if (from != EnquiryFrom.Patient && string.IsNullOrWhiteSpace(input.FromName))
        {
            errors["fromName"] = ["Give the name of the person who called or wrote."];
        }

        var summary = input.Summary?.Trim();
        if (string.IsNullOrEmpty(summary) || summary.Length > SummaryMax)
        {
            errors["summary"] = [$"Say what the enquiry was about (1 to {SummaryMax} characters)."];
        }

        if (input.FromName?.Trim().Length > 200)
        {
            errors["fromName"] = ["The name can be at most 200 characters."];
        }

        if (input.Action?.Trim().Length > SummaryMax)
        {
            errors["action"] = [$"What was done can be at most {SummaryMax} characters."];
        }

        if (input.AppointmentId is { } appointmentId
            && !await db.Set<Appointment>().AsNoTracking().AnyAsync(a => a.Id == appointmentId && a.PatientId == patientId, ct))
        {
            errors["appointmentId"] = ["This patient has no such appointment."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<Enquiry>(errors, "The enquiry needs correcting");
        }

        var actor = actors.Current;
        var enquiry = new Enquiry
        {
            PatientId = patientId, AppointmentId = input.AppointmentId, Channel = channel, From = from,
            FromName = FreeText.Clean(input.FromName), Summary = summary!,
            Action = FreeText.Clean(input.Action), ReceivedAt = clock.GetUtcNow().UtcDateTime,
            RecordedById = actor.Id, RecordedByName = Who.Name(actor),
        };
        db.Set<Enquiry>().Add(enquiry);
        audit.Add(AuditAction.Create, $"Patient/{patientId}", patientId, detail: $"{Codes.Of(channel)} enquiry logged");
        await db.SaveChangesAsync(ct);
        return Result.Ok(enquiry);
    }
}
