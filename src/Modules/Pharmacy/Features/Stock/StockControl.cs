using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record StockCount(Guid BatchId, int? Counted, string? Reason);

public sealed record StockTakeRequest(string? Location, IReadOnlyList<StockCount>? Counts);

public sealed record StockTakeLineDto(Guid BatchId, string BatchNumber, string Pack, int Expected, int Counted, int Variance, string? Reason);

public sealed record StockTakeDto(Guid Id, string Location, DateTime At, string By, IReadOnlyList<StockTakeLineDto> Lines);

/// <summary>
/// Posts a stock-take of one location in one transaction (ADR 0062): each counted batch is set to its count by a
/// conditional UPDATE guarded on the quantity the transaction read, and each variance goes through the ledger with its
/// reason. A batch that moves while the stock-take posts, a missing reason, a negative count or a batch from another
/// location refuses the whole stock-take; nothing is written. Schedule 2 controlled drugs are not adjusted here: their
/// discrepancies are investigated through the CD register.
/// </summary>
public sealed class PostStockTake(InfirmaryDbContext db, StockLedger ledger, AuditTrail audit)
{
    public const int MaxLines = 2_000;

    public async Task<(StockResult Result, StockTakeDto? StockTake)> HandleAsync(StockTakeRequest request, CancellationToken ct)
    {
        var location = await ReceiveStock.FindLocationAsync(db, request.Location, ct);
        if (location is null)
        {
            return (StockResult.Invalid("location", $"There is no stock location '{request.Location}'."), null);
        }

        var counts = request.Counts ?? [];
        if (counts.Count is 0 or > MaxLines)
        {
            return (StockResult.Invalid("counts", $"Give between 1 and {MaxLines} counted batches."), null);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var ids = counts.Select(c => c.BatchId).ToList();
        var batches = await (
            from b in db.Set<StockBatch>().AsNoTracking()
            join p in db.Set<Pack>() on b.PackId equals p.Id
            join v in db.Set<Vmp>() on p.VmpId equals v.Id
            where ids.Contains(b.Id)
            select new { Batch = b, Pack = p, v.ControlledDrugSchedule }).ToDictionaryAsync(x => x.Batch.Id, ct);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < counts.Count; i++)
        {
            var c = counts[i];
            var key = $"counts[{i}]";
            if (!seen.Add(c.BatchId))
            {
                errors[key] = ["This batch is counted twice."];
            }
            else if (!batches.TryGetValue(c.BatchId, out var b) || b.Batch.LocationId != location.Id)
            {
                errors[key] = [$"Batch {c.BatchId} is not held at {location.Name}."];
            }
            else if (c.Counted is not { } counted || counted < 0 || counted > 10_000_000)
            {
                errors[$"{key}.counted"] = [$"Enter the count for batch {b.Batch.BatchNumber}: a whole number of {b.Pack.Unit}s, 0 or more."];
            }
            else if (counted != b.Batch.Quantity && string.IsNullOrWhiteSpace(c.Reason))
            {
                errors[$"{key}.reason"] = [$"Batch {b.Batch.BatchNumber}: counted {counted}, expected {b.Batch.Quantity}; give the reason for the difference."];
            }
            else if (c.Reason is { Length: > MoveStock.MaxReason })
            {
                errors[$"{key}.reason"] = [$"The reason must be {MoveStock.MaxReason} characters or fewer."];
            }
            else if (counted != b.Batch.Quantity && b.ControlledDrugSchedule == 2)
            {
                errors[key] = [$"Batch {b.Batch.BatchNumber} is a schedule 2 controlled drug: investigate the discrepancy through the CD register, not a stock-take."];
            }
        }

        if (errors.Count > 0)
        {
            return (StockResult.Invalid(errors), null);
        }

        var take = new StockTake { Id = Guid.NewGuid(), LocationId = location.Id, At = ledger.Now, ById = ledger.Actor.Id, ByName = StaffName.Of(ledger.Actor) };
        var result = await ledger.InTransactionAsync(async token =>
        {
            db.Add(take);
            take.Lines.Clear();
            var movements = new List<StockMovement>();
            foreach (var c in counts)
            {
                // What the system holds now, read inside the transaction that changes it.
                var expected = await db.Set<StockBatch>().Where(b => b.Id == c.BatchId).Select(b => b.Quantity).SingleAsync(token);
                var counted = c.Counted!.Value;
                var reason = FreeText.Clean(c.Reason);
                take.Lines.Add(new StockTakeLine { Id = Guid.NewGuid(), BatchId = c.BatchId, Expected = expected, Counted = counted, Reason = reason });
                if (counted == expected)
                {
                    continue;
                }

                if (reason is null)
                {
                    return StockResult.Invalid("counts", $"Batch {batches[c.BatchId].Batch.BatchNumber} changed while the stock-take was posted (now {expected}); count it again.");
                }

                if (await ledger.SetCountedAsync(c.BatchId, expected, counted, $"Stock-take: {reason}", take.Id, token) is not { } movement)
                {
                    return new StockResult(StockOutcome.Conflict, $"Batch {batches[c.BatchId].Batch.BatchNumber} moved while the stock-take was posted; count it again.");
                }

                movements.Add(movement);
            }

            audit.Add(AuditAction.Create, $"StockTake/{take.Id}", detail: $"stock-take at {location.Code}: {take.Lines.Count} batches, {movements.Count} adjusted");
            return new StockResult(StockOutcome.Done, Movements: movements);
        }, ct);
        if (result.Outcome != StockOutcome.Done)
        {
            return (result, null);
        }

        return (result, new StockTakeDto(take.Id, location.Code, take.At, take.ByName,
            [.. take.Lines.Select(l => new StockTakeLineDto(l.BatchId, batches[l.BatchId].Batch.BatchNumber, batches[l.BatchId].Pack.Description,
                l.Expected, l.Counted, l.Variance, l.Reason))]));
    }
}

