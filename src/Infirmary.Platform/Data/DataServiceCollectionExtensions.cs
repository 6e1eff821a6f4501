using Infirmary.Platform.Audit;
using Infirmary.Platform.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Infirmary.Platform.Data;

public static class DataServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "Infirmary.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "Infirmary.Data.Postgres";

    /// <summary>
    /// Registers the database (provider chosen by <c>Infirmary:Database:Provider</c>), the audit trail and the
    /// access services. Used by the web host and the command line alike.
    /// </summary>
    public static IServiceCollection AddInfirmaryData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The options are built once (singleton), not for every context: building them, and finding EF's internal
        // services for them, cost more CPU per request than a patient search's query (ADR 0101).
        services.AddDbContext<InfirmaryDbContext>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            Configure(options, db.Provider, db.ConnectionString);
        }, contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);
        // Still one context per scope, but constructed only when something uses it, and known to exist or not (ADR 0156).
        UnitOfWork.Register(services);

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ActorAccessor>();
        services.AddSingleton<ReadAuditWriter>();
        services.AddSingleton<ReadConnections>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<PatientAccess>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(WithPreparedStatements(connectionString), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                EnsureSqliteFolder(connectionString);
                options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
        }

        options.UseOpenIddict();
    }

    /// <summary>
    /// Statements a node runs again and again (a booking's checks, a search, an audit append) are prepared on each pooled
    /// connection after a few uses, which saves PostgreSQL parsing and planning them every time (ADR 0115). A
    /// connection string that sets <c>Max Auto Prepare</c> itself (0 turns it off) is left as it is.
    /// </summary>
    /// <remarks>
    /// A connection going back to the pool is not reset either (<c>No Reset On Close</c>, ADR 0123): the application never
    /// changes session state (no SET, LISTEN, temporary tables, cursors or session advisory locks — its locks are
    /// transaction-scoped), so the seven reset statements Npgsql would otherwise run at the next use of every pooled
    /// connection are work for nothing. An open transaction is still rolled back on return. A connection string that
    /// names <c>No Reset On Close</c> is left as it is.
    /// </remarks>
    public static string WithPreparedStatements(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 50;
        }

        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:")
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Applies migrations, then the settings each provider needs at run time.</summary>
    public static async Task MigrateAsync(this InfirmaryDbContext db, CancellationToken ct = default)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers carry on while one writer commits; the default journal blocks them.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await db.Database.MigrateAsync(ct);
    }
}
