using Infirmary.Physics.Data;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infirmary.Physics.Features;

public enum CheckStatus
{
    Checked,
    NotFound,
    Denied,
    SamePerson,
    AlreadyChecked,
    Stale,
}

public sealed record CheckResult(CheckStatus Status, Tg51Calibration? Calibration, string? Message = null);

/// <summary>
/// The second physicist's check that makes a calibration final. The person who performed it can never check it:
/// refused here with a message, and by the database's check constraint if anything slipped past.
/// </summary>
public sealed class CheckCalibration(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public const string SamePersonMessage =
        "You performed this calibration, so you cannot check it. A different physicist must check it before it is final.";

    public async Task<CheckResult> HandleAsync(Guid id, int? expectedVersion, CancellationToken ct)
    {
        var actor = actors.Current;
        var calibration = await db.Set<Tg51Calibration>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calibration is null)
        {
            return new CheckResult(CheckStatus.NotFound, null);
        }

        if (actor.IsSystem || !actor.Has(Permissions.PhysicsCheck))
        {
            await audit.RecordAsync(AuditAction.Update, $"Tg51Calibration/{id}", outcome: AuditOutcome.Denied, detail: "check", ct: ct);
            return new CheckResult(CheckStatus.Denied, calibration, "Only a medical physicist or clinical technologist can check a calibration.");
        }

        if (calibration.IsFinal)
        {
            return new CheckResult(CheckStatus.AlreadyChecked, calibration,
                $"This calibration was already checked by {calibration.CheckedByName}.");
        }

        if (string.Equals(calibration.PerformedById, actor.Id, StringComparison.Ordinal))
        {
            await audit.RecordAsync(AuditAction.Update, $"Tg51Calibration/{id}", outcome: AuditOutcome.Denied, detail: "check refused: checker performed it", ct: ct);
            return new CheckResult(CheckStatus.SamePerson, calibration, SamePersonMessage);
        }

        if (expectedVersion is { } v && v != calibration.Version)
        {
            return Stale(calibration.Version);
        }

        calibration.CheckedById = actor.Id;
        calibration.CheckedByName = Signature.Of(actor);
        calibration.CheckedAt = clock.GetUtcNow().UtcDateTime;
        calibration.Version++;
        audit.Add(AuditAction.Update, $"Tg51Calibration/{id}", detail: "checked");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale(null);
        }
        catch (DbUpdateException e) when (IsCheckerConstraint(e))
        {
            db.ChangeTracker.Clear();
            return new CheckResult(CheckStatus.SamePerson, null, SamePersonMessage);
        }

        return new CheckResult(CheckStatus.Checked, calibration);
    }

    private static CheckResult Stale(int? current) => new(CheckStatus.Stale, null, current is null
        ? "Someone else changed this calibration while you were looking at it. Reload it and check it again."
        : $"Someone else changed this calibration while you were looking at it (it is now at version {current}). Reload it and check it again.");

    /// <summary>True when the database refused the write by the two-person check constraint.</summary>
    public static bool IsCheckerConstraint(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.CheckViolation && pg.ConstraintName == PhysicsModel.CheckerNotPerformerConstraint,
        // SQLITE_CONSTRAINT_CHECK; SQLite names the constraint in the message.
        SqliteException sq => sq.SqliteExtendedErrorCode == 275 && sq.Message.Contains(PhysicsModel.CheckerNotPerformerConstraint, StringComparison.Ordinal),
        _ => false,
    };
}
