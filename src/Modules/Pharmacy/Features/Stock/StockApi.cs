using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Pharmacy.Features;

public sealed record StockChangeDto(IReadOnlyList<MovementDto> Movements);

public sealed record QuarantineRequest(string? Reason);

/// <summary>
/// REST: <c>/api/v1/pharmacy/stock</c>. Quantities are in the pack's units (tablets, ml) or whole packs; every change
/// answers with the ledger rows it wrote. Refusals: 400 (validation, naming the field), 404, 409 (insufficient
/// stock, expired or quarantined batch, conflicting receipt) with nothing written.
/// </summary>
public static class StockApi
{
    public static IEndpointRouteBuilder MapStockApi(this IEndpointRouteBuilder app)
    {
        var stock = app.MapGroup($"{KnownRoutes.Api}/pharmacy/stock").WithTags("Pharmacy stock");
        stock.MapGet("/locations", async (StockQueries q, CancellationToken ct) => TypedResults.Ok(await q.LocationsAsync(ct)))
            .RequirePermission(Permissions.StockRead).WithSummary("Stock locations: the pharmacy store, wards and clinics");
        stock.MapGet("/packs", async (StockQueries q, CancellationToken ct) => TypedResults.Ok(await q.PacksAsync(ct)))
            .RequirePermission(Permissions.StockRead).WithSummary("Packs with their GTINs, sizes and units");
        stock.MapGet("/batches", async (string? location, Guid? packId, bool? includeEmpty, StockQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.BatchesAsync(location, packId, includeEmpty ?? false, ct)))
            .RequirePermission(Permissions.StockRead).WithSummary("Batches in stock, first to expire first (filter by location code or pack)");
        stock.MapGet("/batches/{id:guid}", ReadBatch)
            .RequirePermission(Permissions.StockRead).WithSummary("One batch with its ledger: every movement, who, when, why and the balance after it");
        stock.MapPost("/receipts", async (ReceiptRequest r, ReceiveStock h, CancellationToken ct) => ToResult(await h.HandleAsync(r, ct)))
            .RequirePermission(Permissions.StockWrite)
            .WithSummary("Goods receipt, typed in or scanned (GS1 DataMatrix element string in 'scan'); default 1 pack");
        stock.MapPost("/issues", async (IssueRequest r, MoveStock h, CancellationToken ct) => ToResult(await h.IssueAsync(r, ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Issue stock out of a batch (packs or units) with a reason");
        stock.MapPost("/transfers", async (TransferRequest r, MoveStock h, CancellationToken ct) => ToResult(await h.TransferAsync(r, ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Move stock of a batch to another location");
        stock.MapPost("/batches/{id:guid}/quarantine", async (Guid id, QuarantineRequest r, QuarantineStock h, CancellationToken ct) =>
                ToResult(await h.BatchAsync(id, r.Reason, ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Quarantine a batch (recall, damage) with a reason");
        stock.MapPost("/quarantine-expired", async (QuarantineStock h, CancellationToken ct) => ToResult(await h.ExpiredAsync(ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Quarantine every expired batch still holding stock");
        return app;
    }

    private static async Task<Results<Ok<BatchLedger>, NotFound<ProblemDetails>>> ReadBatch(Guid id, StockQueries q, CancellationToken ct) =>
        await q.BatchAsync(id, ct) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "No such stock batch" });

    public static Results<Ok<StockChangeDto>, ValidationProblem, ProblemHttpResult> ToResult(StockResult result) => result.Outcome switch
    {
        StockOutcome.Done => TypedResults.Ok(new StockChangeDto([.. result.Movements!.Select(ToDto)])),
        StockOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!, title: "The stock request needs correcting"),
        StockOutcome.NotFound => TypedResults.Problem(result.Message, statusCode: 404, title: "Not found"),
        StockOutcome.Insufficient => TypedResults.Problem(result.Message, statusCode: 409, title: "Insufficient stock"),
        StockOutcome.Unusable => TypedResults.Problem(result.Message, statusCode: 409, title: "The batch cannot be used"),
        _ => TypedResults.Problem(result.Message, statusCode: 409, title: "Conflict"),
    };

    public static MovementDto ToDto(StockMovement m) => new(m.Id, m.BatchId, m.Kind, m.Change, m.Balance, m.At, m.ByName, m.Reason, m.Reference);
}

/// <summary>REST: <c>/api/v1/pharmacy/cd-register</c>, read-only.</summary>
public static class CdRegisterApi
{
    public static IEndpointRouteBuilder MapCdRegisterApi(this IEndpointRouteBuilder app)
    {
        var cd = app.MapGroup($"{KnownRoutes.Api}/pharmacy/cd-register").WithTags("Pharmacy controlled drugs");
        cd.MapGet("/balances", async (CdQueries q, CancellationToken ct) => TypedResults.Ok(await q.BalancesAsync(ct)))
            .RequirePermission(Permissions.StockRead)
            .WithSummary("Every register page (drug, strength, form, location): running balance against the stock the batches hold");
        cd.MapGet("/", async (Guid vmpId, string location, CdQueries q, CancellationToken ct) => TypedResults.Ok(await q.EntriesAsync(vmpId, location, ct)))
            .RequirePermission(Permissions.StockRead).WithSummary("The entries of one register page, oldest first");
        return app;
    }
}
