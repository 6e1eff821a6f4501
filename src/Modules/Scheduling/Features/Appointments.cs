using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public sealed record AppointmentDto(
    Guid Id, int Version, string Status, Guid PatientId, Guid SlotId, Guid ClinicId, string ClinicName, string Specialty, string Site, string Room,
    Guid ClinicianId, string ClinicianName, DateTime StartsAt, DateTime EndsAt, DateOnly LocalDate, string LocalStart, string Type, int Place,
    DateTime BookedAt, string BookedBy, bool Overbooked, string? OverbookReason, string? OverbookedBy, bool WalkIn, Guid? RebookedFromId,
    DateTime? CancelledAt, string? CancellationReason, string? CancelledBy, string? CancelledByStaff, DateTime? ArrivedAt, DateTime? SeenAt, DateTime? OutcomeAt, Guid? ReferralId)
{
    public static AppointmentDto From(Appointment a, Clinic c) => new(a.Id, a.Version, Codes.Of(a.Status), a.PatientId, a.SlotId, c.Id, c.Name,
        c.Specialty, c.Site, c.Room, a.ClinicianId, c.ClinicianName, a.StartsAt, a.EndsAt, LondonTime.LocalDate(a.StartsAt),
        TemplateDto.Hhmm(LondonTime.LocalTime(a.StartsAt)), Codes.Of(a.Type), a.Place, a.BookedAt, a.BookedByName, a.Overbooked,
        a.OverbookReason, a.OverbookedByName, a.WalkIn, a.RebookedFromId, a.CancelledAt, a.CancellationReason,
        a.CancelledBy is { } by ? Codes.Of(by) : null, a.CancelledByName, a.ArrivedAt, a.SeenAt, a.OutcomeAt, a.ReferralId);
}

/// <summary>Reads appointments; each read of one is audited against its patient.</summary>
public sealed class GetAppointment(InfirmaryDbContext db, AuditTrail audit)
{
    public async Task<(Appointment Appointment, Clinic Clinic)?> HandleAsync(Guid id, CancellationToken ct)
    {
        var found = await (from a in db.Set<Appointment>().AsNoTracking()
                           join c in db.Set<Clinic>().AsNoTracking() on a.ClinicId equals c.Id
                           where a.Id == id
                           select new { a, c }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"Appointment/{id}", found.a.PatientId, ct: ct);
        return (found.a, found.c);
    }
}
