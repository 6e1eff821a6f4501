using System.Net.Sockets;
using System.Text;
using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Laboratory.Domain;
using Infirmary.Laboratory.Features;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.Hl7TestSupport;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>
/// The group commit of result messages (ADR 0110) over real MLLP connections. The writers are held while the
/// messages arrive, so all of them are taken as one batch: each connection gets the ACK for its own message, only
/// after the batch has committed; a message that cannot be stored with the others is answered on its own; a copy of a
/// message inside the batch, or of one stored earlier, is stored once.
/// </summary>
public abstract class ResultGroupCommitTests(MllpFactory factory)
{
    private ResultGroupCommit Commit => factory.Services.GetRequiredService<ResultGroupCommit>();

    /// <summary>
    /// Sends one message on each of its own connections while the writers are held, waits until all are queued,
    /// checks nothing was stored or answered, then lets the writers go and reads every ACK.
    /// </summary>
    private async Task<List<Hl7AckInfo>> SendAsOneBatchAsync(IReadOnlyList<string> messages, IReadOnlyList<string> newControlIds)
    {
        var senders = await Task.WhenAll(messages.Select(_ => MllpTestConnection.OpenAsync(factory)));
        try
        {
            await using (await Commit.HoldAsync())
            {
                for (var i = 0; i < messages.Count; i++)
                {
                    await senders[i].WriteAsync(messages[i]);
                }

                using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                while (Commit.Waiting < messages.Count)
                {
                    await Task.Delay(10, guard.Token);
                }

                // Queued but not committed: nothing is stored and no connection has been answered.
                foreach (var id in newControlIds.Distinct())
                {
                    Assert.Equal(0, await CountStoredAsync(factory, id));
                }

                Assert.All(senders, s => Assert.Equal(0, s.Client.Available));
            }

            return [.. await Task.WhenAll(senders.Select(s => ReadAckAsync(s.Reader)))];
        }
        finally
        {
            foreach (var s in senders)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public async Task GivenEightConnectionsInOneBatch_WhenCommitted_ThenEachGetsTheAckForItsOwnMessageAndAllAreStoredOnce()
    {
        var ids = Enumerable.Range(0, 8).Select(_ => NewControlId()).ToList();
        var batches = Commit.BatchesCommitted;

        var acks = await SendAsOneBatchAsync([.. ids.Select((id, i) => Oru(id, "ANALYSER-" + i))], ids);

        Assert.Equal(ids, acks.Select(a => a.AcknowledgedControlId));
        Assert.All(acks, a => Assert.Equal(Hl7AckCode.AA, a.Code));
        Assert.All(acks, a => Assert.Empty(a.Errors));
        foreach (var id in ids)
        {
            var stored = Assert.Single(await StoredAsync(factory, id));
            Assert.Equal(InboundStatus.Processed, stored.Status);
        }

        Assert.Equal(batches + 1, Commit.BatchesCommitted);
    }

    [Fact]
    public async Task GivenCopiesInsideOneBatchAndOfAnEarlierMessage_WhenCommitted_ThenEachStoredOnceAndTheCopiesAnsweredAsDuplicates()
    {
        var earlier = NewControlId();
        var fresh = NewControlId();
        var other = NewControlId();
        using (var first = await MllpTestConnection.OpenAsync(factory))
        {
            await first.WriteAsync(Oru(earlier, "DUPES"));
            Assert.Equal(Hl7AckCode.AA, (await ReadAckAsync(first.Reader)).Code);
        }

        string[] ids = [fresh, earlier, fresh, other, fresh, earlier];
        var acks = await SendAsOneBatchAsync([.. ids.Select(id => Oru(id, "DUPES"))], [fresh, other]);

        Assert.Equal(ids, acks.Select(a => a.AcknowledgedControlId));
        Assert.All(acks, a => Assert.Equal(Hl7AckCode.AA, a.Code));
        bool Duplicate(Hl7AckInfo a) => a.Errors.Any(e => e.Code == Hl7ErrorCodes.DuplicateKeyIdentifier);
        Assert.Equal(2, acks.Count(a => a.AcknowledgedControlId == fresh && Duplicate(a)));
        Assert.Equal(2, acks.Count(a => a.AcknowledgedControlId == earlier && Duplicate(a)));
        Assert.False(Duplicate(acks[3]));
        Assert.Equal(1, await CountStoredAsync(factory, fresh));
        Assert.Equal(1, await CountStoredAsync(factory, earlier));
        Assert.Equal(1, await CountStoredAsync(factory, other));
    }

    [Fact]
    public async Task GivenMatchedAndUnmatchedResultsInBatches_WhenCommitted_ThenFiledAsOneAtATimeWouldWithEveryWriteAuditedInAnUnbrokenChain()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "FBC");
        var accession = Accession(order, Containers.EdtaPurple);
        await CollectAndReceiveAsync(factory, accession);
        var first = NewControlId();
        var correction = NewControlId();
        var unmatched = Enumerable.Range(0, 4).Select(_ => NewControlId()).ToList();
        var batches = Commit.BatchesCommitted;
        var retried = Commit.BatchesRetriedSingly;

        // A report and its result added alongside two unmatched messages; then a correction of that result (the report
        // reopened and the first result superseded: changes, not additions) alongside two more.
        string[] firstIds = [unmatched[0], first, unmatched[1]];
        var acks = await SendAsOneBatchAsync(
            [Oru(unmatched[0]), LabOru.Message(first, accession, null, ("718-7", "HGB", "120", "g/L")), Oru(unmatched[1])], firstIds);
        string[] secondIds = [correction, unmatched[2], unmatched[3]];
        acks.AddRange(await SendAsOneBatchAsync(
            [LabOru.Message(correction, accession, null, ("718-7", "HGB", "125", "g/L")), Oru(unmatched[2]), Oru(unmatched[3])], secondIds));

        Assert.Equal([.. firstIds, .. secondIds], acks.Select(a => a.AcknowledgedControlId));
        Assert.All(acks, a => Assert.Equal(Hl7AckCode.AA, a.Code));
        Assert.Equal(batches + 2, Commit.BatchesCommitted);
        Assert.Equal(retried, Commit.BatchesRetriedSingly);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var ids = unmatched.Append(first).Append(correction).ToList();
        var stored = await db.Set<InboundMessage>().AsNoTracking().Where(m => ids.Contains(m.ControlId)).ToListAsync();
        Assert.Equal(6, stored.Count);
        Assert.All(stored, m => Assert.Equal(InboundStatus.Processed, m.Status));
        var storedIds = stored.Select(m => m.Id).ToList();
        var unmatchedRows = await db.Set<UnmatchedResult>().AsNoTracking().Where(u => storedIds.Contains(u.InboundMessageId)).ToListAsync();
        Assert.Equal(stored.Where(m => unmatched.Contains(m.ControlId)).Select(m => m.Id).Order(), unmatchedRows.Select(u => u.InboundMessageId).Distinct().Order());
        var report = await db.Set<LabReport>().AsNoTracking().Include(r => r.Results).SingleAsync(r => r.PatientId == patient);
        Assert.Equal(2, report.Results.Count);
        var current = Assert.Single(report.Results, r => !r.Superseded);
        Assert.Equal(125m, current.NumericValue);
        Assert.Equal(current.Id, Assert.Single(report.Results, r => r.Superseded).SupersededById);
        Assert.True(report.Amended);
        var entities = stored.Select(m => $"Hl7Message/{m.Id}").ToList();
        Assert.Equal(6, await db.AuditEvents.CountAsync(a => entities.Contains(a.Entity) && a.Action == AuditAction.Create));
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.Entity == $"LabReport/{report.Id}" && a.PatientId == patient));
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenEightConnectionsSendingAtOnce_WhenCopiesAndResultsForOnePatientCrossBatches_ThenEachStoredOnceAndFiledAsOneAtATimeWould()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "FBC");
        var accession = Accession(order, Containers.EdtaPurple);
        await CollectAndReceiveAsync(factory, accession);
        var shared = NewControlId();
        var results = Enumerable.Range(0, 4).Select(_ => NewControlId()).ToList();
        var retried = Commit.BatchesRetriedSingly;

        // Each connection sends unmatched results one at a time, as an analyser does; in the middle, connections 0-3 each
        // send a result for the one patient's specimen and connections 4-7 all send the same message at once, so copies
        // and results about one patient meet in a batch or in consecutive batches (one of them possibly still committing).
        var sent = await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            await using var connection = await MllpTestConnection.OpenAsync(factory);
            var acks = new List<(string Id, Hl7AckInfo Ack)>();
            for (var i = 0; i < 12; i++)
            {
                var (id, text) = i != 6 ? NewUnmatched()
                    : c < 4 ? (results[c], LabOru.Message(results[c], accession, null, ("718-7", "HGB", (120 + c).ToString(System.Globalization.CultureInfo.InvariantCulture), "g/L")))
                    : (shared, Oru(shared, "SHARED"));
                acks.Add((id, await connection.SendAsync(text)));
            }

            return acks;
        }));

        (string, string) NewUnmatched()
        {
            var id = NewControlId();
            return (id, Oru(id, "CONCURRENT"));
        }

        var all = sent.SelectMany(a => a).ToList();
        Assert.All(all, a => Assert.Equal(a.Id, a.Ack.AcknowledgedControlId));
        Assert.All(all, a => Assert.Equal(Hl7AckCode.AA, a.Ack.Code));
        // The four copies: one stored, three answered as duplicates; nothing needed a retry one message at a time.
        Assert.Equal(3, all.Count(a => a.Id == shared && a.Ack.Errors.Any(e => e.Code == Hl7ErrorCodes.DuplicateKeyIdentifier)));
        Assert.Equal(retried, Commit.BatchesRetriedSingly);
        foreach (var id in all.Select(a => a.Id).Distinct())
        {
            Assert.Equal(1, await CountStoredAsync(factory, id));
        }

        // The four results for one test of one specimen were filed one after another: each later one corrects the one
        // before, so exactly one is current and every other is superseded by the next.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var report = await db.Set<LabReport>().AsNoTracking().Include(r => r.Results).SingleAsync(r => r.PatientId == patient);
        Assert.Equal(4, report.Results.Count);
        var current = Assert.Single(report.Results, r => !r.Superseded);
        Assert.Equal(3, report.Results.Count(r => r.Superseded && r.SupersededById is not null));
        Assert.DoesNotContain(report.Results, r => r.SupersededById == r.Id);
        Assert.Contains(current.NumericValue, new decimal?[] { 120m, 121m, 122m, 123m });
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenOneMessageWhoseResultsCannotBeFiled_WhenInABatch_ThenOnlyThatOneIsLeftUnfiledAndTheOthersAreFiled()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "FBC");
        var accession = Accession(order, Containers.EdtaPurple);
        await CollectAndReceiveAsync(factory, accession);
        var poison = NewControlId();
        // 01:30 on 29-Mar-2026 never happened in London (the clocks went from 01:00 to 02:00): the observation time
        // cannot be converted, so filing this message fails — after the other messages of its batch were added.
        var unfileable = LabOru.Message(poison, accession, null, ("718-7", "HGB", "120", "g/L"))
            .Replace("F|||20261125113000", "F|||20260329013000", StringComparison.Ordinal);
        var good = Enumerable.Range(0, 3).Select(_ => NewControlId()).ToList();
        string[] ids = [good[0], good[1], poison, good[2]];
        var retried = Commit.BatchesRetriedSingly;

        var acks = await SendAsOneBatchAsync([Oru(good[0]), Oru(good[1]), unfileable, Oru(good[2])], ids);

        Assert.Equal(ids, acks.Select(a => a.AcknowledgedControlId));
        Assert.All(acks, a => Assert.Equal(Hl7AckCode.AA, a.Code));
        Assert.Equal(retried + 1, Commit.BatchesRetriedSingly);
        foreach (var id in good)
        {
            Assert.Equal(InboundStatus.Processed, Assert.Single(await StoredAsync(factory, id)).Status);
        }

        // Stored (so acknowledged, ADR 0032) but marked: its results are not filed.
        var stored = Assert.Single(await StoredAsync(factory, poison));
        Assert.Equal(InboundStatus.Error, stored.Status);
        Assert.StartsWith("Results not filed", stored.Error, StringComparison.Ordinal);
    }
}

public sealed class ResultGroupCommitTests_Sqlite(SqliteMllpFactory factory) : ResultGroupCommitTests(factory), IClassFixture<SqliteMllpFactory>;

public sealed class ResultGroupCommitTests_Postgres(PostgresMllpFactory factory) : ResultGroupCommitTests(factory), IClassFixture<PostgresMllpFactory>;
