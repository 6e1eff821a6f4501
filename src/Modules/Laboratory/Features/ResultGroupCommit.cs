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
        var carried = new List<Pending>();
        await using var connection = new WriterConnection();
        while (await _queue.TakeAsync(carried, _options.BatchSize) is { } batch)
        {

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await WriteBatchAsync(batch, carried, connection);
                Interlocked.Increment(ref _batches);
            }
#pragma warning disable CA1031 // Whatever went wrong, every message in the batch is answered on its own.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _fallbacks);
                log.LogWarning(e, "A batch of {Count} HL7 v2 result messages could not be stored together; storing them one at a time", batch.Count);
                carried.Clear();
                foreach (var item in batch)
                {
                    await WriteOneAsync(item);
                }
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch, List<Pending> carried, WriterConnection connection)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
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
            foreach (var item in batch)
            {
                keyList.Add((item.Key.SendingApplication, item.Key.SendingFacility, item.Key.ControlId));
            }

            var (stored, any) = await PostgresBatchRows.PrecheckAsync(db, keyList,
                [.. batch.SelectMany(p => p.Report.Orders).SelectMany(FileResults.SpecimenKeys).Distinct(StringComparer.Ordinal)], default);
            existing = [.. stored.Select(k => new MessageKey(k.Item1, k.Item2, k.Item3))];
            anySpecimen = any;
        }

        var work = new List<Pending>(batch.Count);
        var duplicates = new List<Pending>();
        var keys = new HashSet<MessageKey>();
        foreach (var item in batch)
        {
            if (existing!.Contains(item.Key))
            {
                duplicates.Add(item);
            }
            else if (keys.Add(item.Key))
            {
                work.Add(item);
            }
            else
            {
                // A second copy in the same batch: answered after the first is committed, by the next batch.
                carried.Add(item);
            }
        }

        var specimens = await filing.LoadSpecimensAsync(anySpecimen ? work.SelectMany(p => p.Report.Orders).SelectMany(FileResults.SpecimenKeys) : [], default);
        var byAccession = specimens.ToDictionary(s => s.Accession, StringComparer.Ordinal);
        var patients = new HashSet<Guid>();
        var filedHere = new List<(Pending Item, InboundMessage Row)>(work.Count);
        foreach (var item in work)
        {
            // Filing reads the patient's earlier results (delta check) and the specimen's report; a second message about
            // the same patient waits for the next batch, so it sees this one's results as it would one at a time.
            var touched = item.Report.Orders.SelectMany(FileResults.SpecimenKeys)
                .Select(k => byAccession.GetValueOrDefault(k)).OfType<Specimen>().Select(s => s.PatientId).Distinct().ToList();
            if (touched.Any(patients.Contains))
            {
                carried.Add(item);
                continue;
            }

            patients.UnionWith(touched);
            actors.Use(item.Actor);
            var row = ReceiveHl7Message.NewStored(item.Message, item.Channel, item.RemoteAddress, now.UtcDateTime);
            ReceiveHl7Message.AddStored(db, audit, row, item.Channel);
            await filing.FileAsync(item.Report, row, default);
            filedHere.Add((item, row));
        }

        if (filedHere.Count > 0 && postgres)
        {
            // The audit events sealed into one chain, the rows and events in one statement per table, anything filing
            // changed rather than added (a report reopened, a result superseded) by SaveChanges, then the one commit.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PostgresBatchRows.InsertAddedAsync(db, default);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        else if (filedHere.Count > 0)
        {
            // Audit events are sealed into one chain and committed with the rows, in SaveChanges' own transaction.
            await db.SaveChangesAsync();
        }

        // Committed: only now is any message of this batch acknowledged.
        var answeredAt = clock.GetUtcNow();
        foreach (var (item, row) in filedHere)
        {
            item.Done.TrySetResult(ReceiveHl7Message.AcceptedReceipt(item.Message, row.Id, answeredAt));
        }

        foreach (var item in duplicates)
        {
            item.Done.TrySetResult(ReceiveHl7Message.DuplicateReceipt(item.Message, answeredAt));
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

        public TaskCompletionSource<Hl7Receipt> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
