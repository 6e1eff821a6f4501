using Hl7.Fhir.Model;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Patient = Infirmary.Patients.Domain.Patient;

namespace Infirmary.Patients.Features;

/// <summary>
/// <c>POST /fhir/Patient/$merge</c> with the FHIR R5 operation's parameters (<c>source-patient</c> /
/// <c>source-patient-identifier</c>, <c>target-patient</c> / <c>target-patient-identifier</c>). Here the operation
/// <b>proposes</b> the merge: a person other than the caller must confirm it (ADR 0031), so the answer is 202 Accepted
/// with an OperationOutcome naming the proposal, never a merged record. <c>result-patient</c>, <c>preview</c> and
/// <c>delete-source</c> are not supported (the survivor's details are edited as a separate, ordinary change).
/// </summary>
public static class PatientMergeFhir
{
    public static async Task<IResult> MergeAsync(HttpContext http, PatientMerges merges, InfirmaryDbContext db, CancellationToken ct)
    {
        var (parameters, error) = await FhirRequest.ReadAsync<Parameters>(http.Request);
        if (error is not null)
        {
            return error;
        }

        var problems = new List<string>();
        foreach (var name in parameters!.Parameter.Select(p => p.Name).Distinct())
        {
            if (name is not ("source-patient" or "source-patient-identifier" or "target-patient" or "target-patient-identifier" or "reason"))
            {
                problems.Add(name is "result-patient" or "preview" or "delete-source"
                    ? $"{name}: not supported here; the merge is proposed and confirmed by a second person, and the record to keep is edited separately."
                    : $"{name}: not a parameter of Patient/$merge.");
            }
        }

        var source = await ResolveAsync(parameters, "source-patient", db, problems, ct);
        var target = await ResolveAsync(parameters, "target-patient", db, problems, ct);
        if (problems.Count > 0 || source is null || target is null)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var reason = (parameters.Parameter.FirstOrDefault(p => p.Name == "reason")?.Value as FhirString)?.Value
                     ?? "Proposed through FHIR Patient/$merge.";
        var result = await merges.ProposeAsync(source.Value, target.Value, reason, ct);
        if (!result.Succeeded)
        {
            var (status, code) = result.Outcome switch
            {
                MergeOutcome.NotFound => (StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound),
                MergeOutcome.Invalid => (StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid),
                MergeOutcome.Refused => (StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule),
                MergeOutcome.Conflict => (StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict),
                _ => (StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden),
            };
            return FhirResults.Error(status, code, result.Problem ?? "The merge was refused.");
        }

        var id = result.Merge!.Id;
        var outcome = OperationOutcomes.Information(
            $"Merge of Patient/{source} into Patient/{target} proposed as {id}. Nothing has been merged yet: a second person " +
            $"with the merge permission must confirm it (POST {KnownRoutes.Api}/patients/merges/{id}/confirm, or the pending merges page).");
        outcome.Issue[0].Details = new CodeableConcept { Text = $"PatientMerge/{id}" };
        return new FhirResult(outcome, StatusCodes.Status202Accepted, location: $"{KnownRoutes.Api}/patients/merges/{id}");
    }

    private static async Task<Guid?> ResolveAsync(Parameters parameters, string role, InfirmaryDbContext db, List<string> problems, CancellationToken ct)
    {
        var references = parameters.Parameter.Where(p => p.Name == role).ToList();
        var identifiers = parameters.Parameter.Where(p => p.Name == role + "-identifier").ToList();
        if (references.Count + identifiers.Count != 1)
        {
            problems.Add($"Give exactly one of {role} or {role}-identifier.");
            return null;
        }

        if (references.Count == 1)
        {
            var reference = (references[0].Value as ResourceReference)?.Reference;
            var prefix = "Patient/";
            if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal) || !Guid.TryParse(reference[prefix.Length..], out var id))
            {
                problems.Add($"{role}: a reference such as Patient/<id> (valueReference).");
                return null;
            }

            return id;
        }

        if (identifiers[0].Value is not Identifier identifier || identifier.System != KnownIdentifierSystems.NhsNumber
            || NhsNumber.Normalise(identifier.Value) is not { } nhs)
        {
            problems.Add($"{role}-identifier: an NHS number ({KnownIdentifierSystems.NhsNumber}) as valueIdentifier.");
            return null;
        }

        var found = await db.Set<Patient>().AsNoTracking().Where(p => p.NhsNumber == nhs).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            problems.Add($"{role}-identifier: no patient has NHS number {nhs}.");
        }

        return found;
    }
}
