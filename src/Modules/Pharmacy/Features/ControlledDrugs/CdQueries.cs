using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>A register page (drug, strength, form at a location) with its balance checked against the batch stock.</summary>
public sealed record CdBalance(
    Guid VmpId, string Drug, string Strength, string Form, string LocationCode, string LocationName, string Unit,
    int RegisterBalance, int StockBalance)
{
    public bool Balanced => RegisterBalance == StockBalance;
}

public sealed record CdEntryDto(
    long Id, DateTime At, string Kind, int Change, int Balance, string Unit, string BatchNumber, string By, string Witness, string Detail, Guid? Reference);

/// <summary>Read-only views of the controlled drugs register.</summary>
public sealed class CdQueries(InfirmaryDbContext db)
{
    /// <summary>Every register page with its running balance and the stock the batches hold (balance check).</summary>
    public async Task<IReadOnlyList<CdBalance>> BalancesAsync(CancellationToken ct)
    {
        var lasts = await db.Set<CdRegisterEntry>().AsNoTracking()
            .GroupBy(e => new { e.VmpId, e.LocationId })
            .Select(g => g.OrderByDescending(e => e.Id).First())
            .ToListAsync(ct);
        var locations = await db.Set<StockLocation>().AsNoTracking().ToDictionaryAsync(l => l.Id, ct);
        var stock = await (
            from b in db.Set<StockBatch>().AsNoTracking()
            join p in db.Set<Pack>() on b.PackId equals p.Id
            join v in db.Set<Vmp>() on p.VmpId equals v.Id
            where v.ControlledDrugSchedule == 2
            group b by new { p.VmpId, b.LocationId } into g
            select new { g.Key.VmpId, g.Key.LocationId, Quantity = g.Sum(b => b.Quantity) }).ToListAsync(ct);
        return [.. lasts.Select(e => new CdBalance(e.VmpId, e.Drug, e.Strength, e.Form, locations[e.LocationId].Code, locations[e.LocationId].Name, e.Unit,
                e.Balance, stock.FirstOrDefault(s => s.VmpId == e.VmpId && s.LocationId == e.LocationId)?.Quantity ?? 0))
            .OrderBy(b => b.Drug, StringComparer.Ordinal).ThenBy(b => b.LocationName, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<CdEntryDto>> EntriesAsync(Guid vmpId, string locationCode, CancellationToken ct)
    {
        var code = locationCode.Trim().ToUpperInvariant();
        return await (
            from e in db.Set<CdRegisterEntry>().AsNoTracking()
            join l in db.Set<StockLocation>() on e.LocationId equals l.Id
            where e.VmpId == vmpId && l.Code == code
            orderby e.Id
            select new CdEntryDto(e.Id, e.At, e.Kind, e.Change, e.Balance, e.Unit, e.BatchNumber, e.ByName, e.WitnessName, e.Detail, e.Reference))
            .Take(5000).ToListAsync(ct);
    }
}
