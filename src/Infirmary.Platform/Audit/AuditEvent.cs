using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infirmary.Platform.Audit;

public static class AuditAction
{
    public const string Read = "read";
    public const string Search = "search";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Login = "login";
    public const string BreakGlass = "break-glass";
    public const string Execute = "execute";
}

public static class AuditOutcome
{
    public const string Success = "success";
    public const string Denied = "denied";
    public const string Failure = "failure";
}

/// <summary>
/// One append-only audit record: who (user or system client, with role), did what, to which resource and patient,
/// with what outcome, when (UTC) and from where. <see cref="Hash"/> chains it to the previous event.
/// </summary>
public sealed class AuditEvent
{
    /// <summary>Which hash chain the event belongs to (see <see cref="AuditChain"/>); always 0 on SQLite.</summary>
    public int Chain { get; set; }

    /// <summary>
    /// Position in its chain, from 1. (Chain, Sequence) is unique, so two writers can never both extend a chain
    /// from one event.
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>
    /// The event's identity: time-ordered (UUID version 7, ADR 0158), so a new event's primary-key entry lands at the
    /// right-hand edge of the index instead of on a random page of it. The chain hashes the id as it does any id.
    /// </summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime OccurredAt { get; set; }

    /// <summary>User id or client id; "anonymous" when the caller was not signed in.</summary>
    public string AgentId { get; set; } = "anonymous";

    public string AgentName { get; set; } = "anonymous";

    /// <summary>"user" or "system".</summary>
    public string AgentType { get; set; } = "user";

    public string? AgentRole { get; set; }

    public string Action { get; set; } = AuditAction.Read;

    /// <summary>What was touched: a FHIR-style reference ("Patient/…"), a page, or an endpoint path.</summary>
    public string Entity { get; set; } = string.Empty;

    public Guid? PatientId { get; set; }

    public string Outcome { get; set; } = AuditOutcome.Success;

    public string? ClientAddress { get; set; }

    /// <summary>Short free text (a search's parameters, a break-glass reason). Never clinical content.</summary>
    public string? Detail { get; set; }

    public string PreviousHash { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    internal static void Configure(EntityTypeBuilder<AuditEvent> e)
    {
        e.ToTable("audit_events");
        // The key is the event's own id: the chain position is assigned only as the events are sealed at save time.
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(x => new { x.Chain, x.Sequence }).IsUnique();
        e.Property(x => x.Chain).HasDefaultValue(0);
        e.HasIndex(x => x.PatientId);
        // The trail records what happened to that record; a merge never rewrites it (and the table is append-only).
        e.Property(x => x.PatientId).IsPatientReference(OnPatientMerge.Keep);
        e.HasIndex(x => x.OccurredAt);
        e.HasIndex(x => x.AgentId);
        e.HasIndex(x => x.Entity);
        e.Property(x => x.AgentId).HasMaxLength(200);
        e.Property(x => x.AgentName).HasMaxLength(200);
        e.Property(x => x.AgentType).HasMaxLength(20);
        e.Property(x => x.AgentRole).HasMaxLength(400);
        e.Property(x => x.Action).HasMaxLength(40);
        e.Property(x => x.Entity).HasMaxLength(400);
        e.Property(x => x.Outcome).HasMaxLength(20);
        e.Property(x => x.ClientAddress).HasMaxLength(64);
        e.Property(x => x.Detail).HasMaxLength(1000);
        e.Property(x => x.PreviousHash).HasMaxLength(64);
        e.Property(x => x.Hash).HasMaxLength(64);
    }
}

/// <summary>A single-row table whose only purpose is to be written first, taking SQLite's write lock (see AuditChain).</summary>
public sealed class AuditChainLock
{
    public int Id { get; set; }

    internal static void Configure(EntityTypeBuilder<AuditChainLock> e)
    {
        e.ToTable("audit_chain_lock");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        e.HasData(new AuditChainLock { Id = 1 });
    }
}
