using System.ComponentModel.DataAnnotations;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Data;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Infirmary.Scheduling.Features;

/// <summary>Settings under <c>Infirmary:Scheduling</c> for writing bookings (ADR 0135).</summary>
public sealed class BookingCommitOptions
{
    public const string Section = "Infirmary:Scheduling";

    /// <summary>
    /// Most bookings written and committed in one transaction by the booking group commit; each is answered only after
    /// that transaction commits. 1 writes every booking in a transaction of its own (still through the writer).
    /// </summary>
    [Range(1, 1000)]
    public int BookingBatchSize { get; set; } = 64;

    /// <summary>False writes each booking in its request's own transaction, as before ADR 0135.</summary>
    public bool BookingGroupCommit { get; set; } = true;
}

/// <summary>How a booking handed to the group commit ended.</summary>
public enum BookingWriteOutcome
{
    /// <summary>Committed: the appointment and its audit event are stored.</summary>
    Committed,

    /// <summary>The database refused it: the slot is held by another booking.</summary>
    SlotTaken,

    /// <summary>The database refused it: the clinician is booked at an overlapping time in another slot.</summary>
    ClinicianBusy,

    /// <summary>The slot changed underneath it (it was removed): nothing was stored.</summary>
    Changed,
}

/// <summary>
/// A booking whose checks have passed and which only needs writing: the appointment, the slot to mark busy (unless
/// overbooked), and its audit event (made by the request, as its requester's; sealed when written). Its reminders are
/// written when due (ADR 0150).
/// </summary>
public sealed record PreparedBooking(Appointment Appointment, Guid SlotId, bool MarkSlotBusy, Guid PatientId, AuditEvent Event)
{
    /// <summary>
    /// Adds the booking's rows and its audit event to a unit of work (the request's own, or a group commit's batch on
    /// SQLite). What the rows are is decided here and in <see cref="BookingGroupCommit"/>'s PostgreSQL batch, which
    /// writes the same rows without a unit of work (ADR 0151).
    /// </summary>
    internal void AddTo(InfirmaryDbContext db, Slot? trackedSlot)
    {
        if (MarkSlotBusy)
        {
            if (trackedSlot is not null)
            {
                trackedSlot.Status = SlotStatus.Busy;
            }
            else
            {
                // Only the status is written (an UPDATE of that column alone): the rest of the slot is not read here.
                var stub = new Slot { Id = SlotId };
                db.Attach(stub);
                stub.Status = SlotStatus.Busy;
                db.Entry(stub).Property(s => s.Status).IsModified = true;
            }
        }

        db.Set<Appointment>().Add(Appointment);
        db.AuditEvents.Add(Event);
    }
}

