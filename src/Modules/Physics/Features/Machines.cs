using System.Security.Cryptography;
using System.Text;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Features;

public sealed record MachineInputs
{
    public string? Name { get; init; }

    public string? Description { get; init; }
}

public sealed record BeamInputs
{
    public string? Energy { get; init; }

    /// <summary>"photon" or "electron".</summary>
    public string? Modality { get; init; }
}

public sealed record BeamDataImport(BeamDataSet? DataSet, IDictionary<string, string[]> Errors, bool BeamMissing = false);

/// <summary>
/// Machines (linacs), their beams and each beam's versioned commissioning data imported from CSV (ADR 0090). Adding
/// machines and beams and importing data need <see cref="Permissions.PhysicsMachines"/>; a data version is used by
/// MU checks only once a second physicist has checked it (<see cref="SecondCheck"/>).
/// </summary>
public sealed class MachineRegistry(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<(LinacMachine? Machine, IDictionary<string, string[]> Errors)> AddMachineAsync(MachineInputs inputs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = inputs.Name?.Trim() ?? string.Empty;
        var description = inputs.Description?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Enter the machine's name, up to 100 characters, for example LA3"];
        }
        else if (await db.Set<LinacMachine>().AnyAsync(m => m.Name == name, ct))
        {
            errors["name"] = [$"There is already a machine called {name}"];
        }

        if (description.Length > 200)
        {
            errors["description"] = ["The description must be 200 characters or fewer"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var machine = new LinacMachine { Name = name, Description = description, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Set<LinacMachine>().Add(machine);
        audit.Add(AuditAction.Create, $"LinacMachine/{machine.Id}", detail: machine.Name);
        await db.SaveChangesAsync(ct);
        return (machine, errors);
    }

    public async Task<(TreatmentBeam? Beam, IDictionary<string, string[]> Errors)> AddBeamAsync(Guid machineId, BeamInputs inputs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var machine = await db.Set<LinacMachine>().Include(m => m.Beams).FirstOrDefaultAsync(m => m.Id == machineId, ct);
        if (machine is null)
        {
            errors["machineId"] = ["There is no machine with this id"];
            return (null, errors);
        }

        var energy = inputs.Energy?.Trim() ?? string.Empty;
        var modality = (inputs.Modality ?? string.Empty).Trim().ToLowerInvariant();
        if (energy.Length is 0 or > 30)
        {
            errors["energy"] = ["Enter the beam's nominal energy, up to 30 characters, for example 6 MV or 9 MeV"];
        }
        else if (machine.Beams.Any(b => string.Equals(b.Energy, energy, StringComparison.OrdinalIgnoreCase)))
        {
            errors["energy"] = [$"{machine.Name} already has a {energy} beam"];
        }

        if (modality is not (TreatmentBeam.Photon or TreatmentBeam.Electron))
        {
            errors["modality"] = ["The modality must be photon or electron"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var beam = new TreatmentBeam { MachineId = machine.Id, Energy = energy, Modality = modality };
        db.Set<TreatmentBeam>().Add(beam);
        audit.Add(AuditAction.Create, $"TreatmentBeam/{beam.Id}", detail: $"{machine.Name} {energy} {modality}");
        await db.SaveChangesAsync(ct);
        beam.Machine = machine;
        return (beam, errors);
    }

    /// <summary>Imports a CSV as the beam's next data version; a file with any error is refused whole, naming line and column.</summary>
    public async Task<BeamDataImport> ImportAsync(Guid beamId, string? fileName, string? csv, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var beam = await db.Set<TreatmentBeam>().Include(b => b.Machine).FirstOrDefaultAsync(b => b.Id == beamId, ct);
        if (beam is null)
        {
            return new BeamDataImport(null, new Dictionary<string, string[]> { ["beamId"] = ["There is no beam with this id"] }, BeamMissing: true);
        }

        if (beam.Modality != TreatmentBeam.Photon)
        {
            errors["csv"] = ["Commissioning tables (Sc, Sp, PDD, TMR) are imported for photon beams; this is an electron beam"];
            return new BeamDataImport(null, errors);
        }

        var name = string.IsNullOrWhiteSpace(fileName) ? "pasted.csv" : Path.GetFileName(fileName.Trim());
        if (name.Length > 200)
        {
            errors["fileName"] = ["The file name must be 200 characters or fewer"];
            return new BeamDataImport(null, errors);
        }

        var (data, csvErrors) = CommissioningCsv.Parse(csv);
        if (data is null)
        {
            errors["csv"] = [.. csvErrors.Select(e => e.ToString())];
            return new BeamDataImport(null, errors);
        }

        var actor = actors.Current;
        var number = 1 + (await db.Set<BeamDataSet>().Where(d => d.BeamId == beamId).MaxAsync(d => (int?)d.Number, ct) ?? 0);
        var set = new BeamDataSet
        {
            BeamId = beamId, Number = number, FileName = name, Csv = csv!, Summary = data.Summary,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv!))),
            PerformedById = actor.Id, PerformedByName = Signature.Of(actor), PerformedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<BeamDataSet>().Add(set);
        audit.Add(AuditAction.Create, $"BeamDataSet/{set.Id}", detail: $"{beam.Label} data version {number}: {set.Summary}");
        await db.SaveChangesAsync(ct);
        set.Beam = beam;
        return new BeamDataImport(set, errors);
    }

    public async Task<IReadOnlyList<LinacMachine>> MachinesAsync(CancellationToken ct) =>
        await db.Set<LinacMachine>().AsNoTracking().Include(m => m.Beams).OrderBy(m => m.Name).ToListAsync(ct);

    public Task<LinacMachine?> FindMachineAsync(Guid id, CancellationToken ct) =>
        db.Set<LinacMachine>().AsNoTracking().Include(m => m.Beams).FirstOrDefaultAsync(m => m.Id == id, ct);

    public Task<TreatmentBeam?> FindBeamAsync(Guid id, CancellationToken ct) =>
        db.Set<TreatmentBeam>().AsNoTracking().Include(b => b.Machine).FirstOrDefaultAsync(b => b.Id == id, ct);

    /// <summary>A beam's data versions, newest first.</summary>
    public async Task<IReadOnlyList<BeamDataSet>> DataSetsAsync(Guid beamId, CancellationToken ct) =>
        await db.Set<BeamDataSet>().AsNoTracking().Where(d => d.BeamId == beamId).OrderByDescending(d => d.Number).ToListAsync(ct);

    public Task<BeamDataSet?> FindDataSetAsync(Guid id, CancellationToken ct) =>
        db.Set<BeamDataSet>().AsNoTracking().Include(d => d.Beam).ThenInclude(b => b!.Machine).FirstOrDefaultAsync(d => d.Id == id, ct);

    /// <summary>The newest checked data version of a beam: what an MU check uses.</summary>
    public Task<BeamDataSet?> CurrentDataSetAsync(Guid beamId, CancellationToken ct) =>
        db.Set<BeamDataSet>().AsNoTracking().Where(d => d.BeamId == beamId && d.CheckedById != null)
            .OrderByDescending(d => d.Number).FirstOrDefaultAsync(ct);

    /// <summary>Photon beams with checked data, for choosing on the MU check form.</summary>
    public async Task<IReadOnlyList<TreatmentBeam>> BeamsWithCheckedDataAsync(CancellationToken ct)
    {
        var ids = await db.Set<BeamDataSet>().AsNoTracking().Where(d => d.CheckedById != null).Select(d => d.BeamId).Distinct().ToListAsync(ct);
        return await db.Set<TreatmentBeam>().AsNoTracking().Include(b => b.Machine).Where(b => ids.Contains(b.Id))
            .OrderBy(b => b.Machine!.Name).ThenBy(b => b.Energy).ToListAsync(ct);
    }
}
