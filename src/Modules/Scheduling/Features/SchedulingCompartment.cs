using Hl7.Fhir.Model;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>Scheduling's part of a patient's whole record (ADR 0072): every appointment, as <c>/fhir/Appointment</c> renders it.</summary>
internal sealed class SchedulingCompartment(InfirmaryDbContext db) : IPatientCompartmentSource
{
    public string Module => "Scheduling";

    public string Permission => Permissions.SchedulingRead;

    public IReadOnlyList<string> ResourceTypes { get; } = ["Appointment"];

    public async Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var found = await (from a in db.Set<Domain.Appointment>().AsNoTracking()
                           join c in db.Set<Clinic>().AsNoTracking() on a.ClinicId equals c.Id
                           where a.PatientId == patientId
                           orderby a.StartsAt
                           select new { a, c }).ToListAsync(ct);
        return [.. found.Select(x => SchedulingFhir.ToAppointment(x.a, x.c))];
    }
}
