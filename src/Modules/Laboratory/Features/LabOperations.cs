using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>A laboratory-operations answer: the value, or an HTTP status with a sentence saying what to correct.</summary>
public sealed record OpResult<T>(T? Value, int Status, string? Problem);

internal static class Op
{
    public static OpResult<T> Ok<T>(T value) => new(value, 200, null);

    public static OpResult<T> Fail<T>(int status, string problem) => new(default, status, problem);
}

public sealed record StockLotDto(Guid Id, string LotNumber, DateOnly ExpiresOn, int Quantity, bool Expired);

public sealed record StockItemDto(Guid Id, string Name, string Kind, string Unit, int ReorderLevel, int InDate, bool Reorder, IReadOnlyList<StockLotDto> Lots);

public sealed record NewStockItem(string? Name, string? Kind, string? Unit, int? ReorderLevel);

public sealed record ReceiveLot(string? LotNumber, DateOnly? ExpiresOn, int? Quantity);

public sealed record UseStock(int? Quantity, string? Reason);

public sealed record NewQcTarget(string? Analyser, string? TestCode, int? Level, decimal? Mean, decimal? Sd);

public sealed record QcTargetDto(Guid Id, string Analyser, string TestCode, int Level, decimal Mean, decimal Sd);

public sealed record RecordQc(decimal? Value, DateTime? MeasuredAt);

public sealed record QcPointDto(Guid Id, decimal Value, double Z, DateTime MeasuredAt, string RecordedBy, string Status, string Rules);

public sealed record QcSeriesDto(QcTargetDto Target, IReadOnlyList<QcPointDto> Points)
{
    /// <summary>The Levey–Jennings chart: values in run order against mean ± 1, 2, 3 SD; rejected runs marked.</summary>
    public string Chart()
    {
        var m = (double)Target.Mean;
        var sd = (double)Target.Sd;
        return SvgChart.Series(
            $"Levey–Jennings: {Target.TestCode} level {Target.Level} on {Target.Analyser}",
            [.. Points.Select(p => new ChartPoint(UkFormat.DateTime(p.MeasuredAt)[..6], (double)p.Value, p.Status != "accept"))],
            [new(m, "mean", Strong: true), new(m + sd, "+1SD"), new(m - sd, "−1SD"), new(m + (2 * sd), "+2SD"), new(m - (2 * sd), "−2SD"), new(m + (3 * sd), "+3SD"), new(m - (3 * sd), "−3SD")]);
    }
}

public sealed record NewMaintenance(string? Analyser, string? Kind, DateTime? PerformedAt, string? Notes);

public sealed record MaintenanceDto(Guid Id, string Analyser, string Kind, DateTime PerformedAt, string PerformedBy, string? Notes);

public sealed record TurnaroundDto(string TestCode, string TestName, int Count, double MedianHours, double Percentile90Hours, int TargetHours, double WithinTargetPercent);

/// <summary>
/// Running the laboratory: reagent and consumable stock by lot (never negative — the handler refuses and a CHECK
/// constraint backs it), QC results judged by the Westgard rules as they are recorded, the analyser maintenance log, and
/// turnaround times per test (receipt in the laboratory to authorisation) against the catalogue's targets. No patient
/// data here, so nothing to audit beyond who did what, which each row records.
/// </summary>
public sealed class LabOperations(InfirmaryDbContext db, ActorAccessor actors, TimeProvider clock)
{
    private string Me => StaffName.Of(actors.Current);

    public async Task<IReadOnlyList<StockItemDto>> StockAsync(CancellationToken ct)
    {
        var today = UkFormat.TodayInLondon(clock);
        var items = await db.Set<StockItem>().AsNoTracking().Include(i => i.Lots).OrderBy(i => i.Name).ToListAsync(ct);
        return [.. items.Select(i =>
        {
            var lots = i.Lots.Where(l => l.Quantity > 0).OrderBy(l => l.ExpiresOn).Select(l => new StockLotDto(l.Id, l.LotNumber, l.ExpiresOn, l.Quantity, l.ExpiresOn < today)).ToList();
            var inDate = lots.Where(l => !l.Expired).Sum(l => l.Quantity);
            return new StockItemDto(i.Id, i.Name, i.Kind, i.Unit, i.ReorderLevel, inDate, inDate <= i.ReorderLevel, lots);
        })];
    }

