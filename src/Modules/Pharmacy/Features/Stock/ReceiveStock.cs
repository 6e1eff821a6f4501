using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>
/// A goods receipt: typed in (GTIN, batch, expiry) or scanned from the pack's GS1 DataMatrix (the scan's fields win
/// and must not contradict what was typed). Packs default to 1 per scan.
/// </summary>
public sealed record ReceiptRequest(
    string? Location,
    string? Scan = null,
    string? Gtin = null,
    string? Batch = null,
    DateOnly? Expiry = null,
    int? Packs = null,
    int? Units = null,
    string? Reason = null,
    WitnessRequest? Witness = null);

/// <summary>Receives stock into a location: adds to the batch row if that batch is already there, creates it if not.</summary>
public sealed class ReceiveStock(InfirmaryDbContext db, StockLedger ledger, CdRegister cd)
{
    public Task<StockResult> HandleAsync(ReceiptRequest request, CancellationToken ct) => HandleAsync(request, null, ct);

    /// <summary>
    /// As <see cref="HandleAsync(ReceiptRequest, CancellationToken)"/>; <paramref name="alsoInTransaction"/> runs inside the
    /// receipt's transaction after the stock is added (a purchase order marks its line received), and a refusal from it
    /// rolls the receipt back.
    /// </summary>
    public async Task<StockResult> HandleAsync(ReceiptRequest request, Func<Pack, int, CancellationToken, Task<StockResult?>>? alsoInTransaction, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? gtin = null, batchNumber = request.Batch?.Trim();
        var expiry = request.Expiry;
        if (!string.IsNullOrWhiteSpace(request.Scan))
        {
            var scan = Gs1.Parse(request.Scan);
            if (scan.Pack is not { } pack)
            {
                return StockResult.Invalid("scan", $"The scan could not be read: {scan.Error}");
            }

            gtin = pack.Gtin;
            if (!string.IsNullOrWhiteSpace(request.Gtin) && Gs1.NormaliseGtin(request.Gtin) != gtin)
            {
                errors["gtin"] = ["The GTIN typed does not match the scanned pack."];
            }

            if (pack.Batch is not null && !string.IsNullOrEmpty(batchNumber) && batchNumber != pack.Batch)
            {
                errors["batch"] = ["The batch typed does not match the scanned pack's batch."];
            }

            if (pack.Expiry is not null && expiry is not null && expiry != pack.Expiry)
            {
                errors["expiry"] = ["The expiry typed does not match the scanned pack's expiry."];
            }

            batchNumber = pack.Batch ?? batchNumber;
            expiry = pack.Expiry ?? expiry;
        }
        else if (string.IsNullOrWhiteSpace(request.Gtin))
        {
            errors["gtin"] = ["Scan the pack or enter its GTIN."];
        }
        else if (Gs1.NormaliseGtin(request.Gtin) is not { } typed)
        {
            errors["gtin"] = ["The GTIN must be 8, 12, 13 or 14 digits with a correct check digit."];
        }
        else
        {
            gtin = typed;
        }

        if (string.IsNullOrEmpty(batchNumber))
        {
            errors.TryAdd("batch", ["Enter the batch number (the scan did not carry one)."]);
        }
        else if (batchNumber.Length > 20)
        {
            errors.TryAdd("batch", ["The batch number must be 20 characters or fewer."]);
        }

        if (expiry is null)
        {
            errors.TryAdd("expiry", ["Enter the expiry date (the scan did not carry one)."]);
        }
        else if (expiry < ledger.Today)
        {
            errors.TryAdd("expiry", [$"This batch expired on {UkFormat.Date(expiry.Value)}: expired stock cannot be received."]);
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "Goods received" : request.Reason.Trim();
        if (reason.Length > 500)
        {
            errors["reason"] = ["The reason must be 500 characters or fewer."];
        }

        var location = await FindLocationAsync(db, request.Location, ct);
        if (location is null)
        {
            errors["location"] = [string.IsNullOrWhiteSpace(request.Location) ? "Choose the location receiving the stock." : $"There is no stock location '{request.Location}'."];
        }

        var packRow = gtin is null ? null : await db.Set<Pack>().AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == gtin, ct);
        if (gtin is not null && packRow is null)
        {
            errors.TryAdd(string.IsNullOrWhiteSpace(request.Scan) ? "gtin" : "scan",
                [$"GTIN {gtin} is not a pack in the formulary: add the pack before receiving it."]);
        }

        var units = 0;
        if (packRow is not null)
        {
            var (u, field, error) = new StockQuantity(request.Packs ?? (request.Units is null ? 1 : null), request.Units).ToUnits(packRow);
            if (error is not null)
            {
                errors[field!] = [error];
            }

            units = u;
            if (await cd.WitnessAsync(packRow.Id, request.Witness, ct) is { } witnessError)
            {
                errors["witness"] = [witnessError];
            }
        }

        if (errors.Count > 0)
        {
            return StockResult.Invalid(errors);
        }

        return await ledger.InTransactionAsync(async token =>
        {
            var existing = await db.Set<StockBatch>().AsNoTracking()
                .FirstOrDefaultAsync(b => b.PackId == packRow!.Id && b.BatchNumber == batchNumber && b.LocationId == location!.Id, token);
            if (existing is null)
            {
                var batch = new StockBatch
                {
                    Id = Guid.NewGuid(),
                    PackId = packRow!.Id,
                    BatchNumber = batchNumber!,
                    Expiry = expiry!.Value,
                    LocationId = location!.Id,
                    Quantity = 0,
                    ReceivedAt = ledger.Now,
                };
                db.Add(batch);
                await db.SaveChangesAsync(token);
                existing = batch;
            }
            else if (existing.Expiry != expiry)
            {
                return new StockResult(StockOutcome.Conflict,
                    $"Batch {batchNumber} is already held here with expiry {UkFormat.Date(existing.Expiry)}, not {UkFormat.Date(expiry!.Value)}: check the pack.");
            }
            else if (existing.Quarantined)
            {
                return new StockResult(StockOutcome.Conflict, $"Batch {batchNumber} is quarantined here ({existing.QuarantineReason}); do not receive more of it.");
            }

            var movement = await ledger.PutAsync(existing.Id, units, MovementKind.Receipt, reason, null, token);
            if (alsoInTransaction is not null && await alsoInTransaction(packRow!, units, token) is { } refused)
            {
                return refused;
            }

            return new StockResult(StockOutcome.Done, Movements: [movement]);
        }, ct);
    }

    /// <summary>A location by code ("PHARM") or id.</summary>
    public static async Task<StockLocation?> FindLocationAsync(InfirmaryDbContext db, string? codeOrId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(codeOrId))
        {
            return null;
        }

        var text = codeOrId.Trim();
        if (Guid.TryParse(text, out var id))
        {
            return await db.Set<StockLocation>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        }

        var code = text.ToUpperInvariant();
        return await db.Set<StockLocation>().AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, ct);
    }
}
