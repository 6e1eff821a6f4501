using System.Text.Json.Nodes;
using Infirmary.Patients.Domain;

namespace Infirmary.Patients.Features;

/// <summary>
/// The JSON of a stored resource. The patient it is about is held in a column (so merges move it, ADR 0031); on the
/// way out the resource's <c>subject</c>/<c>patient</c> reference is rendered from that column, so after a merge the
/// resource names the survivor, and after an unmerge the original record again.
/// </summary>
public static class StoredResourceJson
{
    private static readonly string[] PatientElements = ["subject", "patient"];

    /// <summary>The id in the resource's top-level <c>subject</c> or <c>patient</c> reference when it is a Patient.</summary>
    public static string? PatientReference(JsonObject resource)
    {
        foreach (var name in PatientElements)
        {
            if (resource[name] is JsonObject r && r["reference"] is JsonValue v && v.TryGetValue<string>(out var s)
                && s.StartsWith("Patient/", StringComparison.Ordinal))
            {
                return s["Patient/".Length..];
            }
        }

        return null;
    }

    public static JsonObject Render(StoredResource r) => Render(r.Json, r.PatientId);

    public static JsonObject Render(string json, Guid? patientId)
    {
        var resource = JsonNode.Parse(json)!.AsObject();
        if (patientId is { } id)
        {
            foreach (var name in PatientElements)
            {
                if (resource[name] is JsonObject r && r["reference"] is JsonValue v && v.TryGetValue<string>(out var s)
                    && s.StartsWith("Patient/", StringComparison.Ordinal))
                {
                    r["reference"] = $"Patient/{id}";
                    break;
                }
            }
        }

        return resource;
    }
}
