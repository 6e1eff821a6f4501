using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Pharmacy.Features;

public sealed record OverrideRequest(string? Reason);

public sealed record QueryRequest(string? Question);

public sealed record AmendRequest(double? DoseMg, string? Frequency, string? Route, string? Directions, int? Quantity, string? Reason);

/// <summary>
/// REST: <c>/api/v1/pharmacy/prescriptions</c>. Written by prescribers (screened on creation), checked by pharmacists.
/// Changes take <c>If-Match</c> (optional) with the ETag read; 409 for a refused check step, 412 for a stale one.
/// </summary>
public static class PrescriptionsApi
{
    private const string Route = $"{KnownRoutes.Api}/pharmacy/prescriptions";

    public static IEndpointRouteBuilder MapPrescriptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Pharmacy prescriptions");
        group.MapPost("/", Write).RequirePermission(Permissions.PrescriptionsWrite)
            .WithSummary("Write a prescription (inpatient, discharge or outpatient); it is screened at once and its alerts returned");
        group.MapGet("/", (string? status, PrescriptionQueries q, CancellationToken ct) => Worklist(status, q, ct))
            .RequirePermission(Permissions.PrescriptionsRead).WithSummary("Prescriptions awaiting a pharmacist's check (or by status), oldest first");
        group.MapGet("/{id:guid}", Read).RequirePermission(Permissions.PrescriptionsRead)
            .WithSummary("One prescription with its items, screening alerts, overrides and check history");
        group.MapPost("/{id:guid}/alerts/{alertId:guid}/override", (Guid id, Guid alertId, OverrideRequest r, ClinicalCheck h, PrescriptionQueries q, HttpContext http, CancellationToken ct) =>
                Step(http, q, expected => h.OverrideAsync(id, alertId, r.Reason, expected, ct), id, ct))
            .RequirePermission(Permissions.PrescriptionsCheck).WithSummary("Override a screening alert with a reason (recorded with your name)");
        group.MapPost("/{id:guid}/query", (Guid id, QueryRequest r, ClinicalCheck h, PrescriptionQueries q, HttpContext http, CancellationToken ct) =>
                Step(http, q, expected => h.QueryAsync(id, r.Question, expected, ct), id, ct))
            .RequirePermission(Permissions.PrescriptionsCheck).WithSummary("Query the prescription with the prescriber");
        group.MapPost("/{id:guid}/items/{itemId:guid}/amend", (Guid id, Guid itemId, AmendRequest r, ClinicalCheck h, PrescriptionQueries q, HttpContext http, CancellationToken ct) =>
                Step(http, q, expected => h.AmendAsync(id, itemId, new ItemAmendment(r.DoseMg, r.Frequency, r.Route, r.Directions, r.Quantity), r.Reason, expected, ct), id, ct))
            .RequirePermission(Permissions.PrescriptionsCheck).WithSummary("Amend an item (dose, frequency, route, directions, quantity); the prescription is re-screened");
        group.MapPost("/{id:guid}/approve", (Guid id, ClinicalCheck h, PrescriptionQueries q, HttpContext http, CancellationToken ct) =>
                Step(http, q, expected => h.ApproveAsync(id, expected, ct), id, ct))
            .RequirePermission(Permissions.PrescriptionsCheck)
            .WithSummary("Approve after the clinical check; refused while a severe or contraindicated alert has no override");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<WorklistEntry>>> Worklist(string? status, PrescriptionQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.WorklistAsync(status, ct));

    private static async Task<Results<Created<PrescriptionDto>, ValidationProblem>> Write(
        PrescriptionRequest request, WritePrescription handler, PrescriptionQueries q, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(request, ct);
        if (result.Outcome != PrescriptionOutcome.Done)
        {
            return TypedResults.ValidationProblem(result.Errors!, title: "The prescription needs correcting");
        }

        var (dto, _) = (await q.GetAsync(result.Prescription!.Id, ct))!.Value;
        FhirETag.Set(http.Response, dto.Version);
        return TypedResults.Created($"{Route}/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<PrescriptionDto>, NotFound<ProblemDetails>>> Read(Guid id, PrescriptionQueries q, HttpContext http, CancellationToken ct)
    {
        if (await q.GetAsync(id, ct) is not { } found)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "No such prescription" });
        }

        FhirETag.Set(http.Response, found.Prescription.Version);
        return TypedResults.Ok(found.Prescription);
    }

    private static async Task<Results<Ok<PrescriptionDto>, ValidationProblem, ProblemHttpResult>> Step(
        HttpContext http, PrescriptionQueries q, Func<int?, Task<PrescriptionResult>> step, Guid id, CancellationToken ct)
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"1\".", statusCode: 400, title: "Bad If-Match");
        }

        var result = await step(expected);
        switch (result.Outcome)
        {
            case PrescriptionOutcome.Done:
                var (dto, _) = (await q.GetAsync(id, ct))!.Value;
                FhirETag.Set(http.Response, dto.Version);
                return TypedResults.Ok(dto);
            case PrescriptionOutcome.Invalid:
                return TypedResults.ValidationProblem(result.Errors!, title: "The clinical check step needs correcting");
            case PrescriptionOutcome.NotFound:
                return TypedResults.Problem(result.Message, statusCode: 404, title: "Not found");
            case PrescriptionOutcome.Stale:
                return TypedResults.Problem(result.Message, statusCode: 412, title: "The prescription has changed");
            default:
                return TypedResults.Problem(result.Message, statusCode: 409, title: "The clinical check step was refused");
        }
    }
}
