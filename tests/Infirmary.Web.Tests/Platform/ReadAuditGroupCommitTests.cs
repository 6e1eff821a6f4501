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
    public void GivenAScope_WhenItsContextIsAskedFor_ThenItIsConstructedOnceWhoeverAsks()
    {
        // One context per scope whether it is injected or reached through the unit of work (ADR 0156); none until asked.
        using var scope = factory.Services.CreateScope();
        var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        Assert.Null(unit.Created);
        var injected = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Same(injected, unit.Created);
        Assert.Same(injected, unit.Context);
        Assert.Same(injected, scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>());

        using var other = factory.Services.CreateScope();
        var second = other.ServiceProvider.GetRequiredService<UnitOfWork>();
        Assert.NotSame(injected, second.Context);
        Assert.Same(second.Created, other.ServiceProvider.GetRequiredService<InfirmaryDbContext>());
    }

    [Fact]
    public void GivenANewAuditEvent_ThenItsIdIsTimeOrdered()
    {
        // Version 7: a later event's id sorts after an earlier one's (ADR 0158), so the primary key is appended to.
        var first = new AuditEvent();
        Thread.Sleep(2);
        var second = new AuditEvent();
        Assert.Equal(7, first.Id.Version);
        Assert.True(string.CompareOrdinal(first.Id.ToString(), second.Id.ToString()) < 0);
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

    [Fact]
    public async Task GivenEventsWrittenByTheGroupCommitBetweenSavedOnes_WhenReadBack_ThenEachIsStoredAsSealedAndEveryChainVerifies()
    {
        // On PostgreSQL the group commit writes its batches without EF Core (ADR 0140); what it stores must be exactly
        // what SaveChanges stores, so both kinds of writes extend the same chains and verify together.
        var writer = factory.Services.GetRequiredService<ReadAuditWriter>();
        var marker = Guid.NewGuid().ToString("N");
        var written = new List<AuditEvent>();
        for (var i = 0; i < 24; i++)
        {
            var full = Event($"{marker} full {i}", i);
            var bare = new AuditEvent
            {
                OccurredAt = DateTime.UtcNow, AgentId = "x", AgentName = "x", Action = AuditAction.Read, Entity = $"Page/{marker}/{i}",
                Detail = $"{marker} bare {i}",
            };
            await writer.AppendAsync([full, bare], CancellationToken.None);
            written.Add(full);
            written.Add(bare);

            await using var scope = factory.Scope();
            var saved = scope.ServiceProvider.GetRequiredService<AuditTrail>().Add(AuditAction.Update, $"Patient/{Guid.NewGuid()}", Guid.NewGuid(), detail: $"{marker} saved {i}");
            await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().SaveChangesAsync();
            written.Add(saved);
        }

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var stored = await db.AuditEvents.AsNoTracking().Where(a => a.Detail!.StartsWith(marker)).ToDictionaryAsync(a => a.Id);
        Assert.Equal(written.Count, stored.Count);
        foreach (var e in written)
        {
            var s = stored[e.Id];
            Assert.Equal((e.Chain, e.Sequence, e.OccurredAt, e.AgentId, e.AgentName, e.AgentType, e.AgentRole),
                (s.Chain, s.Sequence, s.OccurredAt, s.AgentId, s.AgentName, s.AgentType, s.AgentRole));
            Assert.Equal((e.Action, e.Entity, e.PatientId, e.Outcome, e.ClientAddress, e.Detail, e.PreviousHash, e.Hash),
                (s.Action, s.Entity, s.PatientId, s.Outcome, s.ClientAddress, s.Detail, s.PreviousHash, s.Hash));
            Assert.Equal(s.Hash, AuditChain.ComputeHash(s, s.PreviousHash));
        }

        // Each append is two consecutive links of one chain.
        foreach (var full in written.Where(e => e.Detail!.Contains(" full ", StringComparison.Ordinal)))
        {
            var bare = stored.Values.Single(e => e.Detail == full.Detail!.Replace(" full ", " bare ", StringComparison.Ordinal));
            Assert.Equal((full.Chain, full.Sequence + 1, full.Hash), (bare.Chain, bare.Sequence, bare.PreviousHash));
        }

        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenQueuedReadsOneOfWhichCannotBeWritten_WhenTheirBatchIsWritten_ThenTheOthersAreCommittedAndOnlyThatOneFails()
    {
        var writer = factory.Services.GetRequiredService<ReadAuditWriter>();
        var marker = Guid.NewGuid().ToString("N");
        var existing = Event($"{marker} existing", 0);
        await writer.AppendAsync([existing], CancellationToken.None);

        // Every chain held: each flusher takes what is queued and waits; what is queued after that waits in the queue and
        // is taken as one batch once a flusher is free.
        await using var holderScope = factory.Scope();
        var holderDb = holderScope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var tx = await holderDb.Database.BeginTransactionAsync();
        await AuditChain.LockAllAsync(holderDb, CancellationToken.None);
        var first = new List<Task>();
        for (var i = 0; i < writer.MaxFlushers; i++)
        {
            // One flusher started for each, and each waits holding its batch (the queue empties).
            first.Add(writer.AppendAsync([Event($"{marker} first {i}", i)], CancellationToken.None));
            await WaitUntilAsync(() => writer.Waiting == 0);
        }

        var good1 = new[] { Event($"{marker} good1", 1), Event($"{marker} good1", 2) };
        // The same id as an event already stored: the primary key refuses it, and with it the whole batch's transaction.
        var bad = Event($"{marker} bad", 3);
        bad.Id = existing.Id;
        var good2 = new[] { Event($"{marker} good2", 4), Event($"{marker} good2", 5), Event($"{marker} good2", 6) };
        var good1Done = writer.AppendAsync(good1, CancellationToken.None);
        var badDone = writer.AppendAsync([bad], CancellationToken.None);
        var good2Done = writer.AppendAsync(good2, CancellationToken.None);
        // All three wait together in the queue, to be taken as one batch by the first flusher that is free.
        Assert.Equal(3, writer.Waiting);
        Assert.All(first.Append(good1Done).Append(good2Done), t => Assert.False(t.IsCompleted, "an event was committed while every chain was held"));

        await tx.CommitAsync();
        await tx.DisposeAsync();
        await Task.WhenAll(first.Append(good1Done).Append(good2Done)).WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAnyAsync<Exception>(() => badDone.WaitAsync(TimeSpan.FromSeconds(60)));

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var stored = await db.AuditEvents.AsNoTracking().Where(a => a.Detail!.StartsWith(marker)).ToListAsync();
        Assert.Equal(1 + writer.MaxFlushers + good1.Length + good2.Length, stored.Count);
        Assert.DoesNotContain(stored, e => e.Detail == $"{marker} bad");
        Assert.Equal(existing.Hash, Assert.Single(stored, e => e.Id == existing.Id).Hash);
        foreach (var request in new[] { good1, good2 })
        {
            var rows = stored.Where(e => e.Detail == request[0].Detail).OrderBy(e => e.Sequence).ToList();
            Assert.Equal(request.Select(e => e.Id), rows.Select(e => e.Id));
            Assert.Single(rows.Select(e => e.Chain).Distinct());
            Assert.Equal(rows[0].Sequence + request.Length - 1, rows[^1].Sequence);
        }

        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        async Task Poll()
        {
            while (!condition())
            {
                await Task.Delay(10);
            }
        }

        await Poll().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>An event with every field set, some with characters outside ASCII, and the longest entity a column holds.</summary>
    private static AuditEvent Event(string detail, int i) => new()
    {
        OccurredAt = DateTime.UtcNow.AddTicks(i * 7),
        AgentId = "user-ŵ-" + i,
        AgentName = "Siân O'Brien",
        AgentType = "user",
        AgentRole = "clinician,records",
        Action = AuditAction.Search,
        Entity = ("Patient/" + Guid.NewGuid() + "/é").PadRight(400, 'x'),
        PatientId = Guid.NewGuid(),
        Outcome = AuditOutcome.Success,
        ClientAddress = "2001:db8::1",
        Detail = detail,
    };
}

public sealed class ReadAuditGroupCommitTests_Sqlite(SqliteFactory factory) : ReadAuditGroupCommitTests(factory), IClassFixture<SqliteFactory>;

public sealed class ReadAuditGroupCommitTests_Postgres(PostgresFactory factory) : ReadAuditGroupCommitTests(factory), IClassFixture<PostgresFactory>;
