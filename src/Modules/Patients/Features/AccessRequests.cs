using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public sealed class NewAccessRequest
{
    public Guid? PatientId { get; set; }

    public string? RequesterName { get; set; }

    public string? Relationship { get; set; }

    public string? Scope { get; set; }

    public DateOnly? ReceivedOn { get; set; }
}

public enum AccessRequestOutcome
{
    Done,
    Invalid,
    NotFound,
    Stale,
}

public sealed record AccessRequestResult(AccessRequestOutcome Outcome, AccessRequest? Request, IDictionary<string, string[]> Errors)
{
    public static AccessRequestResult Fail(string field, string message) =>
        new(AccessRequestOutcome.Invalid, null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>One line of the access-request tracker.</summary>
public sealed record AccessRequestRow(Guid Id, Guid PatientId, string PatientName, string RequesterName, string Relationship,
    DateOnly ReceivedOn, DateOnly DueOn, AccessRequestStatus Status, bool Overdue, bool Extended);

/// <summary>
/// Subject access requests (ADR 0047): logged with requester, relationship, scope and date received; due one calendar
/// month later, extendable once by one or two months with a reason; moved through identity check, work and
/// disclosure (with the $everything export kept) or closed as refused or withdrawn. Every step is audited against the
/// patient.
/// </summary>
public sealed class AccessRequests(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock, PatientEverything everything)
{
    public DateOnly Today => UkFormat.TodayInLondon(clock);

    public async Task<AccessRequestResult> LogAsync(NewAccessRequest input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Check(string field, string? value, int max, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = [$"Enter {what}."];
            }
            else if (value.Trim().Length > max)
            {
                errors[field] = [$"{char.ToUpperInvariant(what[0])}{what[1..]} must be {max} characters or fewer."];
            }
        }

        Check("requesterName", input.RequesterName, 200, "the requester's name");
        Check("relationship", input.Relationship, 100, "the requester's relationship to the patient");
        Check("scope", input.Scope, 1000, "what the request asks for");
        if (input.ReceivedOn is not { } received)
        {
            errors["receivedOn"] = ["Enter the date the request was received."];
        }
        else if (received > Today)
        {
            errors["receivedOn"] = ["The date received cannot be in the future."];
        }

        if (input.PatientId is not { } patientId || !await db.Set<Patient>().AnyAsync(p => p.Id == patientId, ct))
        {
            errors["patientId"] = ["Choose the patient whose records are asked for."];
        }

        if (errors.Count > 0)
        {
            return new AccessRequestResult(AccessRequestOutcome.Invalid, null, errors);
        }

        var actor = actors.Current;
        var request = new AccessRequest
        {
            PatientId = input.PatientId!.Value,
            RequesterName = input.RequesterName!.Trim(),
            Relationship = input.Relationship!.Trim(),
            Scope = input.Scope!.Trim(),
            ReceivedOn = input.ReceivedOn!.Value,
            DueOn = AccessRequestDeadline.Due(input.ReceivedOn!.Value),
            Status = AccessRequestStatus.Received,
            CreatedById = actor.Id,
            CreatedByName = actor.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<AccessRequest>().Add(request);
        audit.Add(AuditAction.Create, $"AccessRequest/{request.Id}", request.PatientId, AuditOutcome.Success,
            $"subject access request received {request.ReceivedOn:yyyy-MM-dd}, due {request.DueOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return new AccessRequestResult(AccessRequestOutcome.Done, request, new Dictionary<string, string[]>());
    }

    public async Task<AccessRequest?> GetAsync(Guid id, CancellationToken ct)
    {
        var request = await db.Set<AccessRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is not null)
        {
            await audit.RecordAsync(AuditAction.Read, $"AccessRequest/{id}", request.PatientId, AuditOutcome.Success, null, ct);
        }

        return request;
    }

    public async Task<IReadOnlyList<AccessRequestRow>> ListAsync(bool openOnly, bool overdueOnly, CancellationToken ct)
    {
        var query = db.Set<AccessRequest>().AsNoTracking();
        if (openOnly || overdueOnly)
        {
            query = query.Where(r => r.Status == AccessRequestStatus.Received || r.Status == AccessRequestStatus.IdentityVerified
                                     || r.Status == AccessRequestStatus.InProgress);
        }

        var rows = await query.Join(db.Set<Patient>(), r => r.PatientId, p => p.Id, (r, p) => new { r, p }).ToListAsync(ct);
        var today = Today;
        var list = rows
            .Select(x => new AccessRequestRow(x.r.Id, x.r.PatientId, x.p.Sensitive ? "Restricted record" : x.p.DisplayName, x.r.RequesterName,
                x.r.Relationship, x.r.ReceivedOn, x.r.EffectiveDueOn, x.r.Status, x.r.OverdueOn(today), x.r.ExtensionMonths > 0))
            .Where(r => !overdueOnly || r.Overdue)
            .OrderBy(r => r.Open() ? 0 : 1).ThenBy(r => r.DueOn).ThenBy(r => r.ReceivedOn)
            .ToList();
        if (list.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Search, list.Select(r => ($"AccessRequest/{r.Id}", (Guid?)r.PatientId)), "access-request tracker", ct);
        }

        return list;
    }

    /// <summary>How many open requests are past their deadline (for the manager's worklist; no patient detail).</summary>
    public async Task<int> OverdueCountAsync(CancellationToken ct)
    {
        var open = await db.Set<AccessRequest>().AsNoTracking()
            .Where(r => r.Status == AccessRequestStatus.Received || r.Status == AccessRequestStatus.IdentityVerified || r.Status == AccessRequestStatus.InProgress)
            .Select(r => new { r.ReceivedOn, r.ExtensionMonths }).ToListAsync(ct);
        var today = Today;
        return open.Count(r => today > AccessRequestDeadline.Due(r.ReceivedOn, r.ExtensionMonths));
    }

    public Task<AccessRequestResult> ExtendAsync(Guid id, int expectedVersion, int months, string? reason, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, r =>
        {
            if (r.ExtensionMonths > 0)
            {
                return ("extensionMonths", "The deadline has already been extended; it can be extended only once, by up to two months.");
            }

            if (months is < 1 or > AccessRequestDeadline.MaxExtensionMonths)
            {
                return ("extensionMonths", "Extend by one or two further months.");
            }

            if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 1000)
            {
                return ("extensionReason", "Give the reason the request is complex (up to 1000 characters); the requester must be told it.");
            }

            if (Today > r.DueOn)
            {
                return ("extensionMonths", "The original deadline has passed: an extension must be decided, and the requester told, within the first month.");
            }

            r.ExtensionMonths = months;
            r.ExtensionReason = reason.Trim();
            return null;
        }, r => $"deadline extended by {months} month(s) to {r.EffectiveDueOn:yyyy-MM-dd}", ct);

