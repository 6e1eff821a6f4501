using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>A rejected specimen the requester has not yet acknowledged.</summary>
public sealed record RejectionNotice(Guid OrderId, string OrderNumber, Guid PatientId, string Accession, string Container, string Reason, string? Note,
    DateTime RejectedAt, string RejectedBy);

/// <summary>
/// How a rejection reaches the requester (ADR 0051): a notice at the top of their "My laboratory requests" list (and
/// <c>GET /api/v1/laboratory/orders/rejections</c>) for each rejected specimen of a request they placed, until they
/// acknowledge it. No e-mail or pager: the notice is the notification, and the record of when it was seen.
/// </summary>
public sealed class RejectionNotices(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<IReadOnlyList<RejectionNotice>> MineAsync(CancellationToken ct)
    {
        var me = actors.Current.Id;
        var rows = await (from s in db.Set<Specimen>().AsNoTracking()
                          join o in db.Set<LabOrder>().AsNoTracking() on s.OrderId equals o.Id
                          where o.RequestedById == me && s.Status == SpecimenStatus.Rejected && s.RejectionSeenAt == null
                          select new { s, o.Number }).ToListAsync(ct);
        await audit.RecordManyAsync(AuditAction.Search, rows.Select(r => ($"Specimen/{r.s.Accession}", (Guid?)r.s.PatientId)), "rejection notices", ct);
        return [.. rows.OrderByDescending(r => r.s.RejectedAt).Select(r => new RejectionNotice(r.s.OrderId, r.Number, r.s.PatientId, r.s.Accession, r.s.Container,
            RejectionReasons.All[r.s.RejectionReason!], r.s.RejectionNote, r.s.RejectedAt!.Value, r.s.RejectedBy!))];
    }

    /// <summary>The requester has seen the notice. Only the requester of the specimen's request can acknowledge it.</summary>
    public async Task<SpecimenOutcome> AcknowledgeAsync(string accession, CancellationToken ct)
    {
        var key = SpecimenActions.Normalise(accession);
        var me = actors.Current.Id;
        var specimen = await (from s in db.Set<Specimen>()
                              join o in db.Set<LabOrder>() on s.OrderId equals o.Id
                              where s.Accession == key && o.RequestedById == me
                              select s).FirstOrDefaultAsync(ct);
        if (specimen is null)
        {
            return SpecimenOutcome.NotFound;
        }

        if (specimen.Status != SpecimenStatus.Rejected)
        {
            return SpecimenOutcome.Conflict;
        }

        specimen.AcknowledgeRejection(clock.GetUtcNow().UtcDateTime);
        audit.Add(AuditAction.Update, $"Specimen/{key}", specimen.PatientId, detail: "rejection acknowledged by requester");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return SpecimenOutcome.Conflict;
        }

        return SpecimenOutcome.Done;
    }
}
