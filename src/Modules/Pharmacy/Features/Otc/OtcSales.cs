using Infirmary.Medicines;
using Infirmary.Patients;
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

public sealed record OtcSaleLineRequest(string? Gtin, int? Packs);

/// <summary>A sale at the till: packs by GTIN, the P protocol answers (WWHAM), an optional patient, and an exceptional flag.</summary>
public sealed record OtcSaleRequest(
    IReadOnlyList<OtcSaleLineRequest>? Lines,
    Guid? PatientId = null,
    string? ForWhom = null,
    string? Symptoms = null,
    string? Duration = null,
    string? ActionTaken = null,
    string? OtherMedicines = null,
    bool? Exceptional = null,
    string? ExceptionalReason = null);

public sealed record OtcProductDto(Guid PackId, string Gtin, string Description, string LegalCategory, int PricePence, int PackSize, string Unit, int PacksInStock);

public sealed record SaleLineDto(string Gtin, string Description, string LegalCategory, string BatchNumber, int Packs, int Units, int UnitPricePence, int LinePence);

public sealed record SaleDto(
    Guid Id, string Reference, DateTime SoldAt, string SoldBy, Guid? PatientId, bool ProtocolRequired, string? ForWhom, string? Symptoms,
    string? Duration, string? ActionTaken, string? OtherMedicines, bool Exceptional, string? ExceptionalReason, string? SupervisedBy,
    int TotalPence, string BillingStatus, IReadOnlyList<SaleLineDto> Lines);

/// <summary>
/// Over-the-counter sales (ADR 0080). The rules are the engine's (<see cref="OtcRules"/>): POM refused, the P protocol
/// answered, the painkiller pack and quantity limits. Stock leaves the pharmacy store first-expiry-first-out through
/// <see cref="StockLedger.TakeAsync"/> — the same atomic conditional decrement as dispensing — in the one transaction
/// that writes the sale and its lines, so a refusal or a shortage writes nothing and stock never goes negative.
/// </summary>
public sealed class OtcSales(InfirmaryDbContext db, StockLedger ledger, AuditTrail audit, IPatientDirectory patients)
{
    public const int MaxLines = 10;
    public const int MaxAnswer = 500;

