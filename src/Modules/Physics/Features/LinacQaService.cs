using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Features;

/// <summary>One check's entry on a QA form or in the API body.</summary>
public sealed record QaResultInput
{
    public string? Check { get; init; }

    public Guid? BeamId { get; init; }

    /// <summary>For checks against a baseline: the measurement.</summary>
    public double? Measured { get; init; }

    public double? Baseline { get; init; }

    /// <summary>For mm and degree checks: the deviation from the expected position or angle.</summary>
    public double? Deviation { get; init; }

    /// <summary>For functional checks: true if it worked.</summary>
    public bool? Functional { get; init; }
}

public sealed record QaSessionInputs
{
    public Guid? MachineId { get; init; }

    public string? Frequency { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<QaResultInput>? Results { get; init; }
}

public sealed record RecordQaResult(LinacQaSession? Session, IDictionary<string, string[]> Errors);

public enum QaDueState
{
    Overdue,
    DueToday,
    UpToDate,
}

/// <summary>A line of the worklist: one check (on one beam) of one machine and when it is next due.</summary>
public sealed record QaDueItem(Guid MachineId, string Machine, QaCheckDefinition Check, Guid? BeamId, string BeamEnergy, DateOnly? LastDone, DateOnly? NextDue, QaDueState State);

/// <summary>
/// The linac QA schedule in the style of AAPM TG-142 (ADR 0092): sessions of daily, monthly or annual checks judged
/// against their tolerances, checked by a second person like every physics result; the worklist of checks due or
/// overdue; and each check's trend.
/// </summary>
public sealed class LinacQaService(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<RecordQaResult> RecordAsync(QaSessionInputs inputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);
        LinacMachine? machine = null;
        if (inputs.MachineId is not { } machineId || (machine = await db.Set<LinacMachine>().AsNoTracking().Include(m => m.Beams).FirstOrDefaultAsync(m => m.Id == machineId, ct)) is null)
        {
            Error("machineId", "Choose a machine that is on the register");
        }

        var frequency = (inputs.Frequency ?? string.Empty).Trim().ToLowerInvariant();
        if (!Tg142.Frequencies.Contains(frequency))
        {
            Error("frequency", "The frequency must be daily, monthly or annual");
        }

        var notes = inputs.Notes?.Trim() ?? string.Empty;
        if (notes.Length > 1000)
        {
            Error("notes", "Notes must be 1,000 characters or fewer");
        }

        var entries = inputs.Results ?? [];
        if (entries.Count == 0)
        {
            Error("results", "Enter at least one check's result");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var session = new LinacQaSession { MachineId = machine?.Id ?? Guid.Empty, Frequency = frequency, Notes = notes, PerformedAt = now };
        var seen = new HashSet<(string, Guid?)>();
        for (var i = 0; i < entries.Count && machine is not null && errors.Count == 0; i++)
        {
            var e = entries[i];
            var prefix = $"results[{i}]";
            var check = Tg142.Find(e.Check);
            if (check is null || check.Frequency != frequency)
            {
                Error($"{prefix}.check", $"'{e.Check}' is not a {frequency} check of the TG-142 schedule");
                break;
            }

            TreatmentBeam? beam = null;
            if (check.Scope == QaScope.Machine)
            {
                if (e.BeamId is not null)
                {
                    Error($"{prefix}.beamId", $"{check.Name} is a check of the machine, not of one beam");
                    break;
                }
            }
            else
            {
                var wanted = check.Scope == QaScope.EachPhotonBeam ? TreatmentBeam.Photon : TreatmentBeam.Electron;
                beam = machine.Beams.FirstOrDefault(b => b.Id == e.BeamId);
                if (beam is null || beam.Modality != wanted)
                {
                    Error($"{prefix}.beamId", $"{check.Name} is made on each {wanted} beam; choose one of {machine.Name}'s {wanted} beams");
                    break;
                }
            }

            if (!seen.Add((check.Code, beam?.Id)))
            {
                Error($"{prefix}.check", $"{check.Name}{(beam is null ? string.Empty : $" ({beam.Energy})")} is entered twice");
                break;
            }

            var result = new LinacQaResult
            {
                SessionId = session.Id, MachineId = machine.Id, Check = check.Code, BeamId = beam?.Id, BeamEnergy = beam?.Energy ?? string.Empty,
                Unit = check.Unit, Tolerance = check.Tolerance, PerformedAt = now,
            };
            switch (check.Kind)
            {
                case QaKind.PercentOfBaseline:
                    if (e.Measured is not { } m || !double.IsFinite(m))
                    {
                        Error($"{prefix}.measured", $"Enter the measurement for {check.Name}");
                    }
                    else if (e.Baseline is not { } b || !double.IsFinite(b) || b == 0)
                    {
                        Error($"{prefix}.baseline", $"Enter the baseline for {check.Name}, a number other than zero");
                    }
                    else
                    {
                        result.Measured = m;
                        result.Baseline = b;
                        result.Value = ((m / b) - 1.0) * 100.0;
                    }

                    break;
                case QaKind.Millimetres or QaKind.Degrees:
                    if (e.Deviation is not { } d || !double.IsFinite(d) || Math.Abs(d) > 1000)
                    {
                        Error($"{prefix}.deviation", $"Enter the deviation for {check.Name} in {check.Unit}");
                    }
                    else
                    {
                        result.Value = d;
                    }

                    break;
                default:
                    if (e.Functional is not { } ok)
                    {
                        Error($"{prefix}.functional", $"Say whether {check.Name} worked");
                    }
                    else
                    {
                        result.Passed = ok;
                    }

                    break;
            }

            if (result.Value is { } v)
            {
                result.Passed = Math.Abs(v) <= check.Tolerance!.Value;
            }

            session.Results.Add(result);
        }

        if (errors.Count > 0 || machine is null)
        {
            return new RecordQaResult(null, errors);
        }

        var actor = actors.Current;
        session.PerformedById = actor.Id;
        session.PerformedByName = Signature.Of(actor);
        session.AllPassed = session.Results.All(r => r.Passed);
        db.Set<LinacQaSession>().Add(session);
        audit.Add(AuditAction.Create, $"LinacQaSession/{session.Id}",
            detail: $"{machine.Name} {frequency} QA: {session.Results.Count} checks, {session.Results.Count(r => !r.Passed)} outside tolerance");
        await db.SaveChangesAsync(ct);
        session.Machine = machine;
        return new RecordQaResult(session, errors);
    }

    public Task<LinacQaSession?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<LinacQaSession>().AsNoTracking().Include(s => s.Machine).Include(s => s.Results).FirstOrDefaultAsync(s => s.Id == id, ct);

    public async Task<IReadOnlyList<LinacQaSession>> SessionsAsync(Guid machineId, int limit, CancellationToken ct) =>
        await db.Set<LinacQaSession>().AsNoTracking().Where(s => s.MachineId == machineId).OrderByDescending(s => s.PerformedAt)
            .Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);

