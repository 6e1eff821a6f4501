using System.Globalization;
using System.Text.RegularExpressions;

namespace Infirmary.Medicines.Dmd;

public sealed record DmdVtmRow(string File, int Line, string Code, string Name);

/// <summary>An ingredient: the substance (basis of strength when given), strength as written and the amount per unit dose.</summary>
/// <param name="AmountPerUnit">Milligrams per unit dose when <paramref name="IsMass"/>; otherwise the amount in the
/// strength's own unit (units, %), kept only so a typed strength narrows name resolution.</param>
public sealed record DmdIngredientRow(string Substance, string Strength, double AmountPerUnit, bool IsMass)
{
    /// <summary>The strength's denominator unit ("ml" in 10mg/1ml), or null for a strength per unit dose.</summary>
    public string? DenominatorUnit { get; init; }
}

public sealed record DmdVmpRow(
    string File, int Line, string Code, string Name, string? VtmCode, string Form, string Route, string UnitDose,
    int? ControlledDrugSchedule, IReadOnlyList<DmdIngredientRow> Ingredients)
{
    public string Strength => string.Join('/', Ingredients.Select(i => i.Strength));
}

public sealed record DmdAmpRow(string File, int Line, string Code, string Name, string VmpCode, string Supplier);

/// <summary>A pack (AMPP) with one of its current GTINs, written as GTIN-14; size and unit from its VMPP.</summary>
public sealed record DmdPackRow(
    string File, int Line, string Gtin, string AmppCode, string AmpCode, string Description, int Size, string Unit, string? LegalCategory);

/// <summary>
/// A dm+d release folder read into the rows the formulary keeps (NHSBSA dm+d XML, data model release 2: files
/// <c>f_lookup2_*</c>, <c>f_ingredient2_*</c>, <c>f_vtm2_*</c>, <c>f_vmp2_*</c>, <c>f_amp2_*</c>, <c>f_vmpp2_*</c>,
/// <c>f_ampp2_*</c> and the GTIN file <c>f_gtin2_*</c>). Each file is streamed; a malformed record is reported with
/// its file and line and skipped, and the run goes on. Records flagged <c>INVALID</c> are skipped silently (counted).
/// </summary>
public sealed partial class DmdRelease
{
    public List<DmdVtmRow> Vtms { get; } = [];
    public List<DmdVmpRow> Vmps { get; } = [];
    public List<DmdAmpRow> Amps { get; } = [];
    public List<DmdPackRow> Packs { get; } = [];
    public List<DmdError> Errors { get; } = [];

    /// <summary>Records skipped on purpose: flagged invalid, VMPs without a VTM (devices), packs without a current GTIN.</summary>
    public int Skipped { get; private set; }

    private static readonly Dictionary<string, double> MassToMg = new(StringComparer.OrdinalIgnoreCase)
    {
        ["g"] = 1000, ["gram"] = 1000, ["mg"] = 1, ["milligram"] = 1, ["microgram"] = 0.001, ["mcg"] = 0.001, ["nanogram"] = 0.000001,
    };

