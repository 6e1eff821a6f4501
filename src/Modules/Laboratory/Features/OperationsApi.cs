using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Laboratory.Features;

/// <summary>REST: <c>/api/v1/laboratory/operations/...</c> — stock, QC (Westgard), maintenance log, turnaround times, solution preparation, cleaning/sterilisation and waste logs.</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapLaboratoryOperationsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup($"{LaboratoryApi.Root}/operations").WithTags("Laboratory").RequirePermission(Permissions.LabOperations);
        ops.MapGet("/stock", async (LabOperations h, CancellationToken ct) => Results.Ok(await h.StockAsync(ct)))
            .WithSummary("Stock items with their lots in expiry order; reorder is true at or below the reorder level (in-date units)");
        ops.MapPost("/stock", async (NewStockItem body, LabOperations h, CancellationToken ct) => Answer(await h.AddItemAsync(body, ct), created: true))
            .WithSummary("Add a reagent or consumable");
        ops.MapPost("/stock/{itemId:guid}/lots", async (Guid itemId, ReceiveLot body, LabOperations h, CancellationToken ct) => Answer(await h.ReceiveAsync(itemId, body, ct), created: true))
            .WithSummary("Receive a lot (number, expiry, quantity)");
        ops.MapPost("/stock/lots/{lotId:guid}/use", async (Guid lotId, UseStock body, LabOperations h, CancellationToken ct) => Answer(await h.UseAsync(lotId, body, ct)))
            .WithSummary("Use units from a lot; more than it holds is refused (stock never goes negative)");
        ops.MapGet("/qc/targets", async (LabOperations h, CancellationToken ct) => Results.Ok(await h.TargetsAsync(ct))).WithSummary("QC targets (mean, SD) per analyser, test and level");
        ops.MapPost("/qc/targets", async (NewQcTarget body, LabOperations h, CancellationToken ct) => Answer(await h.AddTargetAsync(body, ct), created: true))
            .WithSummary("Set the target mean and SD for a control level");
        ops.MapPost("/qc/targets/{id:guid}/results", async (Guid id, RecordQc body, LabOperations h, CancellationToken ct) => Answer(await h.RecordQcAsync(id, body, ct), created: true))
            .WithSummary("Record a QC value; the answer says how the Westgard rules judged it (accept, warning, reject)");
        ops.MapGet("/qc/targets/{id:guid}/results", async (Guid id, LabOperations h, CancellationToken ct) =>
            await h.SeriesAsync(id, ct) is { } s ? Results.Ok(s) : Results.Problem("There are no such QC targets.", statusCode: 404))
            .WithSummary("The QC series (last 60) with each value's z-score and judgement");
        ops.MapPost("/maintenance", async (NewMaintenance body, LabOperations h, CancellationToken ct) => Answer(await h.LogMaintenanceAsync(body, ct), created: true))
            .WithSummary("Log analyser maintenance");
        ops.MapGet("/maintenance", async (string? analyser, LabOperations h, CancellationToken ct) => Results.Ok(await h.MaintenanceAsync(analyser, ct)))
            .WithSummary("The maintenance log, newest first");
        ops.MapGet("/turnaround", async (DateTime? from, DateTime? to, LabOperations h, TimeProvider clock, CancellationToken ct) =>
            {
                var end = to?.ToUniversalTime() ?? clock.GetUtcNow().UtcDateTime;
                var start = from?.ToUniversalTime() ?? end.AddDays(-30);
                return start >= end || (end - start).TotalDays > 366
                    ? Results.Problem("The period must start before it ends and be at most a year.", statusCode: 400)
                    : Results.Ok(await h.TurnaroundAsync(start, end, ct));
            })
            .WithSummary("Turnaround (received to authorised) per test: median and 90th percentile hours against the target; default the last 30 days");
        ops.MapPost("/solutions", async (NewSolution body, LabLogs h, CancellationToken ct) => Logged(await h.PrepareSolutionAsync(body, ct)))
            .WithSummary("Log a prepared solution with the lot of each ingredient and its expiry; the answer gives the solution's own lot number");
        ops.MapGet("/solutions", async (string? ingredientLot, LabLogs h, CancellationToken ct) => Results.Ok(await h.SolutionsAsync(ingredientLot, ct)))
            .WithSummary("Solutions prepared, newest first; ingredientLot finds every solution made with that lot");
        ops.MapPost("/cleaning", async (NewCleaning body, LabLogs h, CancellationToken ct) => Logged(await h.LogCleaningAsync(body, ct)))
            .WithSummary("Log cleaning, disinfection or sterilisation (a sterilisation needs its cycle and indicator result)");
        ops.MapGet("/cleaning", async (string? item, LabLogs h, CancellationToken ct) => Results.Ok(await h.CleaningAsync(item, ct)))
            .WithSummary("The cleaning and sterilisation log, newest first");
        ops.MapPost("/waste", async (NewWaste body, LabLogs h, CancellationToken ct) => Logged(await h.LogWasteAsync(body, ct)))
            .WithSummary("Log waste consigned (hazardous categories need the consignment note code)");
        ops.MapGet("/waste", async (LabLogs h, CancellationToken ct) => Results.Ok(await h.WasteAsync(ct)))
            .WithSummary("The waste log, newest first");
        return app;
    }

    private static IResult Logged(LogResult r) => r.Succeeded
        ? Results.Json(new { id = r.Id, lotNumber = r.LotNumber }, statusCode: StatusCodes.Status201Created)
        : Results.ValidationProblem(r.Errors, title: "The entry needs correcting");

    private static IResult Answer<T>(OpResult<T> r, bool created = false) => r.Problem is null
        ? created ? Results.Json(r.Value, statusCode: StatusCodes.Status201Created) : Results.Ok(r.Value)
        : Results.Problem(r.Problem, statusCode: r.Status, title: r.Status == 409 ? "Conflict" : r.Status == 404 ? "Not found" : "The request needs correcting");
}
