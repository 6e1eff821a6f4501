using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record FormularyBrand(string Code, string Name, string Supplier);

/// <summary>One VMP with its substance (VTM) and brands (AMPs).</summary>
public sealed record FormularyEntry(
    string Code,
    string Name,
    string Strength,
    string Form,
    string Route,
    string UnitDose,
    string BnfClass,
    string VtmCode,
    string VtmName,
    IReadOnlyList<FormularyBrand> Brands);

public sealed record FormularySearchResult(IReadOnlyList<FormularyEntry> Products, IDictionary<string, string[]> Errors, bool Truncated);

/// <summary>
/// Finds formulary products by name (generic or brand, any part, any case) and/or BNF-style class. The formulary is
/// reference data, not patient data, so searches are not audited.
/// </summary>
public sealed class SearchFormulary(InfirmaryDbContext db)
{
    public const int MaxLimit = 200;

    public async Task<FormularySearchResult> HandleAsync(string? name, string? bnfClass, int limit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        name = name?.Trim();
        bnfClass = bnfClass?.Trim();
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(bnfClass))
        {
            errors["name"] = ["Search by medicine name or BNF class, for example simvastatin or statin."];
        }

        if (name?.Length > 100 || bnfClass?.Length > 100)
        {
            errors["name"] = ["A search term must be 100 characters or fewer."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The number of results must be between 1 and {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return new FormularySearchResult([], errors, false);
        }

        var q = db.Set<Vmp>().AsNoTracking();
        if (!string.IsNullOrEmpty(name))
        {
            // Lower-cased LIKE works the same on SQLite and PostgreSQL; escape the wildcards the user typed.
            var pattern = "%" + name.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            var brandVmps = db.Set<Amp>().Where(a => EF.Functions.Like(a.Name.ToLower(), pattern, "\\")).Select(a => a.VmpId);
            var vtmIds = db.Set<Vtm>().Where(t => EF.Functions.Like(t.Name.ToLower(), pattern, "\\")).Select(t => t.Id);
            q = q.Where(v => EF.Functions.Like(v.Name.ToLower(), pattern, "\\") || brandVmps.Contains(v.Id) || vtmIds.Contains(v.VtmId));
        }

        if (!string.IsNullOrEmpty(bnfClass))
        {
            var pattern = "%" + bnfClass.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            q = q.Where(v => EF.Functions.Like(v.BnfClass.ToLower(), pattern, "\\"));
        }

        var rows = await q.OrderBy(v => v.Name).Take(limit + 1)
            .Join(db.Set<Vtm>(), v => v.VtmId, t => t.Id, (v, t) => new { Vmp = v, Vtm = t })
            .ToListAsync(ct);
        var truncated = rows.Count > limit;
        rows = [.. rows.OrderBy(r => r.Vmp.Name, StringComparer.OrdinalIgnoreCase).Take(limit)];
        var ids = rows.Select(r => r.Vmp.Id).ToList();
        var brands = (await db.Set<Amp>().AsNoTracking().Where(a => ids.Contains(a.VmpId)).ToListAsync(ct))
            .GroupBy(a => a.VmpId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
                .Select(a => new FormularyBrand(a.Code, a.Name, a.Supplier)).ToList());
        var result = rows.Select(r => new FormularyEntry(r.Vmp.Code, r.Vmp.Name, r.Vmp.Strength, r.Vmp.Form, r.Vmp.Route,
            r.Vmp.UnitDose, r.Vmp.BnfClass, r.Vtm.Code, r.Vtm.Name, brands.GetValueOrDefault(r.Vmp.Id) ?? [])).ToList();
        return new FormularySearchResult(result, errors, truncated);
    }
}
