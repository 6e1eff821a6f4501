using Infirmary.Platform.Data;
using Npgsql;

namespace Infirmary.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway database for one test class: a temporary SQLite file, or a new database on the PostgreSQL cluster the
/// test command started (its admin connection string is in INFIRMARY_TEST_POSTGRES). A missing cluster is a failure,
/// never a skip: the README's test command always provides one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "INFIRMARY_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _pgName;
    private readonly string? _pgAdmin;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? pgName, string? pgAdmin)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _pgName = pgName;
        _pgAdmin = pgAdmin;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"infirmary-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file}", file, null, null);
        }

        var admin = AdminConnectionString();
        var name = $"infirmary_test_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
        return new TestDatabase(provider, cs, null, name, admin);
    }

    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set: PostgreSQL tests need the cluster that ./test.sh starts. Run the tests with ./test.sh.");

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                try
                {
                    File.Delete(f);
                }
                catch (IOException)
                {
                    // A temp file left behind is harmless.
                }
            }
        }

        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