public sealed record ReorderLevelRequest(string? Location, string? Gtin, int? LevelPacks, int? OrderPacks);

public sealed record ReorderLevelDto(Guid PackId, string Gtin, string Pack, string Location, int LevelPacks, int OrderPacks, int UsableUnits, int PackSize, bool BelowLevel);

public sealed record PurchaseOrderLineRequest(string? Gtin, int? Packs);

public sealed record PurchaseOrderRequest(string? Supplier, string? Location, IReadOnlyList<PurchaseOrderLineRequest>? Lines);

public sealed record PurchaseOrderLineDto(Guid Id, string Gtin, string Pack, int OrderedPacks, int ReceivedPacks);

public sealed record PurchaseOrderDto(long Id, string Reference, string Supplier, string Location, string Status, DateTime CreatedAt, DateTime? SentAt, DateTime? ReceivedAt, IReadOnlyList<PurchaseOrderLineDto> Lines);

/// <summary>Reorder levels per pack and location, the "below reorder level" list, and purchase orders (ADR 0062).</summary>
public sealed class StockOrdering(InfirmaryDbContext db, StockLedger ledger, ReceiveStock receive, AuditTrail audit)
{
    public async Task<StockResult> SetLevelAsync(ReorderLevelRequest request, CancellationToken ct)
    {
        var location = await ReceiveStock.FindLocationAsync(db, request.Location, ct);
        var pack = await FindPackAsync(request.Gtin, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (location is null)
        {
            errors["location"] = [$"There is no stock location '{request.Location}'."];
        }

        if (pack is null)
        {
            errors["gtin"] = [$"GTIN '{request.Gtin}' is not a pack in the formulary."];
        }

        if (request.LevelPacks is not (>= 1 and <= StockQuantity.MaxPacks))
        {
            errors["levelPacks"] = [$"The reorder level must be between 1 and {StockQuantity.MaxPacks} packs."];
        }

        if (request.OrderPacks is not (>= 1 and <= StockQuantity.MaxPacks))
        {
            errors["orderPacks"] = [$"The reorder quantity must be between 1 and {StockQuantity.MaxPacks} packs."];
        }

        if (errors.Count > 0)
        {
            return StockResult.Invalid(errors);
        }

        var level = await db.Set<ReorderLevel>().FirstOrDefaultAsync(r => r.PackId == pack!.Id && r.LocationId == location!.Id, ct);
        if (level is null)
        {
            level = new ReorderLevel { Id = Guid.NewGuid(), PackId = pack!.Id, LocationId = location!.Id };
            db.Add(level);
        }

        level.LevelPacks = request.LevelPacks!.Value;
        level.OrderPacks = request.OrderPacks!.Value;
        audit.Add(AuditAction.Update, $"ReorderLevel/{level.Id}", detail: $"{pack!.Gtin} at {location!.Code}: level {level.LevelPacks}, order {level.OrderPacks} packs");
        await db.SaveChangesAsync(ct);
        return new StockResult(StockOutcome.Done);
    }

    /// <summary>Every reorder level with the usable stock (in date, not quarantined) it watches; <paramref name="belowOnly"/> lists those below.</summary>
    public async Task<IReadOnlyList<ReorderLevelDto>> LevelsAsync(string? location, bool belowOnly, CancellationToken ct)
    {
        var today = ledger.Today;
        var rows = await (
            from r in db.Set<ReorderLevel>().AsNoTracking()
            join p in db.Set<Pack>() on r.PackId equals p.Id
            join l in db.Set<StockLocation>() on r.LocationId equals l.Id
            where location == null || l.Code == location
            select new
            {
                r.PackId, p.Gtin, p.Description, l.Code, r.LevelPacks, r.OrderPacks, p.Size,
                Usable = db.Set<StockBatch>().Where(b => b.PackId == r.PackId && b.LocationId == r.LocationId && !b.Quarantined && b.Expiry >= today)
                    .Sum(b => (int?)b.Quantity) ?? 0,
            }).ToListAsync(ct);
        return [.. rows
            .Select(r => new ReorderLevelDto(r.PackId, r.Gtin, r.Description, r.Code, r.LevelPacks, r.OrderPacks, r.Usable, r.Size, r.Usable < r.LevelPacks * r.Size))
            .Where(r => !belowOnly || r.BelowLevel)
            .OrderBy(r => r.Location, StringComparer.Ordinal).ThenBy(r => r.Pack, StringComparer.Ordinal)];
    }

    public async Task<(StockResult Result, PurchaseOrderDto? Order)> CreateOrderAsync(PurchaseOrderRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var supplier = request.Supplier?.Trim();
        if (string.IsNullOrEmpty(supplier) || supplier.Length > 200)
        {
            errors["supplier"] = ["Name the supplier (200 characters or fewer)."];
        }

        var location = await ReceiveStock.FindLocationAsync(db, request.Location, ct);
        if (location is null)
        {
            errors["location"] = [$"There is no stock location '{request.Location}'."];
        }

        var lines = request.Lines ?? [];
        if (lines.Count is 0 or > 200)
        {
            errors["lines"] = ["Order between 1 and 200 packs lines."];
        }

        var order = new PurchaseOrder
        {
            Supplier = supplier ?? string.Empty, LocationId = location?.Id ?? Guid.Empty, Status = PurchaseOrderStatus.Draft,
            CreatedAt = ledger.Now, CreatedBy = StaffName.Of(ledger.Actor),
        };
        for (var i = 0; i < lines.Count; i++)
        {
            var pack = await FindPackAsync(lines[i].Gtin, ct);
            if (pack is null)
            {
                errors[$"lines[{i}].gtin"] = [$"GTIN '{lines[i].Gtin}' is not a pack in the formulary."];
            }
            else if (lines[i].Packs is not (>= 1 and <= StockQuantity.MaxPacks))
            {
                errors[$"lines[{i}].packs"] = [$"Order between 1 and {StockQuantity.MaxPacks} packs."];
            }
            else if (order.Lines.Any(l => l.PackId == pack.Id))
            {
                errors[$"lines[{i}].gtin"] = ["This pack is already on the order."];
            }
            else
            {
                order.Lines.Add(new PurchaseOrderLine { Id = Guid.NewGuid(), PackId = pack.Id, OrderedPacks = lines[i].Packs!.Value });
            }
        }

        if (errors.Count > 0)
        {
            return (StockResult.Invalid(errors), null);
        }

        db.Add(order);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditAction.Create, $"PurchaseOrder/{order.Id}", detail: $"{order.Reference} drafted for {supplier}: {order.Lines.Count} lines");
        await db.SaveChangesAsync(ct);
        return (new StockResult(StockOutcome.Done), await OrderAsync(order.Id, ct));
    }

