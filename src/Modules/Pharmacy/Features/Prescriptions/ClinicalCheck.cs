using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record ItemAmendment(double? DoseMg, string? Frequency, string? Route, string? Directions, int? Quantity);

/// <summary>
/// The pharmacist's clinical check: override an alert (reason, by name), query the prescriber, amend an item
/// (re-screened at once), approve. Approval is refused while any severe or contraindicated alert has no override,
/// and by the prescription's version token if anything changed since the pharmacist read it.
/// </summary>
public sealed class ClinicalCheck(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, PrescriptionScreening screening, TimeProvider clock)
{
    public const int MinReason = 10;

    public async Task<PrescriptionResult> OverrideAsync(Guid id, Guid alertRowId, string? reason, int? expectedVersion, CancellationToken ct)
    {
        var why = reason?.Trim();
        if (why is null || why.Length < MinReason || why.Length > 1000)
        {
            return Invalid("reason", $"Give the reason for overriding this alert in {MinReason} to 1000 characters (what makes it safe for this patient).");
        }

        return await ChangeAsync(id, expectedVersion, "override", p =>
        {
            var alert = p.Alerts.FirstOrDefault(a => a.Id == alertRowId);
            if (alert is null)
            {
                return (PrescriptionOutcome.NotFound, "This prescription has no such alert.");
            }

            if (alert.Overridden)
            {
                return (PrescriptionOutcome.Conflict, $"This alert was already overridden by {alert.OverriddenByName}.");
            }

            var actor = actors.Current;
            alert.OverrideReason = why;
            alert.OverriddenById = actor.Id;
            alert.OverriddenByName = StaffName.Of(actor);
            alert.OverriddenAt = Now;
            return (PrescriptionOutcome.Done, $"{alert.Summary} — {why}");
        }, ct);
    }

    public async Task<PrescriptionResult> QueryAsync(Guid id, string? question, int? expectedVersion, CancellationToken ct)
    {
        var text = question?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 1000)
        {
            return Invalid("query", "Write the question for the prescriber (at most 1000 characters).");
        }

