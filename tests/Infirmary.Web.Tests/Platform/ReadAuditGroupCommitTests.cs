using System.Net;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Platform;

/// <summary>
/// Group commit of read audit events (ADR 0100): many concurrent reads share commits, yet every read is audited, each
/// request's events stay consecutive in one chain, every chain verifies, and no read is answered before its event is
/// committed.
/// </summary>
public abstract class ReadAuditGroupCommitTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenManyConcurrentFhirSearches_WhenAnswered_ThenEachIsAuditedAndEveryChainVerifies()
    {
        var client = await Clients.SystemAsync(factory);
        var family = TestData.Family();
        var nhs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var n = TestData.NhsNumber();
            nhs.Add(n);
            var created = await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(n, family, $"1970-01-0{i + 1}")));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        const int searches = 30;
        var responses = await Task.WhenAll(Enumerable.Range(0, searches).Select(i => Task.Run(() => client.GetAsync(
            i % 2 == 0 ? $"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs[i % 3]}" : $"/fhir/Patient?family={family}"))));

        var matches = 0;
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            matches += (await response.JsonAsync()).GetProperty("total").GetInt32();
        }

        Assert.Equal(searches / 2 * 1 + searches / 2 * 3, matches);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var ids = await db.AuditEvents.AsNoTracking()
            .Where(a => a.Action == AuditAction.Search && a.Entity.StartsWith("Patient/") && a.AgentId == "demo-integration")
            .Select(a => a.PatientId)
            .ToListAsync();
        var mine = await db.Set<Infirmary.Patients.Domain.Patient>().AsNoTracking().Where(p => p.FamilyName == family).Select(p => p.Id).ToListAsync();
        // One search event per patient shown: each NHS-number search shows one, each family search all three.
        Assert.Equal(matches, ids.Count(id => id is { } g && mine.Contains(g)));
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenConcurrentReadsOfSeveralEventsEach_WhenGroupCommitted_ThenEachReadsEventsAreConsecutiveInOneChain()
    {
        const int readers = 40;
        var marker = Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, readers).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Scope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await audit.RecordManyAsync(AuditAction.Search, [("Patient/a", null), ("Patient/b", null), ("Patient/c", null)], $"{marker} {i}");
        })));

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var events = await db.AuditEvents.AsNoTracking().Where(a => a.Detail!.StartsWith(marker)).ToListAsync();
        Assert.Equal(readers * 3, events.Count);
        foreach (var read in events.GroupBy(e => e.Detail))
        {
            var ordered = read.OrderBy(e => e.Sequence).ToList();
            Assert.Equal(["Patient/a", "Patient/b", "Patient/c"], ordered.Select(e => e.Entity));
            Assert.Single(ordered.Select(e => e.Chain).Distinct());
            Assert.Equal(ordered[0].Sequence + 2, ordered[2].Sequence);
            Assert.Equal(ordered[0].Hash, ordered[1].PreviousHash);
            Assert.Equal(ordered[1].Hash, ordered[2].PreviousHash);
        }

        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenTheAuditTrailHeld_WhenPatientsAreSearched_ThenNoSearchIsAnsweredUntilItsEventIsCommitted()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(nhs)))).StatusCode);

        // Every chain held (on SQLite, the write lock): no audit event can commit until this transaction ends.
        await using var holderScope = factory.Scope();
        var holderDb = holderScope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var tx = await holderDb.Database.BeginTransactionAsync();
        await AuditChain.LockAllAsync(holderDb, CancellationToken.None);

        var searches = Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => client.GetAsync($"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}")))
            .ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(750));
        Assert.All(searches, s => Assert.False(s.IsCompleted, "a search was answered while its audit event could not be committed"));

        await tx.CommitAsync();
        await tx.DisposeAsync();
        foreach (var search in searches)
        {
            Assert.Equal(HttpStatusCode.OK, (await search.WaitAsync(TimeSpan.FromSeconds(60))).StatusCode);
        }

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var id = await db.Set<Infirmary.Patients.Domain.Patient>().Where(p => p.NhsNumber == nhs).Select(p => p.Id).SingleAsync();
        Assert.Equal(6, await db.AuditEvents.CountAsync(a => a.PatientId == id && a.Action == AuditAction.Search));
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenAReadInsideATransaction_WhenTheTransactionRollsBack_ThenItsEventGoesWithIt()
    {
        // A read recorded inside a unit of work's transaction belongs to that transaction, not to the group commit.
        var entity = $"Patient/{Guid.NewGuid()}";
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditAction.Read, entity);
            await tx.RollbackAsync();
        }

        await using (var scope = factory.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditAction.Read, entity, detail: "outside");
        }

        await using var check = factory.Scope();
        var events = await check.ServiceProvider.GetRequiredService<InfirmaryDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.Entity == entity).ToListAsync();
        Assert.Equal("outside", Assert.Single(events).Detail);
    }
}

public sealed class ReadAuditGroupCommitTests_Sqlite(SqliteFactory factory) : ReadAuditGroupCommitTests(factory), IClassFixture<SqliteFactory>;

public sealed class ReadAuditGroupCommitTests_Postgres(PostgresFactory factory) : ReadAuditGroupCommitTests(factory), IClassFixture<PostgresFactory>;
