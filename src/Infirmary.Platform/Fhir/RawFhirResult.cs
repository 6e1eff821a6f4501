using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Infirmary.Platform.Fhir;

/// <summary>Writes stored JSON as it is (no round trip through the SDK), with the FHIR content type and ETag.</summary>
public sealed class RawFhirResult(JsonNode body, int status, string? versionId) : IResult
{
    public JsonNode Body { get; } = body;

    public int StatusCode { get; } = status;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        if (versionId is not null)
        {
            httpContext.Response.Headers[KnownHeaders.ETag] = FhirETag.Format(versionId);
        }

        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await httpContext.Response.WriteAsync(Body.ToJsonString(), httpContext.RequestAborted);
    }
}
