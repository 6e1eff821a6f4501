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
/// Registers a patient and issues their hospital number. The NHS number is unique in the database, so if two clerks
/// register the same person at the same instant one succeeds and the other is told the record already exists — never
/// two records. Every way a record is created (forms, REST, FHIR, imports, other modules through this class) goes
/// through <see cref="Stage"/>, so each gets a hospital number.
/// </summary>
public sealed class RegisterPatient(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock, HospitalNumbers numbers)
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

        // Issued before the write, in its own statement: a registration refused below leaves a gap, never a duplicate.
        var hospitalNumber = (await numbers.IssueAsync(1, ct))[0];
        var now = clock.GetUtcNow().UtcDateTime;
        var patient = Stage(db, details, hospitalNumber, actors.Current.Id, now);
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

    /// <summary>Adds a new record (and its first history snapshot) to the unit of work, with the hospital number given.</summary>
    internal static Patient Stage(InfirmaryDbContext db, PatientDetails details, string hospitalNumber, string actorId, DateTime now, Guid? id = null)
    {
        var patient = new Patient { Id = id ?? Guid.NewGuid(), CreatedAt = now, UpdatedAt = now, HospitalNumber = hospitalNumber };
        patient.Apply(details);
        db.Set<Patient>().Add(patient);
        PatientHistory.Record(db, patient, actorId, now);
        return patient;
    }

    private async Task<Guid?> FindByNhsAsync(string nhs, CancellationToken ct) =>
        await db.Set<Patient>().Where(p => p.NhsNumber == nhs).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    private static RegisterResult Duplicate(Guid existing) => new(
        RegisterStatus.DuplicateNhsNumber,
        null,
        new Dictionary<string, string[]> { ["nhsNumber"] = ["A patient with this NHS number is already registered."] },
        existing);
}
