using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Platform.Security;

public enum PatientAccessDecision
{
    Allowed,
    NeedsBreakGlass,
    Denied,
}

/// <summary>
/// Decides whether the current actor may see a patient's record. Sensitive records need a recorded break-glass
/// (users) or the sensitive-records scope (systems). Every break-glass raises a Caldicott Guardian review item.
/// </summary>
public sealed class PatientAccess(InfirmaryDbContext db, ActorAccessor actors, AuditTrail audit, TimeProvider clock)
{
    public static readonly TimeSpan Validity = TimeSpan.FromHours(8);

    public async Task<PatientAccessDecision> DecideAsync(Guid patientId, bool sensitive, CancellationToken ct)
    {
        var actor = actors.Current;
        if (!actor.Has(Permissions.PatientsRead))
        {
            return PatientAccessDecision.Denied;
        }

        if (!sensitive || actor.Has(Permissions.PatientsSensitive))
        {
            return PatientAccessDecision.Allowed;
        }

        if (actor.IsSystem)
        {
            return PatientAccessDecision.Denied;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var granted = await db.BreakGlassAccesses.AnyAsync(
            b => b.UserId == actor.Id && b.PatientId == patientId && b.ExpiresAt > now, ct);
        return granted ? PatientAccessDecision.Allowed : PatientAccessDecision.NeedsBreakGlass;
    }

    public async Task<BreakGlassAccess> BreakGlassAsync(Guid patientId, string reason, CancellationToken ct)
    {
        var actor = actors.Current;
        var now = clock.GetUtcNow().UtcDateTime;
        var grant = new BreakGlassAccess
        {
            PatientId = patientId,
            UserId = actor.Id,
            UserName = actor.Name,
            Reason = reason.Trim(),
            GrantedAt = now,
            ExpiresAt = now + Validity,
        };
        db.BreakGlassAccesses.Add(grant);
        audit.Add(AuditAction.BreakGlass, $"Patient/{patientId}", patientId, AuditOutcome.Success, reason.Trim());
        await db.SaveChangesAsync(ct);
        return grant;
    }

    public static string? ValidateReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 10
            ? "Give a reason of at least 10 characters for opening this restricted record."
            : reason.Length > 1000 ? "The reason must be 1,000 characters or fewer." : null;
}
