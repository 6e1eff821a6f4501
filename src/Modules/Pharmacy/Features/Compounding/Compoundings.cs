using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Documents;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Infirmary.Pharmacy.Features;

public sealed record CompoundingIngredientRequest(string? Gtin, int? Units);

/// <summary>A worksheet as prepared: the product pack (GTIN), how much was made, the formula, method, storage and shelf life.</summary>
public sealed record CompoundingRequest(
    string? ProductGtin, int? Quantity, IReadOnlyList<CompoundingIngredientRequest>? Ingredients, string? Method, string? Storage, int? ExpiryDays);

public sealed record CompoundingCheckRequest(bool? Approve, string? Reason);

public sealed record CompoundingIngredientDto(int Position, string Gtin, string Pack, string BatchNumber, DateOnly Expiry, int Units, string Unit);

public sealed record CompoundingDto(
    Guid Id, string Reference, string ProductGtin, string Product, int Quantity, string Unit, string BatchNumber, DateOnly Expiry, string Method,
    string Storage, string Status, string PreparedBy, DateTime PreparedAt, string? CheckedBy, DateTime? CheckedAt, string? RejectionReason,
    Guid? BatchId, IReadOnlyList<CompoundingIngredientDto> Ingredients);

/// <summary>
/// Extemporaneous preparation (ADR 0081). <see cref="PrepareAsync"/> takes every ingredient from the pharmacy store
/// first-expiry-first-out with the ledger's atomic conditional decrement and writes the worksheet, in one transaction;
/// <see cref="CheckAsync"/> is a second person's (refused in code and by a check constraint): on release the product
/// becomes a stock batch at the pharmacy store — its batch number, the assigned expiry — that dispensing picks like any
/// other batch; on rejection nothing enters stock.
/// </summary>
public sealed class Compoundings(InfirmaryDbContext db, StockLedger ledger, AuditTrail audit, IConfiguration config)
{
    public const int MaxExpiryDays = 28;
    public const int DefaultExpiryDays = 7;
    public const int MaxIngredients = 20;

