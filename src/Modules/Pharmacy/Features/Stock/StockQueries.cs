using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record LocationDto(Guid Id, string Code, string Name, string Kind);

public sealed record PackDto(Guid Id, string Gtin, string Description, int Size, string Unit, string Vmp);

/// <summary>A batch as people read it: quantity in units and in whole packs, status in words.</summary>
public sealed record BatchDto(
    Guid Id,
    string BatchNumber,
    DateOnly Expiry,
    Guid PackId,
    string Gtin,
    string Product,
    int PackSize,
    string Unit,
    string LocationCode,
    string LocationName,
    int Quantity,
    bool Quarantined,
    string? QuarantineReason,
    bool Expired)
{
    /// <summary>"2 packs + 4 tablets" style, for people.</summary>
    public string InPacks => Quantity % PackSize == 0
        ? $"{Quantity / PackSize} pack{(Quantity / PackSize == 1 ? "" : "s")}"
        : $"{Quantity / PackSize} pack{(Quantity / PackSize == 1 ? "" : "s")} + {StockLedger.Units(Quantity % PackSize, Unit)}";

    public string Status => Quarantined ? "Quarantined" : Expired ? "Expired" : "Available";
}

public sealed record MovementDto(long Id, Guid BatchId, string Kind, int Change, int Balance, DateTime At, string By, string Reason, Guid? Reference);

public sealed record BatchLedger(BatchDto Batch, IReadOnlyList<MovementDto> Movements);

/// <summary>Reads of stock: locations, packs, batches and each batch's ledger.</summary>
public sealed class StockQueries(InfirmaryDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<LocationDto>> LocationsAsync(CancellationToken ct) =>
        await db.Set<StockLocation>().AsNoTracking().OrderBy(l => l.Kind == LocationKind.Store ? 0 : 1).ThenBy(l => l.Name)
            .Select(l => new LocationDto(l.Id, l.Code, l.Name, l.Kind)).ToListAsync(ct);

    public async Task<IReadOnlyList<PackDto>> PacksAsync(CancellationToken ct) =>
        await (from p in db.Set<Pack>().AsNoTracking()
               join v in db.Set<Vmp>() on p.VmpId equals v.Id
               orderby p.Description
               select new PackDto(p.Id, p.Gtin, p.Description, p.Size, p.Unit, v.Name)).ToListAsync(ct);

    /// <summary>Batches holding stock (or all, with <paramref name="includeEmpty"/>), first to expire first.</summary>
    public async Task<IReadOnlyList<BatchDto>> BatchesAsync(string? location, Guid? packId, bool includeEmpty, CancellationToken ct)
    {
        var query = Rows();
        if (!string.IsNullOrWhiteSpace(location))
        {
            var code = location.Trim().ToUpperInvariant();
            query = query.Where(r => r.Location.Code == code);
        }

        if (packId is { } pid)
        {
            query = query.Where(r => r.Batch.PackId == pid);
        }

        if (!includeEmpty)
        {
            query = query.Where(r => r.Batch.Quantity > 0);
        }

        var rows = await query.OrderBy(r => r.Batch.Expiry).ThenBy(r => r.Pack.Description).Take(1000).ToListAsync(ct);
        var today = UkFormat.TodayInLondon(clock);
        return [.. rows.Select(r => ToDto(r.Batch, r.Pack, r.Location, today))];
    }

    public async Task<BatchLedger?> BatchAsync(Guid id, CancellationToken ct)
    {
        var row = await Rows().FirstOrDefaultAsync(r => r.Batch.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var movements = await db.Set<StockMovement>().AsNoTracking().Where(m => m.BatchId == id).OrderBy(m => m.Id)
            .Select(m => new MovementDto(m.Id, m.BatchId, m.Kind, m.Change, m.Balance, m.At, m.ByName, m.Reason, m.Reference))
            .ToListAsync(ct);
        return new BatchLedger(ToDto(row.Batch, row.Pack, row.Location, UkFormat.TodayInLondon(clock)), movements);
    }

    private IQueryable<BatchRow> Rows() =>
        from b in db.Set<StockBatch>().AsNoTracking()
        join p in db.Set<Pack>() on b.PackId equals p.Id
        join l in db.Set<StockLocation>() on b.LocationId equals l.Id
        select new BatchRow { Batch = b, Pack = p, Location = l };

    private static BatchDto ToDto(StockBatch b, Pack p, StockLocation l, DateOnly today) =>
        new(b.Id, b.BatchNumber, b.Expiry, p.Id, p.Gtin, p.Description, p.Size, p.Unit, l.Code, l.Name, b.Quantity, b.Quarantined,
            b.QuarantineReason, b.IsExpired(today));

    private sealed class BatchRow
    {
        public required StockBatch Batch { get; init; }

        public required Pack Pack { get; init; }

        public required StockLocation Location { get; init; }
    }
}

/// <summary>
/// The stock screen's expiry heat map: per location, how many batches (and units) fall in each expiry band, so stock
/// about to expire is seen at a glance. Bands are written in words as well as coloured.
/// </summary>
public static class ExpiryHeatMap
{
    public sealed record Band(string Name, int MaxDays, string Colour);

    public sealed record Cell(int Batches, int Units);

    public sealed record Row(string Location, IReadOnlyList<Cell> Cells);

    /// <summary>Expired; then up to 1, 3, 6 and 12 months ahead; then later.</summary>
    public static readonly IReadOnlyList<Band> Bands =
    [
        new("Expired", -1, "#f7d4d1"),
        new("Within 1 month", 31, "#ffd3b0"),
        new("1 to 3 months", 92, "#fff2cc"),
        new("3 to 6 months", 183, "#e8f1fb"),
        new("6 to 12 months", 366, "#d9eadf"),
        new("Over 12 months", int.MaxValue, "#cce5d8"),
    ];

    public static int BandOf(DateOnly expiry, DateOnly today)
    {
        var days = expiry.DayNumber - today.DayNumber;
        for (var i = 0; i < Bands.Count; i++)
        {
            if (days <= Bands[i].MaxDays)
            {
                return i;
            }
        }

        return Bands.Count - 1;
    }

    public static IReadOnlyList<Row> Build(IEnumerable<BatchDto> batches, DateOnly today) =>
        [.. batches.Where(b => b.Quantity > 0).GroupBy(b => b.LocationName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var cells = Enumerable.Range(0, Bands.Count).Select(i =>
            {
                var inBand = g.Where(b => BandOf(b.Expiry, today) == i).ToList();
                return new Cell(inBand.Count, inBand.Sum(b => b.Quantity));
            }).ToList();
            return new Row(g.Key, cells);
        })];
}
