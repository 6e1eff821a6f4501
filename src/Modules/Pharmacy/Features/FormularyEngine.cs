using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Pharmacy.Features;

/// <summary>The screening engine built from the formulary, with AMP codes mapped to their VMP.</summary>
public sealed record ScreeningSnapshot(MedicinesEngine Engine, IReadOnlyDictionary<string, string> AmpToVmp, int ProductCount)
{
    /// <summary>The engine knows VMP codes; a brand (AMP) code is screened as its generic product.</summary>
    public string? VmpCode(string? code) =>
        code is null ? null : AmpToVmp.TryGetValue(code.Trim(), out var vmp) ? vmp : code.Trim();
}

/// <summary>
/// One medicines engine per process, built from the formulary tables on first use (not at start, so the database
/// may still be migrating) and rebuilt after the formulary changes. Building takes milliseconds; screening is
/// lock-free on the immutable engine. Another web node's change is seen after <see cref="Invalidate"/> runs there
/// (today: on restart) — see the report on multi-node formulary edits.
/// </summary>
public sealed class FormularyEngine(IServiceScopeFactory scopes, KnowledgeBase knowledgeBase) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile ScreeningSnapshot? current;

    public KnowledgeBase KnowledgeBase => knowledgeBase;

    public async ValueTask<ScreeningSnapshot> GetAsync(CancellationToken ct)
    {
        if (current is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (current is { } built)
            {
                return built;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var snapshot = await BuildAsync(db, knowledgeBase, ct);
            current = snapshot;
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Drops the engine; the next screening rebuilds it from the formulary.</summary>
    public void Invalidate() => current = null;

    public static async Task<ScreeningSnapshot> BuildAsync(InfirmaryDbContext db, KnowledgeBase kb, CancellationToken ct)
    {
        var vmps = await db.Set<Vmp>().AsNoTracking().Include(v => v.Ingredients).ToListAsync(ct);
        var amps = await db.Set<Amp>().AsNoTracking().ToListAsync(ct);
        var codeOfVmp = vmps.ToDictionary(v => v.Id, v => v.Code);
        var brandsOfVmp = amps.GroupBy(a => a.VmpId).ToDictionary(g => g.Key, g => g.Select(a => a.Brand).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        var products = vmps
            .Where(v => v.Ingredients.Count > 0)
            .Select(v => new Product(v.Code, v.Name, v.Form, v.Route, v.UnitDose,
                [.. v.Ingredients.OrderBy(i => i.Position).Select(i => new Ingredient(i.Substance, i.StrengthMg))],
                brandsOfVmp.GetValueOrDefault(v.Id)))
            .ToList();
        var ampToVmp = amps.Where(a => codeOfVmp.ContainsKey(a.VmpId))
            .ToDictionary(a => a.Code, a => codeOfVmp[a.VmpId], StringComparer.OrdinalIgnoreCase);
        return new ScreeningSnapshot(new MedicinesEngine(kb, products), ampToVmp, products.Count);
    }
}