    public async Task<OpResult<Guid>> AddItemAsync(NewStockItem input, CancellationToken ct)
    {
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > StockItem.MaxName || input.Kind is not ("reagent" or "consumable")
            || string.IsNullOrWhiteSpace(input.Unit) || input.Unit.Length > 50 || input.ReorderLevel is not >= 0)
        {
            return Op.Fail<Guid>(400, "Give a name (up to 100 characters), kind (reagent or consumable), unit and a reorder level of 0 or more.");
        }

        var item = new StockItem { Name = name, Kind = input.Kind, Unit = input.Unit.Trim(), ReorderLevel = input.ReorderLevel.Value };
        db.Add(item);
        return await SaveAsync(item.Id, $"There is already a stock item called {name}.", ct);
    }

    public async Task<OpResult<Guid>> ReceiveAsync(Guid itemId, ReceiveLot input, CancellationToken ct)
    {
        var lot = input.LotNumber?.Trim();
        if (string.IsNullOrEmpty(lot) || lot.Length > StockLot.MaxLot || input.ExpiresOn is null || input.Quantity is not > 0)
        {
            return Op.Fail<Guid>(400, "Give the lot number, its expiry date and a quantity of at least 1.");
        }

        if (!await db.Set<StockItem>().AnyAsync(i => i.Id == itemId, ct))
        {
            return Op.Fail<Guid>(404, "There is no such stock item.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new StockLot { ItemId = itemId, LotNumber = lot, ExpiresOn = input.ExpiresOn.Value, Quantity = input.Quantity.Value, ReceivedAt = now };
        db.Add(row);
        db.Add(new StockMovement { LotId = row.Id, Change = input.Quantity.Value, At = now, By = Me, Reason = "received" });
        return await SaveAsync(row.Id, $"Lot {lot} of this item is already recorded: use it, or record stock against it.", ct);
    }

    /// <summary>Takes units from a lot. More than the lot holds is refused (409), never a negative balance.</summary>
    public async Task<OpResult<int>> UseAsync(Guid lotId, UseStock input, CancellationToken ct)
    {
        if (input.Quantity is not > 0 || input.Reason?.Length > 200)
        {
            return Op.Fail<int>(400, "Give a quantity of at least 1 (and a reason of up to 200 characters).");
        }

        var lot = await db.Set<StockLot>().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        if (lot is null)
        {
            return Op.Fail<int>(404, "There is no such lot.");
        }

        if (input.Quantity > lot.Quantity)
        {
            return Op.Fail<int>(409, $"Lot {lot.LotNumber} has only {lot.Quantity} left.");
        }

        lot.Quantity -= input.Quantity.Value;
        lot.Version++;
        db.Add(new StockMovement { LotId = lot.Id, Change = -input.Quantity.Value, At = clock.GetUtcNow().UtcDateTime, By = Me, Reason = input.Reason?.Trim() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Op.Fail<int>(409, "Someone else used this lot at the same moment: try again.");
        }

        return Op.Ok<int>(lot.Quantity);
    }

    public async Task<IReadOnlyList<QcTargetDto>> TargetsAsync(CancellationToken ct) =>
        [.. (await db.Set<QcTarget>().AsNoTracking().ToListAsync(ct)).OrderBy(t => t.Analyser).ThenBy(t => t.TestCode).ThenBy(t => t.Level).Select(Dto)];

    public async Task<OpResult<Guid>> AddTargetAsync(NewQcTarget input, CancellationToken ct)
    {
        var analyser = input.Analyser?.Trim();
        var code = input.TestCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(analyser) || analyser.Length > QcTarget.MaxAnalyser || string.IsNullOrEmpty(code)
            || input.Level is not (>= 1 and <= 3) || input.Mean is null || input.Sd is not > 0)
        {
            return Op.Fail<Guid>(400, "Give the analyser, test code, control level (1–3), target mean and an SD above 0.");
        }

        if (!await db.Set<LabTest>().AnyAsync(t => t.Code == code, ct))
        {
            return Op.Fail<Guid>(400, $"There is no test with code '{code}' in the catalogue.");
        }

        var target = new QcTarget { Analyser = analyser, TestCode = code, Level = input.Level.Value, Mean = input.Mean.Value, Sd = input.Sd.Value };
        db.Add(target);
        return await SaveAsync(target.Id, $"{analyser} already has level {input.Level} targets for {code}.", ct);
    }

    /// <summary>Records a QC value and judges it with the Westgard rules against the values before it.</summary>
    public async Task<OpResult<QcPointDto>> RecordQcAsync(Guid targetId, RecordQc input, CancellationToken ct)
    {
        var target = await db.Set<QcTarget>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == targetId, ct);
        if (target is null)
        {
            return Op.Fail<QcPointDto>(404, "There are no such QC targets.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var at = input.MeasuredAt?.ToUniversalTime() ?? now;
        if (input.Value is null || at > now.AddMinutes(5))
        {
            return Op.Fail<QcPointDto>(400, "Give the measured value (and a time that is not in the future).");
        }

        var before = (await db.Set<QcResult>().AsNoTracking().Where(r => r.TargetId == targetId && r.MeasuredAt <= at).Select(r => new { r.MeasuredAt, r.Value }).ToListAsync(ct))
            .OrderBy(r => r.MeasuredAt).TakeLast(19).Select(r => (double)r.Value).ToList();
        var judged = Westgard.Evaluate([.. before, (double)input.Value.Value], (double)target.Mean, (double)target.Sd);
        var row = new QcResult
        {
            TargetId = targetId, Value = input.Value.Value, MeasuredAt = at, RecordedBy = Me, Status = judged.Status, Rules = string.Join(", ", judged.Violations),
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return Op.Ok<QcPointDto>(new QcPointDto(row.Id, row.Value, judged.Z, row.MeasuredAt, row.RecordedBy, row.Status, row.Rules));
    }

    public async Task<QcSeriesDto?> SeriesAsync(Guid targetId, CancellationToken ct)
    {
        var target = await db.Set<QcTarget>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == targetId, ct);
        if (target is null)
        {
            return null;
        }

        var rows = (await db.Set<QcResult>().AsNoTracking().Where(r => r.TargetId == targetId).ToListAsync(ct)).OrderBy(r => r.MeasuredAt).TakeLast(60);
        return new QcSeriesDto(Dto(target), [.. rows.Select(r => new QcPointDto(r.Id, r.Value, (double)((r.Value - target.Mean) / target.Sd), r.MeasuredAt, r.RecordedBy, r.Status, r.Rules))]);
    }

    public async Task<OpResult<Guid>> LogMaintenanceAsync(NewMaintenance input, CancellationToken ct)
    {
        var analyser = input.Analyser?.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var at = input.PerformedAt?.ToUniversalTime() ?? now;
        if (string.IsNullOrEmpty(analyser) || analyser.Length > QcTarget.MaxAnalyser || !MaintenanceEntry.Kinds.Contains(input.Kind) || input.Notes?.Length > 1000 || at > now.AddMinutes(5))
        {
            return Op.Fail<Guid>(400, $"Give the analyser, the kind of maintenance ({string.Join(", ", MaintenanceEntry.Kinds)}), a time not in the future and notes of up to 1,000 characters.");
        }

        var entry = new MaintenanceEntry { Analyser = analyser, Kind = input.Kind!, PerformedAt = at, PerformedBy = Me, Notes = FreeText.Clean(input.Notes) };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return Op.Ok<Guid>(entry.Id);
    }

    public async Task<IReadOnlyList<MaintenanceDto>> MaintenanceAsync(string? analyser, CancellationToken ct) =>
        [.. (await db.Set<MaintenanceEntry>().AsNoTracking().Where(m => analyser == null || m.Analyser == analyser).ToListAsync(ct))
            .OrderByDescending(m => m.PerformedAt).Take(200).Select(m => new MaintenanceDto(m.Id, m.Analyser, m.Kind, m.PerformedAt, m.PerformedBy, m.Notes))];

    /// <summary>
    /// Turnaround per test over reports authorised in [start, end): from receipt in the laboratory to authorisation, each
    /// test counted once per specimen it was requested on. Median and 90th percentile (nearest rank) against the target.
    /// </summary>
    public async Task<IReadOnlyList<TurnaroundDto>> TurnaroundAsync(DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await (from rep in db.Set<LabReport>().AsNoTracking()
                          join s in db.Set<Domain.Specimen>().AsNoTracking() on rep.SpecimenId equals s.Id
                          join t in db.Set<OrderedTest>().AsNoTracking() on s.Id equals t.SpecimenId
                          where rep.Status == ReportStatus.Authorised && rep.AuthorisedAt >= start && rep.AuthorisedAt < end && s.ReceivedAt != null
                          select new { t.TestCode, s.ReceivedAt, rep.AuthorisedAt }).ToListAsync(ct);
        var tests = await db.Set<LabTest>().AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        return [.. rows.GroupBy(r => r.TestCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var hours = g.Select(r => (r.AuthorisedAt!.Value - r.ReceivedAt!.Value).TotalHours).Order().ToList();
            var test = tests[g.Key];
            return new TurnaroundDto(g.Key, test.Name, hours.Count, Percentile(hours, 50), Percentile(hours, 90), test.TurnaroundHours,
                Math.Round(100.0 * hours.Count(h => h <= test.TurnaroundHours) / hours.Count, 1));
        })];
    }

    /// <summary>Each turnaround (hours, ascending) of one test over reports authorised in [start, end): the distribution behind its median.</summary>
    public async Task<IReadOnlyList<double>> TurnaroundHoursAsync(string testCode, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await (from rep in db.Set<LabReport>().AsNoTracking()
                          join s in db.Set<Domain.Specimen>().AsNoTracking() on rep.SpecimenId equals s.Id
                          join t in db.Set<OrderedTest>().AsNoTracking() on s.Id equals t.SpecimenId
                          where t.TestCode == testCode && rep.Status == ReportStatus.Authorised && rep.AuthorisedAt >= start && rep.AuthorisedAt < end && s.ReceivedAt != null
                          select new { s.ReceivedAt, rep.AuthorisedAt }).ToListAsync(ct);
        return [.. rows.Select(r => Math.Round((r.AuthorisedAt!.Value - r.ReceivedAt!.Value).TotalHours, 2)).Order()];
    }

    /// <summary>
    /// A histogram of turnaround hours in bins of half the target, up to twice the target, then one bin for the rest.
    /// </summary>
    public static IReadOnlyList<ChartBar> Histogram(IReadOnlyList<double> hours, int targetHours)
    {
        var width = Math.Max(targetHours / 2.0, 0.5);
        var bars = new List<ChartBar>();
        for (var i = 0; i < 4; i++)
        {
            var (from, to) = (i * width, (i + 1) * width);
            bars.Add(new ChartBar(FormattableString.Invariant($"{from:0.#}–{to:0.#} h"), hours.Count(h => (i == 0 ? h >= from : h > from) && h <= to)));
        }

        bars.Add(new ChartBar(FormattableString.Invariant($"over {4 * width:0.#} h"), hours.Count(h => h > 4 * width)));
        return bars;
    }

    /// <summary>Nearest-rank percentile of sorted values (the 50th of an even count is the mean of the middle two).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, int p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        if (p == 50 && sorted.Count % 2 == 0)
        {
            return Math.Round((sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2, 2);
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Count) - 1], 2);
    }

    private static QcTargetDto Dto(QcTarget t) => new(t.Id, t.Analyser, t.TestCode, t.Level, t.Mean, t.Sd);

    private async Task<OpResult<Guid>> SaveAsync(Guid id, string duplicate, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Op.Ok<Guid>(id);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Op.Fail<Guid>(409, duplicate);
        }
    }
}
