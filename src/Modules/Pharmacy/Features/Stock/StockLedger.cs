using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infirmary.Pharmacy.Features;

public enum StockOutcome
{
    Done,
    Invalid,
    NotFound,
    Insufficient,
    Unusable,
    Conflict,
}

/// <summary>What a stock operation did: the batches it touched and the ledger rows it wrote, or why it did nothing.</summary>
public sealed record StockResult(
    StockOutcome Outcome,
    string? Message = null,
    IDictionary<string, string[]>? Errors = null,
    IReadOnlyList<StockMovement>? Movements = null)
{
    public static StockResult Invalid(string field, string message) =>
        new(StockOutcome.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    public static StockResult Invalid(IDictionary<string, string[]> errors) =>
        new(StockOutcome.Invalid, errors.First().Value[0], errors);
}

/// <summary>How much: whole packs or single units (tablets, ml), exactly one of them.</summary>
public sealed record StockQuantity(int? Packs, int? Units)
{
    public const int MaxPacks = 10_000;

    /// <summary>The quantity in the pack's units, or an error naming the field.</summary>
    public (int Units, string? Field, string? Error) ToUnits(Pack pack)
    {
        if (Packs is null == Units is null)
        {
            return (0, "packs", "Give the quantity either in packs or in units, not both and not neither.");
        }

        if (Packs is { } p)
        {
            return p is < 1 or > MaxPacks
                ? (0, "packs", $"The number of packs must be between 1 and {MaxPacks}.")
                : (p * pack.Size, null, null);
        }

        var u = Units!.Value;
        return u < 1 || u > MaxPacks * pack.Size
            ? (0, "units", $"The number of units must be between 1 and {MaxPacks * pack.Size}.")
            : (u, null, null);
    }
}

/// <summary>
/// The one place stock quantities change. A decrement is a single conditional UPDATE —
/// <c>quantity = quantity - n WHERE id = … AND quantity &gt;= n AND NOT quarantined AND expiry &gt;= today</c> — whose
/// row count says whether it happened, followed in the same transaction by the ledger row carrying the balance the
/// UPDATE left. Two requests can never both take the last pack: the row is locked (PostgreSQL) or the database is
/// (SQLite) from the UPDATE to the commit, and the check constraint <c>quantity &gt;= 0</c> stands behind it.
/// Callers open the transaction (<see cref="InTransactionAsync{T}"/>) and call <see cref="TakeAsync"/> /
/// <see cref="PutAsync"/> inside it.
/// </summary>
public sealed class StockLedger(InfirmaryDbContext db, ActorAccessor actors, TimeProvider clock, CdRegister cd)
{
    public DateOnly Today => UkFormat.TodayInLondon(clock);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Actor Actor => actors.Current;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits when it reports <see cref="StockOutcome.Done"/>;
    /// otherwise rolls back, so a refusal leaves nothing half-written. A PostgreSQL deadlock (two transfers in
    /// opposite directions) or a unique-index race on a new batch row is retried from the start, at most 3 times.
    /// </summary>
    public async Task<StockResult> InTransactionAsync(Func<CancellationToken, Task<StockResult>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                if (result.Outcome != StockOutcome.Done)
                {
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return result;
                }

                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (attempt < 3 && IsRetryable(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="units"/> from a usable batch (in date, not quarantined) atomically and stages its ledger
    /// row. Refuses with <see cref="StockOutcome.Insufficient"/> when the batch holds fewer.
    /// </summary>
    public async Task<StockResult> TakeAsync(Guid batchId, int units, string kind, string reason, Guid? reference, CancellationToken ct)
    {
        var today = Today;
        var taken = await db.Set<StockBatch>()
            .Where(b => b.Id == batchId && b.Quantity >= units && !b.Quarantined && b.Expiry >= today)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Quantity, b => b.Quantity - units), ct);
        if (taken != 1)
        {
            return await WhyNotAsync(batchId, units, today, ct);
        }

        return new StockResult(StockOutcome.Done, Movements: [await StageAsync(batchId, kind, -units, reason, reference, ct)]);
    }

    /// <summary>Adds units to a batch row atomically and stages its ledger row.</summary>
    public async Task<StockMovement> PutAsync(Guid batchId, int units, string kind, string reason, Guid? reference, CancellationToken ct)
    {
        var added = await db.Set<StockBatch>()
            .Where(b => b.Id == batchId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Quantity, b => b.Quantity + units), ct);
        if (added != 1)
        {
            throw new InvalidOperationException($"Stock batch {batchId} vanished during a receipt.");
        }

        return await StageAsync(batchId, kind, units, reason, reference, ct);
    }

    /// <summary>
    /// Sets a batch to the quantity counted at a stock-take, only if it still holds <paramref name="expected"/> (one
    /// conditional UPDATE), and stages the ledger row for the variance. Null when the batch moved meanwhile.
    /// Expired and quarantined batches can be counted too: a count corrects the record, it does not use the stock.
    /// </summary>
    public async Task<StockMovement?> SetCountedAsync(Guid batchId, int expected, int counted, string reason, Guid stockTakeId, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counted);
        var set = await db.Set<StockBatch>()
            .Where(b => b.Id == batchId && b.Quantity == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Quantity, counted), ct);
        return set == 1 ? await StageAsync(batchId, MovementKind.StockTake, counted - expected, reason, stockTakeId, ct) : null;
    }

    /// <summary>A ledger row with no quantity change (quarantine), carrying the balance as it stands.</summary>
    public Task<StockMovement> NoteAsync(Guid batchId, string kind, string reason, CancellationToken ct) =>
        StageAsync(batchId, kind, 0, reason, null, ct);

    private async Task<StockMovement> StageAsync(Guid batchId, string kind, int change, string reason, Guid? reference, CancellationToken ct)
    {
        // Read inside the transaction that changed it: the row (PostgreSQL) or the database (SQLite) is still ours.
        var balance = await db.Set<StockBatch>().Where(b => b.Id == batchId).Select(b => b.Quantity).SingleAsync(ct);
        var actor = actors.Current;
        var movement = new StockMovement
        {
            BatchId = batchId,
            Kind = kind,
            Change = change,
            Balance = balance,
            At = Now,
            ById = actor.Id,
            ByName = StaffName.Of(actor),
            Reason = reason,
            Reference = reference,
        };
        db.Add(movement);
        await cd.RecordAsync(movement, ct);
        return movement;
    }

    private async Task<StockResult> WhyNotAsync(Guid batchId, int units, DateOnly today, CancellationToken ct)
    {
        var batch = await db.Set<StockBatch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null)
        {
            return new StockResult(StockOutcome.NotFound, "There is no such stock batch.");
        }

        var unit = await db.Set<Pack>().Where(p => p.Id == batch.PackId).Select(p => p.Unit).SingleAsync(ct);
        if (batch.Quarantined)
        {
            return new StockResult(StockOutcome.Unusable, $"Batch {batch.BatchNumber} is quarantined ({batch.QuarantineReason}); it cannot be used.");
        }

        if (batch.IsExpired(today))
        {
            return new StockResult(StockOutcome.Unusable, $"Batch {batch.BatchNumber} expired on {UkFormat.Date(batch.Expiry)}; it cannot be used.");
        }

        return new StockResult(StockOutcome.Insufficient,
            $"insufficient stock in batch {batch.BatchNumber}: {Units(units, unit)} asked for, {Units(batch.Quantity, unit)} in stock.");
    }

    public static string Units(int n, string unit) => $"{n} {unit}{(n == 1 || unit == "ml" ? "" : "s")}";

    private static bool IsRetryable(Exception e) => e switch
    {
        DbUpdateException u when DbErrors.IsUniqueViolation(u) => true,
        PostgresException pg => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        InvalidOperationException { InnerException: PostgresException pg } => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // busy/locked beyond the command timeout
        _ => false,
    };
}

/// <summary>How a member of staff's name is written on a ledger row, register entry or check: "Sam Patel (pharmacist)".</summary>
public static class StaffName
{
    public static string Of(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var display = actor.Principal.FindFirst("display_name")?.Value;
        return string.IsNullOrWhiteSpace(display) || display == actor.Name ? actor.Name : $"{display} ({actor.Name})";
    }
}