    public async Task<(StockResult Result, SaleDto? Sale)> SellAsync(OtcSaleRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var requested = request.Lines ?? [];
        if (requested.Count is 0 or > MaxLines)
        {
            return (StockResult.Invalid("lines", $"Add between 1 and {MaxLines} products to the sale."), null);
        }

        var gtins = requested.Select(l => Gs1.NormaliseGtin(l.Gtin ?? string.Empty)).ToList();
        var known = gtins.OfType<string>().Distinct().ToList();
        var packRows = await db.Set<Pack>().AsNoTracking().Where(p => known.Contains(p.Gtin)).ToListAsync(ct);
        var vmpIds = packRows.Select(p => p.VmpId).Distinct().ToList();
        var vmps = await db.Set<Vmp>().AsNoTracking().Include(v => v.Ingredients).Where(v => vmpIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        var packs = packRows.ToDictionary(p => p.Gtin, p => new { Pack = p, Vmp = vmps[p.VmpId] });
        var lines = new List<(OtcLine Rule, Pack Pack)>();
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"lines[{i}]";
            if (gtins[i] is not { } gtin || !packs.TryGetValue(gtin, out var found))
            {
                errors[$"{field}.gtin"] = [$"'{requested[i].Gtin}' is not a pack in the formulary."];
                continue;
            }

            if (lines.Any(l => l.Pack.Id == found.Pack.Id))
            {
                errors[$"{field}.gtin"] = [$"{found.Pack.Description} is already in the sale: change its number of packs instead."];
                continue;
            }

            lines.Add((new OtcLine(field, found.Pack.Description, found.Pack.LegalCategory,
                [.. found.Vmp.Ingredients.OrderBy(x => x.Position).Select(x => x.Substance.ToLowerInvariant())], found.Pack.Unit, found.Pack.Size,
                requested[i].Packs ?? 0, found.Vmp.ControlledDrugSchedule), found.Pack));
        }

        var exceptional = request.Exceptional == true;
        var actor = ledger.Actor;
        var protocol = new OtcProtocol(FreeText.Clean(request.ForWhom), FreeText.Clean(request.Symptoms), FreeText.Clean(request.Duration), FreeText.Clean(request.ActionTaken), FreeText.Clean(request.OtherMedicines));
        foreach (var v in OtcRules.Check([.. lines.Select(l => l.Rule)], protocol, exceptional))
        {
            errors.TryAdd(v.Field, [v.Message]);
        }

        foreach (var (rule, pack) in lines.Where(l => l.Pack.PricePence is null && !errors.ContainsKey($"{l.Rule.Field}.gtin")))
        {
            errors[$"{rule.Field}.gtin"] = [$"{pack.Description} has no over-the-counter price: it is not stocked for sale at the till."];
        }

        foreach (var (field, answer) in new[] { ("forWhom", request.ForWhom), ("symptoms", request.Symptoms), ("duration", request.Duration), ("actionTaken", request.ActionTaken), ("otherMedicines", request.OtherMedicines) })
        {
            if (answer?.Trim().Length > MaxAnswer)
            {
                errors[$"protocol.{field}"] = [$"Keep the answer to {MaxAnswer} characters or fewer."];
            }
        }

        var reason = FreeText.Clean(request.ExceptionalReason);
        if (exceptional && !actor.Has(Permissions.OtcSupervise))
        {
            errors["exceptional"] = ["Only a pharmacist can allow an exceptional sale: ask the supervising pharmacist to make it."];
        }
        else if (exceptional && reason is not { Length: >= 10 and <= MaxAnswer })
        {
            errors["exceptionalReason"] = ["Record why this exceptional sale is appropriate (10 to 500 characters)."];
        }

        if (request.PatientId is { } patientId && await patients.GetBannerAsync(patientId, ct) is null)
        {
            errors["patientId"] = ["There is no patient with this id."];
        }

        if (errors.Count > 0)
        {
            return (StockResult.Invalid(errors), null);
        }

        var needsProtocol = OtcRules.NeedsProtocol(lines.Select(l => l.Rule));
        var sale = new Sale
        {
            Id = Guid.NewGuid(),
            SoldAt = ledger.Now,
            SoldById = actor.Id,
            SoldByName = StaffName.Of(actor),
            PatientId = request.PatientId,
            ProtocolRequired = needsProtocol,
            ForWhom = protocol.ForWhom,
            Symptoms = protocol.Symptoms,
            Duration = protocol.Duration,
            ActionTaken = protocol.ActionTaken,
            OtherMedicines = protocol.OtherMedicines,
            Exceptional = exceptional,
            ExceptionalReason = exceptional ? reason : null,
            SupervisedById = exceptional ? actor.Id : null,
            SupervisedByName = exceptional ? StaffName.Of(actor) : null,
            BillingStatus = BillingStatus.Unbilled,
        };

        var result = await ledger.InTransactionAsync(async token =>
        {
            sale.Lines.Clear();
            var movements = new List<StockMovement>();
            foreach (var (rule, pack) in lines)
            {
                var taken = await TakePacksAsync(sale, pack, rule.Packs, movements, token);
                if (taken is not null)
                {
                    return taken;
                }
            }

            sale.TotalPence = sale.Lines.Sum(l => l.LinePence);
            db.Add(sale);
            audit.Add(AuditAction.Create, $"Sale/{sale.Id}", sale.PatientId,
                detail: $"{sale.Reference}: {string.Join("; ", lines.Select(l => $"{l.Rule.Packs} × {l.Pack.Gtin}"))}{(exceptional ? " (exceptional)" : "")}");
            return new StockResult(StockOutcome.Done, Movements: movements);
        }, ct);
        return result.Outcome == StockOutcome.Done ? (result, await GetAsync(sale.Id, ct)) : (result, null);
    }

