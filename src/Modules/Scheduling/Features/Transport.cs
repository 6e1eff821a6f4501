using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public sealed record TransportInput(bool? MedicalNeed, bool? MobilityNeed, string? Mobility, bool? Escort, string? EscortReason, string? PickupAddress, bool? ReturnJourney);

public sealed record TransportDto(Guid Id, Guid AppointmentId, Guid PatientId, DateTime AppointmentStartsAt, string Status, bool MedicalNeed, bool MobilityNeed,
    string Mobility, bool Escort, string? EscortReason, string PickupAddress, bool ReturnJourney, DateTime RequestedAt, string RequestedBy, string? CancelReason)
{
    public static TransportDto From(TransportRequest t) => new(t.Id, t.AppointmentId, t.PatientId, t.AppointmentStartsAt, Codes.Of(t.Status), t.MedicalNeed,
        t.MobilityNeed, Codes.Of(t.Mobility), t.Escort, t.EscortReason, t.PickupAddress, t.ReturnJourney, t.RequestedAt, t.RequestedBy, t.CancelReason);
}

public sealed record TransportLine(TransportRequest Request, Clinic Clinic, PatientBannerModel? Patient);

/// <summary>
/// Patient transport: a request for a booked appointment after the eligibility questions, and the provider's daily
/// list. Cancelling the appointment cancels the transport (<see cref="CancelAppointment"/>).
/// </summary>
public sealed class PatientTransport(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients, TimeProvider clock)
{
    public async Task<Result<TransportRequest>> RequestAsync(Guid appointmentId, TransportInput input, CancellationToken ct)
    {
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (appointment is null)
        {
            return Result.NotFound<TransportRequest>("No such appointment", $"There is no appointment {appointmentId}.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.MedicalNeed is null)
        {
            errors["medicalNeed"] = ["Answer whether the patient's medical condition means they need support from transport staff on the journey."];
        }

        if (input.MobilityNeed is null)
        {
            errors["mobilityNeed"] = ["Answer whether a significant mobility need stops the patient using public or private transport."];
        }

        if (!Codes.TryParse<Mobility>(input.Mobility, out var mobility))
        {
            errors["mobility"] = ["Choose how the patient travels: walking, walker, wheelchair or stretcher."];
        }

        var address = input.PickupAddress?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 500)
        {
            errors["pickupAddress"] = ["Give the pickup address (up to 500 characters)."];
        }

        if (input.Escort == true && string.IsNullOrWhiteSpace(input.EscortReason))
        {
            errors["escortReason"] = ["Say why the patient needs an escort (for example a carer for a patient with dementia)."];
        }

        if (errors.Count == 0 && input.MedicalNeed == false && input.MobilityNeed == false)
        {
            errors["medicalNeed"] = ["The patient is not eligible for non-emergency patient transport: neither a medical nor a significant mobility need. Tell them about the Healthcare Travel Costs Scheme."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<TransportRequest>(errors, "The transport request needs correcting");
        }

        if (appointment.Status != AppointmentStatus.Booked || appointment.StartsAt <= clock.GetUtcNow().UtcDateTime)
        {
            return Result.Conflict<TransportRequest>("Transport cannot be booked", "Transport is booked for a future appointment that is still booked.");
        }

        var request = new TransportRequest
        {
            AppointmentId = appointment.Id, PatientId = appointment.PatientId, AppointmentStartsAt = appointment.StartsAt,
            MedicalNeed = input.MedicalNeed!.Value, MobilityNeed = input.MobilityNeed!.Value, Mobility = mobility,
            Escort = input.Escort == true, EscortReason = input.Escort == true ? input.EscortReason!.Trim() : null,
            PickupAddress = address!, ReturnJourney = input.ReturnJourney == true,
            RequestedAt = clock.GetUtcNow().UtcDateTime, RequestedBy = Who.Name(actors.Current),
        };
        db.Add(request);
        audit.Add(AuditAction.Create, $"Transport/{request.Id}", appointment.PatientId, detail: $"transport for Appointment/{appointment.Id} ({Codes.Of(mobility)})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Result.Conflict<TransportRequest>("Transport already requested", "Transport is already booked for this appointment.");
        }

        return Result.Ok(request);
    }

    /// <summary>The provider's list for one day: journeys still requested, by appointment time, every patient read audited.</summary>
    public async Task<IReadOnlyList<TransportLine>> DayAsync(DateOnly date, CancellationToken ct)
    {
        var (start, end) = LondonTime.Day(date);
        var found = await (from t in db.Set<TransportRequest>().AsNoTracking()
                           join a in db.Set<Appointment>() on t.AppointmentId equals a.Id
                           join c in db.Set<Clinic>() on a.ClinicId equals c.Id
                           where t.Status == TransportStatus.Requested && t.AppointmentStartsAt >= start && t.AppointmentStartsAt < end
                           orderby t.AppointmentStartsAt
                           select new { t, c }).ToListAsync(ct);
        if (found.Count == 0)
        {
            return [];
        }

        var banners = await patients.GetBannersAsync([.. found.Select(x => x.t.PatientId)], ct);
        await audit.RecordManyAsync(AuditAction.Search, found.Select(x => ($"Transport/{x.t.Id}", (Guid?)x.t.PatientId)), $"transport list {date:yyyy-MM-dd}", ct);
        return [.. found.Select(x => new TransportLine(x.t, x.c, banners.GetValueOrDefault(x.t.PatientId)))];
    }

    /// <summary>Cancels the appointment's live transport (the caller saves, in the appointment's transaction).</summary>
    internal async Task CancelForAppointmentAsync(Appointment appointment, CancellationToken ct)
    {
        var live = await db.Set<TransportRequest>().Where(t => t.AppointmentId == appointment.Id && t.Status == TransportStatus.Requested).ToListAsync(ct);
        foreach (var t in live)
        {
            t.Status = TransportStatus.Cancelled;
            t.CancelledAt = clock.GetUtcNow().UtcDateTime;
            t.CancelReason = $"Appointment cancelled: {appointment.CancellationReason}";
            audit.Add(AuditAction.Update, $"Transport/{t.Id}", t.PatientId, detail: "cancelled with its appointment");
        }
    }
}