        return await ChangeAsync(id, expectedVersion, "query", p =>
        {
            p.Status = PrescriptionStatus.Queried;
            p.Query = text;
            return (PrescriptionOutcome.Done, text);
        }, ct);
    }

    public async Task<PrescriptionResult> AmendAsync(Guid id, Guid itemId, ItemAmendment change, string? reason, int? expectedVersion, CancellationToken ct)
    {
        var why = reason?.Trim();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(why) || why.Length > 1000)
        {
            errors["reason"] = ["Say why the item is amended (at most 1000 characters)."];
        }

        if (change.DoseMg is { } dose && (double.IsNaN(dose) || dose <= 0 || dose > WritePrescription.MaxDoseMg))
        {
            errors["doseMg"] = ["The dose must be more than 0 mg and a possible dose."];
        }

        var frequency = change.Frequency is null ? null : Frequencies.Normalise(change.Frequency);
        if (frequency is not null && !Frequencies.IsKnown(frequency))
        {
            errors["frequency"] = [$"The frequency must be one of: {string.Join(", ", Frequencies.Codes)}."];
        }

        if (change.Quantity is < 1 or > WritePrescription.MaxQuantity)
        {
            errors["quantity"] = [$"The quantity must be between 1 and {WritePrescription.MaxQuantity}."];
        }

        if (change.Directions?.Trim().Length > 500 || change.Route?.Trim().Length > 60)
        {
            errors["directions"] = ["Directions are at most 500 characters and the route at most 60."];
        }

        if (change is { DoseMg: null, Frequency: null, Route: null, Directions: null, Quantity: null })
        {
            errors["doseMg"] = ["Change at least one of dose, frequency, route, directions or quantity."];
        }

        if (errors.Count > 0)
        {
            return new PrescriptionResult(PrescriptionOutcome.Invalid, Errors: errors);
        }

        return await ChangeAsync(id, expectedVersion, "amend", p => (PrescriptionOutcome.Done, null), ct, async p =>
        {
            var item = p.Items.FirstOrDefault(i => i.Id == itemId);
            if (item is null)
            {
                return (PrescriptionOutcome.NotFound, "This prescription has no such item.");
            }

            var before = Describe(item);
            item.DoseMg = change.DoseMg ?? item.DoseMg;
            item.Frequency = frequency ?? item.Frequency;
            item.Route = string.IsNullOrWhiteSpace(change.Route) ? item.Route : change.Route.Trim();
            item.Quantity = change.Quantity ?? item.Quantity;
            item.Directions = string.IsNullOrWhiteSpace(change.Directions)
                ? (change.DoseMg is null && frequency is null ? item.Directions : WritePrescription.DefaultDirections(item.DoseMg, item.Frequency))
                : change.Directions.Trim();

            // Re-screen the amended prescription: overrides stay with alerts still raised (same engine alert id),
            // alerts no longer raised go, new ones arrive unoverridden.
            var alerts = await screening.ScreenAsync(p, CancellationToken.None);
            var keep = p.Alerts.ToDictionary(a => a.AlertId, StringComparer.Ordinal);
            var fresh = alerts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in p.Alerts.Where(a => !fresh.Contains(a.AlertId)).ToList())
            {
                p.Alerts.Remove(gone);
                db.Remove(gone);
            }

            foreach (var a in alerts.Where(a => !keep.ContainsKey(a.Id)))
            {
                var row = PrescriptionScreening.ToRow(p.Id, a);
                p.Alerts.Add(row);
                db.Add(row);
            }

            p.Status = PrescriptionStatus.AwaitingCheck;
            p.Query = null;
            return (PrescriptionOutcome.Done, $"{item.ProductName}: {before} → {Describe(item)}. Reason: {why}");
        });
    }

    public async Task<PrescriptionResult> ApproveAsync(Guid id, int? expectedVersion, CancellationToken ct) =>
        await ChangeAsync(id, expectedVersion, "approve", p =>
        {
            var open = p.Alerts.Where(a => a.NeedsOverride && !a.Overridden).ToList();
            if (open.Count > 0)
            {
                return (PrescriptionOutcome.Conflict,
                    $"Override {(open.Count == 1 ? "this alert" : $"these {open.Count} alerts")} with a reason before approving: {string.Join("; ", open.Select(a => a.Summary))}.");
            }

            var actor = actors.Current;
            p.Status = PrescriptionStatus.Approved;
            p.Query = null;
            p.CheckedById = actor.Id;
            p.CheckedByName = StaffName.Of(actor);
            p.CheckedAt = Now;
            return (PrescriptionOutcome.Done, $"{p.Alerts.Count(a => a.Overridden)} alert(s) overridden.");
        }, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Describe(PrescriptionItem i) =>
        $"{i.DoseMg.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} mg {i.Frequency} {i.Route}, {i.Quantity} {i.QuantityUnit}";

    private static PrescriptionResult Invalid(string field, string message) =>
        new(PrescriptionOutcome.Invalid, Message: message, Errors: new Dictionary<string, string[]> { [field] = [message] });

    private async Task<PrescriptionResult> ChangeAsync(
        Guid id, int? expectedVersion, string action, Func<Prescription, (PrescriptionOutcome, string?)> apply, CancellationToken ct,
        Func<Prescription, Task<(PrescriptionOutcome, string?)>>? applyAsync = null)
    {
        var p = await db.Set<Prescription>().Include(x => x.Items).Include(x => x.Alerts).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return new PrescriptionResult(PrescriptionOutcome.NotFound, Message: "There is no such prescription.");
        }

        var actor = actors.Current;
        if (p.Status == PrescriptionStatus.Approved)
        {
            return new PrescriptionResult(PrescriptionOutcome.Conflict, p, $"This prescription was already approved by {p.CheckedByName}.");
        }

        if (string.Equals(p.PrescriberId, actor.Id, StringComparison.Ordinal))
        {
            await audit.RecordAsync(AuditAction.Update, $"Prescription/{id}", p.PatientId, AuditOutcome.Denied, $"{action} refused: prescriber", ct);
            return new PrescriptionResult(PrescriptionOutcome.Conflict, p,
                "You wrote this prescription, so you cannot clinically check it: another pharmacist must.");
        }

        if (expectedVersion is { } v && v != p.Version)
        {
            return Stale(p.Version);
        }

        var (outcome, note) = applyAsync is null ? apply(p) : await applyAsync(p);
        if (outcome != PrescriptionOutcome.Done)
        {
            db.ChangeTracker.Clear();
            return new PrescriptionResult(outcome, p, note);
        }

        p.Version++;
        db.Add(new PrescriptionEvent { PrescriptionId = p.Id, Action = action, ById = actor.Id, ByName = StaffName.Of(actor), At = Now, Note = Cut(note) });
        audit.Add(AuditAction.Update, $"Prescription/{id}", p.PatientId, detail: action);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale(null);
        }

        return new PrescriptionResult(PrescriptionOutcome.Done, p);
    }

    private static string? Cut(string? s) => s is null || s.Length <= 1000 ? s : s[..1000];

    private static PrescriptionResult Stale(int? current) => new(PrescriptionOutcome.Stale, Message: current is null
        ? "Someone else changed this prescription while you were looking at it. Reload it and check it again."
        : $"Someone else changed this prescription while you were looking at it (it is now at version {current}). Reload it and check it again.");
}