    public async Task<(StockResult Result, CompoundingDto? Worksheet)> PrepareAsync(CompoundingRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var product = await FindPackAsync(request.ProductGtin, ct);
        if (product is null)
        {
            errors["productGtin"] = [$"'{request.ProductGtin}' is not a pack in the formulary: choose the product made."];
        }

        if (request.Quantity is not (>= 1 and <= 100_000))
        {
            errors["quantity"] = [$"Enter how much was made, in {product?.Unit ?? "units"} (1 to 100,000)."];
        }

        var method = request.Method?.Trim();
        if (method is not { Length: >= 10 and <= 4000 })
        {
            errors["method"] = ["Describe the method (10 to 4,000 characters)."];
        }

        var storage = request.Storage?.Trim();
        if (storage is not { Length: >= 3 and <= 300 })
        {
            errors["storage"] = ["State the storage conditions (for example, \"Store in a refrigerator, 2 °C to 8 °C\")."];
        }

        var days = request.ExpiryDays ?? DefaultExpiryDays;
        if (days is < 1 or > MaxExpiryDays)
        {
            errors["expiryDays"] = [$"Assign a shelf life of 1 to {MaxExpiryDays} days: extemporaneous preparations are short-dated."];
        }

        var requested = request.Ingredients ?? [];
        if (requested.Count is 0 or > MaxIngredients)
        {
            errors["ingredients"] = [$"List the formula: 1 to {MaxIngredients} ingredients."];
        }

        var ingredients = new List<(Pack Pack, int Units)>();
        for (var i = 0; i < requested.Count; i++)
        {
            var pack = await FindPackAsync(requested[i].Gtin, ct);
            if (pack is null)
            {
                errors[$"ingredients[{i}].gtin"] = [$"'{requested[i].Gtin}' is not a pack in the formulary."];
            }
            else if (pack.Id == product?.Id)
            {
                errors[$"ingredients[{i}].gtin"] = ["The product cannot be an ingredient of itself."];
            }
            else if (ingredients.Any(x => x.Pack.Id == pack.Id))
            {
                errors[$"ingredients[{i}].gtin"] = [$"{pack.Description} is already in the formula."];
            }
            else if (await db.Set<Vmp>().AnyAsync(v => v.Id == pack.VmpId && v.ControlledDrugSchedule == 2, ct))
            {
                errors[$"ingredients[{i}].gtin"] = [$"{pack.Description} is a schedule 2 controlled drug: it is not used on a worksheet (its register needs a witnessed entry)."];
            }
            else if (requested[i].Units is not (>= 1 and <= 100_000))
            {
                errors[$"ingredients[{i}].units"] = [$"Enter the quantity of {pack.Description} used, in {pack.Unit}s (1 to 100,000)."];
            }
            else
            {
                ingredients.Add((pack, requested[i].Units!.Value));
            }
        }

        if (errors.Count > 0)
        {
            return (StockResult.Invalid(errors), null);
        }

        var store = await db.Set<StockLocation>().AsNoTracking().OrderBy(l => l.Code).FirstAsync(l => l.Kind == LocationKind.Store, ct);
        var actor = ledger.Actor;
        var worksheet = new Compounding
        {
            Id = Guid.NewGuid(),
            ProductPackId = product!.Id,
            LocationId = store.Id,
            Quantity = request.Quantity!.Value,
            BatchNumber = string.Empty,
            Method = method!,
            Storage = storage!,
            Status = CompoundingStatus.Prepared,
            PreparedById = actor.Id,
            PreparedByName = StaffName.Of(actor),
            PreparedAt = ledger.Now,
        };
        worksheet.BatchNumber = "EX" + worksheet.Id.ToString("N")[..8].ToUpperInvariant();
        var today = ledger.Today;
        var result = await ledger.InTransactionAsync(async token =>
        {
            worksheet.Ingredients.Clear();
            var movements = new List<StockMovement>();
            var expiry = today.AddDays(days);
            foreach (var (pack, units) in ingredients)
            {
                // First to expire, usable, at the store, holding the whole quantity; another preparation taking it first is passed over.
                var candidates = await db.Set<StockBatch>().AsNoTracking()
                    .Where(b => b.PackId == pack.Id && b.LocationId == store.Id && !b.Quarantined && b.Expiry >= today && b.Quantity >= units)
                    .OrderBy(b => b.Expiry).ThenBy(b => b.BatchNumber).Select(b => new { b.Id, b.Expiry }).ToListAsync(token);
                StockResult? taken = null;
                foreach (var c in candidates)
                {
                    taken = await ledger.TakeAsync(c.Id, units, MovementKind.CompoundingUse, $"Used in {worksheet.Reference}", worksheet.Id, token);
                    if (taken.Outcome == StockOutcome.Done)
                    {
                        worksheet.Ingredients.Add(new CompoundingIngredient
                        {
                            Id = Guid.NewGuid(), Position = worksheet.Ingredients.Count + 1, PackId = pack.Id, BatchId = c.Id, Units = units,
                        });
                        expiry = c.Expiry < expiry ? c.Expiry : expiry;
                        break;
                    }
                }

                if (taken is not { Outcome: StockOutcome.Done })
                {
                    return new StockResult(StockOutcome.Insufficient,
                        $"insufficient stock of {pack.Description}: no usable batch in the {store.Name} holds {StockLedger.Units(units, pack.Unit)}. Nothing was prepared.");
                }

                movements.AddRange(taken.Movements!);
            }

            worksheet.Expiry = expiry;
            db.Add(worksheet);
            audit.Add(AuditAction.Create, $"Compounding/{worksheet.Id}",
                detail: $"{worksheet.Reference}: {StockLedger.Units(worksheet.Quantity, product.Unit)} of {product.Description} prepared, batch {worksheet.BatchNumber}");
            return new StockResult(StockOutcome.Done, Movements: movements);
        }, ct);
        return result.Outcome == StockOutcome.Done ? (result, await GetAsync(worksheet.Id, ct)) : (result, null);
    }

