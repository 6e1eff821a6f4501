using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public enum UpdateStatus
{
    Updated,
    Invalid,
    NotFound,
    Stale,
    DuplicateNhsNumber,
    NeedsBreakGlass,
    Denied,
}

public sealed record UpdateResult(UpdateStatus Status, Patient? Patient, IDictionary<string, string[]> Errors);

/// <summary>
/// Changes a patient's details. The caller says which version they edited; if someone else saved first the change
/// is refused (optimistic concurrency), so nobody silently overwrites another's work.
/// </summary>
public sealed class UpdatePatient(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, PatientAccess access, TimeProvider clock)
{
    public async Task<UpdateResult> HandleAsync(Guid id, int? expectedVersion, PatientDetails details, CancellationToken ct)
    {
        var errors = details.Validate(UkFormat.TodayInLondon(clock));
        if (errors.Count > 0)
        {
            return new UpdateResult(UpdateStatus.Invalid, null, errors);
        }

        var patient = await db.Set<Patient>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return new UpdateResult(UpdateStatus.NotFound, null, Empty);
        }

        var decision = await access.DecideAsync(patient.Id, patient.Sensitive, ct);
        if (decision != PatientAccessDecision.Allowed || !actors.Current.Has(Permissions.PatientsWrite))
        {
            db.ChangeTracker.Clear();
            await audit.RecordAsync(AuditAction.Update, $"Patient/{id}", id, AuditOutcome.Denied, null, ct);
            return new UpdateResult(decision == PatientAccessDecision.NeedsBreakGlass ? UpdateStatus.NeedsBreakGlass : UpdateStatus.Denied, null, Empty);
        }

        if (expectedVersion is { } v && v != patient.Version)
        {
            return Stale(patient.Version);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        patient.Apply(details);
        patient.Version++;
        patient.UpdatedAt = now;
        PatientHistory.Record(db, patient, actors.Current.Id, now);
        audit.Add(AuditAction.Update, $"Patient/{id}", id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale(null);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new UpdateResult(UpdateStatus.DuplicateNhsNumber, null,
                new Dictionary<string, string[]> { ["nhsNumber"] = ["Another patient already has this NHS number."] });
        }

        return new UpdateResult(UpdateStatus.Updated, patient, Empty);
    }

    private static readonly Dictionary<string, string[]> Empty = new();

    private static UpdateResult Stale(int? current) => new(UpdateStatus.Stale, null, new Dictionary<string, string[]>
    {
        ["version"] = [current is null
            ? "Someone else changed this record while you were editing it. Reload it and make your change again."
            : $"Someone else changed this record while you were editing it (it is now at version {current}). Reload it and make your change again."],
    });
}
