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
        // Rota builds stop two seconds after their last improvement; the generous limit keeps a loaded machine from
        // turning a slow first roster into a spurious "no rota found".
        builder.UseSetting("Infirmary:Workforce:SolverSeconds", "30");
        builder.UseSetting("Infirmary:Workforce:PatienceSeconds", "2");
        // The MLLP listener is off unless a factory asks for a port (tests must not collide on 2575).
        builder.UseSetting("Infirmary:Hl7:MllpPort", MllpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Port of the MLLP listener in this host; 0 (off) unless a subclass picks one.</summary>
    public virtual int MllpPort => 0;

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

/// <summary>A host with its MLLP listener on a free loopback port, for real TCP tests.</summary>
public abstract class MllpFactory(DatabaseProvider provider, TestDatabase? shared = null) : InfirmaryFactory(provider, shared)
{
    public override int MllpPort { get; } = FreePort();

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

public sealed class SqliteMllpFactory() : MllpFactory(DatabaseProvider.Sqlite);

public sealed class PostgresMllpFactory() : MllpFactory(DatabaseProvider.Postgres);

/// <summary>A node with an MLLP listener on a database another test owns (to stop one node and read with another).</summary>
public sealed class MllpNodeFactory(TestDatabase shared) : MllpFactory(shared.Provider, shared);

/// <summary>A second (or third) web node on a database another factory already uses.</summary>
public sealed class NodeFactory(TestDatabase shared) : InfirmaryFactory(shared.Provider, shared);