    /// <summary>
    /// The second person's check: approve (the product becomes a stock batch at the store) or reject with a reason.
    /// The preparer cannot check their own worksheet; a worksheet is checked once (conditional UPDATE on its status).
    /// </summary>
    public async Task<(StockResult Result, CompoundingDto? Worksheet)> CheckAsync(Guid id, CompoundingCheckRequest request, CancellationToken ct)
    {
        var worksheet = await db.Set<Compounding>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (worksheet is null)
        {
            return (new StockResult(StockOutcome.NotFound, "There is no such worksheet."), null);
        }

        var actor = ledger.Actor;
        if (worksheet.PreparedById == actor.Id)
        {
            return (new StockResult(StockOutcome.Conflict, $"{worksheet.Reference} was prepared by you: a second person must check it."), null);
        }

        if (request.Approve is null)
        {
            return (StockResult.Invalid("approve", "Say whether the preparation is approved or rejected."), null);
        }

        var reason = request.Reason?.Trim();
        if (request.Approve == false && reason is not { Length: >= 5 and <= 500 })
        {
            return (StockResult.Invalid("reason", "Say why the preparation is rejected (5 to 500 characters)."), null);
        }

        var name = StaffName.Of(actor);
        var now = ledger.Now;
        var result = await ledger.InTransactionAsync(async token =>
        {
            if (request.Approve == false)
            {
                var rejected = await db.Set<Compounding>().Where(c => c.Id == id && c.Status == CompoundingStatus.Prepared)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompoundingStatus.Rejected).SetProperty(c => c.CheckedById, actor.Id)
                        .SetProperty(c => c.CheckedByName, name).SetProperty(c => c.CheckedAt, now).SetProperty(c => c.RejectionReason, reason), token);
                if (rejected == 0)
                {
                    return new StockResult(StockOutcome.Conflict, $"{worksheet.Reference} has already been checked.");
                }

                audit.Add(AuditAction.Update, $"Compounding/{id}", detail: $"{worksheet.Reference} rejected: {reason}");
                return new StockResult(StockOutcome.Done, Movements: []);
            }

            // Checked once: a second release finds it released (a concurrent one meets the batch's unique index and is retried here).
            if (!await db.Set<Compounding>().AnyAsync(c => c.Id == id && c.Status == CompoundingStatus.Prepared, token))
            {
                return new StockResult(StockOutcome.Conflict, $"{worksheet.Reference} has already been checked.");
            }

            if (worksheet.Expiry < ledger.Today)
            {
                return new StockResult(StockOutcome.Unusable, $"{worksheet.Reference} expired on {UkFormat.Date(worksheet.Expiry)}: reject it.");
            }

            var batch = new StockBatch
            {
                Id = Guid.NewGuid(), PackId = worksheet.ProductPackId, BatchNumber = worksheet.BatchNumber, Expiry = worksheet.Expiry,
                LocationId = worksheet.LocationId, Quantity = 0, ReceivedAt = now,
            };
            db.Add(batch);
            await db.SaveChangesAsync(token);
            var released = await db.Set<Compounding>().Where(c => c.Id == id && c.Status == CompoundingStatus.Prepared)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompoundingStatus.Released).SetProperty(c => c.CheckedById, actor.Id)
                    .SetProperty(c => c.CheckedByName, name).SetProperty(c => c.CheckedAt, now).SetProperty(c => c.BatchId, batch.Id), token);
            if (released == 0)
            {
                return new StockResult(StockOutcome.Conflict, $"{worksheet.Reference} has already been checked.");
            }

            var put = await ledger.PutAsync(batch.Id, worksheet.Quantity, MovementKind.Compounded,
                $"Prepared on {worksheet.Reference}, checked by {name}", worksheet.Id, token);
            audit.Add(AuditAction.Update, $"Compounding/{id}", detail: $"{worksheet.Reference} released as batch {worksheet.BatchNumber}");
            return new StockResult(StockOutcome.Done, Movements: [put]);
        }, ct);
        return result.Outcome == StockOutcome.Done ? (result, await GetAsync(id, ct)) : (result, null);
    }

    public async Task<CompoundingDto?> GetAsync(Guid id, CancellationToken ct) =>
        await ListAsync(null, id, ct) is [var one, ..] ? one : null;

    /// <summary>Worksheets newest first (or one), with their formula.</summary>
    public async Task<IReadOnlyList<CompoundingDto>> ListAsync(string? status, Guid? id, CancellationToken ct)
    {
        var query = db.Set<Compounding>().AsNoTracking().Include(c => c.Ingredients).AsQueryable();
        if (id is { } only)
        {
            query = query.Where(c => c.Id == only);
        }

        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(c => c.Status == status);
        }

        var worksheets = await query.OrderByDescending(c => c.PreparedAt).Take(200).ToListAsync(ct);
        var packIds = worksheets.SelectMany(w => w.Ingredients.Select(i => i.PackId).Append(w.ProductPackId)).Distinct().ToList();
        var batchIds = worksheets.SelectMany(w => w.Ingredients.Select(i => i.BatchId)).Distinct().ToList();
        var packs = await db.Set<Pack>().AsNoTracking().Where(p => packIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var batches = await db.Set<StockBatch>().AsNoTracking().Where(b => batchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        return [.. worksheets.Select(w => new CompoundingDto(w.Id, w.Reference, packs[w.ProductPackId].Gtin, packs[w.ProductPackId].Description,
            w.Quantity, packs[w.ProductPackId].Unit, w.BatchNumber, w.Expiry, w.Method, w.Storage, w.Status, w.PreparedByName, w.PreparedAt,
            w.CheckedByName, w.CheckedAt, w.RejectionReason, w.BatchId,
            [.. w.Ingredients.OrderBy(i => i.Position).Select(i => new CompoundingIngredientDto(i.Position, packs[i.PackId].Gtin, packs[i.PackId].Description,
                batches[i.BatchId].BatchNumber, batches[i.BatchId].Expiry, i.Units, packs[i.PackId].Unit))]))];
    }

    /// <summary>
    /// The product label (platform <see cref="PdfRenderer"/>, 70 × 35 mm or A4): product, quantity, batch, expiry,
    /// storage, "extemporaneously prepared", the pharmacy, and a GS1 barcode of GTIN, expiry and batch that the
    /// dispensing bench's scan reads. A4 adds the worksheet: formula with ingredient batches, method, who prepared and checked.
    /// </summary>
    public async Task<LabelResult> LabelAsync(Guid id, bool a4, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is not { } w)
        {
            return new LabelResult(null, "There is no such worksheet.", NotFound: true);
        }

        var pharmacy = config["Infirmary:Pharmacy:Name"] ?? "Infirmary Hospital Pharmacy";
        var blocks = new List<PrintBlock>
        {
            new PrintParagraph($"{w.Product} — {StockLedger.Units(w.Quantity, w.Unit)}", Bold: true),
            new PrintParagraph($"Batch {w.BatchNumber}   Expiry {UkFormat.Date(w.Expiry)}", Bold: true),
            new PrintParagraph(w.Storage),
            new PrintParagraph("Extemporaneously prepared. " + DispensingLabel.KeepOut),
        };
        if (a4)
        {
            blocks.Add(new PrintHeading($"Worksheet {w.Reference}"));
            blocks.Add(new PrintTable(["Ingredient", "Batch", "Expiry", "Quantity"],
                [.. w.Ingredients.Select(i => (IReadOnlyList<string>)[i.Pack, i.BatchNumber, UkFormat.Date(i.Expiry), StockLedger.Units(i.Units, i.Unit)])]));
            blocks.Add(new PrintParagraph($"Method: {w.Method}"));
            blocks.Add(new PrintFields([
                new("Prepared by", $"{w.PreparedBy}, {UkFormat.DateTime(w.PreparedAt)}"),
                new("Checked by", w.CheckedBy is null ? "Not yet checked" : $"{w.CheckedBy}, {UkFormat.DateTime(w.CheckedAt!.Value)}"),
                new("Status", w.Status)]));
        }

        blocks.Add(new PrintBarcode(Gs1.Compose(w.ProductGtin, w.Expiry, w.BatchNumber, null), 6));
        byte[] pdf;
        try
        {
            pdf = PdfRenderer.Render(new PrintDocument(pharmacy, blocks), a4 ? PageFormat.A4 : PageFormat.DispensingLabel);
        }
        catch (PrintOverflowException e)
        {
            return new LabelResult(null, $"The label text does not fit a 70 × 35 mm label ({e.Message}). Shorten the storage text, or print it on the A4 sheet (format=a4).");
        }

        await audit.RecordAsync(AuditAction.Read, $"Compounding/{id}", detail: a4 ? "worksheet printed (A4)" : "label printed", ct: ct);
        return new LabelResult(pdf, null);
    }

    private async Task<Pack?> FindPackAsync(string? gtin, CancellationToken ct) =>
        Gs1.NormaliseGtin(gtin ?? string.Empty) is { } g ? await db.Set<Pack>().AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == g, ct) : null;
}

