using Hl7.Fhir.Model;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;
using LabSpecimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// The laboratory's part of a patient's whole record (ADR 0072): reports (authorised ones, outside the laboratory) with
/// their current results, and the patient's specimens — as the FHIR reads of this module render them.
/// </summary>
internal sealed class LaboratoryCompartment(InfirmaryDbContext db, ReadReports reports) : IPatientCompartmentSource
{
    public string Module => "Laboratory";

    public string Permission => Permissions.LabReportsRead;

    public IReadOnlyList<string> ResourceTypes { get; } = ["DiagnosticReport", "Observation", "Specimen"];

    public async Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var found = await reports.Visible().Include(r => r.Results).Where(r => r.PatientId == patientId)
            .OrderBy(r => r.LastFiledAt).ThenBy(r => r.Id).ToListAsync(ct);
        var resources = new List<Resource>();
        foreach (var view in await reports.ViewsAsync(found, ct))
        {
            resources.Add(LaboratoryFhir.ToFhir(view));
            resources.AddRange(view.Report.Results.Where(r => !r.Superseded).OrderBy(r => r.FiledAt).Select(r => LaboratoryFhir.ToFhir(r, view)));
        }

        var specimens = await db.Set<LabSpecimen>().AsNoTracking().Where(s => s.PatientId == patientId).OrderBy(s => s.Accession).ToListAsync(ct);
        var orderIds = specimens.Select(s => s.OrderId).Distinct().ToList();
        var orders = await db.Set<LabOrder>().AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        resources.AddRange(specimens.Select(s => LaboratoryFhir.ToFhir(s, orders[s.OrderId])));
        return resources;
    }
}