    /// <summary>Draft → sent, by one conditional UPDATE: a second send, or a send of a received order, is refused.</summary>
    public async Task<(StockResult Result, PurchaseOrderDto? Order)> SendAsync(long id, CancellationToken ct)
    {
        var sent = await db.Set<PurchaseOrder>().Where(o => o.Id == id && o.Status == PurchaseOrderStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, PurchaseOrderStatus.Sent).SetProperty(o => o.SentAt, ledger.Now), ct);
        if (sent == 0)
        {
            return await OrderAsync(id, ct) is { } o
                ? (new StockResult(StockOutcome.Conflict, $"{o.Reference} is {o.Status}; only a draft can be sent."), null)
                : (new StockResult(StockOutcome.NotFound, $"There is no purchase order {id}."), null);
        }

        await audit.RecordAsync(AuditAction.Update, $"PurchaseOrder/{id}", detail: "sent", ct: ct);
        return (new StockResult(StockOutcome.Done), await OrderAsync(id, ct));
    }

    /// <summary>
    /// Receives goods against a sent order through the ordinary goods receipt (scan or GTIN, batch, expiry, packs) at
    /// the order's location; in the same transaction the line's received packs go up (never past what was ordered) and
    /// the order becomes received when every line is complete.
    /// </summary>
    public async Task<(StockResult Result, PurchaseOrderDto? Order)> ReceiveAsync(long id, ReceiptRequest receipt, CancellationToken ct)
    {
        var order = await db.Set<PurchaseOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return (new StockResult(StockOutcome.NotFound, $"There is no purchase order {id}."), null);
        }

        if (order.Status != PurchaseOrderStatus.Sent)
        {
            return (new StockResult(StockOutcome.Conflict, $"{order.Reference} is {order.Status}; goods are received only against a sent order."), null);
        }

        var location = await db.Set<StockLocation>().Where(l => l.Id == order.LocationId).Select(l => l.Code).SingleAsync(ct);
        var result = await receive.HandleAsync(receipt with { Location = location, Reason = $"Goods received against {order.Reference}" }, async (pack, units, token) =>
        {
            var packs = units / pack.Size;
            if (units % pack.Size != 0)
            {
                return StockResult.Invalid("packs", "Receive whole packs against a purchase order.");
            }

            var line = await db.Set<PurchaseOrderLine>().FirstOrDefaultAsync(l => l.PurchaseOrderId == id && l.PackId == pack.Id, token);
            if (line is null)
            {
                return StockResult.Invalid("gtin", $"{pack.Description} is not on {order.Reference}.");
            }

            var updated = await db.Set<PurchaseOrderLine>().Where(l => l.Id == line.Id && l.ReceivedPacks + packs <= l.OrderedPacks)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ReceivedPacks, l => l.ReceivedPacks + packs), token);
            if (updated == 0)
            {
                return new StockResult(StockOutcome.Conflict,
                    $"{order.Reference} ordered {line.OrderedPacks} packs of {pack.Description}; {line.ReceivedPacks} already received, so {packs} more is too many.");
            }

            if (!await db.Set<PurchaseOrderLine>().AnyAsync(l => l.PurchaseOrderId == id && l.ReceivedPacks < l.OrderedPacks, token))
            {
                await db.Set<PurchaseOrder>().Where(o => o.Id == id && o.Status == PurchaseOrderStatus.Sent)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, PurchaseOrderStatus.Received).SetProperty(o => o.ReceivedAt, ledger.Now), token);
            }

            audit.Add(AuditAction.Update, $"PurchaseOrder/{id}", detail: $"received {packs} packs of {pack.Gtin}");
            return null;
        }, ct);
        return result.Outcome == StockOutcome.Done ? (result, await OrderAsync(id, ct)) : (result, null);
    }

    /// <summary>Purchase orders not yet received, then the latest received ones, newest first.</summary>
    public async Task<IReadOnlyList<PurchaseOrderDto>> OrdersAsync(CancellationToken ct)
    {
        var ids = await db.Set<PurchaseOrder>().AsNoTracking()
            .OrderBy(o => o.Status == PurchaseOrderStatus.Received ? 1 : 0).ThenByDescending(o => o.Id).Take(50).Select(o => o.Id).ToListAsync(ct);
        var orders = new List<PurchaseOrderDto>();
        foreach (var id in ids)
        {
            orders.Add((await OrderAsync(id, ct))!);
        }

        return orders;
    }

    public async Task<PurchaseOrderDto?> OrderAsync(long id, CancellationToken ct)
    {
        var order = await db.Set<PurchaseOrder>().AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return null;
        }

        var packIds = order.Lines.Select(l => l.PackId).ToList();
        var packs = await db.Set<Pack>().AsNoTracking().Where(p => packIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var location = await db.Set<StockLocation>().Where(l => l.Id == order.LocationId).Select(l => l.Code).SingleAsync(ct);
        return new PurchaseOrderDto(order.Id, order.Reference, order.Supplier, location, order.Status, order.CreatedAt, order.SentAt, order.ReceivedAt,
            [.. order.Lines.OrderBy(l => packs[l.PackId].Description, StringComparer.Ordinal)
                .Select(l => new PurchaseOrderLineDto(l.Id, packs[l.PackId].Gtin, packs[l.PackId].Description, l.OrderedPacks, l.ReceivedPacks))]);
    }

    private async Task<Pack?> FindPackAsync(string? gtin, CancellationToken ct) =>
        Infirmary.Medicines.Gs1.NormaliseGtin(gtin ?? string.Empty) is { } g
            ? await db.Set<Pack>().AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == g, ct)
            : null;
}

