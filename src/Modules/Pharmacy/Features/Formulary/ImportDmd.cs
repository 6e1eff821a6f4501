using Infirmary.Medicines;
using Infirmary.Medicines.Dmd;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features.Formulary;

public sealed record DmdImportCounts(int Added, int Updated);

public sealed record DmdImportResult(
    DmdImportCounts Vtms, DmdImportCounts Vmps, DmdImportCounts Amps, DmdImportCounts Packs, int Skipped, IReadOnlyList<DmdError> Errors)
{
    public string Summary =>
        $"VTMs {Vtms.Added} added, {Vtms.Updated} updated; VMPs {Vmps.Added} added, {Vmps.Updated} updated; " +
        $"AMPs {Amps.Added} added, {Amps.Updated} updated; packs {Packs.Added} added, {Packs.Updated} updated; " +
        $"{Skipped} skipped (invalid, no VTM or no current GTIN); {Errors.Count} error(s).";
}

/// <summary>
/// Upserts a dm+d release folder into the formulary by dm+d identifier (VTMID, VPID, APID) and pack GTIN. The files are
/// streamed by the engine's <see cref="DmdRelease"/>; every record that cannot be stored (a malformed field, a reference
/// to a product neither in the release nor the formulary, a name another code already holds) is reported with its file
/// and line and skipped, and the run goes on. Each level is saved in its own transaction, so a re-run after a fix
/// completes the rest (the upsert is idempotent). Substances are mapped onto the screening knowledge base's names
/// (salts such as "sulfate" dropped when only the base is known) so screening works on imported products.
/// </summary>
public sealed class ImportDmd(InfirmaryDbContext db, FormularyEngine engine, AuditTrail audit)
{
    private static readonly HashSet<string> SaltWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "sulfate", "sulphate", "hydrochloride", "sodium", "potassium", "calcium", "phosphate", "besilate", "maleate",
        "trihydrate", "dihydrate", "monohydrate", "citrate", "tartrate", "fumarate", "succinate", "mesilate", "bromide",
        "acetate", "hyclate", "magnesium", "dipropionate", "propionate", "furoate", "valerate", "anhydrous",
    };

    public async Task<DmdImportResult> HandleAsync(string folder, Action<string>? progress, CancellationToken ct)
    {
        var release = DmdRelease.Read(folder, progress);
        var errors = new List<DmdError>(release.Errors);
        var kb = engine.KnowledgeBase;

        progress?.Invoke($"storing {release.Vtms.Count} VTMs");
        var vtms = await db.Set<Vtm>().ToDictionaryAsync(v => v.Code, StringComparer.Ordinal, ct);
        var vtmNames = vtms.Values.ToDictionary(v => v.Name, v => v.Code, StringComparer.OrdinalIgnoreCase);
        AdoptVtmsByName(release.Vtms, vtms, vtmNames, progress);
        var vtmCounts = Upsert(release.Vtms, vtms, r => r.Code, errors, r =>
        {
            if (r.Name.Length > 200)
            {
                return $"NM is longer than 200 characters";
            }

            return vtmNames.TryGetValue(r.Name, out var holder) && holder != r.Code
                ? $"name '{r.Name}' already belongs to VTM {holder}"
                : null;
        }, r => new Vtm { Id = Guid.NewGuid(), Code = r.Code, Name = r.Name }, (v, r) =>
        {
            vtmNames.Remove(v.Name);
            v.Name = r.Name;
        }, (v, r) => vtmNames[r.Name] = r.Code);
        await db.SaveChangesAsync(ct);

        progress?.Invoke($"storing {release.Vmps.Count} VMPs");
        var vmps = await db.Set<Vmp>().Include(v => v.Ingredients).ToDictionaryAsync(v => v.Code, StringComparer.Ordinal, ct);
        var vmpCounts = Upsert(release.Vmps, vmps, r => r.Code, errors, r => VmpProblem(r, vtms),
            r => Apply(new Vmp { Id = Guid.NewGuid(), Code = r.Code, Name = r.Name, Strength = "", Form = "", Route = "", UnitDose = "", BnfClass = "" }, r, vtms, kb),
            (v, r) => Apply(v, r, vtms, kb), null);
        await db.SaveChangesAsync(ct);

        progress?.Invoke($"storing {release.Amps.Count} AMPs");
        var amps = await db.Set<Amp>().ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
        var ampCounts = Upsert(release.Amps, amps, r => r.Code, errors, r =>
            !vmps.ContainsKey(r.VmpCode) ? $"refers to VMP {r.VmpCode}, which is neither in the release nor in the formulary"
            : r.Name.Length > 300 ? "NM is longer than 300 characters"
            : null,
            r => Apply(new Amp { Id = Guid.NewGuid(), Code = r.Code, Name = "", Brand = "", Supplier = "" }, r, vmps),
            (a, r) => Apply(a, r, vmps), null);
        await db.SaveChangesAsync(ct);

        progress?.Invoke($"storing {release.Packs.Count} packs");
        var packs = await db.Set<Pack>().ToDictionaryAsync(p => p.Gtin, StringComparer.Ordinal, ct);
        var stocked = (await db.Set<StockBatch>().Select(b => b.PackId).Distinct().ToListAsync(ct)).ToHashSet();
        var packCounts = Upsert(release.Packs, packs, r => r.Gtin, errors, r =>
            !amps.ContainsKey(r.AmpCode) ? $"refers to AMP {r.AmpCode}, which is neither in the release nor in the formulary"
            : packs.TryGetValue(r.Gtin, out var had) && had.Size != r.Size && stocked.Contains(had.Id)
                ? $"GTIN {r.Gtin} is held in stock as {had.Size} {had.Unit} per pack; the release says {r.Size}: not changed while stock is counted in its units"
            : r.Description.Length > 300 ? "NM is longer than 300 characters"
            : null,
            r => Apply(new Pack { Id = Guid.NewGuid(), Gtin = r.Gtin, Description = "", Unit = "" }, r, amps),
            (p, r) => Apply(p, r, amps), null);

        var result = new DmdImportResult(vtmCounts, vmpCounts, ampCounts, packCounts, release.Skipped, errors);
        audit.Add(AuditAction.Execute, "Formulary/dmd-import", detail: $"dm+d import from {Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}: {result.Summary}");
        await db.SaveChangesAsync(ct);
        engine.Invalidate();
        return result;
    }

    /// <summary>
    /// A VTM is the substance, and dm+d VTM names are unique: a formulary VTM with the same name under a code the release
    /// does not use (a local or fixture code) takes the release's code, so its VMPs join the imported ones.
    /// </summary>
    private static void AdoptVtmsByName(List<DmdVtmRow> rows, Dictionary<string, Vtm> vtms, Dictionary<string, string> vtmNames, Action<string>? progress)
    {
        var releaseCodes = rows.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var adopted = 0;
        foreach (var r in rows)
        {
            if (!vtms.ContainsKey(r.Code) && vtmNames.TryGetValue(r.Name, out var holder) && !releaseCodes.Contains(holder) && vtms.Remove(holder, out var vtm))
            {
                vtm.Code = r.Code;
                vtms[r.Code] = vtm;
                vtmNames[r.Name] = r.Code;
                adopted++;
            }
        }

        if (adopted > 0)
        {
            progress?.Invoke($"{adopted} formulary VTM(s) of the same name took their dm+d code");
        }
    }

    /// <summary>Adds or updates each row by key; a row with a problem is reported (file and line) and skipped.</summary>
    private DmdImportCounts Upsert<TRow, TEntity>(
        IEnumerable<TRow> rows, Dictionary<string, TEntity> existing, Func<TRow, string> key, List<DmdError> errors,
        Func<TRow, string?> problem, Func<TRow, TEntity> create, Action<TEntity, TRow> update, Action<TEntity, TRow>? after)
        where TRow : notnull
        where TEntity : class
    {
        int added = 0, updated = 0;
        foreach (var row in rows)
        {
            if (problem(row) is { } message)
            {
                var (file, line) = Where(row);
                errors.Add(new DmdError(file, line, $"{typeof(TEntity).Name.ToUpperInvariant()} {key(row)}: {message}; record skipped"));
                continue;
            }

            if (existing.TryGetValue(key(row), out var entity))
            {
                update(entity, row);
                updated++;
            }
            else
            {
                entity = create(row);
                db.Add(entity);
                existing[key(row)] = entity;
                added++;
            }

            after?.Invoke(entity, row);
        }

        return new DmdImportCounts(added, updated);
    }

    private static (string File, int Line) Where(object row) => row switch
    {
        DmdVtmRow r => (r.File, r.Line),
        DmdVmpRow r => (r.File, r.Line),
        DmdAmpRow r => (r.File, r.Line),
        DmdPackRow r => (r.File, r.Line),
        _ => ("?", 0),
    };

    private static string? VmpProblem(DmdVmpRow r, Dictionary<string, Vtm> vtms)
    {
        if (r.VtmCode is null || !vtms.ContainsKey(r.VtmCode))
        {
            return $"refers to VTM {r.VtmCode}, which is neither in the release nor in the formulary";
        }

        if (r.Name.Length > 300 || r.Strength.Length > 100 || r.Form.Length > 100 || r.Route.Length > 60 || r.UnitDose.Length > 60)
        {
            return "a name, strength, form, route or unit is longer than the formulary holds";
        }

        var duplicate = r.Ingredients.GroupBy(i => i.Substance, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"ingredient {duplicate.Key} is listed twice";
    }

    private static Vmp Apply(Vmp v, DmdVmpRow r, Dictionary<string, Vtm> vtms, KnowledgeBase kb)
    {
        v.Name = r.Name;
        v.VtmId = vtms[r.VtmCode!].Id;
        v.Strength = r.Strength;
        v.Form = r.Form;
        v.Route = r.Route;
        v.UnitDose = r.UnitDose;
        v.ControlledDrugSchedule = r.ControlledDrugSchedule;
        var substances = r.Ingredients.Select(i => SubstanceName(kb, i.Substance)).ToList();
        var first = substances.Count > 0 ? kb.FindSubstance(substances[0]) : null;
        v.BnfClass = first is { Classes.Count: > 0 } ? first.Classes[0] : (v.BnfClass is { Length: > 0 } had ? had : "Unclassified");

        // Ingredients are matched by position and updated in place, so the unique (vmp, position) index never clashes.
        for (var n = 0; n < r.Ingredients.Count; n++)
        {
            var existing = v.Ingredients.FirstOrDefault(i => i.Position == n + 1);
            if (existing is null)
            {
                v.Ingredients.Add(new VmpIngredient { Id = Guid.NewGuid(), Position = n + 1, Substance = substances[n], StrengthMg = r.Ingredients[n].AmountPerUnit });
            }
            else
            {
                existing.Substance = substances[n];
                existing.StrengthMg = r.Ingredients[n].AmountPerUnit;
            }
        }

        v.Ingredients.RemoveAll(i => i.Position > r.Ingredients.Count);
        return v;
    }

    /// <summary>The knowledge base's name for a dm+d ingredient ("Morphine sulfate" → "morphine"), else the dm+d name.</summary>
    internal static string SubstanceName(KnowledgeBase kb, string dmdName)
    {
        var words = dmdName.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0)
        {
            if (kb.FindSubstance(string.Join(' ', words)) is { } found)
            {
                return found.Name;
            }

            if (words.Count == 1 || !SaltWords.Contains(words[^1]))
            {
                break;
            }

            words.RemoveAt(words.Count - 1);
        }

        return dmdName.ToLowerInvariant();
    }

    private static Amp Apply(Amp a, DmdAmpRow r, Dictionary<string, Vmp> vmps)
    {
        a.Name = r.Name;
        a.VmpId = vmps[r.VmpCode].Id;
        a.Brand = Stem(r.Name);
        a.Supplier = r.Supplier.Length > 200 ? r.Supplier[..200] : r.Supplier;
        return a;
    }

    private static Pack Apply(Pack p, DmdPackRow r, Dictionary<string, Amp> amps)
    {
        var amp = amps[r.AmpCode];
        p.VmpId = amp.VmpId;
        p.AmpId = amp.Id;
        p.Description = r.Description;
        p.Size = r.Size;
        p.Unit = r.Unit.Length > 40 ? r.Unit[..40] : r.Unit;
        p.LegalCategory = r.LegalCategory;
        return p;
    }

    /// <summary>"Zocor 40mg tablets" → "Zocor": the words before the first one holding a digit (at most 100 characters).</summary>
    internal static string Stem(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var n = Array.FindIndex(words, w => w.Any(char.IsDigit));
        var stem = string.Join(' ', n < 0 ? words : words[..Math.Max(n, 1)]);
        return stem.Length > 100 ? stem[..100] : stem;
    }
}
