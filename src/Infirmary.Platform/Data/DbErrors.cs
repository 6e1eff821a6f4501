using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infirmary.Platform.Data;

public static class DbErrors
{
    /// <summary>SQLite's result code for a refused write (SQLITE_CONSTRAINT).</summary>
    private const int SqliteConstraint = 19;

    /// <summary>
    /// What a SQLite trigger standing in for an exclusion constraint raises (<c>RAISE(ABORT, 'exclusion_violation: name')</c>),
    /// since SQLite has no exclusion constraints of its own.
    /// </summary>
    public const string SqliteExclusionPrefix = "exclusion_violation:";

    /// <summary>True when the database refused the write because a unique index already holds the value.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => IsUniqueViolation(e.InnerException);

    private static bool IsUniqueViolation(Exception? provider) => provider switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sq => sq.SqliteErrorCode == SqliteConstraint && (sq.SqliteExtendedErrorCode == 2067 || sq.SqliteExtendedErrorCode == 1555),
        _ => false,
    };

    /// <summary>
    /// True when the database refused the write because it conflicts with a row an exclusion constraint protects
    /// (PostgreSQL SQLSTATE 23P01), or with one a SQLite trigger written as such a constraint protects.
    /// </summary>
    public static bool IsExclusionViolation(DbUpdateException e) => IsExclusionViolation(e.InnerException);

    private static bool IsExclusionViolation(Exception? provider) => provider switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.ExclusionViolation,
        SqliteException sq => sq.SqliteErrorCode == SqliteConstraint && sq.Message.Contains(SqliteExclusionPrefix, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>True when another writer got there first: a unique or exclusion violation, answered as 409 Conflict.</summary>
    public static bool IsConflict(DbUpdateException e) => IsUniqueViolation(e) || IsExclusionViolation(e);

    /// <summary>The name of the constraint or index that refused the write, when the provider says (PostgreSQL does).</summary>
    public static string? ConstraintName(DbUpdateException e) => ConstraintName(e.InnerException);

    /// <summary>
    /// For a write made through EF Core (<see cref="DbUpdateException"/>) or straight on a connection (the provider's own
    /// exception, e.g. a batch insert): whether the database refused it as a conflict (unique or exclusion violation),
    /// and the name of the constraint or index that did, when the provider says.
    /// </summary>
    public static bool IsConflict(Exception e, out string? constraint)
    {
        var provider = e is DbUpdateException u ? u.InnerException : e;
        constraint = ConstraintName(provider);
        return IsUniqueViolation(provider) || IsExclusionViolation(provider);
    }

    /// <summary>
    /// True when a value longer than its column was refused: by the context before saving (<see cref="ValueTooLongException"/>,
    /// on either database), or by PostgreSQL itself (SQLSTATE 22001) on a write straight on a connection. Features check
    /// lengths at the edge; this lets a check that was missed answer as bad input rather than a server error.
    /// </summary>
    public static bool IsTooLong(Exception e) => e is ValueTooLongException
        || (e is DbUpdateException u ? u.InnerException : e) is PostgresException { SqlState: PostgresErrorCodes.StringDataRightTruncation };

    private static string? ConstraintName(Exception? provider) => provider switch
    {
        PostgresException pg => pg.ConstraintName,
        SqliteException sq when sq.Message.Contains(SqliteExclusionPrefix, StringComparison.Ordinal) =>
            sq.Message[(sq.Message.IndexOf(SqliteExclusionPrefix, StringComparison.Ordinal) + SqliteExclusionPrefix.Length)..].Trim().TrimEnd('\'', '.').Trim(),
        _ => null,
    };
}
