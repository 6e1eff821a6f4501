using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Results;
using Infirmary.Laboratory.Domain;
using Infirmary.Laboratory.Interface;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Specimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// Group commit for result messages (ORU/OUL) from both channels (ADR 0110). Each connection or request hands its
/// parsed message to a queue and waits; a few writers each take whatever is waiting (up to
/// <see cref="Hl7InterfaceOptions.BatchSize"/>) and store and file it in one transaction — one specimen lookup, one
/// audit-chain extension, one commit (one disk flush) for the lot — and only after that commit completes each
/// message's receipt, so an acknowledgement still means stored. Within a batch, a second copy of a message (same
/// sender and control id) or a message about a patient already filed to in the batch waits for the next batch, so
/// filing sees exactly what one-at-a-time filing would. If anything in a batch fails, the batch is rolled back and
/// every message in it goes through <see cref="ReceiveHl7Message"/> one at a time, which answers each on its own
/// (AA, AA duplicate, stored unfiled, or AR) — a bad message never fails the others.
/// </summary>
public sealed class ResultGroupCommit(IServiceScopeFactory scopes, IOptions<Hl7InterfaceOptions> options, TimeProvider clock,
    ILogger<ResultGroupCommit> log) : IHostedService, IAsyncDisposable
{
    private readonly GroupCommitQueue<Pending> _queue = new();
    private readonly Hl7InterfaceOptions _options = options.Value;
    private Task[] _writers = [];
    private volatile bool _running;

    /// <summary>Batches committed so far (for tests and diagnostics).</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batches);

    /// <summary>Batches that failed and were answered one message at a time.</summary>
    public long BatchesRetriedSingly => Interlocked.Read(ref _fallbacks);

    /// <summary>Messages queued and not yet taken by a writer.</summary>
    public int Waiting => _queue.Waiting;

    /// <summary>
    /// Keeps the writers from taking messages until the returned handle is disposed: what arrives meanwhile waits,
    /// unanswered, and is then taken as one batch. For tests (to gather a batch) and diagnostics.
    /// </summary>
    public Task<IAsyncDisposable> HoldAsync() => _queue.HoldAsync();

    private long _batches;
    private long _fallbacks;

    /// <summary>
    /// Receives a result message through the group commit and returns its receipt once the transaction holding it has
    /// committed. Returns null when the input is not for the group commit (not a result message, does not parse, has a
    /// header the store cannot hold, or the writers are stopped): the caller handles it with
    /// <see cref="ReceiveHl7Message"/>. The payload must stay valid until the returned task completes.
    /// </summary>
    public Task<Hl7Receipt>? TryReceive(ReadOnlyMemory<byte> payload, string channel, string? remoteAddress, Actor actor)
    {
        if (!_running)
        {
            return null;
        }

        Pending item;
        try
        {
            // Parsed here, on the caller's thread, so connections parse in parallel and the writers only store.
            var parsed = Hl7Message.Parse(payload.Span);
            if (!parsed.IsSuccess || !FileResults.IsResultMessage(parsed.Message!) || !ReceiveHl7Message.FitsColumns(parsed.Message!.Header))
            {
                return null;
            }

            item = new Pending(parsed.Message!, ObservationReport.Read(parsed.Message!), payload, channel, remoteAddress, actor);
        }
#pragma warning disable CA1031 // The one-at-a-time path parses again, reports the failure and answers it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        return _queue.TryAdd(item) ? item.Done.Task : null;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        _writers = [.. Enumerable.Range(0, _options.BatchWriters).Select(_ => Task.Run(WriteAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    /// <summary>Stops taking messages, then finishes (stores and answers) every message already taken.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        _queue.Complete();
        await Task.WhenAll(_writers).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _running = false;
        _queue.Complete();
        await Task.WhenAll(_writers);
        _queue.Dispose();
    }

    private async Task WriteAsync()
    {
        // Messages held back from a batch (a second copy, or one about a patient the batch files to) once that batch has
        // committed or been answered: free to go in the next.
        var ready = new List<Pending>();
        // The writer's own PostgreSQL connection, kept open from batch to batch (ADR 0125).
        await using var connection = new WriterConnection();
        while (await _queue.TakeAsync(ready, _options.BatchSize) is { } batch)
        {
            if (batch.Count == 0)
            {
                continue;
            }

            Prepared prepared;
            try
            {
                prepared = await PrepareAsync(batch, connection);
            }
#pragma warning disable CA1031 // Whatever went wrong, every message in the batch is answered on its own.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await RetrySinglyAsync(batch, e);
                continue;
            }

            prepared.StartCommit();
            await FinishAsync(prepared, ready);
        }
    }

    /// <summary>
    /// Waits for a prepared batch's commit, then answers its messages and frees what it held back; if the commit fails,
    /// every message of the batch (held back ones included) is answered one at a time.
    /// </summary>
    private async Task FinishAsync(Prepared prepared, List<Pending> ready)
    {
        try
        {
            await prepared.Commit!;
        }
#pragma warning disable CA1031 // Whatever went wrong, every message in the batch is answered on its own.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await prepared.DisposeAsync();
            await RetrySinglyAsync(prepared.Batch, e);
            return;
        }

        await prepared.DisposeAsync();
        Interlocked.Increment(ref _batches);

        // Committed: only now is any message of this batch acknowledged.
        var answeredAt = clock.GetUtcNow();
        foreach (var (item, row) in prepared.Filed)
        {
            item.Done.TrySetResult(ReceiveHl7Message.AcceptedReceipt(item.Message, row.Id, answeredAt));
        }

        foreach (var item in prepared.Duplicates)
        {
            item.Done.TrySetResult(ReceiveHl7Message.DuplicateReceipt(item.Message, answeredAt));
        }

        ready.AddRange(prepared.HeldBack);
    }

    private async Task RetrySinglyAsync(List<Pending> batch, Exception e)
    {
        Interlocked.Increment(ref _fallbacks);
        log.LogWarning(e, "A batch of {Count} HL7 v2 result messages could not be stored together; storing them one at a time", batch.Count);
        foreach (var item in batch)
        {
            await WriteOneAsync(item);
        }
    }

    /// <summary>
    /// Stores and files a batch up to its commit: on PostgreSQL everything is written in a transaction left open for
    /// <see cref="Prepared.StartCommit"/>; on SQLite <c>SaveChanges</c> commits it. A second copy of a message in the
    /// batch, and a second message about a patient the batch files to, is held back for the next batch, so filing sees
    /// what one-at-a-time filing would.
    /// </summary>
    private async Task<Prepared> PrepareAsync(List<Pending> batch, WriterConnection connection)
    {
        var prepared = new Prepared(batch, scopes.CreateAsyncScope());
        try
        {
            await WriteBatchAsync(prepared, connection);
            return prepared;
        }
        catch
        {
            await prepared.DisposeAsync();
            throw;
        }
    }

    private async Task WriteBatchAsync(Prepared prepared, WriterConnection connection)
    {
        var batch = prepared.Batch;
        var services = prepared.Scope.ServiceProvider;
        var db = services.GetRequiredService<InfirmaryDbContext>();
        var actors = services.GetRequiredService<ActorAccessor>();
        var audit = services.GetRequiredService<AuditTrail>();
        var filing = services.GetRequiredService<FileResults>();
        var now = clock.GetUtcNow();

        var postgres = db.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            // The writer's own connection, kept open from batch to batch (ADR 0125).
            await connection.UseAsync(db);
        }

        // Copies of messages already stored are answered as duplicates (the original is committed: nothing waits).
        var existing = postgres ? null : await StoredKeysAsync(db, batch);
        var anySpecimen = true;
        if (postgres)
        {
            // One round trip: the keys already stored (each looked up in the unique index) and whether any specimen
            // the batch names exists at all (when none does, nothing can match and the specimens are not loaded).
            var keyList = new List<(string, string, string)>(batch.Count);
            var accessions = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                keyList.Add((item.Key.SendingApplication, item.Key.SendingFacility, item.Key.ControlId));
                foreach (var order in item.Report.Orders)
                {
                    accessions.UnionWith(FileResults.SpecimenKeys(order));
                }
            }

            var (stored, any) = await PostgresBatchRows.PrecheckAsync(db, keyList, [.. accessions], default);
            existing = [.. stored.Select(k => new MessageKey(k.Item1, k.Item2, k.Item3))];
            anySpecimen = any;
        }

        var work = new List<Pending>(batch.Count);
        var keys = prepared.Keys;
        foreach (var item in batch)
        {
            if (existing!.Contains(item.Key))
            {
                prepared.Duplicates.Add(item);
            }
            else if (keys.Add(item.Key))
            {
                work.Add(item);
            }
            else
            {
                // A second copy in the same batch: answered after the first is committed, by the next batch.
                prepared.HeldBack.Add(item);
            }
        }

        var specimens = await filing.LoadSpecimensAsync(anySpecimen ? work.SelectMany(p => p.Report.Orders).SelectMany(FileResults.SpecimenKeys) : [], default);
        var byAccession = specimens.ToDictionary(s => s.Accession, StringComparer.Ordinal);
        var patients = prepared.Patients;
        foreach (var item in work)
        {
            // Filing reads the patient's earlier results (delta check) and the specimen's report; a second message about
            // the same patient waits for the next batch, so it sees this one's results as it would one at a time.
            var touched = byAccession.Count == 0 ? [] : item.Report.Orders.SelectMany(FileResults.SpecimenKeys)
                .Select(k => byAccession.GetValueOrDefault(k)).OfType<Specimen>().Select(s => s.PatientId).Distinct().ToList();
            if (touched.Any(patients.Contains))
            {
                keys.Remove(item.Key);
                prepared.HeldBack.Add(item);
                continue;
            }

            patients.UnionWith(touched);
            actors.Use(item.Actor);
            var row = ReceiveHl7Message.NewStored(item.Message, item.Channel, item.RemoteAddress, now.UtcDateTime);
            ReceiveHl7Message.AddStored(db, audit, row, item.Channel);
            await filing.FileAsync(item.Report, row, default);
            prepared.Filed.Add((item, row));
        }

        if (prepared.Filed.Count > 0 && postgres)
        {
            // The audit events sealed into one chain, the rows and events in one statement per table, anything filing
            // changed rather than added (a report reopened, a result superseded) by SaveChanges; the one commit is
            // sent by StartCommit.
            prepared.Transaction = await db.Database.BeginTransactionAsync();
            await PostgresBatchRows.InsertAddedAsync(db, default);
            await db.SaveChangesAsync();
        }
        else if (prepared.Filed.Count > 0)
        {
            // Audit events are sealed into one chain and committed with the rows, in SaveChanges' own transaction.
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The batch's keys already stored (all three key columns, so the lookup is a search of the unique index).</summary>
    private static async Task<HashSet<MessageKey>> StoredKeysAsync(InfirmaryDbContext db, List<Pending> batch)
    {
        var applications = batch.Select(p => p.Key.SendingApplication).Distinct().ToList();
        var facilities = batch.Select(p => p.Key.SendingFacility).Distinct().ToList();
        var controlIds = batch.Select(p => p.Key.ControlId).Distinct().ToList();
        var stored = await db.Set<InboundMessage>().AsNoTracking()
            .Where(m => applications.Contains(m.SendingApplication) && facilities.Contains(m.SendingFacility) && controlIds.Contains(m.ControlId))
            .Select(m => new { m.SendingApplication, m.SendingFacility, m.ControlId }).ToListAsync();
        return stored.Select(m => new MessageKey(m.SendingApplication, m.SendingFacility, m.ControlId)).ToHashSet();
    }

    private async Task WriteOneAsync(Pending item)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Use(item.Actor);
            var receipt = await scope.ServiceProvider.GetRequiredService<ReceiveHl7Message>()
                .HandleAsync(item.Payload, item.Channel, item.RemoteAddress, CancellationToken.None);
            item.Done.TrySetResult(receipt);
        }
