using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Laboratory.Features;

public sealed record AmendRequest(string? Value, string? Reason);

/// <summary>REST for the laboratory's result work: validation worklist, validate, authorise, amend, unmatched results.</summary>
public static partial class LaboratoryApi
{
    static partial void MapResults(IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup($"{Root}/reports").WithTags("Laboratory");
        reports.MapGet("/worklist", Worklist).RequirePermission(Permissions.LabResults)
            .WithSummary("Reports awaiting technical validation or clinical authorisation, oldest first, with flags and deltas");
        reports.MapGet("/{id:guid}", ReadReport).RequirePermission(Permissions.LabResults).WithSummary("One report with all its results (amended ones too)");
        reports.MapPost("/{id:guid}/validate", Validate).RequirePermission(Permissions.LabResults)
            .WithSummary("Technically validate a report (send If-Match with the ETag you reviewed)");
        reports.MapPost("/{id:guid}/authorise", Authorise).RequirePermission(Permissions.LabAuthorise)
            .WithSummary("Clinically authorise a validated report; never by the person who validated it");
        app.MapPost($"{Root}/results/{{id:guid}}/amend", Amend).RequirePermission(Permissions.LabResults).WithTags("Laboratory")
            .WithSummary("Amend a result: a new value with a reason; the old value is kept and shown; the report is reopened");
        app.MapGet($"{Root}/unmatched-results", Unmatched).RequirePermission(Permissions.LabResults).WithTags("Laboratory")
            .WithSummary("Result groups that matched no received specimen exactly, newest first");
    }

    private static async Task<Ok<IReadOnlyList<ReportDto>>> Worklist(ResultValidation handler, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await handler.WorklistAsync(limit ?? 100, ct));

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> ReadReport(Guid id, ResultValidation handler, HttpContext http, CancellationToken ct)
    {
        if (await handler.GetAsync(id, ct) is not { } report)
        {
            return NotFound($"There is no report {id}.");
        }

        FhirETag.Set(http.Response, report.Version);
        return TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Validate(Guid id, ResultValidation handler, HttpContext http, CancellationToken ct) =>
        !FhirETag.TryReadIfMatch(http.Request, out var expected) ? BadIfMatch() : Answer(await handler.ValidateAsync(id, expected, ct), http);

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Authorise(Guid id, ResultValidation handler, HttpContext http, CancellationToken ct) =>
        !FhirETag.TryReadIfMatch(http.Request, out var expected) ? BadIfMatch() : Answer(await handler.AuthoriseAsync(id, expected, ct), http);

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Amend(Guid id, AmendRequest body, ResultValidation handler, HttpContext http, CancellationToken ct) =>
        Answer(await handler.AmendAsync(id, body.Value, body.Reason, ct), http);

    private static async Task<Ok<IReadOnlyList<UnmatchedDto>>> Unmatched(ResultValidation handler, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await handler.UnmatchedAsync(limit ?? 200, ct));

    private static ProblemHttpResult BadIfMatch() =>
        TypedResults.Problem("If-Match must be an ETag such as W/\"3\".", statusCode: StatusCodes.Status400BadRequest, title: "Bad If-Match");

    private static Results<Ok<ReportDto>, ProblemHttpResult> Answer(ReportActionResult r, HttpContext http)
    {
        switch (r.Outcome)
        {
            case ReportOutcome.Done:
                FhirETag.Set(http.Response, r.Report!.Version);
                return TypedResults.Ok(r.Report);
            case ReportOutcome.NotFound:
                return NotFound(r.Message!);
            case ReportOutcome.Conflict:
                return TypedResults.Problem(r.Message, statusCode: StatusCodes.Status409Conflict, title: "The report is not in a state for this");
            default:
                return TypedResults.Problem(r.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request needs correcting");
        }
    }
}
