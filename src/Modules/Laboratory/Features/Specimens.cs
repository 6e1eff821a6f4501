using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>How staff are named on what they did: display name and user name ("Bethan Lewis (biomed)").</summary>
public static class StaffName
{
    public static string Of(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var display = actor.Principal.FindFirst("display_name")?.Value;
        return string.IsNullOrWhiteSpace(display) || display == actor.Name ? actor.Name : $"{display} ({actor.Name})";
    }
}

public enum SpecimenOutcome
{
    Done,
    NotFound,
    Invalid,
    Conflict,
}

public sealed record SpecimenActionResult(SpecimenOutcome Outcome, SpecimenDto? Specimen, string? Message);

/// <summary>
/// What happens to a tube: collection (who and when), receipt at the bench (scan), rejection with a reason. Found by
/// its accession number exactly (scanned or typed; case and surrounding spaces ignored). Each step is audited against
/// the patient; two benches scanning the same tube at once are kept apart by the version token.
/// </summary>
public sealed class SpecimenActions(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public static string Normalise(string accession) => accession.Trim().ToUpperInvariant();

    public async Task<SpecimenDto?> GetAsync(string accession, CancellationToken ct)
    {
        var key = Normalise(accession);
        var specimen = await db.Set<Specimen>().AsNoTracking().FirstOrDefaultAsync(s => s.Accession == key, ct);
        if (specimen is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"Specimen/{specimen.Accession}", specimen.PatientId, ct: ct);
        return await DtoAsync(specimen, ct);
    }

    public Task<SpecimenActionResult> CollectAsync(string accession, DateTime? collectedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return ActAsync(accession, "collected", async s =>
        {
            var orderedAt = await db.Set<LabOrder>().Where(o => o.Id == s.OrderId).Select(o => o.RequestedAt).SingleAsync(ct);
            return s.Collect(collectedAt?.ToUniversalTime() ?? now, StaffName.Of(actors.Current), now, orderedAt);
        }, ct);
    }

    public Task<SpecimenActionResult> ReceiveAsync(string accession, CancellationToken ct) =>
        ActAsync(accession, "received", s => Task.FromResult(s.Receive(clock.GetUtcNow().UtcDateTime, StaffName.Of(actors.Current))), ct);

    public Task<SpecimenActionResult> RejectAsync(string accession, string? reason, string? note, CancellationToken ct)
    {
        if (note is { Length: > 500 })
        {
            return Task.FromResult(new SpecimenActionResult(SpecimenOutcome.Invalid, null, "The note must be 500 characters or fewer."));
        }

        return ActAsync(accession, "rejected", s => Task.FromResult(
            s.Reject(reason?.Trim().ToLowerInvariant() ?? string.Empty, note, clock.GetUtcNow().UtcDateTime, StaffName.Of(actors.Current))), ct);
    }

    private async Task<SpecimenActionResult> ActAsync(string accession, string what, Func<Specimen, Task<SpecimenRefusal?>> act, CancellationToken ct)
    {
        var key = Normalise(accession);
        if (key.Length is 0 or > 20)
        {
            return new SpecimenActionResult(SpecimenOutcome.Invalid, null, "Scan or type the specimen's barcode number.");
        }

        var specimen = await db.Set<Specimen>().FirstOrDefaultAsync(s => s.Accession == key, ct);
        if (specimen is null)
        {
            return new SpecimenActionResult(SpecimenOutcome.NotFound, null, $"No specimen has the number {key}. Check the label; do not guess.");
        }

        var error = await act(specimen);
        if (error is not null)
        {
            db.ChangeTracker.Clear();
            return new SpecimenActionResult(error.IsConflict ? SpecimenOutcome.Conflict : SpecimenOutcome.Invalid, null, error.Message);
        }

        audit.Add(AuditAction.Update, $"Specimen/{specimen.Accession}", specimen.PatientId,
            detail: what + (specimen.RejectionReason is { } r ? $": {r}" : string.Empty));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SpecimenActionResult(SpecimenOutcome.Conflict, null, $"Specimen {key} was changed by someone else at the same moment. Scan it again.");
        }

        return new SpecimenActionResult(SpecimenOutcome.Done, await DtoAsync(specimen, ct), null);
    }

    private async Task<SpecimenDto> DtoAsync(Specimen s, CancellationToken ct)
    {
        var tests = await db.Set<OrderedTest>().AsNoTracking().Where(t => t.SpecimenId == s.Id).OrderBy(t => t.Position).Select(t => t.TestCode).ToListAsync(ct);
        return SpecimenDto.From(s, tests);
    }
}
