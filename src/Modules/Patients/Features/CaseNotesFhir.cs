using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace Infirmary.Patients.Features;

/// <summary>
/// Paper case-note volumes as FHIR DocumentReference: part of the patient's whole record (ADR 0072), so a subject access
/// request's export says which paper folders exist and where each one is, and readable by id. A volume is a physical
/// document, so its attachment carries a title and no data or URL; the barcode is its identifier.
/// </summary>
public static class CaseNotesFhir
{
    public const string BarcodeSystem = "https://infirmary.nhs.example/Id/case-note-barcode";

    public static readonly FhirResourceCapability Capability = new("DocumentReference", ["read"], []);

    public static void MapCaseNotesFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{KnownRoutes.Fhir}/DocumentReference/{{id}}", Read).RequirePermission(Permissions.CaseNotesTrack)
            .WithTags("FHIR").ExcludeFromDescription();
    }

    private static async Task<IResult> Read(string id, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var g))
        {
            return FhirResults.NotFound("DocumentReference", id);
        }

        var found = await (from v in db.Set<CaseNoteVolume>().AsNoTracking()
                           join l in db.Set<CaseNoteLocation>().AsNoTracking() on v.LocationId equals l.Id
                           where v.Id == g
                           select new { v, l }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return FhirResults.NotFound("DocumentReference", id);
        }

        await audit.RecordAsync(AuditAction.Read, $"DocumentReference/{id}", found.v.PatientId, ct: ct);
        return FhirResults.Ok(ToDocumentReference(found.v, found.l), found.v.Version.ToString(CultureInfo.InvariantCulture),
            new DateTimeOffset(DateTime.SpecifyKind(found.v.LocationSince, DateTimeKind.Utc)));
    }

    internal static DocumentReference ToDocumentReference(CaseNoteVolume v, CaseNoteLocation where) => new()
    {
        Id = v.Id.ToString(),
        Meta = new Meta { VersionId = v.Version.ToString(CultureInfo.InvariantCulture) },
        Identifier = [new Identifier(BarcodeSystem, v.Barcode)],
        Status = DocumentReferenceStatus.Current,
        Type = new CodeableConcept { Text = "Paper case notes" },
        Subject = new ResourceReference($"Patient/{v.PatientId}"),
        Date = new DateTimeOffset(DateTime.SpecifyKind(v.CreatedAt, DateTimeKind.Utc)),
        Description = $"Case notes volume {v.VolumeNumber}: "
            + (v.Missing ? $"missing (last recorded at {where.Name})" : $"at {where.Name}{(v.Holder is null ? string.Empty : $", with {v.Holder}")}"),
        Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { Title = $"Case notes volume {v.VolumeNumber} ({v.Barcode})" } }],
    };
}

/// <summary>The health records library's part of the patient's record: every case-note volume, where it is.</summary>
internal sealed class CaseNotesCompartment(InfirmaryDbContext db) : IPatientCompartmentSource
{
    public string Module => "Health records (case notes)";

    public string Permission => Permissions.CaseNotesTrack;

    public IReadOnlyList<string> ResourceTypes { get; } = ["DocumentReference"];

    public async Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var volumes = await (from v in db.Set<CaseNoteVolume>().AsNoTracking()
                             join l in db.Set<CaseNoteLocation>().AsNoTracking() on v.LocationId equals l.Id
                             where v.PatientId == patientId
                             orderby v.CreatedAt, v.VolumeNumber
                             select new { v, l }).ToListAsync(ct);
        return [.. volumes.Select(x => CaseNotesFhir.ToDocumentReference(x.v, x.l))];
    }
}
