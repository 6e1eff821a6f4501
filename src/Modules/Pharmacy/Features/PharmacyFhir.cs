using Hl7.Fhir.Model;
using Infirmary.Medicines;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Pharmacy.Features;

/// <summary>
/// <c>POST /fhir/MedicationRequest/$screen</c>: the same screening as the CDS Hooks service for FHIR clients. The body
/// is a Bundle: MedicationRequests with status <c>draft</c> are the new orders, other (active, on-hold) ones the
/// current medicines; AllergyIntolerance entries are the allergies; a Patient entry gives the age. The answer is a
/// collection Bundle of <c>DetectedIssue</c>, most serious first.
/// </summary>
public static class PharmacyFhir
{
    public const string AlertIdentifierSystem = "https://infirmary.nhs.uk/Id/screening-alert";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    public static void MapPharmacyFhir(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{KnownRoutes.Fhir}/MedicationRequest/$screen", Screen).RequirePermission(Permissions.MedicinesScreen)
            .WithTags("FHIR").ExcludeFromDescription();
    }

    private static async System.Threading.Tasks.Task<IResult> Screen(HttpRequest http, ScreenMedicines screen, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var (bundle, error) = await FhirRequest.ReadAsync<Bundle>(http);
        if (error is not null)
        {
            return error;
        }

        var drafts = new List<MedicineOrder>();
        var current = new List<MedicineOrder>();
        var problems = new List<string>();
        var i = 0;
        foreach (var mr in bundle!.Entry.Select(e => e.Resource))
        {
            i++;
            if (mr is not MedicationRequest request)
            {
                continue;
            }

            var (order, why) = FhirMedicines.ToOrder(request);
            if (why is not null)
            {
                problems.Add($"Bundle.entry[{i - 1}]: MedicationRequest {why}.");
            }
            else if (request.Status == MedicationRequest.MedicationrequestStatus.Draft)
            {
                drafts.Add(order!);
            }
            else if (FhirMedicines.IsCurrent(request))
            {
                current.Add(order!);
            }
        }

        if (problems.Count == 0 && drafts.Count == 0)
        {
            problems.Add("The Bundle holds no MedicationRequest with status 'draft' to screen.");
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault();
        var screening = new ScreeningRequest
        {
            DraftOrders = drafts,
            CurrentMedicines = current,
            Allergies = [.. bundle.Entry.Select(e => e.Resource).OfType<AllergyIntolerance>().Select(FhirMedicines.Allergen).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)],
            AgeYears = patient is null ? null : FhirMedicines.AgeYears(patient, today),
        };
        var alerts = await screen.HandleAsync(screening, ct);

        var subject = bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>().Select(m => m.Subject?.Reference).FirstOrDefault(r => r is not null);
        Guid? patientId = subject is not null && subject.StartsWith("Patient/", StringComparison.Ordinal) && Guid.TryParse(subject["Patient/".Length..], out var g) ? g : null;
        await audit.RecordAsync(AuditAction.Execute, "MedicationRequest/$screen", patientId, AuditOutcome.Success,
            $"{drafts.Count} draft orders; {alerts.Count} detected issues", ct);

        var now = clock.GetUtcNow();
        var result = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = now };
        foreach (var alert in alerts)
        {
            result.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{ScreenMedicines.CardUuid(alert)}",
                Resource = ToDetectedIssue(alert, subject, now),
            });
        }

        return FhirResults.Ok(result);
    }

    public static DetectedIssue ToDetectedIssue(Alert alert, string? patientReference, DateTimeOffset identified)
    {
        var (code, display) = alert.Kind switch
        {
            AlertKind.Interaction => ("DRG", "Drug Interaction Alert"),
            AlertKind.Allergy => ("ALGY", "Allergy Alert"),
            AlertKind.Duplicate => ("DUPTHPY", "Duplicate Therapy Alert"),
            AlertKind.Dose => ("DOSE", "Dosage problem"),
            AlertKind.Food => ("FOOD", "Food Interaction Alert"),
            _ => ((string?)null, (string?)null),
        };
        var issue = new DetectedIssue
        {
            Id = ScreenMedicines.CardUuid(alert).ToString(),
            Identifier = [new Identifier(AlertIdentifierSystem, alert.Id)],
            Status = ObservationStatus.Final,
            Code = new CodeableConcept { Text = ScreenMedicines.Summary(alert) },
            Severity = alert.Severity switch
            {
                Severity.Contraindicated or Severity.Severe => DetectedIssue.DetectedIssueSeverity.High,
                Severity.Moderate => DetectedIssue.DetectedIssueSeverity.Moderate,
                _ => DetectedIssue.DetectedIssueSeverity.Low,
            },
            Identified = new FhirDateTime(identified),
            Detail = $"{alert.Mechanism} Advice: {alert.Advice} Source: {alert.Source}.",
        };
        if (code is not null)
        {
            issue.Code.Coding.Add(new Coding(ActCode, code, display));
        }

        if (patientReference is not null)
        {
            issue.Patient = new ResourceReference(patientReference);
        }

        issue.Implicated.Add(new ResourceReference { Display = alert.ItemA.Label });
        if (alert.ItemB is { } b)
        {
            issue.Implicated.Add(new ResourceReference { Display = b.Label });
        }

        return issue;
    }
}
