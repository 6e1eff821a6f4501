using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infirmary.Platform.Data;

public static class DbErrors
{
    /// <summary>True when the database refused the write because a unique index already holds the value.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sq => sq.SqliteErrorCode == 19 && (sq.SqliteExtendedErrorCode == 2067 || sq.SqliteExtendedErrorCode == 1555),
        _ => false,
    };
}