#pragma warning disable CA1031 // HandleAsync never throws by design; if it did, the waiting connection must still get an answer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            item.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// A writer's PostgreSQL connection, kept open from one batch to the next: not returned to the pool after every
    /// batch (which costs a session reset on the next use) and its prepared statements kept. A connection that has
    /// failed is closed and a new one opened for the next batch.
    /// </summary>
    private sealed class WriterConnection : IAsyncDisposable
    {
        private Npgsql.NpgsqlConnection? _connection;

        public async Task UseAsync(InfirmaryDbContext db)
        {
            if (_connection is { State: not System.Data.ConnectionState.Open })
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            if (_connection is null)
            {
                var opened = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
                await opened.OpenAsync();
                _connection = opened;
            }

            db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is { } c)
            {
                await c.DisposeAsync();
            }
        }
    }

    /// <summary>A batch stored up to its commit, and what it answers once committed.</summary>
    private sealed class Prepared(List<Pending> batch, AsyncServiceScope scope) : IAsyncDisposable
    {
        public List<Pending> Batch { get; } = batch;

        public AsyncServiceScope Scope { get; } = scope;

        /// <summary>The open transaction on PostgreSQL (null when nothing was written or on SQLite, already committed).</summary>
        public Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? Transaction { get; set; }

        public List<(Pending Item, InboundMessage Row)> Filed { get; } = [];

        public List<Pending> Duplicates { get; } = [];

        /// <summary>Held back for the batch taken after this one commits.</summary>
        public List<Pending> HeldBack { get; } = [];

        /// <summary>The keys of the messages this batch stores.</summary>
        public HashSet<MessageKey> Keys { get; } = [];

        /// <summary>The patients this batch files to.</summary>
        public HashSet<Guid> Patients { get; } = [];

        public Task? Commit { get; private set; }

        public void StartCommit() => Commit = Transaction is { } transaction ? transaction.CommitAsync() : Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (Transaction is { } transaction)
            {
                await transaction.DisposeAsync();
            }

            await Scope.DisposeAsync();
        }
    }

    private readonly record struct MessageKey(string SendingApplication, string SendingFacility, string ControlId);

    private sealed class Pending(Hl7Message message, ObservationReport report, ReadOnlyMemory<byte> payload, string channel, string? remoteAddress, Actor actor)
    {
        public Hl7Message Message { get; } = message;

        public ReadOnlyMemory<byte> Payload { get; } = payload;

        public string Channel { get; } = channel;

        public string? RemoteAddress { get; } = remoteAddress is { Length: > 100 } ? remoteAddress[..100] : remoteAddress;

        public Actor Actor { get; } = actor;

        public MessageKey Key { get; } = new(message.Header.SendingApplication, message.Header.SendingFacility, message.Header.ControlId);

        public ObservationReport Report { get; } = report;

        /// <summary>
        /// Set once the message's batch has committed. An MLLP connection's continuation (write the ACK, start the next
        /// read) runs on the writer's thread as the receipt is set, without a hop through the thread pool (ADR 0146); an
        /// HTTP request's continues on the thread pool.
        /// </summary>
        public TaskCompletionSource<Hl7Receipt> Done { get; } = new(channel == Hl7Channel.Mllp
            ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
