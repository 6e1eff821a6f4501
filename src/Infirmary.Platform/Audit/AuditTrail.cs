using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Http;

namespace Infirmary.Platform.Audit;

/// <summary>
/// Adds audit events to the current unit of work. They are written, hash-chained, by the next SaveChanges — in the
/// same transaction as the change they describe. For reads and searches call <see cref="RecordAsync"/>, which saves.
/// </summary>
public sealed class AuditTrail(InfirmaryDbContext db, ActorAccessor actors, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>Marks a request whose refusal is already audited, so the catch-all denial audit does not repeat it.</summary>
    public const string DenialRecordedItem = "infirmary.denial-recorded";

    public AuditEvent Add(string action, string entity, Guid? patientId = null, string outcome = AuditOutcome.Success, string? detail = null)
    {
        var actor = actors.Current;
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
        db.AuditEvents.Add(e);
        if (outcome == AuditOutcome.Denied && http.HttpContext is { } ctx)
        {
            ctx.Items[DenialRecordedItem] = true;
        }

        return e;
    }

    public async Task RecordAsync(string action, string entity, Guid? patientId = null, string outcome = AuditOutcome.Success, string? detail = null, CancellationToken ct = default)
    {
        Add(action, entity, patientId, outcome, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records many reads at once (a search result listing several patients) in one chained write.</summary>
    public async Task RecordManyAsync(string action, IEnumerable<(string Entity, Guid? PatientId)> items, string? detail, CancellationToken ct = default)
    {
        foreach (var (entity, patientId) in items)
        {
            Add(action, entity, patientId, AuditOutcome.Success, detail);
        }

        await db.SaveChangesAsync(ct);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
