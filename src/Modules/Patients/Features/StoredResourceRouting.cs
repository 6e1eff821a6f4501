using System.Text.Json.Nodes;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Patients.Features;

/// <summary>Marks the generic store's read route (<c>/fhir/{type}/{id}</c>) for <see cref="StoredResourceMatcherPolicy"/>.</summary>
internal sealed class StoredResourceReadRoute;

/// <summary>
/// Route collisions (ADR 0071). A module's literal read route (<c>/fhir/Observation/{id}</c>) normally beats the store's
/// <c>/fhir/{type}/{id}</c>. Ids here are server-assigned Guids, so an id names a resource in exactly one place: when the
/// store holds <c>{type}/{id}</c>, this policy takes the module's route out of the running and the store serves it (with
/// the store's permission and audit); otherwise the module's route serves it as before. Nothing in the modules changes,
/// and a module that adds a read route later is covered without knowing about the store.
/// </summary>
internal sealed class StoredResourceMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Count > 1 && endpoints.Any(e => e.Metadata.GetMetadata<StoredResourceReadRoute>() is not null);

    public async Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var store = -1;
        var others = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }

            if (candidates[i].Endpoint.Metadata.GetMetadata<StoredResourceReadRoute>() is not null)
            {
                store = i;
            }
            else
            {
                others = true;
            }
        }

        if (store < 0 || !others || candidates[store].Values is not { } values
            || values["type"] is not string type || values["id"] is not string id
            || type == "Patient" || !Guid.TryParse(id, out var guid))
        {
            return;
        }

        var db = httpContext.RequestServices.GetRequiredService<InfirmaryDbContext>();
        if (!await db.Set<StoredResource>().AsNoTracking().AnyAsync(r => r.Id == guid && r.ResourceType == type, httpContext.RequestAborted))
        {
            return;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (i != store)
            {
                candidates.SetValidity(i, false);
            }
        }
    }
}

/// <summary>Stored resources by patient for a module's own search of the same type (DiagnosticReport).</summary>
internal sealed class StoredFhirResources(InfirmaryDbContext db, PatientAccess access, ActorAccessor actors, AuditTrail audit) : IStoredFhirResources
{
    public async Task<IReadOnlyList<JsonObject>> ByPatientAsync(string type, Guid patientId, CancellationToken ct)
    {
        // The store's own rule: patients.read, and a restricted record's resources only with access to the record.
        if (!actors.Current.Has(Permissions.PatientsRead) || await StoredResourcesFhir.DeniedAsync(db, access, patientId, ct) is not null)
        {
            return [];
        }

        var found = await db.Set<StoredResource>().AsNoTracking().Where(r => r.PatientId == patientId && r.ResourceType == type)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(1000).ToListAsync(ct);
        if (found.Count > 0)
        {
            await audit.RecordAsync(AuditAction.Search, $"{type}?patient=Patient/{patientId}", patientId, AuditOutcome.Success,
                $"{found.Count} stored (imported) found", ct);
        }

        return found.Select(StoredResourceJson.Render).ToList();
    }
}
