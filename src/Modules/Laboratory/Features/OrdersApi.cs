using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Laboratory.Features;

public sealed record CollectRequest(DateTime? CollectedAt);

public sealed record RejectRequest(string? Reason, string? Note);

/// <summary>REST: <c>/api/v1/laboratory/orders</c> (requests) and <c>/api/v1/laboratory/specimens/{accession}</c> (tubes).</summary>
public static partial class LaboratoryApi
{
    static partial void MapOrders(IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup($"{Root}/orders").WithTags("Laboratory");
        orders.MapPost("/", PlaceOrder).RequirePermission(Permissions.LabOrder)
            .WithSummary("Request tests for a patient; the response lists the specimens (one per container) with their barcode numbers")
            .Accepts<OrderRequest>("application/json");
        orders.MapGet("/", MyOrders).RequirePermission(Permissions.LabOrder).WithSummary("My requests, newest first");
        orders.MapGet("/{id:guid}", ReadOrder).RequirePermission(Permissions.LabOrder).WithSummary("One request with its specimens");

        var specimens = app.MapGroup($"{Root}/specimens").WithTags("Laboratory");
        specimens.MapGet("/{accession}", ReadSpecimen).RequirePermission(Permissions.LabSpecimens).WithSummary("One specimen by its barcode number");
        specimens.MapPost("/{accession}/collect", Collect).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Record collection (by the caller; at collectedAt, or now)");
        specimens.MapPost("/{accession}/receive", Receive).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Receive a collected specimen in the laboratory (scan)");
        specimens.MapPost("/{accession}/reject", Reject).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Reject a specimen: unlabelled, mislabelled, haemolysed, insufficient or wrong-container");
    }

    private static async Task<Results<Created<OrderDto>, ValidationProblem>> PlaceOrder(OrderRequest request, PlaceOrder handler, CancellationToken ct)
    {
        var result = await handler.HandleAsync(request, ct);
        return result.Order is { } order
            ? TypedResults.Created($"{Root}/orders/{order.Id}", order)
            : TypedResults.ValidationProblem(result.Errors, title: "The request needs correcting");
    }

    private static async Task<Ok<IReadOnlyList<OrderDto>>> MyOrders(ReadOrders handler, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await handler.MineAsync(limit ?? 50, ct));

    private static async Task<Results<Ok<OrderDto>, ProblemHttpResult>> ReadOrder(Guid id, ReadOrders handler, CancellationToken ct) =>
        await handler.GetAsync(id, ct) is { } order ? TypedResults.Ok(order) : NotFound($"There is no request {id}.");

    private static async Task<Results<Ok<SpecimenDto>, ProblemHttpResult>> ReadSpecimen(string accession, SpecimenActions handler, CancellationToken ct) =>
        await handler.GetAsync(accession, ct) is { } s ? TypedResults.Ok(s) : NotFound($"No specimen has the number {SpecimenActions.Normalise(accession)}.");

    private static async Task<Results<Ok<SpecimenDto>, ProblemHttpResult>> Collect(string accession, CollectRequest? body, SpecimenActions handler, CancellationToken ct) =>
        Answer(await handler.CollectAsync(accession, body?.CollectedAt, ct));

    private static async Task<Results<Ok<SpecimenDto>, ProblemHttpResult>> Receive(string accession, SpecimenActions handler, CancellationToken ct) =>
        Answer(await handler.ReceiveAsync(accession, ct));

    private static async Task<Results<Ok<SpecimenDto>, ProblemHttpResult>> Reject(string accession, RejectRequest body, SpecimenActions handler, CancellationToken ct) =>
        Answer(await handler.RejectAsync(accession, body.Reason, body.Note, ct));

    private static Results<Ok<SpecimenDto>, ProblemHttpResult> Answer(SpecimenActionResult r) => r.Outcome switch
    {
        SpecimenOutcome.Done => TypedResults.Ok(r.Specimen!),
        SpecimenOutcome.NotFound => NotFound(r.Message!),
        SpecimenOutcome.Conflict => TypedResults.Problem(r.Message, statusCode: StatusCodes.Status409Conflict, title: "The specimen is not in a state for this"),
        _ => TypedResults.Problem(r.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request needs correcting"),
    };

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
