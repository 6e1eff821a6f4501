using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>
/// FHIR R4 <c>MedicationRequest</c> read: one resource per prescription item (id = the item's id), grouped by the
/// prescription's identifier; its version is the prescription's. Status: active (written or approved), on-hold (queried).
/// </summary>
public static class PrescriptionsFhir
{
    public const string PrescriptionIdentifierSystem = "https://infirmary.nhs.uk/Id/prescription";
    public const string DmdSystem = "https://dmd.nhs.uk";
    private const string CategorySystem = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";

    public static readonly FhirResourceCapability Capability = new("MedicationRequest", ["read"], []);

    public static void MapPrescriptionsFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{KnownRoutes.Fhir}/MedicationRequest/{{id}}", Read).RequirePermission(Permissions.PrescriptionsRead)
            .WithTags("FHIR").ExcludeFromDescription();
    }

    private static async System.Threading.Tasks.Task<IResult> Read(string id, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var itemId))
        {
            return FhirResults.NotFound("MedicationRequest", id);
        }

        var item = await db.Set<PrescriptionItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null)
        {
            return FhirResults.NotFound("MedicationRequest", id);
        }

        var p = await db.Set<Prescription>().AsNoTracking().SingleAsync(x => x.Id == item.PrescriptionId, ct);
        await audit.RecordAsync(AuditAction.Read, $"MedicationRequest/{id}", p.PatientId, ct: ct);
        var version = p.Version.ToString(CultureInfo.InvariantCulture);
        return FhirResults.Ok(ToFhir(p, item), version, new DateTimeOffset(p.CheckedAt ?? p.WrittenAt));
    }

    public static MedicationRequest ToFhir(Prescription p, PrescriptionItem item) => new()
    {
        Id = item.Id.ToString(),
        Meta = new Meta { VersionId = p.Version.ToString(CultureInfo.InvariantCulture) },
        Status = p.Status == PrescriptionStatus.Queried ? MedicationRequest.MedicationrequestStatus.OnHold : MedicationRequest.MedicationrequestStatus.Active,
        Intent = MedicationRequest.MedicationRequestIntent.Order,
        Category = [new CodeableConcept(CategorySystem, p.Type switch
        {
            PrescriptionType.Discharge => "discharge",
            PrescriptionType.Outpatient => "outpatient",
            _ => "inpatient",
        }, PrescriptionType.Display(p.Type))],
        Medication = new CodeableConcept(DmdSystem, item.ProductCode, item.ProductName),
        Subject = new ResourceReference($"Patient/{p.PatientId}"),
        AuthoredOnElement = new FhirDateTime(new DateTimeOffset(p.WrittenAt)),
        Requester = new ResourceReference { Display = p.PrescriberName },
        GroupIdentifier = new Identifier(PrescriptionIdentifierSystem, p.Id.ToString()),
        DosageInstruction =
        [
            new Dosage
            {
                Sequence = 1,
                Text = item.Directions,
                Route = new CodeableConcept { Text = item.Route },
                Timing = new Timing { Code = new CodeableConcept { Text = $"{item.Frequency} ({Frequencies.Text(item.Frequency)})" } },
                DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity((decimal)item.DoseMg, "mg", "http://unitsofmeasure.org") }],
            },
        ],
        DispenseRequest = new MedicationRequest.DispenseRequestComponent
        {
            Quantity = new Quantity { Value = item.Quantity, Unit = item.QuantityUnit },
        },
    };
}
