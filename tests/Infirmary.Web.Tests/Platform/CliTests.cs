using Infirmary.Cli;
using Infirmary.Cli.Commands;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Platform;

/// <summary>The administration commands of the CLI against a real SQLite file.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private TestDatabase _db = default!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--connection", _db.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task GivenEmptyDatabase_WhenMigratedTwice_ThenAppliedOnceThenUpToDate()
    {
        var first = await Run("db", "migrate");
        Assert.Equal(0, first.Code);
        Assert.Contains("Applied", first.Out, StringComparison.Ordinal);
        var second = await Run("db", "migrate");
        Assert.Equal(0, second.Code);
        Assert.Contains("up to date", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenEmptyDatabase_WhenAdminCreated_ThenPasswordAndTotpSecretPrintedAndDuplicateRefused()
    {
        var created = await Run("admin", "create", "--user", "firstadmin", "--name", "First Admin");
        Assert.Equal(0, created.Code);
        Assert.Contains("Password (shown once", created.Out, StringComparison.Ordinal);
        Assert.Contains("otpauth://totp/Infirmary:firstadmin?secret=", created.Out, StringComparison.Ordinal);
        var again = await Run("admin", "create", "--user", "firstadmin", "--name", "Someone Else");
        Assert.Equal(1, again.Code);
        Assert.Contains("already exists", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenIntactTrail_WhenVerified_ThenIntact_AndGivenAlteredEvent_ThenFirstBrokenLinkNamed()
    {
        Assert.Equal(0, (await Run("db", "migrate")).Code);
        await using (var sp = PlatformCommands.BuildServices(DatabaseProvider.Sqlite, _db.ConnectionString))
        {
            await using var scope = sp.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            for (var i = 0; i < 5; i++)
            {
                await audit.RecordAsync(AuditAction.Read, $"Patient/{Guid.NewGuid()}", null, AuditOutcome.Success, $"event {i}");
            }
        }

        var intact = await Run("audit", "verify");
        Assert.Equal(0, intact.Code);
        Assert.Contains("intact: 5 events", intact.Out, StringComparison.Ordinal);

        // An attacker with direct database access removes the guard and edits event 3.
        await using (var sp = PlatformCommands.BuildServices(DatabaseProvider.Sqlite, _db.ConnectionString))
        {
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_events_no_update");
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET \"Detail\" = 'nothing to see' WHERE \"Sequence\" = 3");
        }

        var broken = await Run("audit", "verify");
        Assert.Equal(2, broken.Code);
        Assert.Contains("BROKEN at event 0/3", broken.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenUnreachableDatabase_WhenMigrating_ThenErrorWithoutStackTrace()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["db", "migrate", "--provider", "Postgres", "--connection", "Host=127.0.0.1;Port=1;Database=x;Timeout=2"], output, error);
        Assert.NotEqual(0, code);
        Assert.StartsWith("error:", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
