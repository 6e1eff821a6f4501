using Hl7.Fhir.Model;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>
/// Pharmacy's part of a patient's whole record (ADR 0072): prescription items as MedicationRequest, dispensings as
/// MedicationDispense (as this module's FHIR reads render them) and recorded adverse reactions as AllergyIntolerance.
/// </summary>
internal sealed class PharmacyCompartment(InfirmaryDbContext db) : IPatientCompartmentSource
{
    public string Module => "Pharmacy";

    public string Permission => Permissions.PrescriptionsRead;

    public IReadOnlyList<string> ResourceTypes { get; } = ["MedicationRequest", "MedicationDispense", "AllergyIntolerance"];

    public async Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var resources = new List<Resource>();
        var prescriptions = await db.Set<Prescription>().AsNoTracking().Where(p => p.PatientId == patientId)
            .OrderBy(p => p.WrittenAt).ToListAsync(ct);
        var ids = prescriptions.Select(p => p.Id).ToList();
        var items = await db.Set<PrescriptionItem>().AsNoTracking().Where(i => ids.Contains(i.PrescriptionId)).ToListAsync(ct);
        foreach (var p in prescriptions)
        {
            resources.AddRange(items.Where(i => i.PrescriptionId == p.Id).OrderBy(i => i.Position).Select(i => PrescriptionsFhir.ToFhir(p, i)));
        }

        var dispensings = await (
            from d in db.Set<Dispensing>().AsNoTracking()
            join i in db.Set<PrescriptionItem>() on d.ItemId equals i.Id
            join b in db.Set<StockBatch>() on d.BatchId equals b.Id
            where d.PatientId == patientId
            orderby d.DispensedAt
            select new { d, i.ProductName, i.Directions, b.BatchNumber, b.Expiry }).ToListAsync(ct);
        resources.AddRange(dispensings.Select(r => DispensingApi.ToFhir(new DispensingDto(r.d.Id, r.d.Version, r.d.PrescriptionId, r.d.ItemId,
            r.d.PatientId, r.ProductName, r.d.BatchId, r.BatchNumber, r.Expiry, r.d.Quantity, r.d.Unit, r.d.Rounding, r.d.Status,
            r.d.DispensedByName, r.d.DispensedAt, r.d.CheckedByName, r.d.CheckedAt, r.Directions))));

        var reactions = await db.Set<AdverseReaction>().AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.RecordedAt).ToListAsync(ct);
        resources.AddRange(reactions.Select(AdverseReactionsFhir.ToFhir));
        return resources;
    }
}
