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
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sq => sq.SqliteErrorCode == SqliteConstraint && (sq.SqliteExtendedErrorCode == 2067 || sq.SqliteExtendedErrorCode == 1555),
        _ => false,
    };

    /// <summary>
    /// True when the database refused the write because it conflicts with a row an exclusion constraint protects
    /// (PostgreSQL SQLSTATE 23P01), or with one a SQLite trigger written as such a constraint protects.
    /// </summary>
    public static bool IsExclusionViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.ExclusionViolation,
        SqliteException sq => sq.SqliteErrorCode == SqliteConstraint && sq.Message.Contains(SqliteExclusionPrefix, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>True when another writer got there first: a unique or exclusion violation, answered as 409 Conflict.</summary>
    public static bool IsConflict(DbUpdateException e) => IsUniqueViolation(e) || IsExclusionViolation(e);

    /// <summary>The name of the constraint or index that refused the write, when the provider says (PostgreSQL does).</summary>
    public static string? ConstraintName(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.ConstraintName,
        SqliteException sq when sq.Message.Contains(SqliteExclusionPrefix, StringComparison.Ordinal) =>
            sq.Message[(sq.Message.IndexOf(SqliteExclusionPrefix, StringComparison.Ordinal) + SqliteExclusionPrefix.Length)..].Trim().TrimEnd('\'', '.').Trim(),
        _ => null,
    };
}
