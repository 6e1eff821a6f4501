using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public enum DispenseOutcome
{
    Done,
    Invalid,
    NotFound,
    NotReady,
    Insufficient,
    WrongProduct,
    WrongBatch,
    Expired,
}

public sealed record DispenseResult(DispenseOutcome Outcome, Dispensing? Dispensing = null, string? Message = null);

/// <summary>
/// What to pick for a prescription item: the first-expiring usable batch at the pharmacy store that holds the whole
/// (pack-rounded) quantity.
/// </summary>
public sealed record DispensePlan(
    Guid PrescriptionId,
    Guid ItemId,
    Guid PatientId,
    string Product,
    Guid BatchId,
    string BatchNumber,
    DateOnly Expiry,
    string Gtin,
    string Pack,
    int PackSize,
    int Quantity,
    string Unit,
    string? Rounding);

/// <summary>
/// Dispenses an approved prescription item: picks the batch first-expiry-first-out at the pharmacy store, rounds to
/// original packs where that stays within 10% of the quantity prescribed, and verifies the scanned pack (GS1 GTIN,
/// batch, expiry) against the pick. A wrong product, a wrong or quarantined batch or expired stock is refused,
/// audited, and nothing is dispensed. Stock moves through <see cref="StockLedger"/> (atomic conditional decrement,
/// ledger row) in the same transaction as the dispensing record.
/// </summary>
public sealed class DispenseItem(InfirmaryDbContext db, StockLedger ledger, AuditTrail audit, CdRegister cd)
{
    /// <summary>Pack rounding tolerance: a whole number of original packs within this fraction of the quantity prescribed.</summary>
    public const double RoundingTolerance = 0.10;

