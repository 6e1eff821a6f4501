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
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new SpecimenActionResult(SpecimenOutcome.Conflict, null, $"That rack position already holds a specimen: choose another for {key}.");
        }

        return new SpecimenActionResult(SpecimenOutcome.Done, await DtoAsync(specimen, ct), null);
    }

    private async Task<SpecimenDto> DtoAsync(Specimen s, CancellationToken ct)
    {
        var tests = await db.Set<OrderedTest>().AsNoTracking().Where(t => t.SpecimenId == s.Id).OrderBy(t => t.Position).Select(t => t.TestCode).ToListAsync(ct);
        var parent = s.ParentSpecimenId is { } pid
            ? await db.Set<Specimen>().AsNoTracking().Where(p => p.Id == pid).Select(p => p.Accession).SingleAsync(ct)
            : null;
        return SpecimenDto.From(s, tests, parent);
    }

    /// <summary>Puts a received specimen in a rack position; a position already holding a tube is refused (by the database too).</summary>
    public Task<SpecimenActionResult> StoreAsync(string accession, string? rack, string? position, CancellationToken ct)
    {
        var r = rack?.Trim().ToUpperInvariant() ?? string.Empty;
        var p = position?.Trim().ToUpperInvariant() ?? string.Empty;
        if (r.Length is 0 or > Specimen.MaxRack || p.Length is 0 or > Specimen.MaxPosition)
        {
            return Task.FromResult(new SpecimenActionResult(SpecimenOutcome.Invalid, null,
                $"Give the rack (up to {Specimen.MaxRack} characters) and the position in it (up to {Specimen.MaxPosition}, e.g. B7)."));
        }

        return ActAsync(accession, $"stored in {r} {p}", s => Task.FromResult(s.Store(r, p, clock.GetUtcNow().UtcDateTime, StaffName.Of(actors.Current))), ct);
    }

    public Task<SpecimenActionResult> RetrieveAsync(string accession, CancellationToken ct) =>
        ActAsync(accession, "retrieved from storage", s => Task.FromResult(s.Retrieve(clock.GetUtcNow().UtcDateTime, StaffName.Of(actors.Current))), ct);

    /// <summary>
    /// Pours an aliquot from a received specimen: a child tube with its own accession number (so its label and the
    /// analyser's results identify it alone), linked to the parent, on the same request and patient.
    /// </summary>
    public async Task<SpecimenActionResult> AliquotAsync(string parentAccession, decimal? volumeMl, CancellationToken ct)
    {
        if (volumeMl is not { } volume || volume <= 0 || volume > 50)
        {
            return new SpecimenActionResult(SpecimenOutcome.Invalid, null, "Give the aliquot's volume in mL (more than 0, at most 50).");
        }

        var key = Normalise(parentAccession);
        var parent = await db.Set<Specimen>().AsNoTracking().FirstOrDefaultAsync(s => s.Accession == key, ct);
        if (parent is null)
        {
            return new SpecimenActionResult(SpecimenOutcome.NotFound, null, $"No specimen has the number {key}. Check the label; do not guess.");
        }

        if (parent.Status != SpecimenStatus.Received)
        {
            return new SpecimenActionResult(SpecimenOutcome.Conflict, null, $"Specimen {key} is {Specimen.Describe(parent.Status).ToLowerInvariant()}: aliquots are poured from received specimens only.");
        }

        if (volume >= parent.VolumeMl)
        {
            return new SpecimenActionResult(SpecimenOutcome.Invalid, null, $"An aliquot must be less than the parent's {ReferenceRange.Number(parent.VolumeMl)} mL.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var child = parent.Aliquot(Specimen.NewAccession(now), volume, now, StaffName.Of(actors.Current));
            db.Add(child);
            audit.Add(AuditAction.Create, $"Specimen/{child.Accession}", child.PatientId, detail: $"aliquot of {parent.Accession}");
            try
            {
                await db.SaveChangesAsync(ct);
                return new SpecimenActionResult(SpecimenOutcome.Done, SpecimenDto.From(child, [], parent.Accession), null);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The aliquots poured from a specimen.</summary>
    public async Task<IReadOnlyList<SpecimenDto>> AliquotsOfAsync(string accession, CancellationToken ct)
    {
        var key = Normalise(accession);
        var children = await (from c in db.Set<Specimen>().AsNoTracking()
                              join p in db.Set<Specimen>().AsNoTracking() on c.ParentSpecimenId equals p.Id
                              where p.Accession == key
                              orderby c.Accession
                              select c).ToListAsync(ct);
        return [.. children.Select(c => SpecimenDto.From(c, [], key))];
    }
}
