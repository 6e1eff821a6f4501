using Hl7.Fhir.Model;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Task = System.Threading.Tasks.Task;

namespace Infirmary.Web.Platform;

/// <summary>Headers that tell browsers to refuse framing, sniffing, mixed content and scripts from elsewhere.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var h = context.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        // The API reference page loads its own bundled script; everything else is ours.
        if (!context.Request.Path.StartsWithSegments("/api/docs"))
        {
            h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                                      "connect-src 'self' ws: wss:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";
        }

        return next(context);
    }
}

/// <summary>
/// Unhandled exceptions become a plain 500 (problem details, or an OperationOutcome under /fhir) with a trace id —
/// never a stack trace. Bad requests detected by the framework (malformed JSON, wrong content type) keep their 4xx,
/// and a value longer than its column (refused before saving, or by PostgreSQL) is answered 400.
/// </summary>
public static class ErrorResponses
{
    public static async System.Threading.Tasks.Task HandleExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = StatusFor(error);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Infirmary.Errors");
        string message;
        if (status == 500)
        {
            message = $"Something went wrong on the server. Quote reference {context.TraceIdentifier} to the service desk.";
            logger.LogError(error, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else if (error is BadHttpRequestException)
        {
            message = Describe(error);
        }
        else
        {
            // A value longer than its column (StatusFor): nothing was saved. Logged, without the value, so the missing
            // check at the edge can be added. The context's own refusal names the field; PostgreSQL's does not.
            message = error is ValueTooLongException named ? named.Message : TooLongMessage;
            logger.LogWarning("A value longer than its column was refused for {Method} {Path} ({Field})", context.Request.Method, context.Request.Path, (error as ValueTooLongException)?.Field);
        }

        await WriteAsync(context, status, message);
    }

    internal const string TooLongMessage = "A value is longer than its field allows. Shorten it and try again; nothing was saved.";

    /// <summary>The status an unhandled exception is answered with: the framework's own 4xx, 400 for a value longer than its column, else 500.</summary>
    internal static int StatusFor(Exception? error) => error switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        not null when DbErrors.IsTooLong(error) => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string Describe(Exception e) => e.InnerException is System.Text.Json.JsonException json
        ? $"The request body is not valid JSON for this endpoint: {json.Message}"
        : e.Message;

    public static async System.Threading.Tasks.Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments(KnownRoutes.Fhir))
        {
            var code = status switch
            {
                401 => OperationOutcome.IssueType.Login,
                403 => OperationOutcome.IssueType.Forbidden,
                404 => OperationOutcome.IssueType.NotFound,
                405 or 415 => OperationOutcome.IssueType.NotSupported,
                429 => OperationOutcome.IssueType.Throttled,
                >= 500 => OperationOutcome.IssueType.Exception,
                _ => OperationOutcome.IssueType.Invalid,
            };
            await new FhirResult(OperationOutcomes.Error(code, message), status).ExecuteAsync(context);
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = Title(status), Detail = message },
        });
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Sign-in required",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Request too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        _ => "Server error",
    };
}

/// <summary>Gives every empty error response under /api and /fhir a body that says what went wrong.</summary>
public sealed class ErrorBodyMiddleware(RequestDelegate next)
{
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var r = context.Response;
        if (r.HasStarted || r.StatusCode < 400 || r.ContentLength > 0 || !string.IsNullOrEmpty(r.ContentType))
        {
            return;
        }

        var path = context.Request.Path;
        if (!path.StartsWithSegments(KnownRoutes.Fhir) && !path.StartsWithSegments("/api") && !path.StartsWithSegments(KnownRoutes.CdsServices))
        {
            return;
        }

        var message = r.StatusCode switch
        {
            401 => "Sign in, or send a bearer token from /connect/token.",
            403 => "You do not have permission for this.",
            404 => $"Nothing is served at {path}.",
            405 => $"{context.Request.Method} is not supported at {path}.",
            415 => "The content type of the body is not supported here (send application/json, or application/fhir+json under /fhir).",
            429 => "Too many requests: wait a minute and try again.",
            _ => "The request could not be processed.",
        };
        await ErrorResponses.WriteAsync(context, r.StatusCode, message);
    }
}

/// <summary>Every refused request (401/403, or a page sent to the login) leaves an audit event.</summary>
public sealed class DeniedAuditMiddleware(RequestDelegate next)
{
    public const string DeniedItem = "infirmary.denied";

    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var denied = context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
                     || context.Items.ContainsKey(DeniedItem);
        if (!denied || context.Items.ContainsKey(AuditTrail.DenialRecordedItem))
        {
            return;
        }

        // Resolved only for a refusal: an answered request does not construct the audit trail (nor its context, ADR 0156).
        var audit = context.RequestServices.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(AuditAction.Execute, $"{context.Request.Method} {context.Request.Path}", null, AuditOutcome.Denied,
            $"HTTP {context.Response.StatusCode}", CancellationToken.None);
    }
}
