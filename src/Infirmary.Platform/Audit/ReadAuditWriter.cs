using System.Collections.Concurrent;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Infirmary.Platform.Audit;

/// <summary>
/// Group commit for the audit events of reads and searches (ADR 0100). A read changes nothing but its audit event, so
/// instead of each request taking a chain, reading its head, inserting and committing on its own, requests hand their
/// events here and wait; a flusher appends every event waiting at that moment to one chain in one transaction (sealed by
/// <see cref="AuditChain.SealAsync"/>, exactly as for any other write; on PostgreSQL written by one multi-row insert on a
/// connection of its own, ADR 0140, on SQLite through <see cref="InfirmaryDbContext.SaveChangesAsync(bool, CancellationToken)"/>)
/// and releases each request only once that transaction has committed. Nothing is answered before its audit
/// event is durable; what changes is how many requests share one commit.
/// </summary>
/// <remarks>
/// There is no background service: the request that finds fewer than <see cref="MaxFlushers"/> flushers running starts
/// one, and a flusher keeps going while events are waiting. When the machine is quiet a flusher writes one request's
/// events, as before; under load each commit carries the events that arrived while the previous one was being written.
/// PostgreSQL runs up to <see cref="PostgresFlushers"/> flushers at once, each on its own chain; SQLite, one writer at a
/// time, runs one.
/// </remarks>
public sealed class ReadAuditWriter(IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, ReadConnections connections)
{
    /// <summary>Concurrent flushers on PostgreSQL: enough to overlap one commit's WAL flush with the next batch.</summary>
    public const int PostgresFlushers = 4;

    /// <summary>Most events written in one transaction.</summary>
    public const int MaxBatchEvents = 1000;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly bool _postgres = database.Value.Provider == DatabaseProvider.Postgres;
    private IEntityType? _auditTable;
    private int _flushers;

    public int MaxFlushers { get; } = database.Value.Provider == DatabaseProvider.Postgres ? PostgresFlushers : 1;

    /// <summary>Requests whose events wait for a flusher (not yet taken into a batch).</summary>
    public int Waiting => _queue.Count;

    /// <summary>
    /// Completes when <paramref name="events"/> are committed, all in one chain and in order. Fails if they could not
    /// be written. Cancelling stops the wait only: events already handed over may still be written.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new Pending(events);
        _queue.Enqueue(pending);
        StartFlusherIfNeeded();
        return pending.Done.Task.WaitAsync(ct);
    }

    private void StartFlusherIfNeeded()
    {
        while (true)
        {
            var running = Volatile.Read(ref _flushers);
            if (running >= MaxFlushers)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _flushers, running + 1, running) == running)
            {
                break;
            }
        }

        // The flusher serves many requests: it must not carry the starting request's context (user, activity).
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(FlushAsync);
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            var batch = new List<Pending>();
            while (Drain(batch))
            {
                await WriteAsync(batch);
                batch.Clear();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _flushers);
            // A request may have queued after the last drain while every flusher slot was taken.
            if (!_queue.IsEmpty)
            {
                StartFlusherIfNeeded();
            }
        }
    }

    private bool Drain(List<Pending> batch)
    {
        var events = 0;
        while (events < MaxBatchEvents && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
            events += next.Events.Count;
        }

        return batch.Count > 0;
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            await SaveAsync([.. batch.SelectMany(p => p.Events)]);
            foreach (var p in batch)
            {
                p.Done.TrySetResult();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One request's events must not fail another's: write each on its own (sealing again from the chain head).
            foreach (var p in batch)
            {
                await WriteOneAsync(p);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task WriteOneAsync(Pending p)
    {
        try
        {
            await SaveAsync([.. p.Events]);
            p.Done.TrySetResult();
        }
        catch (Exception e)
        {
            p.Done.TrySetException(e);
        }
    }

    private async Task SaveAsync(List<AuditEvent> events)
    {
        if (_postgres)
        {
            await InsertAsync(events);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        db.AuditEvents.AddRange(events);
        // Takes a chain, seals the events after its head and commits (InfirmaryDbContext.SaveChangesAsync).
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// PostgreSQL (ADR 0140): no EF Core context or change tracking for a batch of events nothing else reads back. On a
    /// pooled connection of its own, in one transaction: the chain taken, its head read and the events sealed by the one
    /// chain helper (<see cref="AuditChain.SealAsync"/>), the events written by one multi-row insert
    /// (<see cref="PostgresBatchInsert"/>, the statement built from the EF Core model), then the commit.
    /// </summary>
    private async Task InsertAsync(List<AuditEvent> events)
    {
        var table = _auditTable ??= PostgresBatchInsert.TableOf<AuditEvent>(scopes);
        await using var connection = (NpgsqlConnection)(await connections.OpenAsync(CancellationToken.None))!;
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await AuditChain.SealAsync(connection, transaction, DatabaseProvider.Postgres, null, events, CancellationToken.None);
        await PostgresBatchInsert.InsertAsync(connection, transaction, table, events, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private sealed class Pending(IReadOnlyList<AuditEvent> events)
    {
        public IReadOnlyList<AuditEvent> Events { get; } = events;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
