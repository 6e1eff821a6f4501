using System.Globalization;
using System.Text.Json.Nodes;
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
using Patient = Infirmary.Patients.Domain.Patient;

namespace Infirmary.Patients.Features;

/// <summary>
/// <c>POST /fhir</c> (transaction and batch bundles) and reading back what the generic store keeps: read, vread and
/// search by patient for any resource type (ADR 0045). Module routes (<c>/fhir/Patient/…</c>, <c>/fhir/Observation/…</c>)
/// are literal and so take precedence, except that a read of an id the store holds is served here
/// (<see cref="StoredResourceMatcherPolicy"/>, ADR 0071).
/// </summary>
public static class StoredResourcesFhir
{
    /// <summary>The types the issue names that only this store serves; listed in the CapabilityStatement.</summary>
    public static readonly string[] ListedTypes =
        ["Practitioner", "Organization", "Encounter", "Condition", "AllergyIntolerance", "Immunization", "Procedure"];

    public static IEnumerable<FhirResourceCapability> Capabilities => ListedTypes.Select(t => new FhirResourceCapability(
        t, ["read", "vread", "search-type"],
        t is "Practitioner" or "Organization"
            ? [("_id", "token", "The resource id")]
            : [("patient", "reference", "The patient the resource is about (Patient/<id>)"), ("subject", "reference", "Same as patient")]));

    public static void MapStoredResourcesFhir(this IEndpointRouteBuilder app)
    {
        app.MapPost(KnownRoutes.Fhir, Transaction).RequirePermission(Permissions.PatientsWrite).ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/{{type}}/{{id}}", Read).RequirePermission(Permissions.PatientsRead).ExcludeFromDescription()
            .WithMetadata(new StoredResourceReadRoute());
        app.MapGet($"{KnownRoutes.Fhir}/{{type}}/{{id}}/_history/{{vid}}", VRead).RequirePermission(Permissions.PatientsRead).ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/{{type}}", Search).RequirePermission(Permissions.PatientsRead).ExcludeFromDescription();
    }

    private static async Task<IResult> Transaction(HttpContext http, FhirTransaction handler, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(ct);
        var result = await handler.ProcessAsync(body, ct);
        return result.Succeeded
            ? FhirResults.Ok(result.Response!)
            : new FhirResult(result.Outcome, result.Status);
    }

