using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Laboratory.Features;

/// <summary>REST: critical results to phone and their calls, printable reports, cumulative results.</summary>
public static partial class LaboratoryApi
{
    static partial void MapWork(IEndpointRouteBuilder app)
    {
        var lab = app.MapGroup(Root).WithTags("Laboratory");
        lab.MapGet("/critical-results", CriticalWorklist).RequirePermission(Permissions.LabResults)
            .WithSummary("Critical results (LL/HH) not yet phoned, oldest first");
        lab.MapGet("/reports/{id:guid}/critical-calls", CriticalCalls).RequirePermission(Permissions.LabResults)
            .WithSummary("Calls logged for a report's critical results");
        lab.MapPost("/reports/{id:guid}/critical-calls", LogCriticalCall).RequirePermission(Permissions.LabResults)
            .WithSummary("Log the call that passed on the report's critical results: whom, read back (must be true), when");
        lab.MapGet("/reports/{id:guid}/pdf", ReportPdf).RequirePermission(Permissions.LabReportsRead)
            .WithSummary("The authorised report as an A4 PDF, with amendments and critical-result calls").Produces(200, contentType: "application/pdf");
        lab.MapGet("/patients/{patientId:guid}/cumulative/{test}", Cumulative).RequirePermission(Permissions.LabReportsRead)
            .WithSummary("Every authorised numeric result of one test for a patient, oldest first");
    }

    private static async Task<Ok<IReadOnlyList<CriticalToPhone>>> CriticalWorklist(CriticalResults handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.WorklistAsync(ct));

    private static async Task<Ok<IReadOnlyList<CriticalCallDto>>> CriticalCalls(Guid id, CriticalResults handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.CallsAsync(id, ct));

    private static async Task<Results<Created<IReadOnlyList<CriticalCallDto>>, ProblemHttpResult>> LogCriticalCall(Guid id, LogCallRequest body, CriticalResults handler, CancellationToken ct)
    {
        var r = await handler.LogAsync(id, body, ct);
        return r.Outcome switch
        {
            ReportOutcome.Done => TypedResults.Created($"{Root}/reports/{id}/critical-calls", r.Calls),
            ReportOutcome.NotFound => NotFound(r.Message!),
            ReportOutcome.Conflict => TypedResults.Problem(r.Message, statusCode: StatusCodes.Status409Conflict, title: "Nothing to phone"),
            _ => TypedResults.Problem(r.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request needs correcting"),
        };
    }

    private static async Task<IResult> ReportPdf(Guid id, ReportPrinting printing, CancellationToken ct) =>
        Pdf(await printing.ReportPdfAsync(id, ct), $"report-{id:N}.pdf");

    private static async Task<Results<Ok<CumulativeView>, ProblemHttpResult>> Cumulative(Guid patientId, string test, ReportPrinting printing, CancellationToken ct) =>
        await printing.CumulativeAsync(patientId, test, ct) is { } view ? TypedResults.Ok(view) : NotFound($"There is no test with code '{test}' in the catalogue.");
}