/// <summary>REST: <c>/api/v1/pharmacy/compounding</c> — worksheets, the second person's check, the label.</summary>
public static class CompoundingApi
{
    public static IEndpointRouteBuilder MapCompoundingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/pharmacy/compounding").WithTags("Pharmacy compounding");
        group.MapPost("/", async (CompoundingRequest r, Compoundings h, CancellationToken ct) => Result(await h.PrepareAsync(r, ct), created: true))
            .RequirePermission(Permissions.Compounding)
            .WithSummary("Record a preparation: product pack, quantity made, ingredients (GTIN, units) taken from stock first-expiry-first-out, method, storage, shelf life");
        group.MapGet("/", async (string? status, Compoundings h, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(status, null, ct)))
            .RequirePermission(Permissions.Compounding).WithSummary("Worksheets newest first (status=prepared: waiting for a check)");
        group.MapGet("/{id:guid}", async Task<IResult> (Guid id, Compoundings h, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } w ? TypedResults.Ok(w) : TypedResults.Problem("There is no such worksheet.", statusCode: 404, title: "Not found"))
            .RequirePermission(Permissions.Compounding).WithSummary("One worksheet with its formula and ingredient batches");
        group.MapPost("/{id:guid}/check", async (Guid id, CompoundingCheckRequest r, Compoundings h, CancellationToken ct) => Result(await h.CheckAsync(id, r, ct), created: false))
            .RequirePermission(Permissions.Compounding)
            .WithSummary("The second person's check: approve (the product becomes a dispensable batch) or reject with a reason");
        group.MapGet("/{id:guid}/label", async Task<IResult> (Guid id, string? format, Compoundings h, CancellationToken ct) =>
            {
                var label = await h.LabelAsync(id, string.Equals(format, "a4", StringComparison.OrdinalIgnoreCase), ct);
                return label switch
                {
                    { NotFound: true } => TypedResults.Problem(label.Error, statusCode: 404, title: "Not found"),
                    { Pdf: null } => TypedResults.Problem(label.Error, statusCode: 422, title: "The label does not fit"),
                    _ => TypedResults.File(label.Pdf, "application/pdf", $"preparation-{id:N}.pdf"),
                };
            })
            .RequirePermission(Permissions.Compounding).WithSummary("The product label (PDF, 70 × 35 mm; format=a4 adds the worksheet)");
        return app;
    }

    private static IResult Result((StockResult Result, CompoundingDto? Worksheet) r, bool created) => r.Result.Outcome switch
    {
        StockOutcome.Done when created => TypedResults.Created($"{KnownRoutes.Api}/pharmacy/compounding/{r.Worksheet!.Id}", r.Worksheet),
        StockOutcome.Done => TypedResults.Ok(r.Worksheet!),
        _ => (IResult)StockApi.ToResult(r.Result).Result,
    };
}