    private static async Task<IResult> Read(string type, string id, InfirmaryDbContext db, PatientAccess access, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || await db.Set<StoredResource>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.Id == guid && r.ResourceType == type, ct) is not { } r)
        {
            return FhirResults.NotFound(type, id);
        }

        if (await DeniedAsync(db, access, r.PatientId, ct) is { } denied)
        {
            return denied;
        }

        await audit.RecordAsync(AuditAction.Read, $"{type}/{id}", r.PatientId, AuditOutcome.Success, null, ct);
        return new RawFhirResult(StoredResourceJson.Render(r), StatusCodes.Status200OK, r.Version.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> VRead(string type, string id, string vid, InfirmaryDbContext db, PatientAccess access, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || !int.TryParse(vid, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || await db.Set<StoredResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == guid && r.ResourceType == type, ct) is not { } r
            || await db.Set<StoredResourceVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ResourceId == guid && v.Version == version, ct) is not { } v)
        {
            return FhirResults.NotFound(type, $"{id}/_history/{vid}");
        }

        if (await DeniedAsync(db, access, r.PatientId, ct) is { } denied)
        {
            return denied;
        }

        await audit.RecordAsync(AuditAction.Read, $"{type}/{id}/_history/{vid}", r.PatientId, AuditOutcome.Success, null, ct);
        return new RawFhirResult(StoredResourceJson.Render(v.Json, r.PatientId), StatusCodes.Status200OK, vid);
    }

    private static async Task<IResult> Search(string type, HttpContext http, InfirmaryDbContext db, PatientAccess access, AuditTrail audit,
        IEnumerable<IPatientCompartmentSource> sources, ActorAccessor actors, CancellationToken ct)
    {
        if (!ModelInfo.IsKnownResource(type))
        {
            return FhirResults.NotFound(type, string.Empty);
        }

        Guid? patient = null;
        Guid? only = null;
        var count = 100;
        var problems = new List<string>();
        foreach (var (key, values) in http.Request.Query)
        {
            var value = values.ToString();
            switch (key)
            {
                case "patient" or "subject":
                    if (FhirReferences.TryPatientId(value, out var p))
                    {
                        patient = p;
                    }
                    else
                    {
                        problems.Add($"{key}: give Patient/<id>.");
                    }

                    break;
                case "_id":
                    if (Guid.TryParse(value, out var i))
                    {
                        only = i;
                    }
                    else
                    {
                        problems.Add("_id: not an id this server issues.");
                    }

                    break;
                case "_count":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= 1000)
                    {
                        count = c;
                    }
                    else
                    {
                        problems.Add("_count: a number from 1 to 1000.");
                    }

                    break;
                case "_format":
                    break;
                default:
                    problems.Add($"{key}: this search parameter is not supported for {type}.");
                    break;
            }
        }

        if (patient is null && only is null)
        {
            problems.Add($"Search {type} by patient (or subject) or by _id.");
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, problems);
        }

        if (await DeniedAsync(db, access, patient, ct) is { } denied)
        {
            return denied;
        }

        var query = db.Set<StoredResource>().AsNoTracking().Where(r => r.ResourceType == type);
        query = patient is { } pid ? query.Where(r => r.PatientId == pid) : query;
        query = only is { } rid ? query.Where(r => r.Id == rid) : query;
        var found = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(count).ToListAsync(ct);
        if (patient is null && found.Count == 1 && await DeniedAsync(db, access, found[0].PatientId, ct) is { } hidden)
        {
            return hidden;
        }

        // A type no module routes but a module holds (the pharmacy's adverse reactions as AllergyIntolerance) is
        // searched in both places, so a by-patient search never misses the module's own records (ADR 0072).
        var held = new List<(string Type, string Id, JsonObject Resource)>();
        if (patient is { } who && only is null)
        {
            foreach (var source in sources.Where(x => x.ResourceTypes.Contains(type) && actors.Current.Has(x.Permission)))
            {
                held.AddRange((await source.ForPatientAsync(who, ct)).Where(r => r.TypeName == type)
                    .Select(r => (type, r.Id ?? string.Empty, JsonNode.Parse(FhirJson.Serialize(r))!.AsObject())));
            }
        }

        var results = found.Select(r => (r.ResourceType, r.Id.ToString(), StoredResourceJson.Render(r))).Concat(held).Take(count).ToList();
        await audit.RecordAsync(AuditAction.Search, $"{type}{http.Request.QueryString}", patient ?? found.FirstOrDefault()?.PatientId,
            AuditOutcome.Success, $"{results.Count} found", ct);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        return new RawFhirResult(Searchset(results, $"{baseUrl}/{type}{http.Request.QueryString}", baseUrl), StatusCodes.Status200OK, null);
    }

    internal static JsonObject Searchset(IEnumerable<(string Type, string Id, JsonObject Resource)> resources, string self, string baseUrl)
    {
        var entries = new JsonArray();
        foreach (var (type, id, resource) in resources)
        {
            entries.Add(new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}/{type}/{id}",
                ["resource"] = resource,
                ["search"] = new JsonObject { ["mode"] = "match" },
            });
        }

        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "searchset",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["total"] = entries.Count,
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "self", ["url"] = self }),
            ["entry"] = entries,
        };
    }

    /// <summary>A restricted patient's resources are as restricted as the patient record (break-glass applies).</summary>
    internal static async Task<FhirResult?> DeniedAsync(InfirmaryDbContext db, PatientAccess access, Guid? patientId, CancellationToken ct)
    {
        if (patientId is not { } id)
        {
            return null;
        }

        var sensitive = await db.Set<Patient>().AsNoTracking().Where(p => p.Id == id).Select(p => (bool?)p.Sensitive).FirstOrDefaultAsync(ct);
        return sensitive is null || await access.DecideAsync(id, sensitive.Value, ct) == PatientAccessDecision.Allowed
            ? null
            : FhirResults.Forbidden("These resources belong to a restricted record; your access does not extend to it.");
    }
}