    /// <summary>Every check of every machine (each beam for per-beam checks) with when it was last done and is next due (London dates).</summary>
    public async Task<IReadOnlyList<QaDueItem>> WorklistAsync(CancellationToken ct)
    {
        var machines = await db.Set<LinacMachine>().AsNoTracking().Include(m => m.Beams).OrderBy(m => m.Name).ToListAsync(ct);
        var last = await db.Set<LinacQaResult>().AsNoTracking()
            .GroupBy(r => new { r.MachineId, r.Check, r.BeamId })
            .Select(g => new { g.Key.MachineId, g.Key.Check, g.Key.BeamId, Last = g.Max(r => r.PerformedAt) })
            .ToListAsync(ct);
        var lookup = last.ToDictionary(l => (l.MachineId, l.Check, l.BeamId), l => l.Last);
        var today = London(clock.GetUtcNow().UtcDateTime);
        var items = new List<QaDueItem>();
        foreach (var m in machines)
        {
            foreach (var check in Tg142.Checks)
            {
                foreach (var beam in Tg142.Targets(check, m.Beams))
                {
                    DateOnly? done = lookup.TryGetValue((m.Id, check.Code, beam?.Id), out var at) ? London(at) : null;
                    DateOnly? due = done is { } d ? Tg142.NextDue(check.Frequency, d) : null;
                    var state = due is not { } n || n < today ? QaDueState.Overdue : n == today ? QaDueState.DueToday : QaDueState.UpToDate;
                    items.Add(new QaDueItem(m.Id, m.Name, check, beam?.Id, beam?.Energy ?? string.Empty, done, due, state));
                }
            }
        }

        return items;
    }

    /// <summary>A check's results on a machine (and beam), oldest first.</summary>
    public async Task<IReadOnlyList<LinacQaResult>> TrendAsync(Guid machineId, string check, Guid? beamId, CancellationToken ct) =>
        await db.Set<LinacQaResult>().AsNoTracking()
            .Where(r => r.MachineId == machineId && r.Check == check && r.BeamId == beamId)
            .OrderBy(r => r.PerformedAt).Take(1000).ToListAsync(ct);

    private static DateOnly London(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), UkFormat.London));
}