    /// <summary>
    /// Takes whole packs first-expiry-first-out from the usable batches at the pharmacy store, one conditional decrement
    /// per batch; a batch emptied meanwhile by another sale is passed over. Null when done; otherwise the refusal.
    /// </summary>
    private async Task<StockResult?> TakePacksAsync(Sale sale, Pack pack, int packs, List<StockMovement> movements, CancellationToken ct)
    {
        var today = ledger.Today;
        var left = packs;
        for (var attempt = 1; left > 0; attempt++)
        {
            if (attempt > 100)
            {
                return new StockResult(StockOutcome.Conflict, $"The stock of {pack.Description} kept changing while the sale was made; try again.");
            }

            var batch = await (
                from b in db.Set<StockBatch>().AsNoTracking()
                join l in db.Set<StockLocation>() on b.LocationId equals l.Id
                where b.PackId == pack.Id && l.Kind == LocationKind.Store && !b.Quarantined && b.Expiry >= today && b.Quantity >= pack.Size
                orderby b.Expiry, b.BatchNumber
                select new { b.Id, b.BatchNumber, b.Quantity }).FirstOrDefaultAsync(ct);
            if (batch is null)
            {
                var held = await (
                    from b in db.Set<StockBatch>()
                    join l in db.Set<StockLocation>() on b.LocationId equals l.Id
                    where b.PackId == pack.Id && l.Kind == LocationKind.Store && !b.Quarantined && b.Expiry >= today
                    select (int?)b.Quantity).SumAsync(ct) ?? 0;
                return new StockResult(StockOutcome.Insufficient,
                    $"insufficient stock of {pack.Description}: {packs} pack{(packs == 1 ? "" : "s")} asked for, {held / pack.Size + packs - left} in the pharmacy store. Nothing was sold.");
            }

            var here = Math.Min(left, batch.Quantity / pack.Size);
            var taken = await ledger.TakeAsync(batch.Id, here * pack.Size, MovementKind.Sale, $"Sold over the counter: {sale.Reference}", sale.Id, ct);
            if (taken.Outcome != StockOutcome.Done)
            {
                continue; // another sale took some first: read the batches again
            }

            movements.AddRange(taken.Movements!);
            sale.Lines.Add(new SaleLine
            {
                Id = Guid.NewGuid(), PackId = pack.Id, BatchId = batch.Id, Description = pack.Description, LegalCategory = pack.LegalCategory!,
                Packs = here, Units = here * pack.Size, UnitPricePence = pack.PricePence!.Value, LinePence = here * pack.PricePence!.Value,
            });
            left -= here;
        }

        return null;
    }

    /// <summary>Packs for sale at the till (GSL and P with a price), with whole packs in usable stock at the pharmacy store.</summary>
    public async Task<IReadOnlyList<OtcProductDto>> ProductsAsync(CancellationToken ct)
    {
        var today = ledger.Today;
        var rows = await (
            from p in db.Set<Pack>().AsNoTracking()
            where p.PricePence != null && (p.LegalCategory == LegalCategory.GeneralSale || p.LegalCategory == LegalCategory.Pharmacy)
            select new
            {
                p.Id, p.Gtin, p.Description, p.LegalCategory, p.PricePence, p.Size, p.Unit,
                Units = (from b in db.Set<StockBatch>()
                         join l in db.Set<StockLocation>() on b.LocationId equals l.Id
                         where b.PackId == p.Id && l.Kind == LocationKind.Store && !b.Quarantined && b.Expiry >= today
                         select b.Quantity / p.Size).Sum(),
            }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Description, StringComparer.Ordinal)
            .Select(r => new OtcProductDto(r.Id, r.Gtin, r.Description, r.LegalCategory!, r.PricePence!.Value, r.Size, r.Unit, r.Units))];
    }

    public async Task<SaleDto?> GetAsync(Guid id, CancellationToken ct)
    {
        var sale = await db.Set<Sale>().AsNoTracking().Include(s => s.Lines).FirstOrDefaultAsync(s => s.Id == id, ct);
        return sale is null ? null : (await ToDtosAsync([sale], ct))[0];
    }

    /// <summary>Sales newest first; <paramref name="unbilled"/> for the billing module's pick-up.</summary>
    public async Task<IReadOnlyList<SaleDto>> ListAsync(bool unbilled, Guid? patientId, int limit, CancellationToken ct)
    {
        var query = db.Set<Sale>().AsNoTracking().Include(s => s.Lines).AsQueryable();
        if (unbilled)
        {
            query = query.Where(s => s.BillingStatus == BillingStatus.Unbilled);
        }

        if (patientId is { } pid)
        {
            query = query.Where(s => s.PatientId == pid);
        }

        var sales = await query.OrderByDescending(s => s.SoldAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return await ToDtosAsync(sales, ct);
    }

    private async Task<IReadOnlyList<SaleDto>> ToDtosAsync(IReadOnlyList<Sale> sales, CancellationToken ct)
    {
        var batchIds = sales.SelectMany(s => s.Lines).Select(l => l.BatchId).Distinct().ToList();
        var batches = await (
            from b in db.Set<StockBatch>().AsNoTracking()
            join p in db.Set<Pack>() on b.PackId equals p.Id
            where batchIds.Contains(b.Id)
            select new { b.Id, b.BatchNumber, p.Gtin }).ToDictionaryAsync(b => b.Id, ct);
        return [.. sales.Select(s => new SaleDto(s.Id, s.Reference, s.SoldAt, s.SoldByName, s.PatientId, s.ProtocolRequired, s.ForWhom, s.Symptoms,
            s.Duration, s.ActionTaken, s.OtherMedicines, s.Exceptional, s.ExceptionalReason, s.SupervisedByName, s.TotalPence, s.BillingStatus,
            [.. s.Lines.OrderBy(l => l.Description, StringComparer.Ordinal).ThenBy(l => batches[l.BatchId].BatchNumber, StringComparer.Ordinal)
                .Select(l => new SaleLineDto(batches[l.BatchId].Gtin, l.Description, l.LegalCategory, batches[l.BatchId].BatchNumber, l.Packs, l.Units, l.UnitPricePence, l.LinePence))]))];
    }

}

