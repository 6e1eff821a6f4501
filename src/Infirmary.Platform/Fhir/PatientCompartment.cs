using System.Text.Json.Nodes;
using Hl7.Fhir.Model;

namespace Infirmary.Platform.Fhir;

/// <summary>
/// A module's FHIR resources about one patient (ADR 0072). Every module that holds patient data registers one in its
/// own folder; <c>Patient/$everything</c> and the subject-access export gather them all, and an architecture test
/// fails when a module holds patient references without one, so a new module cannot be left out.
/// </summary>
public interface IPatientCompartmentSource
{
    /// <summary>The module that holds the data, as people name it ("Laboratory"): named when its part is left out.</summary>
    string Module { get; }

    /// <summary>The permission that shows this data on its own; a caller without it (or a whole-record export) gets none.</summary>
    string Permission { get; }

    /// <summary>The resource types this source gives.</summary>
    IReadOnlyList<string> ResourceTypes { get; }

    /// <summary>Every resource the module holds about the patient, each with its id; recording the read is the caller's job.</summary>
    Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct);
}

/// <summary>
/// The generic FHIR resource store's answer to a module that serves the same type (ADR 0071): imported resources of that
/// type for a patient, as stored, so the module's search returns both. Access and audit are the store's.
/// </summary>
public interface IStoredFhirResources
{
    /// <summary>Stored resources of <paramref name="type"/> about the patient (empty when the caller may not see them).</summary>
    Task<IReadOnlyList<JsonObject>> ByPatientAsync(string type, Guid patientId, CancellationToken ct);
}

public static class FhirBundles
{
    /// <summary>
    /// A module's searchset with the store's resources of the same search appended (as stored, never re-serialised),
    /// <c>total</c> counting both.
    /// </summary>
    public static RawFhirResult WithStored(Bundle bundle, IReadOnlyList<JsonObject> stored, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(stored);
        var json = JsonNode.Parse(FhirJson.Serialize(bundle))!.AsObject();
        var entries = json["entry"] as JsonArray ?? [];
        foreach (var resource in stored)
        {
            entries.Add(new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}/{(string?)resource["resourceType"]}/{(string?)resource["id"]}",
                ["resource"] = resource.DeepClone(),
                ["search"] = new JsonObject { ["mode"] = "match" },
            });
        }

        json["entry"] = entries;
        json["total"] = (bundle.Total ?? 0) + stored.Count;
        return new RawFhirResult(json, Microsoft.AspNetCore.Http.StatusCodes.Status200OK, null);
    }
}
