using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Infirmary.Platform.Fhir;

/// <summary>
/// The one place FHIR responses are written: content type, ETag (W/"version"), Last-Modified, Location and the
/// client's Prefer choice are handled the same way for every resource type.
/// </summary>
public sealed class FhirResult(Resource? resource, int status, string? versionId = null, DateTimeOffset? lastModified = null, string? location = null) : IResult
{
    public Resource? Resource { get; } = resource;

    public int StatusCode { get; } = status;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        var context = httpContext;
        var response = context.Response;
        response.StatusCode = StatusCode;
        if (versionId is not null)
        {
            response.Headers[KnownHeaders.ETag] = FhirETag.Format(versionId);
        }

        if (lastModified is { } lm)
        {
            response.Headers[KnownHeaders.LastModified] = lm.ToString("R", CultureInfo.InvariantCulture);
        }

        if (location is not null)
        {
            response.Headers[KnownHeaders.Location] = location;
        }

        var body = Resource;
        if (body is not null && StatusCode is StatusCodes.Status200OK or StatusCodes.Status201Created)
        {
            var prefer = context.Request.Headers[KnownHeaders.Prefer].ToString();
            if (prefer.Contains("return=minimal", StringComparison.OrdinalIgnoreCase))
            {
                body = null;
            }
            else if (prefer.Contains("return=OperationOutcome", StringComparison.OrdinalIgnoreCase))
            {
                body = OperationOutcomes.Information($"{Resource!.TypeName} {Resource.Id} stored.");
            }
        }

        if (body is null)
        {
            return;
        }

        response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await response.Body.WriteAsync(FhirJson.SerializeToUtf8(body), context.RequestAborted);
    }
}

public static class FhirResults
{
    public static FhirResult Ok(Resource r, string? versionId = null, DateTimeOffset? lastModified = null) =>
        new(r, StatusCodes.Status200OK, versionId, lastModified);

    public static FhirResult Created(Resource r, string location, string versionId, DateTimeOffset lastModified) =>
        new(r, StatusCodes.Status201Created, versionId, lastModified, location);

    public static FhirResult Error(int status, OperationOutcome.IssueType code, string message, string? expression = null) =>
        new(OperationOutcomes.Error(code, message, expression), status);

    public static FhirResult Errors(int status, OperationOutcome.IssueType code, IEnumerable<string> messages) =>
        new(OperationOutcomes.Errors(code, messages), status);

    public static FhirResult NotFound(string type, string id) =>
        Error(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known.");

    public static FhirResult Forbidden(string message) =>
        Error(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, message);

    public static FhirResult PreconditionFailed(string message) =>
        Error(StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.Conflict, message);
}

public static class OperationOutcomes
{
    public static OperationOutcome Error(OperationOutcome.IssueType code, string message, string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Diagnostics = message,
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return new OperationOutcome { Issue = [issue] };
    }

    public static OperationOutcome Errors(OperationOutcome.IssueType code, IEnumerable<string> messages) => new()
    {
        Issue = messages.Select(m => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Diagnostics = m,
        }).ToList(),
    };

    public static OperationOutcome Information(string message) => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = message,
            },
        ],
    };
}

public static class FhirETag
{
    public static string Format(string versionId) => $"W/\"{versionId}\"";

    public static string Format(int version) => Format(version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sends a record's version as its ETag, so the client can send it back in If-Match.</summary>
    public static void Set(HttpResponse response, int version) => response.Headers[KnownHeaders.ETag] = Format(version);

    /// <summary>
    /// Reads If-Match as the record version the caller edited (REST and FHIR alike). <paramref name="expected"/> is
    /// null when no If-Match was sent; returns false when one was sent but is not a version, e.g. <c>W/"abc"</c>.
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out int? expected)
    {
        expected = null;
        var value = ParseVersion(request.Headers[KnownHeaders.IfMatch].ToString());
        if (value is null)
        {
            return true;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        expected = version;
        return true;
    }

    /// <summary>Accepts W/"3", "3" or 3. Returns null when the header is absent or unreadable.</summary>
    public static string? ParseVersion(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var v = header.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal))
        {
            v = v[2..];
        }

        return v.Trim('"');
    }
}

/// <summary>Reads a FHIR request body, checking the content type and size first.</summary>
public static class FhirRequest
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Reads a resource that must be of type <typeparamref name="T"/> (e.g. a Patient for POST /fhir/Patient).</summary>
    public static async Task<(T? Resource, FhirResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : Resource
    {
        var (resource, error) = await ReadAsync(request);
        if (error is not null)
        {
            return (null, error);
        }

        return resource is T typed
            ? (typed, null)
            : (null, FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                $"Expected a {typeof(T).Name} resource; got {resource!.TypeName}.", "resourceType"));
    }

    public static async Task<(Resource? Resource, FhirResult? Error)> ReadAsync(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mt) ||
            !(mt.MediaType.Equals(FhirJson.MediaType, StringComparison.OrdinalIgnoreCase) ||
              mt.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
              mt.MediaType.Equals("application/json+fhir", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, FhirResults.Error(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Content-Type must be {FhirJson.MediaType}; got '{contentType ?? "none"}'."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, FhirResults.Error(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly,
                $"The body is larger than {MaxBodyBytes / 1024} KiB."));
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), request.HttpContext.RequestAborted);
        if (read > MaxBodyBytes)
        {
            return (null, FhirResults.Error(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly,
                $"The body is larger than {MaxBodyBytes / 1024} KiB."));
        }

        var parsed = FhirJson.Parse(new string(buffer, 0, read));
        return parsed.Succeeded
            ? (parsed.Resource, null)
            : (null, FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, parsed.Errors));
    }
}
