using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record ImprestLevelRequest(string? Location, string? Gtin, int? LevelPacks);

/// <summary>One line of a ward's imprest list: the agreed level, what the ward holds (usable), and what a top-up sends.</summary>
public sealed record ImprestLineDto(
    Guid PackId, string Gtin, string Pack, int PackSize, string Unit, int LevelPacks, int HeldUnits, int PacksToSend, int PacksInStore, bool ControlledDrug);

public sealed record TopUpLineDto(string Gtin, string Pack, int PacksAsked, int PacksSent, string? Note);

public sealed record TopUpDto(string Location, Guid Reference, IReadOnlyList<TopUpLineDto> Lines, IReadOnlyList<MovementDto> Movements);

/// <summary>
/// Ward and clinic imprest (ADR 0082): agreed levels per pack, and a top-up that computes what each location needs to
/// be back at its levels (whole packs: level − whole packs held) and transfers it from the pharmacy store first-expiry-
/// first-out, batch by batch, in one transaction through the ledger. What the store cannot cover is sent in part and
/// reported short; schedule 2 controlled drugs are left out (they go on a witnessed CD requisition).
/// </summary>
public sealed class WardTopUp(InfirmaryDbContext db, StockLedger ledger, AuditTrail audit)
{
    public async Task<StockResult> SetLevelAsync(ImprestLevelRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var location = await ReceiveStock.FindLocationAsync(db, request.Location, ct);
        if (location is null || location.Kind == LocationKind.Store)
        {
            errors["location"] = [location is null ? $"There is no stock location '{request.Location}'." : "Imprest levels are for wards and clinics, not the pharmacy store."];
        }

        var pack = Infirmary.Medicines.Gs1.NormaliseGtin(request.Gtin ?? string.Empty) is { } g
            ? await db.Set<Pack>().AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == g, ct)
            : null;
        if (pack is null)
        {
            errors["gtin"] = [$"GTIN '{request.Gtin}' is not a pack in the formulary."];
        }

        if (request.LevelPacks is not (>= 0 and <= StockQuantity.MaxPacks))
        {
            errors["levelPacks"] = [$"The agreed level must be between 0 (remove the line) and {StockQuantity.MaxPacks} packs."];
        }

        if (errors.Count > 0)
        {
            return StockResult.Invalid(errors);
        }

        var level = await db.Set<ImprestLevel>().FirstOrDefaultAsync(l => l.LocationId == location!.Id && l.PackId == pack!.Id, ct);
        if (request.LevelPacks == 0)
        {
            if (level is not null)
            {
                db.Remove(level);
            }
        }
        else
        {
            if (level is null)
            {
                level = new ImprestLevel { Id = Guid.NewGuid(), LocationId = location!.Id, PackId = pack!.Id };
                db.Add(level);
            }

            level.LevelPacks = request.LevelPacks!.Value;
        }

