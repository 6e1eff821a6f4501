using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public enum RegisterStatus
{
    Created,
    Invalid,
    DuplicateNhsNumber,
}

public sealed record RegisterResult(RegisterStatus Status, Patient? Patient, IDictionary<string, string[]> Errors, Guid? ExistingId = null);

/// <summary>
/// Registers a patient. The NHS number is unique in the database, so if two clerks register the same person at the
/// same instant one succeeds and the other is told the record already exists — never two records.
/// </summary>
public sealed class RegisterPatient(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<RegisterResult> HandleAsync(PatientDetails details, CancellationToken ct)
    {
        var errors = details.Validate(UkFormat.TodayInLondon(clock));
        if (errors.Count > 0)
        {
            return new RegisterResult(RegisterStatus.Invalid, null, errors);
        }

        var nhs = NhsNumber.Normalise(details.NhsNumber);
        if (nhs is not null && await FindByNhsAsync(nhs, ct) is { } existing)
        {
            return Duplicate(existing);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var patient = new Patient { CreatedAt = now, UpdatedAt = now };
        patient.Apply(details);
        db.Set<Patient>().Add(patient);
        PatientHistory.Record(db, patient, actors.Current.Id, now);
        audit.Add(AuditAction.Create, $"Patient/{patient.Id}", patient.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Lost the race to another registration of the same NHS number: theirs stands, ours is discarded whole.
            db.ChangeTracker.Clear();
            var winner = await FindByNhsAsync(nhs!, ct);
            return Duplicate(winner ?? Guid.Empty);
        }

        return new RegisterResult(RegisterStatus.Created, patient, new Dictionary<string, string[]>());
    }

    private async Task<Guid?> FindByNhsAsync(string nhs, CancellationToken ct) =>
        await db.Set<Patient>().Where(p => p.NhsNumber == nhs).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    private static RegisterResult Duplicate(Guid existing) => new(
        RegisterStatus.DuplicateNhsNumber,
        null,
        new Dictionary<string, string[]> { ["nhsNumber"] = ["A patient with this NHS number is already registered."] },
        existing);
}
