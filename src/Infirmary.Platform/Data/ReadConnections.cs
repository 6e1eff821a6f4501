using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Infirmary.Platform.Data;

/// <summary>
/// Connections for a read that needs nothing else of the unit of work's context (the patient search, ADR 0121): on
/// PostgreSQL a pooled connection of its own, from the same pool as the context's (the connection string is built the
/// same way), so the request never sets the context's EF Core services up. On SQLite there is none: such reads use the
/// context's connection.
/// </summary>
public sealed class ReadConnections(IOptions<DatabaseOptions> options)
{
    private readonly string? _postgres = options.Value.Provider == DatabaseProvider.Postgres
        ? DataServiceCollectionExtensions.WithPreparedStatements(options.Value.ConnectionString)
        : null;

    public DatabaseProvider Provider { get; } = options.Value.Provider;

    /// <summary>An open connection the caller disposes, or null on SQLite (use the context's connection).</summary>
    public async Task<DbConnection?> OpenAsync(CancellationToken ct)
    {
        if (_postgres is null)
        {
            return null;
        }

        var connection = new NpgsqlConnection(_postgres);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
