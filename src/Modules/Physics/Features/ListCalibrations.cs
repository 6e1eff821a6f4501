using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Features;

public sealed record CalibrationSummary(
    Guid Id, int Version, string Machine, string BeamEnergy, string Chamber, double DosePerMuCGy, double DeviationPercent,
    double TolerancePercent, bool Pass, string PerformedByName, DateTime PerformedAt, string? CheckedByName, DateTime? CheckedAt,
    string Protocol)
{
    public bool Final => CheckedByName is not null;
}

/// <summary>Past calibrations, newest first, optionally for one machine; and one calibration by id.</summary>
public sealed class ListCalibrations(InfirmaryDbContext db)
{
    public async Task<IReadOnlyList<CalibrationSummary>> HandleAsync(string? machine, int limit, CancellationToken ct)
    {
        var query = db.Set<Tg51Calibration>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(machine))
        {
            var m = machine.Trim();
            query = query.Where(c => c.Machine == m);
        }

        return await query.OrderByDescending(c => c.PerformedAt).Take(Math.Clamp(limit, 1, 500))
            .Select(c => new CalibrationSummary(c.Id, c.Version, c.Machine, c.BeamEnergy, c.Chamber, c.DosePerMuCGy, c.DeviationPercent,
                c.TolerancePercent, c.Pass, c.PerformedByName, c.PerformedAt, c.CheckedByName, c.CheckedAt,
                c.Modality == Tg51Calibration.ElectronModality ? c.Protocol + " electron" : c.Protocol))
            .ToListAsync(ct);
    }

    /// <summary>Results (calibrations and MU checks) still waiting for a second person that this person may check.</summary>
    public async Task<int> AwaitingCheckByAsync(string actorId, CancellationToken ct) =>
        await db.Set<Tg51Calibration>().CountAsync(c => c.CheckedById == null && c.PerformedById != actorId, ct)
        + await db.Set<MuCheck>().CountAsync(c => c.CheckedById == null && c.PerformedById != actorId, ct)
        + await db.Set<BeamDataSet>().CountAsync(c => c.CheckedById == null && c.PerformedById != actorId, ct)
        + await db.Set<LinacQaSession>().CountAsync(c => c.CheckedById == null && c.PerformedById != actorId, ct)
        + await db.Set<GammaAnalysis>().CountAsync(c => c.CheckedById == null && c.PerformedById != actorId, ct);

    public async Task<IReadOnlyList<string>> MachinesAsync(CancellationToken ct) =>
        await db.Set<Tg51Calibration>().AsNoTracking().Select(c => c.Machine).Distinct().OrderBy(m => m).ToListAsync(ct);

    public Task<Tg51Calibration?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<Tg51Calibration>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
}
