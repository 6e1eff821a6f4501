using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public enum ReadStatus
{
    Found,
    NotFound,
    NeedsBreakGlass,
    Denied,
}

public sealed record ReadResult(ReadStatus Status, Patient? Patient);

/// <summary>Opens one patient's record, applying the sensitive-record rule and auditing the read or the refusal.</summary>
public sealed class GetPatient(InfirmaryDbContext db, AuditTrail audit, PatientAccess access)
{
    public async Task<ReadResult> HandleAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Set<Patient>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Read, $"Patient/{id}", null, AuditOutcome.Failure, "not found", ct);
            return new ReadResult(ReadStatus.NotFound, null);
        }

        var decision = await access.DecideAsync(patient.Id, patient.Sensitive, ct);
        if (decision != PatientAccessDecision.Allowed)
        {
            await audit.RecordAsync(AuditAction.Read, $"Patient/{id}", id, AuditOutcome.Denied,
                decision == PatientAccessDecision.NeedsBreakGlass ? "restricted record: break-glass required" : "no permission", ct);
            return new ReadResult(decision == PatientAccessDecision.NeedsBreakGlass ? ReadStatus.NeedsBreakGlass : ReadStatus.Denied, null);
        }

        await audit.RecordAsync(AuditAction.Read, $"Patient/{id}", id, AuditOutcome.Success, null, ct);
        return new ReadResult(ReadStatus.Found, patient);
    }
}
