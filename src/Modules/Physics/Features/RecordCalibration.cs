using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;

namespace Infirmary.Physics.Features;

public sealed record RecordCalibrationResult(Tg51Calibration? Calibration, IDictionary<string, string[]> Errors);

/// <summary>
/// Computes a TG-51 or TRS-398 worksheet with the engine and stores it, inputs and figures together, performed by the signed-in
/// physicist. It is not final until a different physicist checks it (<see cref="CheckCalibration"/>).
/// </summary>
public sealed class RecordCalibration(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public Task<RecordCalibrationResult> HandleAsync(Tg51Inputs inputs, CancellationToken ct)
    {
        var (figures, errors) = Tg51Worksheet.Calculate(inputs);
        return SaveAsync(figures is null ? null : (id, name, at) => Tg51Calibration.Record(inputs, figures, id, name, at), errors, ct);
    }

    /// <summary>The same for an IAEA TRS-398 worksheet (ADR 0056: stored in the same table, marked by its protocol).</summary>
    public Task<RecordCalibrationResult> HandleAsync(Trs398Inputs inputs, CancellationToken ct)
    {
        var (figures, errors) = Trs398Worksheet.Calculate(inputs);
        return SaveAsync(figures is null ? null : (id, name, at) => Tg51Calibration.Record(inputs, figures, id, name, at), errors, ct);
    }

    /// <summary>The same for a TG-51 electron worksheet (ADR 0093: the same table, marked by its modality).</summary>
    public Task<RecordCalibrationResult> HandleAsync(ElectronInputs inputs, CancellationToken ct)
    {
        var (figures, errors) = ElectronWorksheet.Calculate(inputs);
        return SaveAsync(figures is null ? null : (id, name, at) => Tg51Calibration.Record(inputs, figures, id, name, at), errors, ct);
    }

    private async Task<RecordCalibrationResult> SaveAsync(
        Func<string, string, DateTime, Tg51Calibration>? record, IDictionary<string, string[]> errors, CancellationToken ct)
    {
        if (record is null)
        {
            return new RecordCalibrationResult(null, errors);
        }

        var actor = actors.Current;
        var calibration = record(actor.Id, Signature.Of(actor), clock.GetUtcNow().UtcDateTime);
        db.Set<Tg51Calibration>().Add(calibration);
        audit.Add(AuditAction.Create, $"Tg51Calibration/{calibration.Id}",
            detail: $"{calibration.ProtocolLabel} {calibration.Machine} {calibration.BeamEnergy}: {calibration.DosePerMuCGy:0.0000} cGy/MU, {(calibration.Pass ? "pass" : "fail")}");
        await db.SaveChangesAsync(ct);
        return new RecordCalibrationResult(calibration, errors);
    }
}

/// <summary>How a physicist's name is written on a result they performed or checked: "Dr Mo Ahmed (physicist)".</summary>
public static class Signature
{
    public static string Of(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var display = actor.Principal.FindFirst("display_name")?.Value;
        return string.IsNullOrWhiteSpace(display) || display == actor.Name ? actor.Name : $"{display} ({actor.Name})";
    }
}