    public Task<AccessRequestResult> MoveAsync(Guid id, int expectedVersion, AccessRequestStatus to, string? note, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, r =>
        {
            if (!r.Open)
            {
                return ("status", $"The request is already closed ({r.Status}).");
            }

            var allowed = to switch
            {
                AccessRequestStatus.IdentityVerified => r.Status == AccessRequestStatus.Received,
                AccessRequestStatus.InProgress => r.Status == AccessRequestStatus.IdentityVerified,
                AccessRequestStatus.Refused or AccessRequestStatus.Withdrawn => true,
                _ => false,
            };
            if (!allowed)
            {
                return ("status", to == AccessRequestStatus.Disclosed
                    ? "Record a disclosure with what was disclosed."
                    : $"A request that is {r.Status} cannot become {to}.");
            }

            if (to is AccessRequestStatus.Refused or AccessRequestStatus.Withdrawn && (string.IsNullOrWhiteSpace(note) || note.Trim().Length > 1000))
            {
                return ("statusNote", "Give the reason (up to 1000 characters).");
            }

            r.Status = to;
            r.StatusNote = string.IsNullOrWhiteSpace(note) ? r.StatusNote : note.Trim();
            r.ClosedAt = r.Open ? null : clock.GetUtcNow().UtcDateTime;
            return null;
        }, r => $"status {to}", ct);

    /// <summary>Records the disclosure; the patient's $everything export, as it stands now, is kept with the request.</summary>
    public async Task<AccessRequestResult> DiscloseAsync(Guid id, int expectedVersion, string? note, string baseUrl, CancellationToken ct)
    {
        var request = await db.Set<AccessRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return new AccessRequestResult(AccessRequestOutcome.NotFound, null, new Dictionary<string, string[]>());
        }

        if (request.Status != AccessRequestStatus.InProgress)
        {
            return AccessRequestResult.Fail("status", "Verify the requester's identity and start work on the request before disclosing.");
        }

        var export = await everything.HandleAsync(request.PatientId, baseUrl, ct);
        if (export.Status != ReadStatus.Found)
        {
            return AccessRequestResult.Fail("status", "You cannot open this patient's record, so you cannot disclose it.");
        }

        return await ChangeAsync(id, expectedVersion, r =>
        {
            if (string.IsNullOrWhiteSpace(note) || note.Trim().Length > 2000)
            {
                return ("disclosureNote", "Say what was disclosed and how (up to 2000 characters).");
            }

            r.Status = AccessRequestStatus.Disclosed;
            r.DisclosureNote = note.Trim();
            r.DisclosedExport = export.Bundle!.ToJsonString();
            r.ClosedAt = clock.GetUtcNow().UtcDateTime;
            return null;
        }, _ => $"disclosed: {export.Count} resources exported", ct);
    }

    private async Task<AccessRequestResult> ChangeAsync(Guid id, int expectedVersion, Func<AccessRequest, (string Field, string Message)?> change,
        Func<AccessRequest, string> detail, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var request = await db.Set<AccessRequest>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return new AccessRequestResult(AccessRequestOutcome.NotFound, null, new Dictionary<string, string[]>());
        }

        if (request.Version != expectedVersion)
        {
            return new AccessRequestResult(AccessRequestOutcome.Stale, request,
                new Dictionary<string, string[]> { ["version"] = ["Someone else has changed this request; reload it and try again."] });
        }

        if (change(request) is { } problem)
        {
            return AccessRequestResult.Fail(problem.Field, problem.Message);
        }

        request.Version++;
        audit.Add(AuditAction.Update, $"AccessRequest/{id}", request.PatientId, AuditOutcome.Success, detail(request));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new AccessRequestResult(AccessRequestOutcome.Stale, null,
                new Dictionary<string, string[]> { ["version"] = ["Someone else has changed this request; reload it and try again."] });
        }

        return new AccessRequestResult(AccessRequestOutcome.Done, request, new Dictionary<string, string[]>());
    }
}

internal static class AccessRequestRowExtensions
{
    public static bool Open(this AccessRequestRow r) =>
        r.Status is AccessRequestStatus.Received or AccessRequestStatus.IdentityVerified or AccessRequestStatus.InProgress;
}
