using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>Stock leaving stock control from one batch: a ward or named-patient supply outside a prescription.</summary>
public sealed record IssueRequest(Guid BatchId, int? Packs, int? Units, string? Reason, WitnessRequest? Witness = null);

/// <summary>Stock moving from one location to another, keeping its batch and expiry.</summary>
public sealed record TransferRequest(Guid BatchId, string? ToLocation, int? Packs, int? Units, string? Reason, WitnessRequest? Witness = null);

/// <summary>Issues and transfers. Both take stock with the ledger's atomic conditional decrement.</summary>
public sealed class MoveStock(InfirmaryDbContext db, StockLedger ledger, CdRegister cd)
{
    public const int MaxReason = 500;

    public async Task<StockResult> IssueAsync(IssueRequest request, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return StockResult.Invalid("reason", "Say what the stock is issued for (for example, the ward or the patient supply).");
        }

        if (reason.Length > MaxReason)
        {
            return StockResult.Invalid("reason", $"The reason must be {MaxReason} characters or fewer.");
        }

        var pack = await PackOfAsync(request.BatchId, ct);
        if (pack is null)
        {
            return new StockResult(StockOutcome.NotFound, "There is no such stock batch.");
        }

        var (units, field, error) = new StockQuantity(request.Packs, request.Units).ToUnits(pack);
        if (error is not null)
        {
            return StockResult.Invalid(field!, error);
        }

        if (await cd.WitnessAsync(pack.Id, request.Witness, ct) is { } witnessError)
        {
            return StockResult.Invalid("witness", witnessError);
        }

        return await ledger.InTransactionAsync(token => ledger.TakeAsync(request.BatchId, units, MovementKind.Issue, reason, null, token), ct);
    }

    public async Task<StockResult> TransferAsync(TransferRequest request, CancellationToken ct)
    {
        var source = await db.Set<StockBatch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == request.BatchId, ct);
        if (source is null)
        {
            return new StockResult(StockOutcome.NotFound, "There is no such stock batch.");
        }

        var pack = await db.Set<Pack>().AsNoTracking().SingleAsync(p => p.Id == source.PackId, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var to = await ReceiveStock.FindLocationAsync(db, request.ToLocation, ct);
        if (to is null)
        {
            errors["toLocation"] = [string.IsNullOrWhiteSpace(request.ToLocation) ? "Choose where the stock goes." : $"There is no stock location '{request.ToLocation}'."];
        }
        else if (to.Id == source.LocationId)
        {
            errors["toLocation"] = ["The stock is already at that location: choose another."];
        }

        var (units, field, error) = new StockQuantity(request.Packs, request.Units).ToUnits(pack);
        if (error is not null)
        {
            errors[field!] = [error];
        }

        var reason = request.Reason?.Trim();
        if (reason?.Length > MaxReason)
        {
            errors["reason"] = [$"The reason must be {MaxReason} characters or fewer."];
        }

        if (errors.Count == 0 && await cd.WitnessAsync(pack.Id, request.Witness, ct) is { } witnessError)
        {
            errors["witness"] = [witnessError];
        }

        if (errors.Count > 0)
        {
            return StockResult.Invalid(errors);
        }

        var from = await db.Set<StockLocation>().AsNoTracking().SingleAsync(l => l.Id == source.LocationId, ct);
        var transferId = Guid.NewGuid();
        return await ledger.InTransactionAsync(async token =>
        {
            var taken = await ledger.TakeAsync(source.Id, units, MovementKind.TransferOut,
                string.IsNullOrEmpty(reason) ? $"Transfer to {to!.Name}" : $"Transfer to {to!.Name}: {reason}", transferId, token);
            if (taken.Outcome != StockOutcome.Done)
            {
                return taken;
            }

            var target = await db.Set<StockBatch>().AsNoTracking()
                .FirstOrDefaultAsync(b => b.PackId == source.PackId && b.BatchNumber == source.BatchNumber && b.LocationId == to.Id, token);
            if (target is null)
            {
                target = new StockBatch
                {
                    Id = Guid.NewGuid(),
                    PackId = source.PackId,
                    BatchNumber = source.BatchNumber,
                    Expiry = source.Expiry,
                    LocationId = to.Id,
                    Quantity = 0,
                    ReceivedAt = ledger.Now,
                };
                db.Add(target);
                await db.SaveChangesAsync(token);
            }
            else if (target.Quarantined)
            {
                return new StockResult(StockOutcome.Conflict, $"Batch {source.BatchNumber} is quarantined at {to.Name}; do not send more of it there.");
            }

            var put = await ledger.PutAsync(target.Id, units, MovementKind.TransferIn,
                string.IsNullOrEmpty(reason) ? $"Transfer from {from.Name}" : $"Transfer from {from.Name}: {reason}", transferId, token);
            return new StockResult(StockOutcome.Done, Movements: [.. taken.Movements!, put]);
        }, ct);
    }

    private Task<Pack?> PackOfAsync(Guid batchId, CancellationToken ct) =>
        (from b in db.Set<StockBatch>()
         join p in db.Set<Pack>() on b.PackId equals p.Id
         where b.Id == batchId
         select p).AsNoTracking().FirstOrDefaultAsync(ct);
}

/// <summary>Quarantines a batch (recall, damage) or every expired batch still holding stock.</summary>
public sealed class QuarantineStock(InfirmaryDbContext db, StockLedger ledger)
{
    public async Task<StockResult> BatchAsync(Guid batchId, string? reason, CancellationToken ct)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            return StockResult.Invalid("reason", "Say why the batch is quarantined (for example, a recall notice).");
        }

        if (why.Length > MoveStock.MaxReason)
        {
            return StockResult.Invalid("reason", $"The reason must be {MoveStock.MaxReason} characters or fewer.");
        }

        return await ledger.InTransactionAsync(async token =>
        {
            var changed = await db.Set<StockBatch>().Where(b => b.Id == batchId && !b.Quarantined)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Quarantined, true).SetProperty(b => b.QuarantineReason, why), token);
            if (changed == 0)
            {
                return await db.Set<StockBatch>().AnyAsync(b => b.Id == batchId, token)
                    ? new StockResult(StockOutcome.Conflict, "This batch is already quarantined.")
                    : new StockResult(StockOutcome.NotFound, "There is no such stock batch.");
            }

            return new StockResult(StockOutcome.Done, Movements: [await ledger.NoteAsync(batchId, MovementKind.Quarantine, why, token)]);
        }, ct);
    }

    /// <summary>Quarantines every batch past its expiry that still holds stock and is not quarantined yet.</summary>
    public async Task<StockResult> ExpiredAsync(CancellationToken ct)
    {
        var today = ledger.Today;
        return await ledger.InTransactionAsync(async token =>
        {
            var expired = await db.Set<StockBatch>().AsNoTracking()
                .Where(b => b.Expiry < today && !b.Quarantined && b.Quantity > 0)
                .Select(b => new { b.Id, b.Expiry })
                .ToListAsync(token);
            var movements = new List<StockMovement>();
            foreach (var b in expired)
            {
                var why = $"Expired on {Infirmary.Platform.Ui.UkFormat.Date(b.Expiry)}";
                var changed = await db.Set<StockBatch>().Where(x => x.Id == b.Id && !x.Quarantined)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Quarantined, true).SetProperty(x => x.QuarantineReason, why), token);
                if (changed == 1)
                {
                    movements.Add(await ledger.NoteAsync(b.Id, MovementKind.Quarantine, why, token));
                }
            }

            return new StockResult(StockOutcome.Done, Movements: movements);
        }, ct);
    }
}