/// <summary>
/// Group commit for bookings (ADR 0135). A booking request runs its checks on its own connection, gives the
/// connection back, then hands the booking to a queue and waits; one writer takes whatever is waiting (up to
/// <see cref="BookingCommitOptions.BookingBatchSize"/>) and writes it in one transaction — one audit-chain extension,
/// one round trip of inserts, one commit (one disk flush) for the lot — and answers each request only after that commit.
/// The database still has the last word on one booking per slot and per clinician's time: a second booking of a slot
/// already in the batch waits for the next batch (where the database refuses it), and if the batch is refused anyway
/// (a booking raced in from another node) it is rolled back and every booking in it is written on its own, so a
/// refused booking is answered with its own 409 and never costs another its place.
/// </summary>
public sealed class BookingGroupCommit(IServiceScopeFactory scopes, IOptions<BookingCommitOptions> options, IOptions<DatabaseOptions> database,
    ReadConnections connections, ILogger<BookingGroupCommit> log)
    : IHostedService, IAsyncDisposable
{
    private static readonly string BusyCode = Codes.Of(SlotStatus.Busy);

    private readonly GroupCommitQueue<Pending> _queue = new();
    private readonly BookingCommitOptions _options = options.Value;
    private readonly bool _postgres = database.Value.Provider == DatabaseProvider.Postgres;
    private (IEntityType Appointments, IEntityType AuditEvents)? _tables;
    private Task _writer = Task.CompletedTask;
    private volatile bool _running;
    private long _batches;
    private long _fallbacks;

    /// <summary>Batches committed so far (for tests and diagnostics).</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batches);

    /// <summary>Batches the database refused, whose bookings were then written one at a time.</summary>
    public long BatchesRetriedSingly => Interlocked.Read(ref _fallbacks);

    /// <summary>Bookings queued and not yet taken by the writer.</summary>
    public int Waiting => _queue.Waiting;

    /// <summary>
    /// Keeps the writer from taking bookings until the returned handle is disposed: what arrives meanwhile waits and is
    /// then taken as one batch. For tests (to gather a batch) and diagnostics.
    /// </summary>
    public Task<IAsyncDisposable> HoldAsync() => _queue.HoldAsync();

    /// <summary>
    /// Queues a booking whose checks have passed and returns how it ended once its transaction has committed (or been
    /// refused). Null when the group commit is off or stopped: the caller writes the booking itself. The caller must
    /// not hold a pooled connection while it waits (the writer needs one).
    /// </summary>
    public Task<BookingWriteOutcome>? TryWrite(PreparedBooking booking)
    {
        if (!_running || !_options.BookingGroupCommit)
        {
            return null;
        }

        var item = new Pending(booking);
        return _queue.TryAdd(item) ? item.Done.Task : null;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        _writer = Task.Run(WriteAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking bookings, then writes and answers every booking already queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        _queue.Complete();
        await _writer.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _running = false;
        _queue.Complete();
        await _writer;
        _queue.Dispose();
    }

    private async Task WriteAsync()
    {
        var carried = new List<Pending>();
        while (await _queue.TakeAsync(carried, _options.BookingBatchSize) is { } batch)
        {

            // A second booking of a slot (or of the same clinician's time) already in this batch waits for the next
            // batch, where the database answers it against the committed first; it would otherwise fail the whole batch.
            var work = new List<Pending>(batch.Count);
            var slots = new HashSet<Guid>();
            foreach (var item in batch)
            {
                var a = item.Booking.Appointment;
                if (slots.Add(item.Booking.SlotId) && !work.Any(w => Overlaps(w.Booking.Appointment, a)))
                {
                    work.Add(item);
                }
                else
                {
                    carried.Add(item);
                }
            }

            if (work.Count == 0)
            {
                continue;
            }

            try
            {
                await WriteBatchAsync(work);
                Interlocked.Increment(ref _batches);
                foreach (var item in work)
                {
                    item.Done.TrySetResult(BookingWriteOutcome.Committed);
                }
            }
#pragma warning disable CA1031 // Whatever went wrong, every booking in the batch is written and answered on its own.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _fallbacks);
                if (Refusal(e) is null)
                {
                    log.LogWarning(e, "A batch of {Count} bookings could not be written together; writing them one at a time", work.Count);
                }

                foreach (var item in work)
                {
                    await WriteOneAsync(item);
                }
            }
        }
    }

    private static bool Overlaps(Appointment a, Appointment b) =>
        !a.Overbooked && !b.Overbooked && a.ClinicianId == b.ClinicianId && a.Place == b.Place && a.StartsAt < b.EndsAt && b.StartsAt < a.EndsAt;

    private Task WriteBatchAsync(List<Pending> work) => _postgres ? InsertAsync(work) : SaveAsync(work);

    /// <summary>
    /// SQLite: the batch's rows through a unit of work; the audit events are sealed into the chain and committed with the
    /// rows in SaveChanges' own transaction.
    /// </summary>
    private async Task SaveAsync(List<Pending> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        foreach (var item in work)
        {
            item.Booking.AddTo(db, trackedSlot: null);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// PostgreSQL (ADR 0151): the same rows without a unit of work or change tracking, as the read audit is written
    /// (ADR 0140). On a pooled connection of its own, in one transaction: the chain taken, its head read and the events
    /// sealed (<see cref="AuditChain.SealAsync"/>, one round trip); the slots marked busy, the appointments and the audit
    /// events written by one statement each, in one round trip (<see cref="PostgresBatchInsert"/>, built from the EF Core
    /// model, so the rows are those SaveChanges would write); then the commit. The database's rules refuse the batch
    /// exactly as they refuse SaveChanges' statements; a slot that is no longer there (no row updated) refuses it too.
    /// </summary>
    private async Task InsertAsync(List<Pending> work)
    {
        var (appointments, auditEvents) = _tables ??= (PostgresBatchInsert.TableOf<Appointment>(scopes), PostgresBatchInsert.TableOf<AuditEvent>(scopes));
        var events = new List<AuditEvent>(work.Count);
        var rows = new List<Appointment>(work.Count);
        var busy = new List<Guid>(work.Count);
        foreach (var item in work)
        {
            rows.Add(item.Booking.Appointment);
            events.Add(item.Booking.Event);
            if (item.Booking.MarkSlotBusy)
            {
                busy.Add(item.Booking.SlotId);
            }
        }

        await using var connection = (NpgsqlConnection)(await connections.OpenAsync(CancellationToken.None))!;
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await AuditChain.SealAsync(connection, transaction, DatabaseProvider.Postgres, null, events, CancellationToken.None);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var mark = new NpgsqlBatchCommand("UPDATE sched_slots SET status = $1 WHERE id = ANY($2)");
            mark.Parameters.Add(new NpgsqlParameter { Value = BusyCode, NpgsqlDbType = NpgsqlDbType.Text });
            mark.Parameters.Add(new NpgsqlParameter { Value = busy.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            batch.BatchCommands.Add(mark);
            batch.BatchCommands.Add(PostgresBatchInsert.Command(appointments, rows));
            batch.BatchCommands.Add(PostgresBatchInsert.Command(auditEvents, events));
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            if (mark.RecordsAffected != busy.Count)
            {
                // A slot was removed after its booking's checks (SaveChanges would say so with a concurrency exception).
                throw new DbUpdateConcurrencyException("A slot was removed after its booking's checks.");
            }
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task WriteOneAsync(Pending item)
    {
        try
        {
            await WriteBatchAsync([item]);
            item.Done.TrySetResult(BookingWriteOutcome.Committed);
        }
#pragma warning disable CA1031 // The waiting request must be answered whatever happened; it reports the failure.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (Refusal(e) is { } refused)
            {
                item.Done.TrySetResult(refused);
            }
            else
            {
                item.Done.TrySetException(e);
            }
        }
    }

    /// <summary>How the database refused a booking's write, whichever path wrote it; null for a failure that is not a refusal.</summary>
    private static BookingWriteOutcome? Refusal(Exception e)
    {
        if (e is DbUpdateConcurrencyException)
        {
            return BookingWriteOutcome.Changed;
        }

        if (!DbErrors.IsConflict(e, out var constraint))
        {
            return null;
        }

        return constraint is SchedulingDatabaseRules.ClinicianTimeConstraint or SchedulingModel.ClinicianStartIndex
            ? BookingWriteOutcome.ClinicianBusy
            : BookingWriteOutcome.SlotTaken;
    }

    private sealed class Pending(PreparedBooking booking)
    {
        public PreparedBooking Booking { get; } = booking;

        public TaskCompletionSource<BookingWriteOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
