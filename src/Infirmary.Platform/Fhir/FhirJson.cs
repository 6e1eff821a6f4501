using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Infirmary.Platform.Fhir;

/// <summary>Firely SDK serialisation, configured once. Parsing is strict: unknown elements and bad literals are errors.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    public static byte[] SerializeToUtf8(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, Options);

    /// <summary>Parses a resource; on failure returns the issues, each naming the element and position.</summary>
    public static FhirParseResult Parse(string json) => Parse(json, static (j, o) => JsonSerializer.Deserialize<Resource>(j, o));

    /// <summary>Parses a resource held in an already-parsed JSON document (no copy of its text is made).</summary>
    public static FhirParseResult Parse(JsonElement json) => Parse(json, static (j, o) => j.Deserialize<Resource>(o));

    private static FhirParseResult Parse<T>(T json, Func<T, JsonSerializerOptions, Resource?> deserialize)
    {
        try
        {
            var resource = deserialize(json, Options);
            return resource is null
                ? FhirParseResult.Fail(["The body is empty: expected a FHIR resource."])
                : FhirParseResult.Ok(resource);
        }
        catch (DeserializationFailedException e)
        {
            return FhirParseResult.Fail(e.Exceptions.Select(x => x.Message).Take(20).ToList());
        }
        catch (JsonException e)
        {
            return FhirParseResult.Fail([$"Malformed JSON: {e.Message}"]);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return FhirParseResult.Fail([$"Not a FHIR resource: {e.Message}"]);
        }
    }
}

public sealed record FhirParseResult(Resource? Resource, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Resource is not null;

    public static FhirParseResult Ok(Resource r) => new(r, []);

    public static FhirParseResult Fail(IReadOnlyList<string> errors) => new(null, errors);
}
