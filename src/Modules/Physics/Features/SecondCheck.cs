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

public sealed record CheckResult<T>(CheckStatus Status, T? Result, string? Message = null)
    where T : class, ICheckedResult;

/// <summary>
/// The second physicist's check that makes a result (result, MU check) final. The person who performed it can
/// never check it: refused here with a message, and by the database's check constraint if anything slipped past.
/// </summary>
public sealed class SecondCheck(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public const string SamePersonMessage =
        "You performed this, so you cannot check it. A different physicist must check it before it is final.";

    /// <param name="patientId">The patient the result is about, for the audit trail (null for machine QA).</param>
    public async Task<CheckResult<T>> HandleAsync<T>(Guid id, int? expectedVersion, Func<T, Guid?> patientId, CancellationToken ct)
        where T : class, ICheckedResult
    {
        var actor = actors.Current;
        var result = await db.Set<T>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (result is null)
        {
            return new CheckResult<T>(CheckStatus.NotFound, null);
        }

        var entity = $"{typeof(T).Name}/{id}";
        var patient = patientId(result);

        if (actor.IsSystem || !actor.Has(Permissions.PhysicsCheck))
        {
            await audit.RecordAsync(AuditAction.Update, entity, patient, outcome: AuditOutcome.Denied, detail: "check", ct: ct);
            return new CheckResult<T>(CheckStatus.Denied, result, "Only a medical physicist or clinical technologist can check a physics result.");
        }

        if (result.IsFinal)
        {
            return new CheckResult<T>(CheckStatus.AlreadyChecked, result,
                $"This was already checked by {result.CheckedByName}.");
        }

        if (string.Equals(result.PerformedById, actor.Id, StringComparison.Ordinal))
        {
            await audit.RecordAsync(AuditAction.Update, entity, patient, outcome: AuditOutcome.Denied, detail: "check refused: checker performed it", ct: ct);
            return new CheckResult<T>(CheckStatus.SamePerson, result, SamePersonMessage);
        }

        if (expectedVersion is { } v && v != result.Version)
        {
            return Stale<T>(result.Version);
        }

        result.CheckedById = actor.Id;
        result.CheckedByName = Signature.Of(actor);
        result.CheckedAt = clock.GetUtcNow().UtcDateTime;
        result.Version++;
        audit.Add(AuditAction.Update, entity, patient, detail: "checked");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale<T>(null);
        }
        catch (DbUpdateException e) when (IsCheckerConstraint(e))
        {
            db.ChangeTracker.Clear();
            return new CheckResult<T>(CheckStatus.SamePerson, null, SamePersonMessage);
        }

        return new CheckResult<T>(CheckStatus.Checked, result);
    }

    private static CheckResult<T> Stale<T>(int? current)
        where T : class, ICheckedResult => new(CheckStatus.Stale, null, current is null
        ? "Someone else changed this record while you were looking at it. Reload it and check it again."
        : $"Someone else changed this record while you were looking at it (it is now at version {current}). Reload it and check it again.");

    /// <summary>True when the database refused the write by a two-person check constraint.</summary>
    public static bool IsCheckerConstraint(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.CheckViolation && pg.ConstraintName?.EndsWith(PhysicsModel.CheckerNotPerformerSuffix, StringComparison.Ordinal) == true,
        // SQLITE_CONSTRAINT_CHECK; SQLite names the constraint in the message.
        SqliteException sq => sq.SqliteExtendedErrorCode == 275 && sq.Message.Contains(PhysicsModel.CheckerNotPerformerSuffix, StringComparison.Ordinal),
        _ => false,
    };
}
