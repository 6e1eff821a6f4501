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
/// Recorded suspected adverse drug reactions as FHIR AllergyIntolerance (unconfirmed, medication): read by id here, and
/// part of the patient's record through <see cref="PharmacyCompartment"/>. An imported AllergyIntolerance with the id is
/// still the generic store's to serve (ADR 0071's routing policy).
/// </summary>
public static class AdverseReactionsFhir
{
    public static void MapAdverseReactionsFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{KnownRoutes.Fhir}/AllergyIntolerance/{{id}}", Read).RequirePermission(Permissions.PrescriptionsRead)
            .WithTags("FHIR").ExcludeFromDescription();
    }

    private static async System.Threading.Tasks.Task<IResult> Read(string id, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var reactionId)
            || await db.Set<AdverseReaction>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == reactionId, ct) is not { } reaction)
        {
            return FhirResults.NotFound("AllergyIntolerance", id);
        }

        await audit.RecordAsync(AuditAction.Read, $"AllergyIntolerance/{id}", reaction.PatientId, ct: ct);
        return FhirResults.Ok(ToFhir(reaction), "1", new DateTimeOffset(DateTime.SpecifyKind(reaction.RecordedAt, DateTimeKind.Utc)));
    }

    public static AllergyIntolerance ToFhir(AdverseReaction a) => new()
    {
        Id = a.Id.ToString(),
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"),
        VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "unconfirmed"),
        Type = a.Type == "allergy" ? AllergyIntolerance.AllergyIntoleranceType.Allergy : AllergyIntolerance.AllergyIntoleranceType.Intolerance,
        Category = [AllergyIntolerance.AllergyIntoleranceCategory.Medication],
        Criticality = a.Serious ? AllergyIntolerance.AllergyIntoleranceCriticality.High : AllergyIntolerance.AllergyIntoleranceCriticality.Low,
        Code = new CodeableConcept { Text = a.Substance },
        Patient = new ResourceReference($"Patient/{a.PatientId}"),
        Onset = new FhirDateTime(a.OnsetDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        RecordedDateElement = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(a.RecordedAt, DateTimeKind.Utc))),
        Recorder = new ResourceReference { Display = a.ReporterName },
        Reaction = [new AllergyIntolerance.ReactionComponent
        {
            Manifestation = [new CodeableConcept { Text = a.Reaction }],
            Severity = a.Serious ? AllergyIntolerance.AllergyIntoleranceSeverity.Severe : null,
            Description = $"Suspected adverse drug reaction; outcome: {a.Outcome}",
        }],
    };
}
