using System.Globalization;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>
/// Seeds the demo formulary from the engine's sample products. Their codes are FIXTURE codes (VMPs 91xxxxx; VTMs
/// 90xxxxx and AMPs 93xxxxx made up here), not real dm+d identifiers; the formulary page says so.
/// </summary>
public sealed class PharmacyDemoData(InfirmaryDbContext db, FormularyEngine engine)
{
    public const string FixtureNotice =
        "Demonstration formulary: product codes are made up (fixture codes 90xxxxx, 91xxxxx, 93xxxxx), not real dm+d or SNOMED CT identifiers.";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<Vmp>().AnyAsync(ct))
        {
            return;
        }

        var kb = engine.KnowledgeBase;
        var vtms = new Dictionary<string, Vtm>(StringComparer.OrdinalIgnoreCase);
        var ampNumber = 0;
        foreach (var product in SampleFormulary.Load())
        {
            var vtmName = product.Ingredients.Count == 1 ? Capitalise(product.Ingredients[0].Substance) : Stem(product.Name);
            if (!vtms.TryGetValue(vtmName, out var vtm))
            {
                vtm = new Vtm { Id = Guid.NewGuid(), Code = $"90{vtms.Count + 1:D5}", Name = vtmName };
                vtms[vtmName] = vtm;
                db.Add(vtm);
            }

            var first = kb.FindSubstance(product.Ingredients[0].Substance);
            var vmp = new Vmp
            {
                Id = Guid.NewGuid(),
                Code = product.Code,
                Name = product.Name,
                VtmId = vtm.Id,
                Strength = string.Join('/', product.Ingredients.Select(i => Strength(i.StrengthMg))),
                Form = product.Form,
                Route = product.Route,
                UnitDose = product.UnitDose,
                BnfClass = first is { Classes.Count: > 0 } ? first.Classes[0] : "Unclassified",
                Ingredients = [.. product.Ingredients.Select((i, n) => new VmpIngredient
                {
                    Id = Guid.NewGuid(), Position = n + 1, Substance = i.Substance, StrengthMg = i.StrengthMg,
                })],
            };
            db.Add(vmp);
            var generic = product.Name[Stem(product.Name).Length..].Trim();
            foreach (var brand in product.BrandNames ?? [])
            {
                ampNumber++;
                db.Add(new Amp
                {
                    Id = Guid.NewGuid(),
                    Code = $"93{ampNumber:D5}",
                    Name = $"{brand} {generic}".Trim(),
                    Brand = brand,
                    Supplier = "Demonstration supplier",
                    VmpId = vmp.Id,
                });
            }
        }

        await db.SaveChangesAsync(ct);
        engine.Invalidate();
    }

    /// <summary>"Co-amoxiclav 500mg/125mg tablets" → "Co-amoxiclav": the words before the first one holding a digit.</summary>
    private static string Stem(string name)
    {
        var words = name.Split(' ');
        var n = Array.FindIndex(words, w => w.Any(char.IsDigit));
        return string.Join(' ', n < 0 ? words : words[..Math.Max(n, 1)]);
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Strength(double mg) => mg < 1
        ? (mg * 1000).ToString("0.###", CultureInfo.InvariantCulture) + "microgram"
        : mg.ToString("0.###", CultureInfo.InvariantCulture) + "mg";
}
