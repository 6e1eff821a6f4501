using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Infirmary.Platform.Audit;

/// <summary>
/// The hash chains over audit events: hash(n) = SHA-256(canonical(event n) | hash(n-1)) within one chain. Altering,
/// removing or reordering any event breaks every later link of its chain, which <see cref="VerifyAsync"/> reports.
/// </summary>
/// <remarks>
/// PostgreSQL keeps <see cref="PostgresChains"/> independent chains, each extended under its own transaction-scoped
/// advisory lock, so concurrent audited requests seal in parallel instead of queueing behind one lock (ADR 0048: a
/// single chain serialised the whole system). A writer takes whichever chain is free. SQLite has one writer at a
/// time anyway, so it keeps a single chain (0) behind its write lock.
/// </remarks>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Chains on PostgreSQL: more than the audited requests expected in flight at once on one database.</summary>
    public const int PostgresChains = 32;

    // Chain k is guarded by advisory lock (PostgresLockKey + k); PostgreSQL advisory locks are per database.
    private const long PostgresLockKey = 0x1A0D17_C4A1;

    /// <summary>
    /// Excludes every audited writer until the current transaction ends, by taking every chain (in order, so two
    /// callers cannot deadlock each other). For the rare operation that must see no concurrent audited write, such
    /// as a patient merge moving every reference to a record.
    /// </summary>
    public static async Task LockAllAsync(InfirmaryDbContext db, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_chain_lock SET id = id WHERE id = 1", ct);
            return;
        }

        await db.Database.ExecuteSqlAsync(
            $"SELECT count(pg_advisory_xact_lock({PostgresLockKey} + k)) FROM generate_series(0, {PostgresChains - 1}) AS k", ct);
    }

    /// <summary>
    /// The one way a chain is extended: takes a chain for <paramref name="transaction"/> (or keeps
    /// <paramref name="heldChain"/>, the one this transaction took before), reads that chain's head and seals
    /// <paramref name="events"/> after it, in order (<see cref="Seal"/>). Returns the chain. The events are then written
    /// in the same transaction by the caller (<c>SaveChanges</c>, or a batch insert); the chain stays taken until the
    /// transaction ends, so no other writer can extend it in between.
    /// </summary>
    /// <remarks>
    /// Plain commands on the transaction's connection, so a writer without an EF Core context can use it. PostgreSQL:
    /// one round trip for both statements; the chain taken by the first is handed to the second in a transaction-local
    /// setting, and the second, a statement of its own, reads the head with a snapshot taken after the lock was won (so
    /// it sees the last holder's commit). SQLite: the write lock is taken first (<c>audit_chain_lock</c>), then the head
    /// is read.
    /// </remarks>
    public static async Task<int> SealAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, int? heldChain,
        IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        int chain;
        long lastSequence = 0;
        var lastHash = Genesis;
        if (provider == DatabaseProvider.Postgres)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            var take = new NpgsqlBatchCommand(heldChain is null ? TakeChainSql : HoldChainSql);
            take.Parameters.Add(new NpgsqlParameter { Value = heldChain ?? Random.Shared.Next(PostgresChains), NpgsqlDbType = NpgsqlDbType.Integer });
            batch.BatchCommands.Add(take);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(TakenChainHeadSql));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            chain = reader.GetInt32(0);
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                (lastSequence, lastHash) = (reader.GetInt64(0), reader.GetString(1));
            }
        }
        else
        {
            chain = 0;
            await using (var take = connection.CreateCommand())
            {
                take.Transaction = transaction;
                take.CommandText = "UPDATE audit_chain_lock SET id = id WHERE id = 1";
                await take.ExecuteNonQueryAsync(ct);
            }

            await using var head = connection.CreateCommand();
            head.Transaction = transaction;
            head.CommandText = """SELECT "Sequence", "Hash" FROM audit_events WHERE "Chain" = 0 ORDER BY "Sequence" DESC LIMIT 1""";
            await using var reader = await head.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                (lastSequence, lastHash) = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        Seal(events, chain, lastSequence, lastHash);
        return chain;
    }

    // The first free chain from a random start ($1), or, when every chain is taken, the wait for chain $1 (COALESCE
    // evaluates its second sub-select only when the first finds none); the chain is kept in a transaction-local setting.
    private static readonly string TakeChainSql =
        $"""
        SELECT set_config('infirmary.audit_chain', COALESCE(
            (SELECT c.k FROM (SELECT (i + $1) % {PostgresChains} AS k FROM generate_series(0, {PostgresChains - 1}) AS i) AS c
             WHERE pg_try_advisory_xact_lock({PostgresLockKey} + c.k) LIMIT 1),
            (SELECT $1 FROM pg_advisory_xact_lock({PostgresLockKey} + $1)))::text, true)::integer
        """;

    // A chain this transaction already holds: only recorded for the head statement.
    private const string HoldChainSql = "SELECT set_config('infirmary.audit_chain', $1::text, true)::integer";

    private const string TakenChainHeadSql =
        """SELECT "Sequence", "Hash" FROM audit_events WHERE "Chain" = current_setting('infirmary.audit_chain')::integer ORDER BY "Sequence" DESC LIMIT 1""";

    public static void Seal(IReadOnlyList<AuditEvent> events, int chain, long lastSequence, string lastHash)
    {
        var previous = lastHash;
        var sequence = lastSequence;
        foreach (var e in events)
        {
            e.Chain = chain;
            e.Sequence = ++sequence;
            // PostgreSQL keeps microseconds; hash what the database will give back.
            e.OccurredAt = new DateTime(e.OccurredAt.Ticks - (e.OccurredAt.Ticks % 10), DateTimeKind.Utc);
            e.PreviousHash = previous;
            e.Hash = ComputeHash(e, previous);
            previous = e.Hash;
        }
    }

    /// <summary>
    /// The hashed form of an event. The chain number is not part of it: an event moved to another chain breaks the
    /// previous-hash links of both, and events written before there were several chains keep their hashes.
    /// </summary>
    public static string ComputeHash(AuditEvent e, string previousHash)
    {
        var canonical = string.Join('\u001f',
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.Id.ToString("N"),
            e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            e.AgentId, e.AgentName, e.AgentType, e.AgentRole ?? string.Empty,
            e.Action, e.Entity, e.PatientId?.ToString("N") ?? string.Empty,
            e.Outcome, e.ClientAddress ?? string.Empty, e.Detail ?? string.Empty,
            previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Walks every chain in order. Returns null when all are intact, otherwise the first broken link found.
    /// Progress reports the number of events verified so far.
    /// </summary>
    public static async Task<AuditChainBreak?> VerifyAsync(InfirmaryDbContext db, IProgress<long>? progress, CancellationToken ct)
    {
        var chains = await db.AuditEvents.AsNoTracking().Select(a => a.Chain).Distinct().OrderBy(c => c).ToListAsync(ct);
        long verified = 0;
        foreach (var chain in chains)
        {
            var previous = Genesis;
            long expected = 1;
            const int page = 5000;
            long after = 0;
            while (true)
            {
                var batch = await db.AuditEvents.AsNoTracking()
                    .Where(a => a.Chain == chain && a.Sequence > after)
                    .OrderBy(a => a.Sequence)
                    .Take(page)
                    .ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var e in batch)
                {
                    if (e.Sequence != expected)
                    {
                        return new AuditChainBreak(chain, expected, $"event {expected} is missing (next present is {e.Sequence})");
                    }

                    if (e.PreviousHash != previous)
                    {
                        return new AuditChainBreak(chain, e.Sequence, "its previous-hash does not match the event before it");
                    }

                    if (ComputeHash(e, previous) != e.Hash)
                    {
                        return new AuditChainBreak(chain, e.Sequence, "its content does not match its hash (altered)");
                    }

                    previous = e.Hash;
                    expected++;
                    after = e.Sequence;
                }

                verified += batch.Count;
                progress?.Report(verified);
            }
        }

        return null;
    }
}

/// <summary>The first broken link: chain number and position in that chain, and why.</summary>
public sealed record AuditChainBreak(int Chain, long Sequence, string Reason)
{
    public string Position => $"{Chain}/{Sequence}";
}
