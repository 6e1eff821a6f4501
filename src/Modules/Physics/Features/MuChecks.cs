using Infirmary.Patients;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Features;

public sealed record RecordMuCheckResult(MuCheck? Check, IDictionary<string, string[]> Errors);

/// <summary>
/// Computes an independent MU check with the engine (TG-71) and stores it against the patient, performed by the
/// signed-in physicist; final only after a different physicist's check (<see cref="SecondCheck"/>).
/// </summary>
public sealed class RecordMuCheck(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients, TimeProvider clock)
{
    public async Task<RecordMuCheckResult> HandleAsync(MuCheckInputs inputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var beamErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        BeamDataSet? dataSet = null;
        if (inputs.BeamId is { } beamId)
        {
            var beam = await db.Set<TreatmentBeam>().AsNoTracking().Include(b => b.Machine).FirstOrDefaultAsync(b => b.Id == beamId, ct);
            dataSet = beam is null ? null : await db.Set<BeamDataSet>().AsNoTracking().Where(d => d.BeamId == beamId && d.CheckedById != null)
                .OrderByDescending(d => d.Number).FirstOrDefaultAsync(ct);
            if (beam is null)
            {
                beamErrors["beamId"] = ["There is no beam with this id"];
            }
            else if (dataSet is null)
            {
                beamErrors["beamId"] = [$"{beam.Label} has no commissioning data checked by a second physicist yet"];
            }
            else
            {
                inputs = MuWorksheet.WithBeamData(inputs, beam, dataSet, beamErrors);
            }
        }
        else if (!string.IsNullOrWhiteSpace(inputs.Wedge) || !string.IsNullOrWhiteSpace(inputs.Tray))
        {
            beamErrors[string.IsNullOrWhiteSpace(inputs.Wedge) ? "tray" : "wedge"] = ["Choose a stored beam to pick a wedge or tray by name, or give its factor"];
        }

        var (figures, errors) = MuWorksheet.Calculate(inputs);
        foreach (var (field, messages) in beamErrors)
        {
            errors[field] = messages;
        }

        if (inputs.PatientId is { } pid && pid != Guid.Empty && await patients.GetBannerAsync(pid, ct) is null)
        {
            errors["patientId"] = ["There is no patient with this id"];
        }

        if (figures is null || errors.Count > 0)
        {
            return new RecordMuCheckResult(null, errors);
        }

        var actor = actors.Current;
        var check = MuCheck.Record(inputs, figures, actor.Id, Signature.Of(actor), clock.GetUtcNow().UtcDateTime);
        check.BeamDataSetId = dataSet?.Id;
        check.BeamDataNumber = dataSet?.Number;
        check.Wedge = dataSet is null ? null : inputs.Wedge?.Trim() is { Length: > 0 } w ? w : null;
        check.Tray = dataSet is null ? null : inputs.Tray?.Trim() is { Length: > 0 } t ? t : null;
        db.Set<MuCheck>().Add(check);
        audit.Add(AuditAction.Create, $"MuCheck/{check.Id}", check.PatientId,
            detail: $"{check.Machine} {check.BeamEnergy} {check.SetUp}: {check.Mu:0.0} MU vs {check.PlanningSystemMu:0.0}"
                + (check.BeamDataNumber is { } n ? $", beam data version {n}" : string.Empty));
        await db.SaveChangesAsync(ct);
        return new RecordMuCheckResult(check, errors);
    }
}

/// <summary>Reads one MU check with its patient's banner; the read of patient data is audited.</summary>
public sealed class GetMuCheck(InfirmaryDbContext db, AuditTrail audit, IPatientDirectory patients)
{
    public async Task<(MuCheck Check, PatientBannerModel? Patient)?> HandleAsync(Guid id, CancellationToken ct)
    {
        var check = await db.Set<MuCheck>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (check is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"MuCheck/{id}", check.PatientId, ct: ct);
        return (check, await patients.GetBannerAsync(check.PatientId, ct));
    }
}