    public async Task<(DispensePlan? Plan, DispenseResult? Refusal)> PlanAsync(Guid prescriptionId, Guid itemId, CancellationToken ct)
    {
        var prescription = await db.Set<Prescription>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == prescriptionId, ct);
        var item = prescription is null ? null : await db.Set<PrescriptionItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.PrescriptionId == prescriptionId, ct);
        if (prescription is null || item is null)
        {
            return (null, new DispenseResult(DispenseOutcome.NotFound, Message: "There is no such prescription item."));
        }

        if (prescription.Status != PrescriptionStatus.Approved)
        {
            return (null, new DispenseResult(DispenseOutcome.NotReady, Message: "This prescription has not been clinically checked and approved by a pharmacist yet."));
        }

        if (await db.Set<Dispensing>().AnyAsync(d => d.ItemId == itemId, ct))
        {
            return (null, new DispenseResult(DispenseOutcome.NotReady, Message: $"{item.ProductName} on this prescription has already been dispensed."));
        }

        var today = ledger.Today;
        var candidates = await (
            from b in db.Set<StockBatch>().AsNoTracking()
            join p in db.Set<Pack>() on b.PackId equals p.Id
            join l in db.Set<StockLocation>() on b.LocationId equals l.Id
            where p.VmpId == item.VmpId && l.Kind == LocationKind.Store && !b.Quarantined && b.Expiry >= today && b.Quantity > 0
            orderby b.Expiry, b.BatchNumber
            select new { Batch = b, Pack = p }).ToListAsync(ct);
        foreach (var c in candidates)
        {
            var (quantity, rounding) = Round(item.Quantity, c.Pack.Size, c.Pack.Unit);
            if (c.Batch.Quantity >= quantity)
            {
                return (new DispensePlan(prescription.Id, item.Id, prescription.PatientId, item.ProductName, c.Batch.Id, c.Batch.BatchNumber,
                    c.Batch.Expiry, c.Pack.Gtin, c.Pack.Description, c.Pack.Size, quantity, c.Pack.Unit, rounding), null);
            }
        }

        return (null, new DispenseResult(DispenseOutcome.Insufficient, Message: candidates.Count == 0
            ? $"There is no usable stock of {item.ProductName} in the pharmacy store (none in date and not quarantined)."
            : $"insufficient stock of {item.ProductName}: no single in-date batch in the pharmacy store holds {item.Quantity} {item.QuantityUnit}; the largest holds {candidates.Max(c => c.Batch.Quantity)}."));
    }

    /// <summary>Rounds to whole original packs when within <see cref="RoundingTolerance"/>; otherwise the exact quantity (a split pack).</summary>
    public static (int Quantity, string? Rounding) Round(int prescribed, int packSize, string unit)
    {
        if (prescribed % packSize == 0)
        {
            return (prescribed, null);
        }

        var packs = Math.Max(1, (int)Math.Round(prescribed / (double)packSize, MidpointRounding.AwayFromZero));
        var rounded = packs * packSize;
        if (Math.Abs(rounded - prescribed) <= prescribed * RoundingTolerance)
        {
            return (rounded, $"{StockLedger.Units(prescribed, unit)} prescribed; {StockLedger.Units(rounded, unit)} ({packs} original pack{(packs == 1 ? "" : "s")}) supplied.");
        }

        return (prescribed, $"{StockLedger.Units(prescribed, unit)} supplied from a split pack (whole packs of {packSize} would differ by more than 10%).");
    }

    public async Task<DispenseResult> HandleAsync(Guid prescriptionId, Guid itemId, string? scan, CancellationToken ct, WitnessRequest? witness = null)
    {
        var (plan, refusal) = await PlanAsync(prescriptionId, itemId, ct);
        if (plan is null)
        {
            if (refusal!.Outcome != DispenseOutcome.NotFound)
            {
                await RefuseAsync(prescriptionId, await PatientOfAsync(prescriptionId, ct), refusal.Message!, ct);
            }

            return refusal;
        }

        if (await VerifyAsync(plan, scan, ct) is { } wrong)
        {
            await RefuseAsync(prescriptionId, plan.PatientId, wrong.Message!, ct);
            return wrong;
        }

        var packId = await db.Set<StockBatch>().Where(b => b.Id == plan.BatchId).Select(b => b.PackId).SingleAsync(ct);
        if (await cd.WitnessAsync(packId, witness, ct) is { } witnessError)
        {
            return new DispenseResult(DispenseOutcome.Invalid, Message: witnessError);
        }

        var serial = Gs1.Parse(scan).Pack!.Serial;
        var dispensing = new Dispensing
        {
            Id = Guid.NewGuid(),
            PrescriptionId = plan.PrescriptionId,
            ItemId = plan.ItemId,
            PatientId = plan.PatientId,
            BatchId = plan.BatchId,
            Quantity = plan.Quantity,
            Unit = plan.Unit,
            Rounding = plan.Rounding,
            ScannedSerial = serial,
            Status = DispensingStatus.AwaitingCheck,
            DispensedById = ledger.Actor.Id,
            DispensedByName = StaffName.Of(ledger.Actor),
            DispensedAt = ledger.Now,
            Version = 1,
        };
        var result = await ledger.InTransactionAsync(async token =>
        {
            if (await db.Set<Dispensing>().AnyAsync(d => d.ItemId == plan.ItemId, token))
            {
                return new StockResult(StockOutcome.Conflict, $"{plan.Product} on this prescription has already been dispensed.");
            }

            var taken = await ledger.TakeAsync(plan.BatchId, plan.Quantity, MovementKind.Dispense,
                $"Dispensed: prescription {plan.PrescriptionId:N}", dispensing.Id, token);
            if (taken.Outcome == StockOutcome.Done)
            {
                db.Add(dispensing);
                audit.Add(AuditAction.Create, $"MedicationDispense/{dispensing.Id}", plan.PatientId,
                    detail: $"{plan.Product}: {StockLedger.Units(plan.Quantity, plan.Unit)} from batch {plan.BatchNumber}");
            }

            return taken;
        }, ct);

        if (result.Outcome != StockOutcome.Done)
        {
            await RefuseAsync(prescriptionId, plan.PatientId, result.Message!, ct);
            return new DispenseResult(result.Outcome == StockOutcome.Conflict ? DispenseOutcome.NotReady : DispenseOutcome.Insufficient, Message: result.Message);
        }

        return new DispenseResult(DispenseOutcome.Done, dispensing);
    }

    /// <summary>The scanned pack must be the product prescribed, in date, and from the batch picked.</summary>
    private async Task<DispenseResult?> VerifyAsync(DispensePlan plan, string? scan, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(scan))
        {
            return new DispenseResult(DispenseOutcome.Invalid, Message: "Scan the pack's barcode to verify the product and batch before dispensing.");
        }

        var parsed = Gs1.Parse(scan);
        if (parsed.Pack is not { } pack)
        {
            return new DispenseResult(DispenseOutcome.Invalid, Message: $"The scan could not be read: {parsed.Error}");
        }

        var scannedPack = await db.Set<Pack>().AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == pack.Gtin, ct);
        var item = await db.Set<PrescriptionItem>().AsNoTracking().SingleAsync(i => i.Id == plan.ItemId, ct);
        if (scannedPack is null || scannedPack.VmpId != item.VmpId)
        {
            return new DispenseResult(DispenseOutcome.WrongProduct, Message:
                $"Wrong product: the pack scanned is {(scannedPack is null ? $"GTIN {pack.Gtin}, not in the formulary" : scannedPack.Description)}; the prescription is for {plan.Product}. Nothing was dispensed.");
        }

        if (pack.Expiry is { } expiry && expiry < ledger.Today)
        {
            return new DispenseResult(DispenseOutcome.Expired, Message:
                $"Expired stock: the pack scanned expired on {UkFormat.Date(expiry)}. Quarantine it; nothing was dispensed.");
        }

        if (pack.Batch is null)
        {
            return new DispenseResult(DispenseOutcome.Invalid, Message: "The scan carries no batch number (AI 10), so the batch cannot be verified.");
        }

        if (pack.Gtin != plan.Gtin || pack.Batch != plan.BatchNumber)
        {
            var held = await (
                from b in db.Set<StockBatch>().AsNoTracking()
                join l in db.Set<StockLocation>() on b.LocationId equals l.Id
                where b.PackId == scannedPack.Id && b.BatchNumber == pack.Batch && l.Kind == LocationKind.Store
                select b).FirstOrDefaultAsync(ct);
            var why = held switch
            {
                null => $"batch {pack.Batch} is not in the pharmacy store's stock",
                { Quarantined: true } => $"batch {pack.Batch} is quarantined ({held.QuarantineReason})",
                _ when held.IsExpired(ledger.Today) => $"batch {pack.Batch} expired on {UkFormat.Date(held.Expiry)}",
                _ => $"batch {pack.Batch} expires later than batch {plan.BatchNumber}",
            };
            return new DispenseResult(held is { Quarantined: false } && held.IsExpired(ledger.Today) ? DispenseOutcome.Expired : DispenseOutcome.WrongBatch, Message:
                $"Wrong batch: {why}. Pick batch {plan.BatchNumber} (expiry {UkFormat.Date(plan.Expiry)}), {plan.Pack}. Nothing was dispensed.");
        }

        if (pack.Expiry is { } e && e != plan.Expiry)
        {
            return new DispenseResult(DispenseOutcome.WrongBatch, Message:
                $"The pack's expiry ({UkFormat.Date(e)}) differs from batch {plan.BatchNumber}'s recorded expiry ({UkFormat.Date(plan.Expiry)}): check the pack. Nothing was dispensed.");
        }

        return null;
    }

    private async Task<Guid?> PatientOfAsync(Guid prescriptionId, CancellationToken ct) =>
        await db.Set<Prescription>().Where(p => p.Id == prescriptionId).Select(p => (Guid?)p.PatientId).FirstOrDefaultAsync(ct);

    private async Task RefuseAsync(Guid prescriptionId, Guid? patientId, string why, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.RecordAsync(AuditAction.Create, $"Prescription/{prescriptionId}", patientId, AuditOutcome.Failure, $"dispense refused: {why}", ct);
    }
}
