using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

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
    /// Takes a chain for the current transaction and returns its number. PostgreSQL: the first free chain from a
    /// random start (one statement, <c>pg_try_advisory_xact_lock</c>), or waits for one when all are busy. SQLite:
    /// takes the database's write lock before the chain head is read, so no other writer slips in between.
    /// </summary>
    public static async Task<int> AcquireChainAsync(InfirmaryDbContext db, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_chain_lock SET id = id WHERE id = 1", ct);
            return 0;
        }

        var start = Random.Shared.Next(PostgresChains);
        // A function scan feeds the filter in order and LIMIT stops at the first lock won, so at most one is taken.
        var free = await db.Database.SqlQuery<int>(
                $"""
                SELECT COALESCE((
                    SELECT c.k FROM (SELECT (i + {start}) % {PostgresChains} AS k FROM generate_series(0, {PostgresChains - 1}) AS i) AS c
                    WHERE pg_try_advisory_xact_lock({PostgresLockKey} + c.k) LIMIT 1), -1) AS "Value"
                """)
            .ToListAsync(ct);
        if (free[0] >= 0)
        {
            return free[0];
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey} + {start})", ct);
        return start;
    }

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
