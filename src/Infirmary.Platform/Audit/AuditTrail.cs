using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Platform.Audit;

/// <summary>
/// Adds audit events to the current unit of work. They are written, hash-chained, by the next SaveChanges — in the
/// same transaction as the change they describe. For reads and searches call <see cref="RecordAsync"/>, which returns
/// once the event is committed: through the shared group commit (<see cref="ReadAuditWriter"/>, ADR 0100) when this
/// unit of work has nothing else to save, otherwise with the unit of work's own changes.
/// </summary>
public sealed class AuditTrail(UnitOfWork unit, ActorAccessor actors, TimeProvider clock, IHttpContextAccessor http, ReadAuditWriter reads)
{
    /// <summary>Marks a request whose refusal is already audited, so the catch-all denial audit does not repeat it.</summary>
    public const string DenialRecordedItem = "infirmary.denial-recorded";

    public AuditEvent Add(string action, string entity, Guid? patientId = null, string outcome = AuditOutcome.Success, string? detail = null)
    {
        var e = Create(actors.Current, action, entity, patientId, outcome, detail);
        unit.Context.AuditEvents.Add(e);
        return e;
    }

    /// <summary>
    /// An event by this unit of work's actor that is not added to the unit of work: for a writer that seals and inserts
    /// events itself (through <see cref="AuditChain.SealAsync"/>), such as the booking group commit on PostgreSQL.
    /// </summary>
    public AuditEvent Describe(string action, string entity, Guid? patientId = null, string outcome = AuditOutcome.Success, string? detail = null) =>
        Create(actors.Current, action, entity, patientId, outcome, detail);

    private AuditEvent Create(Actor actor, string action, string entity, Guid? patientId, string outcome, string? detail)
    {
        var e = new AuditEvent
        {
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            AgentId = Truncate(actor.Id, 200),
            AgentName = Truncate(actor.Name, 200),
            AgentType = actor.Type,
            AgentRole = actor.Roles is null ? null : Truncate(actor.Roles, 400),
            Action = action,
            Entity = Truncate(entity, 400),
            PatientId = patientId,
            Outcome = outcome,
            ClientAddress = actor.ClientAddress,
            Detail = detail is null ? null : Truncate(detail, 1000),
        };
        if (outcome == AuditOutcome.Denied && http.HttpContext is { } ctx)
        {
            ctx.Items[DenialRecordedItem] = true;
        }

        return e;
    }

    /// <summary>Records a read (or a refusal) and returns once the event is committed.</summary>
    public async Task RecordAsync(string action, string entity, Guid? patientId = null, string outcome = AuditOutcome.Success, string? detail = null, CancellationToken ct = default)
    {
        if (CanGroupCommit())
        {
            await reads.AppendAsync([Create(actors.Current, action, entity, patientId, outcome, detail)], ct);
            return;
        }

        Add(action, entity, patientId, outcome, detail);
        await unit.Context.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Records many reads at once (a search result listing several patients) as consecutive events of one chain,
    /// returning once they are committed.
    /// </summary>
    public async Task RecordManyAsync(string action, IEnumerable<(string Entity, Guid? PatientId)> items, string? detail, CancellationToken ct = default)
    {
        if (CanGroupCommit())
        {
            var actor = actors.Current;
            var events = items.Select(i => Create(actor, action, i.Entity, i.PatientId, AuditOutcome.Success, detail)).ToList();
            await reads.AppendAsync(events, ct);
            return;
        }

        foreach (var (entity, patientId) in items)
        {
            Add(action, entity, patientId, AuditOutcome.Success, detail);
        }

        await unit.Context.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A read's event can join the group commit when it is all this unit of work would save: no transaction is open
    /// (the event must then commit with it), nothing else is waiting to be saved, and the caller is not holding a
    /// connection open (a booking keeps one for its whole unit of work, ADR 0115). Waiting on the group commit while
    /// holding a pooled connection could starve the flusher of one when every connection is so held, so such an event
    /// is written on the connection already held instead. A context this unit of work never constructed (ADR 0156), or
    /// never used, has none of these, and is not constructed or set up just to ask (ADR 0121).
    /// </summary>
    private bool CanGroupCommit() => unit.Created is not { } db || !db.HasBeenUsed || (db.Database.CurrentTransaction is null
        && !db.ChangeTracker.HasChanges() && db.Database.GetDbConnection().State != System.Data.ConnectionState.Open);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