        audit.Add(AuditAction.Update, $"ImprestLevel/{location!.Code}/{pack!.Gtin}", detail: $"agreed level {request.LevelPacks} packs");
        await db.SaveChangesAsync(ct);
        return new StockResult(StockOutcome.Done);
    }

    /// <summary>The imprest list of a ward or clinic with what a top-up would send now.</summary>
    public async Task<IReadOnlyList<ImprestLineDto>?> ListAsync(string? location, CancellationToken ct)
    {
        var at = await ReceiveStock.FindLocationAsync(db, location, ct);
        if (at is null)
        {
            return null;
        }

        var today = ledger.Today;
        var rows = await (
            from l in db.Set<ImprestLevel>().AsNoTracking()
            join p in db.Set<Pack>() on l.PackId equals p.Id
            join v in db.Set<Vmp>() on p.VmpId equals v.Id
            where l.LocationId == at.Id
            select new
            {
                p.Id, p.Gtin, p.Description, p.Size, p.Unit, l.LevelPacks, Cd = v.ControlledDrugSchedule == 2,
                Held = db.Set<StockBatch>().Where(b => b.PackId == p.Id && b.LocationId == at.Id && !b.Quarantined && b.Expiry >= today).Sum(b => (int?)b.Quantity) ?? 0,
                InStore = (from b in db.Set<StockBatch>()
                           join s in db.Set<StockLocation>() on b.LocationId equals s.Id
                           where b.PackId == p.Id && s.Kind == LocationKind.Store && !b.Quarantined && b.Expiry >= today
                           select b.Quantity / p.Size).Sum(),
            }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Description, StringComparer.Ordinal)
            .Select(r => new ImprestLineDto(r.Id, r.Gtin, r.Description, r.Size, r.Unit, r.LevelPacks, r.Held, Math.Max(0, r.LevelPacks - (r.Held / r.Size)), r.InStore, r.Cd))];
    }

    public async Task<(StockResult Result, TopUpDto? TopUp)> TopUpAsync(string? location, CancellationToken ct)
    {
        var at = await ReceiveStock.FindLocationAsync(db, location, ct);
        if (at is null || at.Kind == LocationKind.Store)
        {
            return (StockResult.Invalid("location", at is null ? $"There is no stock location '{location}'." : "Choose a ward or clinic to top up."), null);
        }

        var reference = Guid.NewGuid();
        var lines = new List<TopUpLineDto>();
        var result = await ledger.InTransactionAsync(async token =>
        {
            lines.Clear();
            var movements = new List<StockMovement>();
            var today = ledger.Today;
            foreach (var line in await ListAsync(at.Code, token) ?? [])
            {
                if (line.PacksToSend == 0)
                {
                    continue;
                }

                if (line.ControlledDrug)
                {
                    lines.Add(new TopUpLineDto(line.Gtin, line.Pack, line.PacksToSend, 0, "Schedule 2 controlled drug: order it on a CD requisition."));
                    continue;
                }

                var left = line.PacksToSend;
                var tried = new HashSet<Guid>();
                while (left > 0)
                {
                    var source = await (
                        from b in db.Set<StockBatch>().AsNoTracking()
                        join s in db.Set<StockLocation>() on b.LocationId equals s.Id
                        where b.PackId == line.PackId && s.Kind == LocationKind.Store && !b.Quarantined && b.Expiry >= today && b.Quantity >= line.PackSize
                              && !tried.Contains(b.Id)
                        orderby b.Expiry, b.BatchNumber
                        select b).FirstOrDefaultAsync(token);
                    if (source is null)
                    {
                        break;
                    }

                    tried.Add(source.Id);
                    var target = await db.Set<StockBatch>().AsNoTracking()
                        .FirstOrDefaultAsync(b => b.PackId == source.PackId && b.BatchNumber == source.BatchNumber && b.LocationId == at.Id, token);
                    if (target is { Quarantined: true })
                    {
                        continue; // never send more of a batch quarantined on the ward
                    }

                    var packs = Math.Min(left, source.Quantity / line.PackSize);
                    var taken = await ledger.TakeAsync(source.Id, packs * line.PackSize, MovementKind.TransferOut, $"Imprest top-up of {at.Name}", reference, token);
                    if (taken.Outcome != StockOutcome.Done)
                    {
                        continue;
                    }

                    if (target is null)
                    {
                        target = new StockBatch
                        {
                            Id = Guid.NewGuid(), PackId = source.PackId, BatchNumber = source.BatchNumber, Expiry = source.Expiry, LocationId = at.Id,
                            Quantity = 0, ReceivedAt = ledger.Now,
                        };
                        db.Add(target);
                        await db.SaveChangesAsync(token);
                    }

                    movements.AddRange(taken.Movements!);
                    movements.Add(await ledger.PutAsync(target.Id, packs * line.PackSize, MovementKind.TransferIn, "Imprest top-up from the pharmacy store", reference, token));
                    left -= packs;
                }

                lines.Add(new TopUpLineDto(line.Gtin, line.Pack, line.PacksToSend, line.PacksToSend - left,
                    left == 0 ? null : $"Short: {left} pack{(left == 1 ? "" : "s")} not in usable stock at the pharmacy store."));
            }

            audit.Add(AuditAction.Create, $"TopUp/{reference}", detail: $"imprest top-up of {at.Code}: {lines.Sum(l => l.PacksSent)} packs sent");
            return new StockResult(StockOutcome.Done, Movements: movements);
        }, ct);
        return result.Outcome == StockOutcome.Done
            ? (result, new TopUpDto(at.Code, reference, [.. lines], [.. result.Movements!.Select(StockApi.ToDto)]))
            : (result, null);
    }
}

/// <summary>REST: ward imprest levels and top-up under <c>/api/v1/pharmacy/stock/imprest</c>.</summary>
public static class WardTopUpApi
{
    public static IEndpointRouteBuilder MapWardTopUpApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/pharmacy/stock/imprest").WithTags("Pharmacy stock");
        group.MapPut("/", async (ImprestLevelRequest r, WardTopUp h, CancellationToken ct) =>
                await h.SetLevelAsync(r, ct) is var result && result.Outcome == StockOutcome.Done ? TypedResults.NoContent() : (IResult)StockApi.ToResult(result).Result)
            .RequirePermission(Permissions.StockWrite).WithSummary("Set the agreed (imprest) level of a pack at a ward or clinic, in packs (0 removes it)");
        group.MapGet("/{location}", async Task<IResult> (string location, WardTopUp h, CancellationToken ct) =>
                await h.ListAsync(location, ct) is { } lines ? TypedResults.Ok(lines) : TypedResults.Problem($"There is no stock location '{location}'.", statusCode: 404, title: "Not found"))
            .RequirePermission(Permissions.StockRead).WithSummary("A location's imprest list with what a top-up would send now");
        group.MapPost("/{location}/top-up", async (string location, WardTopUp h, CancellationToken ct) =>
            {
                var (result, topUp) = await h.TopUpAsync(location, ct);
                return result.Outcome == StockOutcome.Done ? TypedResults.Ok(topUp!) : (IResult)StockApi.ToResult(result).Result;
            })
            .RequirePermission(Permissions.StockWrite).WithSummary("Top the location up to its agreed levels from the pharmacy store, first-expiry-first-out");
        return app;
    }
}
