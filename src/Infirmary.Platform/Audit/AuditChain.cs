using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Platform.Audit;

/// <summary>
/// The hash chain over audit events: hash(n) = SHA-256(canonical(event n) | hash(n-1)). Altering, removing or
/// reordering any event breaks every later link, which <see cref="VerifyAsync"/> reports.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // Any 64-bit constant unique to this lock; PostgreSQL advisory locks are per database.
    private const long PostgresLockKey = 0x1A0D17_C4A1;

    /// <summary>
    /// Serialises chain extension. PostgreSQL: a transaction-scoped advisory lock. SQLite: the write transaction
    /// itself is exclusive (one writer per database), so nothing more is needed.
    /// </summary>
    public static async Task LockAsync(InfirmaryDbContext db, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        }
        else
        {
            // Take SQLite's write lock now, before reading the chain head, so no other writer slips in between.
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_chain_lock SET id = id WHERE id = 1", ct);
        }
    }

    public static void Seal(IReadOnlyList<AuditEvent> events, long lastSequence, string lastHash)
    {
        var previous = lastHash;
        var sequence = lastSequence;
        foreach (var e in events)
        {
            e.Sequence = ++sequence;
            // PostgreSQL keeps microseconds; hash what the database will give back.
            e.OccurredAt = new DateTime(e.OccurredAt.Ticks - (e.OccurredAt.Ticks % 10), DateTimeKind.Utc);
            e.PreviousHash = previous;
            e.Hash = ComputeHash(e, previous);
            previous = e.Hash;
        }
    }

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

    /// <summary>Walks the chain in order. Returns null when intact, otherwise the first broken link.</summary>
    public static async Task<AuditChainBreak?> VerifyAsync(InfirmaryDbContext db, IProgress<long>? progress, CancellationToken ct)
    {
        var previous = Genesis;
        long expected = 1;
        const int page = 5000;
        long after = 0;
        while (true)
        {
            var batch = await db.AuditEvents.AsNoTracking()
                .Where(a => a.Sequence > after)
                .OrderBy(a => a.Sequence)
                .Take(page)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return null;
            }

            foreach (var e in batch)
            {
                if (e.Sequence != expected)
                {
                    return new AuditChainBreak(expected, $"event {expected} is missing (next present is {e.Sequence})");
                }

                if (e.PreviousHash != previous)
                {
                    return new AuditChainBreak(e.Sequence, "its previous-hash does not match the event before it");
                }

                if (ComputeHash(e, previous) != e.Hash)
                {
                    return new AuditChainBreak(e.Sequence, "its content does not match its hash (altered)");
                }

                previous = e.Hash;
                expected++;
                after = e.Sequence;
            }

            progress?.Report(after);
        }
    }
}

public sealed record AuditChainBreak(long Sequence, string Reason);