/// <summary>REST: <c>/api/v1/pharmacy/otc</c> — the till's products, sales, and the sales list the billing module reads.</summary>
public static class OtcApi
{
    public static IEndpointRouteBuilder MapOtcApi(this IEndpointRouteBuilder app)
    {
        var otc = app.MapGroup($"{KnownRoutes.Api}/pharmacy/otc").WithTags("Pharmacy over-the-counter sales");
        otc.MapGet("/products", async (OtcSales h, CancellationToken ct) => TypedResults.Ok(await h.ProductsAsync(ct)))
            .RequirePermission(Permissions.OtcSell).WithSummary("Packs for sale at the till (GSL and P) with price in pence and packs in stock");
        otc.MapPost("/sales", async (OtcSaleRequest r, OtcSales h, CancellationToken ct) =>
            {
                var (result, sale) = await h.SellAsync(r, ct);
                return result.Outcome == StockOutcome.Done
                    ? TypedResults.Created($"{KnownRoutes.Api}/pharmacy/otc/sales/{sale!.Id}", sale)
                    : (IResult)StockApi.ToResult(result).Result;
            })
            .RequirePermission(Permissions.OtcSell)
            .WithSummary("Sell GSL and P packs: P needs the protocol answers (forWhom, symptoms, duration, otherMedicines); POM refused; painkiller limits");
        otc.MapGet("/sales/{id:guid}", async Task<IResult> (Guid id, OtcSales h, AuditTrail audit, CancellationToken ct) =>
            {
                if (await h.GetAsync(id, ct) is not { } sale)
                {
                    return TypedResults.Problem($"There is no sale {id}.", statusCode: 404, title: "Not found");
                }

                if (sale.PatientId is { } patient)
                {
                    await audit.RecordAsync(AuditAction.Read, $"Sale/{id}", patient, ct: ct);
                }

                return TypedResults.Ok(sale);
            })
            .RequirePermission(Permissions.OtcSell).WithSummary("One sale with its lines, batches and prices");
        otc.MapGet("/sales", async (bool? unbilled, Guid? patient, int? limit, OtcSales h, AuditTrail audit, CancellationToken ct) =>
            {
                var sales = await h.ListAsync(unbilled ?? false, patient, limit ?? 100, ct);
                if (patient is { } p)
                {
                    await audit.RecordAsync(AuditAction.Search, "Sale", p, detail: "sales of a patient", ct: ct);
                }

                return TypedResults.Ok(sales);
            })
            .RequirePermission(Permissions.OtcSell).WithSummary("Sales newest first (unbilled=true: chargeable items not yet billed; patient=: one patient's)");
        return app;
    }
}