    /// <summary>Reads every dm+d file in <paramref name="folder"/>; <paramref name="progress"/> gets one line per file.</summary>
    public static DmdRelease Read(string folder, Action<string>? progress = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"folder '{folder}' does not exist");
        }

        var release = new DmdRelease();
        string[] Files(string prefix) => [.. Directory.GetFiles(folder, prefix + "*.xml").Order(StringComparer.Ordinal)];
        if (Files("f_vtm2_").Length + Files("f_vmp2_").Length == 0)
        {
            throw new FileNotFoundException($"folder '{folder}' holds no dm+d release files (f_vtm2_*.xml, f_vmp2_*.xml)");
        }

        var reader = new Reader(release, progress);
        // Dependency order: lookups and ingredient names first, the GTIN file before the packs that need it.
        (string Prefix, Action<string> Read)[] steps =
        [
            ("f_lookup2_", reader.Lookups), ("f_ingredient2_", reader.Ingredients), ("f_vtm2_", reader.VtmFile), ("f_vmp2_", reader.VmpFile),
            ("f_amp2_", reader.AmpFile), ("f_vmpp2_", reader.VmppFile), ("f_gtin2_", reader.GtinFile), ("f_ampp2_", reader.AmppFile),
        ];
        foreach (var (prefix, read) in steps)
        {
            foreach (var f in Files(prefix))
            {
                read(f);
            }
        }

        return release;
    }

    [GeneratedRegex(@"Schedule\s+([1-5])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScheduleNumber();

    /// <summary>dm+d identifiers are SNOMED CT ids: 6 to 18 digits.</summary>
    internal static bool IsSnomedId(string? s) => s is { Length: >= 6 and <= 18 } && s.All(char.IsAsciiDigit);

    /// <summary>A GTIN-8/12/13/14 with a correct check digit, written as GTIN-14; null when it is not one.</summary>
    internal static string? Gtin14(string? s)
    {
        if (s is null || s.Length is not (8 or 12 or 13 or 14) || !s.All(char.IsAsciiDigit))
        {
            return null;
        }

        var padded = s.PadLeft(14, '0');
        return Gs1.CheckDigit(padded.AsSpan(0, 13)) == padded[13] - '0' ? padded : null;
    }

    private sealed class Reader(DmdRelease release, Action<string>? progress)
    {
        private readonly Dictionary<string, Dictionary<string, string>> lookups = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> ingredientNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string VmpCode, double Quantity, string? UnitCode, string File, int Line)> vmpps = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(string Gtin, int Line, string File)>> gtins = new(StringComparer.Ordinal);

        private string Lookup(string table, string? code, string fallback) =>
            code is not null && lookups.TryGetValue(table, out var t) && t.TryGetValue(code, out var desc) ? desc : fallback;

        private IEnumerable<DmdRecord> Records(string path, params string[] names)
        {
            var file = Path.GetFileName(path);
            progress?.Invoke($"reading {file}");
            using var text = new StreamReader(path);
            foreach (var r in DmdXml.Read(text, file, new HashSet<string>(names, StringComparer.Ordinal), release.Errors.Add))
            {
                yield return r;
            }
        }

        private void Error(DmdRecord r, string message) => release.Errors.Add(new DmdError(r.File, r.Line, $"{r.Name}: {message}; record skipped"));

        private bool Invalid(DmdRecord r)
        {
            if (r["INVALID"] == "1")
            {
                release.Skipped++;
                return true;
            }

            return false;
        }

        public void Lookups(string path)
        {
            foreach (var r in Records(path, "INFO"))
            {
                if (r["CD"] is { } cd && r["DESC"] is { } desc)
                {
                    if (!lookups.TryGetValue(r.Group, out var table))
                    {
                        lookups[r.Group] = table = new Dictionary<string, string>(StringComparer.Ordinal);
                    }

                    table[cd] = desc;
                }
                else
                {
                    Error(r, $"lookup entry in {r.Group} needs CD and DESC");
                }
            }
        }

        public void Ingredients(string path)
        {
            foreach (var r in Records(path, "ING"))
            {
                if (!IsSnomedId(r["ISID"]) || r["NM"] is null)
                {
                    Error(r, "ingredient needs a numeric ISID and NM");
                    continue;
                }

                ingredientNames[r["ISID"]!] = r["NM"]!;
            }
        }

        public void VtmFile(string path)
        {
            foreach (var r in Records(path, "VTM"))
            {
                if (Invalid(r))
                {
                    continue;
                }

                if (!IsSnomedId(r["VTMID"]))
                {
                    Error(r, $"VTMID '{r["VTMID"]}' is not a dm+d identifier (6 to 18 digits)");
                }
                else if (r["NM"] is not { } name)
                {
                    Error(r, $"VTM {r["VTMID"]} has no NM");
                }
                else
                {
                    release.Vtms.Add(new DmdVtmRow(r.File, r.Line, r["VTMID"]!, name));
                }
            }
        }

        public void VmpFile(string path)
        {
            // VMPS come first in the file, then the ingredient, form, route and controlled-drug groups that refer to them.
            var vmps = new List<DmdRecord>();
            var ingredients = new Dictionary<string, List<DmdIngredientRow>>(StringComparer.Ordinal);
            var forms = new Dictionary<string, string>(StringComparer.Ordinal);
            var routes = new Dictionary<string, string>(StringComparer.Ordinal);
            var schedules = new Dictionary<string, int?>(StringComparer.Ordinal);
            var unitCodes = new Dictionary<string, (double? Udfs, string? UdfsUom)>(StringComparer.Ordinal);
            foreach (var r in Records(path, "VMP", "VPI", "DFORM", "DROUTE", "CONTROL_INFO"))
            {
                var vpid = r["VPID"];
                if (!IsSnomedId(vpid))
                {
                    Error(r, $"VPID '{vpid}' is not a dm+d identifier (6 to 18 digits)");
                    continue;
                }

                switch (r.Name)
                {
                    case "VMP":
                        if (!Invalid(r))
                        {
                            vmps.Add(r);
                        }

                        break;
                    case "VPI":
                        if (Ingredient(r) is { } ingredient)
                        {
                            if (!ingredients.TryGetValue(vpid!, out var list))
                            {
                                ingredients[vpid!] = list = [];
                            }

                            list.Add(ingredient);
                        }

                        break;
                    case "DFORM":
                        forms.TryAdd(vpid!, Lookup("FORM", r["FORMCD"], "not stated").ToLowerInvariant());
                        break;
                    case "DROUTE":
                        // A VMP may list several routes; the lowest route code is kept (the formulary holds one).
                        var route = Lookup("ROUTE", r["ROUTECD"], "not stated").ToLowerInvariant();
                        routes[vpid!] = routes.TryGetValue(vpid!, out var had) && string.CompareOrdinal(had, route) < 0 ? had : route;
                        break;
                    case "CONTROL_INFO":
                        var match = ScheduleNumber().Match(Lookup("CONTROL_DRUG_CATEGORY", r["CATCD"], string.Empty));
                        schedules[vpid!] = match.Success ? match.Groups[1].Value[0] - '0' : null;
                        break;
                }
            }

            foreach (var r in vmps)
            {
                var vpid = r["VPID"]!;
                if (r["NM"] is not { } name)
                {
                    Error(r, $"VMP {vpid} has no NM");
                    continue;
                }

                var vtm = r["VTMID"];
                if (vtm is null)
                {
                    release.Skipped++; // Devices and some combination products have no VTM; the formulary needs one.
                    continue;
                }

                if (!IsSnomedId(vtm))
                {
                    Error(r, $"VMP {vpid} has VTMID '{vtm}', not a dm+d identifier");
                    continue;
                }

                double? udfs = null;
                if (r["UDFS"] is { } udfsText)
                {
                    if (!double.TryParse(udfsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var u) || u <= 0)
                    {
                        Error(r, $"VMP {vpid} has UDFS '{udfsText}', not a positive number");
                        continue;
                    }

                    udfs = u;
                }

                var unitDose = Lookup("UNIT_OF_MEASURE", r["UNIT_DOSE_UOMCD"] ?? r["UDFS_UOMCD"], "dose");
                var list = ingredients.GetValueOrDefault(vpid) ?? [];
                unitCodes[vpid] = (udfs, r["UDFS_UOMCD"] is { } uc ? Lookup("UNIT_OF_MEASURE", uc, uc) : null);
                var perUnit = list.Select(i => PerUnitDose(i, udfs, unitCodes[vpid].UdfsUom)).ToList();
                release.Vmps.Add(new DmdVmpRow(r.File, r.Line, vpid, name, vtm, forms.GetValueOrDefault(vpid) ?? "not stated",
                    routes.GetValueOrDefault(vpid) ?? "not stated", unitDose, schedules.GetValueOrDefault(vpid), perUnit));
            }
        }

        /// <summary>
        /// One VPI. Strength is numerator (per denominator); the amount per unit dose multiplies by the unit dose form
        /// size when the denominator is in the same unit (10mg/1ml in a 2 ml ampoule is 20 mg per ampoule).
        /// </summary>
        private DmdIngredientRow? Ingredient(DmdRecord r)
        {
            var isid = r["ISID"];
            var substanceId = r["BS_SUBID"] ?? isid;
            if (substanceId is null || !ingredientNames.TryGetValue(substanceId, out var substance))
            {
                Error(r, $"ingredient ISID '{substanceId}' of VMP {r["VPID"]} is not in the ingredient file");
                return null;
            }

            if (r["STRNT_NMRTR_VAL"] is not { } numText)
            {
                Error(r, $"ingredient {substance} of VMP {r["VPID"]} has no STRNT_NMRTR_VAL");
                return null;
            }

            if (!double.TryParse(numText, NumberStyles.Float, CultureInfo.InvariantCulture, out var num) || num <= 0)
            {
                Error(r, $"ingredient {substance} of VMP {r["VPID"]} has strength '{numText}', not a positive number");
                return null;
            }

            double? den = null;
            if (r["STRNT_DNMTR_VAL"] is { } denText)
            {
                if (!double.TryParse(denText, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d <= 0)
                {
                    Error(r, $"ingredient {substance} of VMP {r["VPID"]} has denominator '{denText}', not a positive number");
                    return null;
                }

                den = d;
            }

            var numUnit = Lookup("UNIT_OF_MEASURE", r["STRNT_NMRTR_UOMCD"], "unit");
            var denUnit = den is null ? null : Lookup("UNIT_OF_MEASURE", r["STRNT_DNMTR_UOMCD"], "unit");
            var written = Number(num) + numUnit + (den is { } dv ? "/" + (dv == 1 ? string.Empty : Number(dv)) + denUnit : string.Empty);
            var isMass = MassToMg.TryGetValue(numUnit, out var factor);
            var amount = (isMass ? num * factor : num) / (den ?? 1);
            // Denominator unit is carried in the strength text; PerUnitDose applies the unit dose size.
            return new DmdIngredientRow(substance.ToLowerInvariant(), written, amount, isMass) { DenominatorUnit = denUnit };
        }

        private static DmdIngredientRow PerUnitDose(DmdIngredientRow i, double? udfs, string? udfsUnit) =>
            udfs is { } size && i.DenominatorUnit is { } den && string.Equals(den, udfsUnit, StringComparison.OrdinalIgnoreCase)
                ? i with { AmountPerUnit = i.AmountPerUnit * size }
                : i;

        public void AmpFile(string path)
        {
            foreach (var r in Records(path, "AMP"))
            {
                if (Invalid(r))
                {
                    continue;
                }

                if (!IsSnomedId(r["APID"]))
                {
                    Error(r, $"APID '{r["APID"]}' is not a dm+d identifier (6 to 18 digits)");
                }
                else if (!IsSnomedId(r["VPID"]))
                {
                    Error(r, $"AMP {r["APID"]} has VPID '{r["VPID"]}', not a dm+d identifier");
                }
                else if (r["NM"] is not { } name)
                {
                    Error(r, $"AMP {r["APID"]} has no NM");
                }
                else
                {
                    release.Amps.Add(new DmdAmpRow(r.File, r.Line, r["APID"]!, name, r["VPID"]!, Lookup("SUPPLIER", r["SUPPCD"], "Supplier not stated")));
                }
            }
        }

        public void VmppFile(string path)
        {
            foreach (var r in Records(path, "VMPP"))
            {
                if (Invalid(r))
                {
                    continue;
                }

                if (!IsSnomedId(r["VPPID"]) || !IsSnomedId(r["VPID"]))
                {
                    Error(r, $"VMPP needs numeric VPPID and VPID (got '{r["VPPID"]}', '{r["VPID"]}')");
                }
                else if (!double.TryParse(r["QTYVAL"], NumberStyles.Float, CultureInfo.InvariantCulture, out var qty) || qty <= 0)
                {
                    Error(r, $"VMPP {r["VPPID"]} has QTYVAL '{r["QTYVAL"]}', not a positive number");
                }
                else
                {
                    vmpps[r["VPPID"]!] = (r["VPID"]!, qty, r["QTY_UOMCD"], r.File, r.Line);
                }
            }
        }

        public void GtinFile(string path)
        {
            foreach (var r in Records(path, "AMPP"))
            {
                if (!IsSnomedId(r["AMPPID"]))
                {
                    Error(r, $"AMPPID '{r["AMPPID"]}' is not a dm+d identifier");
                    continue;
                }

                foreach (var g in r.Nested.Where(n => !n.ContainsKey("ENDDT") || string.IsNullOrEmpty(n["ENDDT"])))
                {
                    var raw = g.GetValueOrDefault("GTIN");
                    if (Gtin14(raw) is not { } gtin)
                    {
                        Error(r, $"GTIN '{raw}' of AMPP {r["AMPPID"]} is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)");
                        continue;
                    }

                    if (!gtins.TryGetValue(r["AMPPID"]!, out var list))
                    {
                        gtins[r["AMPPID"]!] = list = [];
                    }

                    list.Add((gtin, r.Line, r.File));
                }
            }
        }

        public void AmppFile(string path)
        {
            foreach (var r in Records(path, "AMPP"))
            {
                if (Invalid(r))
                {
                    continue;
                }

                var appid = r["APPID"];
                if (!IsSnomedId(appid) || !IsSnomedId(r["APID"]) || !IsSnomedId(r["VPPID"]))
                {
                    Error(r, $"AMPP needs numeric APPID, APID and VPPID (got '{appid}', '{r["APID"]}', '{r["VPPID"]}')");
                    continue;
                }

                if (r["NM"] is not { } name)
                {
                    Error(r, $"AMPP {appid} has no NM");
                    continue;
                }

                if (!vmpps.TryGetValue(r["VPPID"]!, out var vmpp))
                {
                    Error(r, $"AMPP {appid} refers to VMPP {r["VPPID"]}, which is not in the VMPP file");
                    continue;
                }

                if (vmpp.Quantity != Math.Floor(vmpp.Quantity) || vmpp.Quantity > int.MaxValue)
                {
                    Error(r, $"AMPP {appid}: pack quantity {Number(vmpp.Quantity)} is not a whole number of units (stock is counted in whole units)");
                    continue;
                }

                if (!gtins.TryGetValue(appid!, out var codes))
                {
                    release.Skipped++; // No current GTIN: nothing to scan, so no pack for goods receipt.
                    continue;
                }

                var unit = Lookup("UNIT_OF_MEASURE", vmpp.UnitCode, "unit");
                var legal = Lookup("LEGAL_CATEGORY", r["LEGAL_CATCD"], string.Empty);
                foreach (var (gtin, _, _) in codes)
                {
                    release.Packs.Add(new DmdPackRow(r.File, r.Line, gtin, appid!, r["APID"]!, name, (int)vmpp.Quantity, unit, LegalCategory(legal)));
                }
            }
        }

        private static string? LegalCategory(string desc) => desc.Trim().ToUpperInvariant() switch
        {
            "GSL" => "GSL",
            "P" => "P",
            "POM" => "POM",
            _ => null,
        };

        private static string Number(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
