using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Platform;

/// <summary>
/// The audit trail's hash chains under concurrency (ADR 0048): audited writers no longer queue behind one lock, yet
/// every chain stays gap-free and verifiable, and an operation that must exclude all writers still can.
/// </summary>
public abstract class AuditChainTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenManyConcurrentAuditedWrites_WhenVerified_ThenEveryChainIsIntactAndNoEventIsLost()
    {
        const int writers = 24;
        var marker = Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Scope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await audit.RecordManyAsync(AuditAction.Read, [($"Patient/{Guid.NewGuid()}", null), ($"Patient/{Guid.NewGuid()}", null)], $"{marker} {i}");
        })));

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
        var mine = await db.AuditEvents.Where(a => a.Detail!.StartsWith(marker)).ToListAsync();
        Assert.Equal(writers * 2, mine.Count);
        // The two events of one write are consecutive links of one chain.
        foreach (var pair in mine.GroupBy(e => e.Detail))
        {
            var ordered = pair.OrderBy(e => e.Sequence).ToList();
            Assert.Equal(ordered[0].Chain, ordered[1].Chain);
            Assert.Equal(ordered[0].Sequence + 1, ordered[1].Sequence);
            Assert.Equal(ordered[0].Hash, ordered[1].PreviousHash);
        }

        if (factory.Provider == DatabaseProvider.Postgres)
        {
            // Writers spread over the chains (each starts its search at a random chain).
            Assert.True(mine.Select(e => e.Chain).Distinct().Count() > 1);
            Assert.All(mine, e => Assert.InRange(e.Chain, 0, AuditChain.PostgresChains - 1));
        }
        else
        {
            Assert.All(mine, e => Assert.Equal(0, e.Chain));
        }
    }

    [Fact]
    public async Task GivenAnOpenAuditedTransaction_WhenAnotherRequestIsAudited_ThenItDoesNotWaitOnPostgres()
    {
        if (factory.Provider != DatabaseProvider.Postgres)
        {
            // SQLite has one writer per database by design; the second write waits for the first (tested elsewhere).
            Assert.Equal(DatabaseProvider.Sqlite, factory.Provider);
            return;
        }

        await using var holderScope = factory.Scope();
        var holderDb = holderScope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await using var tx = await holderDb.Database.BeginTransactionAsync();
        await holderScope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditAction.Read, "Patient/held-open");

        // With one chain this would block until the holder commits; with several it completes at once. The
        // generous bound only turns a hang into a failure; it measures nothing.
        await using var otherScope = factory.Scope();
        await otherScope.ServiceProvider.GetRequiredService<AuditTrail>()
            .RecordAsync(AuditAction.Read, "Patient/concurrent")
            .WaitAsync(TimeSpan.FromSeconds(60));
        await tx.CommitAsync();

        await using var check = factory.Scope();
        Assert.Null(await AuditChain.VerifyAsync(check.ServiceProvider.GetRequiredService<InfirmaryDbContext>(), null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenAllChainsLocked_WhenAnotherRequestIsAudited_ThenItWaitsForTheLockHolder()
    {
        await using var holderScope = factory.Scope();
        var holderDb = holderScope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var tx = await holderDb.Database.BeginTransactionAsync();
        await AuditChain.LockAllAsync(holderDb, CancellationToken.None);

        var other = Task.Run(async () =>
        {
            await using var scope = factory.Scope();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditAction.Read, "Patient/waits");
        });
        await Task.Delay(TimeSpan.FromMilliseconds(750));
        Assert.False(other.IsCompleted, "an audited write went ahead while every chain was held");

        await tx.CommitAsync();
        await tx.DisposeAsync();
        await other.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(other.IsCompletedSuccessfully);
    }
}

/// <summary>Tampering with a chain is found and located. Its own database, since it leaves the trail broken.</summary>
public abstract class AuditChainTamperTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenAnEventRemovedFromTheMiddleOfAChain_WhenVerified_ThenTheChainAndPositionAreNamed()
    {
        await using (var scope = factory.Scope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await audit.RecordManyAsync(AuditAction.Read, [("Patient/a", null), ("Patient/b", null), ("Patient/c", null)], "tamper-test");
        }

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var middle = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.Entity == "Patient/b" && a.Detail == "tamper-test");
        // An attacker with direct database access removes the guard and deletes one event.
        if (factory.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_events_no_delete");
        }

        await db.Database.ExecuteSqlRawAsync($"DELETE FROM audit_events WHERE \"Id\" = {{0}}", middle.Id);
        var broken = await AuditChain.VerifyAsync(db, null, CancellationToken.None);

        Assert.NotNull(broken);
        Assert.Equal(middle.Chain, broken.Chain);
        Assert.Equal(middle.Sequence, broken.Sequence);
        Assert.Contains("missing", broken.Reason, StringComparison.Ordinal);
    }
}


public sealed class AuditChainTests_Sqlite(SqliteFactory factory) : AuditChainTests(factory), IClassFixture<SqliteFactory>;

public sealed class AuditChainTests_Postgres(PostgresFactory factory) : AuditChainTests(factory), IClassFixture<PostgresFactory>;

public sealed class AuditChainTamperTests_Sqlite(SqliteFactory factory) : AuditChainTamperTests(factory), IClassFixture<SqliteFactory>;

public sealed class AuditChainTamperTests_Postgres(PostgresFactory factory) : AuditChainTamperTests(factory), IClassFixture<PostgresFactory>;
