using Infirmary.Patients;
using Infirmary.Pharmacy.Data;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infirmary.Pharmacy.Features;

public sealed record DispensingDto(
    Guid Id, int Version, Guid PrescriptionId, Guid ItemId, Guid PatientId, string Product, Guid BatchId, string BatchNumber, DateOnly Expiry,
    int Quantity, string Unit, string? Rounding, string Status, string DispensedBy, DateTime DispensedAt, string? CheckedBy, DateTime? CheckedAt,
    string? Directions);

public sealed record BenchItem(Guid PrescriptionId, Guid ItemId, Guid PatientId, string Patient, string Product, int Quantity, string Unit, string Type, DateTime CheckedAt);

/// <summary>The second person's final accuracy check of a dispensing. Never the dispenser: refused here and by the database.</summary>
public sealed class AccuracyCheck(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public const string SamePersonMessage = "You dispensed this, so you cannot do its final accuracy check: a second person must.";

    public async Task<DispenseResult> HandleAsync(Guid id, int? expectedVersion, CancellationToken ct)
    {
        var d = await db.Set<Dispensing>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
        {
            return new DispenseResult(DispenseOutcome.NotFound, Message: "There is no such dispensing.");
        }

        if (d.Status == DispensingStatus.Checked)
        {
            return new DispenseResult(DispenseOutcome.NotReady, d, $"This was already checked by {d.CheckedByName}.");
        }

        var actor = actors.Current;
        if (string.Equals(actor.Id, d.DispensedById, StringComparison.Ordinal))
        {
            await audit.RecordAsync(AuditAction.Update, $"MedicationDispense/{id}", d.PatientId, AuditOutcome.Denied, "accuracy check refused: dispenser", ct);
            return new DispenseResult(DispenseOutcome.NotReady, d, SamePersonMessage);
        }

        if (expectedVersion is { } v && v != d.Version)
        {
            return new DispenseResult(DispenseOutcome.NotReady, d, "Someone else changed this dispensing while you were looking at it. Reload it and check it again.");
        }

        d.Status = DispensingStatus.Checked;
        d.CheckedById = actor.Id;
        d.CheckedByName = StaffName.Of(actor);
        d.CheckedAt = clock.GetUtcNow().UtcDateTime;
        d.Version++;
        audit.Add(AuditAction.Update, $"MedicationDispense/{id}", d.PatientId, detail: "accuracy checked");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new DispenseResult(DispenseOutcome.NotReady, null, "Someone else checked this dispensing at the same moment. Reload it.");
        }
        catch (DbUpdateException e) when (IsCheckerConstraint(e))
        {
            db.ChangeTracker.Clear();
            return new DispenseResult(DispenseOutcome.NotReady, null, SamePersonMessage);
        }

        return new DispenseResult(DispenseOutcome.Done, d);
    }

    public static bool IsCheckerConstraint(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.CheckViolation && pg.ConstraintName?.EndsWith(PharmacyModel.CheckerNotDispenserSuffix, StringComparison.Ordinal) == true,
        SqliteException sq => sq.SqliteExtendedErrorCode == 275 && sq.Message.Contains(PharmacyModel.CheckerNotDispenserSuffix, StringComparison.Ordinal),
        _ => false,
    };
}

/// <summary>Reads for the dispensing bench and the FHIR MedicationDispense; reads of patient data are audited.</summary>
public sealed class DispensingQueries(InfirmaryDbContext db, AuditTrail audit, IPatientDirectory patients)
{
    public async Task<DispensingDto?> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await (
            from d in db.Set<Dispensing>().AsNoTracking()
            join i in db.Set<PrescriptionItem>() on d.ItemId equals i.Id
            join b in db.Set<StockBatch>() on d.BatchId equals b.Id
            where d.Id == id
            select new { d, i.ProductName, i.Directions, b.BatchNumber, b.Expiry }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"MedicationDispense/{id}", row.d.PatientId, ct: ct);
        var x = row.d;
        return new DispensingDto(x.Id, x.Version, x.PrescriptionId, x.ItemId, x.PatientId, row.ProductName, x.BatchId, row.BatchNumber, row.Expiry,
            x.Quantity, x.Unit, x.Rounding, x.Status, x.DispensedByName, x.DispensedAt, x.CheckedByName, x.CheckedAt, row.Directions);
    }

    /// <summary>Items of approved prescriptions not dispensed yet, oldest approval first.</summary>
    public async Task<IReadOnlyList<BenchItem>> ToDispenseAsync(CancellationToken ct)
    {
        var rows = await (
            from p in db.Set<Prescription>().AsNoTracking()
            join i in db.Set<PrescriptionItem>() on p.Id equals i.PrescriptionId
            where p.Status == PrescriptionStatus.Approved && !db.Set<Dispensing>().Any(x => x.ItemId == i.Id)
            orderby p.CheckedAt, i.Position
            select new { p.Id, ItemId = i.Id, p.PatientId, i.ProductName, i.Quantity, i.QuantityUnit, p.Type, p.CheckedAt })
            .Take(200).ToListAsync(ct);
        var list = new List<BenchItem>();
        foreach (var r in rows)
        {
            var banner = await patients.GetBannerAsync(r.PatientId, ct);
            list.Add(new BenchItem(r.Id, r.ItemId, r.PatientId, banner?.DisplayName ?? "Unknown patient", r.ProductName, r.Quantity, r.QuantityUnit, r.Type, r.CheckedAt!.Value));
        }

        if (list.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Search, list.Select(e => ($"Prescription/{e.PrescriptionId}", (Guid?)e.PatientId)), "dispensing bench", ct);
        }

        return list;
    }

    public async Task<IReadOnlyList<DispensingDto>> AwaitingCheckAsync(CancellationToken ct)
    {
        var rows = await (
            from d in db.Set<Dispensing>().AsNoTracking()
            join i in db.Set<PrescriptionItem>() on d.ItemId equals i.Id
            join b in db.Set<StockBatch>() on d.BatchId equals b.Id
            where d.Status == DispensingStatus.AwaitingCheck
            orderby d.DispensedAt
            select new { d, i.ProductName, i.Directions, b.BatchNumber, b.Expiry }).Take(200).ToListAsync(ct);
        if (rows.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Search, rows.Select(r => ($"MedicationDispense/{r.d.Id}", (Guid?)r.d.PatientId)), "accuracy checks", ct);
        }

        return [.. rows.Select(r => new DispensingDto(r.d.Id, r.d.Version, r.d.PrescriptionId, r.d.ItemId, r.d.PatientId, r.ProductName, r.d.BatchId,
            r.BatchNumber, r.Expiry, r.d.Quantity, r.d.Unit, r.d.Rounding, r.d.Status, r.d.DispensedByName, r.d.DispensedAt, r.d.CheckedByName,
            r.d.CheckedAt, r.Directions))];
    }

    public Task<PatientBannerModel?> BannerAsync(Guid patientId, CancellationToken ct) => patients.GetBannerAsync(patientId, ct);
}