/// <summary>REST: stock-takes, quarantined stock, reorder levels and purchase orders under <c>/api/v1/pharmacy/stock</c>.</summary>
public static class StockControlApi
{
    public static IEndpointRouteBuilder MapStockControlApi(this IEndpointRouteBuilder app)
    {
        var stock = app.MapGroup($"{KnownRoutes.Api}/pharmacy/stock").WithTags("Pharmacy stock");
        stock.MapPost("/stock-takes", async (StockTakeRequest r, PostStockTake h, CancellationToken ct) =>
            {
                var (result, take) = await h.HandleAsync(r, ct);
                return result.Outcome == StockOutcome.Done ? TypedResults.Ok(take!) : Refusal(result);
            })
            .RequirePermission(Permissions.StockWrite).WithSummary("Post a stock-take of one location: counted units per batch, a reason for every variance");
        stock.MapGet("/quarantined", async (string? location, StockQueries q, CancellationToken ct) =>
                TypedResults.Ok((await q.BatchesAsync(location, null, false, ct)).Where(b => b.Quarantined).ToList()))
            .RequirePermission(Permissions.StockRead).WithSummary("Quarantined batches (expired, recalled, damaged): out of dispensable stock");
        stock.MapPut("/reorder-levels", async (ReorderLevelRequest r, StockOrdering h, CancellationToken ct) =>
            {
                var result = await h.SetLevelAsync(r, ct);
                return result.Outcome == StockOutcome.Done ? TypedResults.NoContent() : Refusal(result);
            })
            .RequirePermission(Permissions.StockWrite).WithSummary("Set the reorder level and quantity (packs) of a pack at a location");
        stock.MapGet("/reorder-levels", async (string? location, bool? below, StockOrdering h, CancellationToken ct) =>
                TypedResults.Ok(await h.LevelsAsync(location, below ?? false, ct)))
            .RequirePermission(Permissions.StockRead).WithSummary("Reorder levels with usable stock; below=true lists only those below their level");
        stock.MapPost("/purchase-orders", async (PurchaseOrderRequest r, StockOrdering h, CancellationToken ct) => OrderResult(await h.CreateOrderAsync(r, ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Draft a purchase order (supplier, delivery location, packs by GTIN)");
        stock.MapGet("/purchase-orders/{id:long}", async Task<IResult> (long id, StockOrdering h, CancellationToken ct) =>
                await h.OrderAsync(id, ct) is { } o ? TypedResults.Ok(o) : TypedResults.Problem($"There is no purchase order {id}.", statusCode: 404, title: "Not found"))
            .RequirePermission(Permissions.StockRead).WithSummary("One purchase order with its lines");
        stock.MapPost("/purchase-orders/{id:long}/send", async (long id, StockOrdering h, CancellationToken ct) => OrderResult(await h.SendAsync(id, ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Mark a draft purchase order sent");
        stock.MapPost("/purchase-orders/{id:long}/receipts", async (long id, ReceiptRequest r, StockOrdering h, CancellationToken ct) => OrderResult(await h.ReceiveAsync(id, r, ct)))
            .RequirePermission(Permissions.StockWrite).WithSummary("Receive goods against a sent order through the goods receipt (scan or GTIN, batch, expiry, packs)");
        return app;
    }

    private static IResult OrderResult((StockResult Result, PurchaseOrderDto? Order) r) =>
        r.Result.Outcome == StockOutcome.Done ? TypedResults.Ok(r.Order!) : Refusal(r.Result);

    private static IResult Refusal(StockResult result) => (IResult)StockApi.ToResult(result).Result;
}
