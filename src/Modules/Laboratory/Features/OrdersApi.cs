using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Laboratory.Features;

public sealed record CollectRequest(DateTime? CollectedAt);

public sealed record RejectRequest(string? Reason, string? Note);

public sealed record StoreRequest(string? Rack, string? Position);

public sealed record AliquotRequest(decimal? VolumeMl);

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
        orders.MapGet("/rejections", MyRejections).RequirePermission(Permissions.LabOrder)
            .WithSummary("Rejected specimens of my requests that I have not yet acknowledged (send a new specimen)");
        orders.MapPost("/rejections/{accession}/acknowledge", AcknowledgeRejection).RequirePermission(Permissions.LabOrder)
            .WithSummary("I have seen that this specimen of my request was rejected");
        orders.MapGet("/{id:guid}", ReadOrder).RequirePermission(Permissions.LabOrder).WithSummary("One request with its specimens");
        orders.MapGet("/{id:guid}/labels", OrderLabels).RequirePermission(Permissions.LabOrder)
            .WithSummary("50 x 25 mm specimen labels as PDF for the request's specimens awaiting collection (?all=true: every specimen)")
            .Produces(200, contentType: "application/pdf");

        var specimens = app.MapGroup($"{Root}/specimens").WithTags("Laboratory");
        specimens.MapGet("/{accession}", ReadSpecimen).RequirePermission(Permissions.LabSpecimens).WithSummary("One specimen by its barcode number");
        specimens.MapPost("/{accession}/collect", Collect).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Record collection (by the caller; at collectedAt, or now)");
        specimens.MapPost("/{accession}/receive", Receive).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Receive a collected specimen in the laboratory (scan)");
        specimens.MapPost("/{accession}/reject", Reject).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Reject a specimen: unlabelled, mislabelled, haemolysed, insufficient or wrong-container");
        specimens.MapPost("/{accession}/store", Store).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Put a received specimen in storage at a rack and position (one tube per position)");
        specimens.MapPost("/{accession}/retrieve", Retrieve).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Take a specimen out of storage; its position becomes free");
        specimens.MapPost("/{accession}/aliquots", Aliquot).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Pour an aliquot: a child specimen with its own barcode, linked to this one");
        specimens.MapGet("/{accession}/aliquots", Aliquots).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("The aliquots poured from a specimen");
        specimens.MapGet("/{accession}/label", SpecimenLabel).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("The specimen's 50 x 25 mm label as PDF (Code 128 barcode of the accession number)").Produces(200, contentType: "application/pdf");

        var collection = app.MapGroup($"{Root}/collection-lists").WithTags("Laboratory");
        collection.MapGet("/", CollectionLocations).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Wards and clinics with specimens awaiting collection");
        collection.MapGet("/list", CollectionList).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("Specimens awaiting collection at ?location= (urgent first)");
        collection.MapGet("/list.pdf", CollectionListPdf).RequirePermission(Permissions.LabSpecimens)
            .WithSummary("The collection list for ?location= as a printable A4 PDF").Produces(200, contentType: "application/pdf");
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

    private static async Task<Ok<IReadOnlyList<RejectionNotice>>> MyRejections(RejectionNotices notices, CancellationToken ct) =>
        TypedResults.Ok(await notices.MineAsync(ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> AcknowledgeRejection(string accession, RejectionNotices notices, CancellationToken ct) =>
        await notices.AcknowledgeAsync(accession, ct) switch
        {
            SpecimenOutcome.Done => TypedResults.NoContent(),
            SpecimenOutcome.Conflict => TypedResults.Problem("This specimen was not rejected, or was changed at the same moment.", statusCode: StatusCodes.Status409Conflict),
            _ => NotFound($"No rejected specimen {SpecimenActions.Normalise(accession)} on your requests."),
        };

    private static async Task<Results<Ok<SpecimenDto>, ProblemHttpResult>> Store(string accession, StoreRequest body, SpecimenActions handler, CancellationToken ct) =>
        Answer(await handler.StoreAsync(accession, body.Rack, body.Position, ct));

    private static async Task<Results<Ok<SpecimenDto>, ProblemHttpResult>> Retrieve(string accession, SpecimenActions handler, CancellationToken ct) =>
        Answer(await handler.RetrieveAsync(accession, ct));

    private static async Task<Results<Created<SpecimenDto>, ProblemHttpResult>> Aliquot(string accession, AliquotRequest body, SpecimenActions handler, CancellationToken ct)
    {
        var r = await handler.AliquotAsync(accession, body.VolumeMl, ct);
        return r.Outcome == SpecimenOutcome.Done
            ? TypedResults.Created($"{Root}/specimens/{r.Specimen!.Accession}", r.Specimen)
            : (ProblemHttpResult)Answer(r).Result;
    }

    private static async Task<Ok<IReadOnlyList<SpecimenDto>>> Aliquots(string accession, SpecimenActions handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.AliquotsOfAsync(accession, ct));

    private static async Task<IResult> OrderLabels(Guid id, bool? all, SpecimenPrinting printing, CancellationToken ct) =>
        Pdf(await printing.LabelsForOrderAsync(id, all ?? false, ct), $"labels-{id:N}.pdf");

    private static async Task<IResult> SpecimenLabel(string accession, SpecimenPrinting printing, CancellationToken ct) =>
        Pdf(await printing.LabelForSpecimenAsync(accession, ct), $"label-{SpecimenActions.Normalise(accession)}.pdf");

    private static async Task<Ok<IReadOnlyList<CollectionLocation>>> CollectionLocations(SpecimenPrinting printing, CancellationToken ct) =>
        TypedResults.Ok(await printing.LocationsAsync(ct));

    private static async Task<IResult> CollectionList(string? location, SpecimenPrinting printing, CancellationToken ct) =>
        (IResult?)BadLocation(location) ?? TypedResults.Ok(await printing.CollectionListAsync(location!, ct));

    private static async Task<IResult> CollectionListPdf(string? location, SpecimenPrinting printing, CancellationToken ct) =>
        (IResult?)BadLocation(location) ?? Pdf(await printing.CollectionListPdfAsync(location!, ct), "collection-list.pdf");

    private static ProblemHttpResult? BadLocation(string? location) => string.IsNullOrWhiteSpace(location) || location.Length > 100
        ? TypedResults.Problem("Name the ward or clinic (?location=..., up to 100 characters).", statusCode: StatusCodes.Status400BadRequest, title: "The request needs correcting")
        : null;

    /// <summary>A printed document as a PDF download, or its refusal as problem details (a label that does not fit is a 422 naming the text).</summary>
    internal static IResult Pdf(PrintResult r, string fileName) => r.Pdf is { } pdf
        ? TypedResults.File(pdf, "application/pdf", fileName)
        : TypedResults.Problem(r.Problem, statusCode: r.Status, title: r.Status == 422 ? "The document does not fit" : "Cannot print this");

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
