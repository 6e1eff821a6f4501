using Infirmary.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Infrastructure;

/// <summary>
/// The real application (Program) in memory, on its own fresh database of the given provider, with the demo staff and
/// demo system client loaded (and only a few demo patients, so tests make their own).
/// </summary>
public abstract class InfirmaryFactory(DatabaseProvider provider, TestDatabase? shared = null) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _ownsDatabase = shared is null;
    private TestDatabase? _database = shared;
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"infirmary-keys-{Guid.NewGuid():N}");

    public DatabaseProvider Provider => provider;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database ??= await TestDatabase.CreateAsync(provider);
        // Build the host now so migrations and seeding happen once, before the first test.
        _ = Services;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Infirmary:Database:Provider", provider.ToString());
        builder.UseSetting("Infirmary:Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Infirmary:Demo", "true");
        builder.UseSetting("Infirmary:DemoPatients", "3");
        builder.UseSetting("Infirmary:KeyFolder", _keys);
        builder.UseSetting("Infirmary:LoginAttemptsPerMinute", "100000");
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null && _ownsDatabase)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(_keys, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class SqliteFactory() : InfirmaryFactory(DatabaseProvider.Sqlite);

public sealed class PostgresFactory() : InfirmaryFactory(DatabaseProvider.Postgres);

/// <summary>A second (or third) web node on a database another factory already uses.</summary>
public sealed class NodeFactory(TestDatabase shared) : InfirmaryFactory(shared.Provider, shared);
