using System.Globalization;
using System.Reflection;

namespace Infirmary.Medicines;

/// <summary>An interacting pair of substances by UK name, as shipped in the knowledge base.</summary>
public sealed record SubstancePair(string A, string B);

/// <summary>A rule as loaded from data: who it is about, how serious, why, what to do, and where it comes from.</summary>
internal sealed record Rule(string Id, Severity Severity, string Mechanism, string Advice, string Source, int Priority);

internal sealed record DoseLimit(
    int SubstanceId, string Route, double AgeMin, double AgeMax, double? MaxSingleMg, double? MaxDailyMg, double? MaxMgPerKgDay, string Source);

internal sealed record RenalRule(
    string Id, int SubstanceId, bool UsesEgfr, double Below, double? MaxDailyMg, double? MaxMgPerKgDay, Severity Severity, string Advice, string Source);

/// <summary>
/// The screening knowledge base, loaded from the CSV files embedded in this assembly (Data/*.csv). Class-level rules
/// are expanded to substance pairs once, here, so screening is a dictionary lookup per pair of substances.
/// </summary>
public sealed class KnowledgeBase
{
    /// <summary>Citation for the ONC high-priority list shipped in Data/onc_high_priority_pairs.csv.</summary>
    public const string OncSource =
        "Phansalkar S et al. High-priority drug-drug interactions for use in electronic health records. " +
        "J Am Med Inform Assoc 2012;19:735-743 (ONC list; DrugBank mapping by Ayvaz S et al., J Biomed Inform 2015)";

    private readonly List<Substance> substances = [];
    private readonly Dictionary<string, int> substanceByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> classes = [];
    private readonly Dictionary<string, int> classByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> usToUk = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SubstancePair> oncPairs = [];
    private int[][] substanceClasses = [];

    internal Dictionary<long, Rule> PairRules { get; } = [];
    internal Dictionary<long, Rule> FoodRules { get; } = [];
    internal Dictionary<long, Rule> AllergyRules { get; } = [];
    internal Dictionary<string, string[]> FoodAliases { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, int> FoodIds { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal List<string> FoodNames { get; } = [];
    internal List<DoseLimit> DoseLimits { get; } = [];
    internal List<RenalRule> RenalRules { get; } = [];
    internal bool[] DuplicateClass { get; private set; } = [];

    private KnowledgeBase()
    {
    }

    /// <summary>Substances known to the rules, indexed by <see cref="Substance.Id"/>.</summary>
    public IReadOnlyList<Substance> Substances => substances;

    /// <summary>Therapeutic class names, indexed by class id.</summary>
    public IReadOnlyList<string> Classes => classes;

    /// <summary>The ONC pairs after mapping US names to UK names (for tests and reports).</summary>
    public IReadOnlyList<SubstancePair> OncPairs => oncPairs;

    /// <summary>US → UK name map (acetaminophen → paracetamol, …).</summary>
    public IReadOnlyDictionary<string, string> UsToUkNames => usToUk;

    /// <summary>Number of substance-pair interaction rules after class expansion.</summary>
    public int InteractionPairCount => PairRules.Count;

    /// <summary>Loads the knowledge base embedded in this assembly. Cheap enough to call once at start-up.</summary>
    public static KnowledgeBase LoadEmbedded()
    {
        var kb = new KnowledgeBase();
        foreach (var row in Read("classes.csv"))
        {
            var id = kb.AddClass(row[0]);
            foreach (var alias in SplitList(row[2]))
            {
                kb.classByName.TryAdd(alias, id);
            }
        }

        kb.DuplicateClass = new bool[kb.classes.Count];
        foreach (var row in Read("classes.csv"))
        {
            kb.DuplicateClass[kb.classByName[row[0]]] = row[1] == "yes";
        }

        foreach (var row in Read("us-uk-names.csv"))
        {
            kb.usToUk[row[0]] = row[1];
        }

        var classLists = new List<int[]>();
        foreach (var row in Read("substances.csv"))
        {
            var classIds = SplitList(row[2]).Select(c => kb.classByName.TryGetValue(c, out var cid)
                ? cid
                : throw new InvalidDataException($"substances.csv: unknown class '{c}' for {row[0]}")).ToArray();
            kb.AddSubstance(row[0], SplitList(row[1]), classIds, classLists);
        }

        foreach (var (us, uk) in kb.usToUk)
        {
            if (kb.substanceByName.TryGetValue(uk, out var sid))
            {
                kb.substanceByName.TryAdd(us, sid);
            }
        }

        // ONC list: every pair is severe by construction of the list (expert panel: interrupt the prescriber).
        foreach (var line in ReadLines("onc_high_priority_pairs.csv"))
        {
            var f = line.Split('$');
            if (f.Length < 3)
            {
                continue;
            }

            var a = kb.UkName(f[0]);
            var b = kb.UkName(f[2]);
            if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var ia = kb.EnsureSubstance(a, classLists);
            var ib = kb.EnsureSubstance(b, classLists);
            var (lo, hi) = ia < ib ? (a, b) : (b, a);
            kb.oncPairs.Add(new SubstancePair(a, b));
            kb.AddPair(ia, ib, new Rule(
                $"onc:{kb.substances[Math.Min(ia, ib)].Name}+{kb.substances[Math.Max(ia, ib)].Name}",
                Severity.Severe,
                $"ONC high-priority interaction between {lo} and {hi}: judged by an expert panel severe enough to interrupt the prescriber (commonly QT prolongation, serotonin syndrome, hypertensive crisis or loss/excess of effect through metabolism).",
                "Avoid the combination; if it is essential, check the SPC and BNF appendix 1 and monitor closely.",
                OncSource,
                1));
        }

        kb.substanceClasses = [.. classLists];

        foreach (var row in Read("uk-interactions.csv"))
        {
            var left = kb.Targets(row[1], "uk-interactions.csv");
            var right = kb.Targets(row[2], "uk-interactions.csv");
            var classSides = (row[1].StartsWith("class:", StringComparison.Ordinal) ? 1 : 0) + (row[2].StartsWith("class:", StringComparison.Ordinal) ? 1 : 0);
            var rule = new Rule(row[0], ParseSeverity(row[3]), row[4], row[5], row[6], classSides == 0 ? 0 : classSides + 1);
            foreach (var a in left)
            {
                foreach (var b in right)
                {
                    if (a != b)
                    {
                        kb.AddPair(a, b, rule);
                    }
                }
            }
        }

        foreach (var row in Read("food-aliases.csv"))
        {
            var foods = SplitList(row[1]).ToArray();
            foreach (var food in foods)
            {
                if (!kb.FoodIds.ContainsKey(food))
                {
                    kb.FoodIds[food] = kb.FoodNames.Count;
                    kb.FoodNames.Add(food);
                }
            }

            kb.FoodAliases[row[0]] = foods;
        }

        foreach (var row in Read("food-rules.csv"))
        {
            if (!kb.FoodIds.TryGetValue(row[1], out var foodId))
            {
                throw new InvalidDataException($"food-rules.csv: food '{row[1]}' has no alias");
            }

            var rule = new Rule(row[0], ParseSeverity(row[3]), row[4], row[5], row[6], row[2].StartsWith("class:", StringComparison.Ordinal) ? 2 : 0);
            foreach (var s in kb.Targets(row[2], "food-rules.csv"))
            {
                Keep(kb.FoodRules, DirectedKey(foodId, s), rule);
            }
        }

        foreach (var row in Read("allergy-rules.csv"))
        {
            var allergen = kb.ClassId(row[1], "allergy-rules.csv");
            var drug = kb.ClassId(row[2], "allergy-rules.csv");
            Keep(kb.AllergyRules, DirectedKey(allergen, drug), new Rule(row[0], ParseSeverity(row[3]), row[4], row[5], row[6], 0));
        }

        foreach (var row in Read("dose-limits.csv"))
        {
            kb.DoseLimits.Add(new DoseLimit(
                kb.SubstanceId(row[0], "dose-limits.csv"), row[1], Num(row[2])!.Value, Num(row[3])!.Value, Num(row[4]), Num(row[5]), Num(row[6]), row[7]));
        }

        foreach (var row in Read("renal-rules.csv"))
        {
            kb.RenalRules.Add(new RenalRule(
                row[0], kb.SubstanceId(row[1], "renal-rules.csv"), row[2] == "egfr", Num(row[3])!.Value, Num(row[4]), Num(row[5]), ParseSeverity(row[6]), row[7], row[8]));
        }

        return kb;
    }

    /// <summary>Finds a substance by UK name, synonym or US name (case-insensitive).</summary>
    public Substance? FindSubstance(string name) =>
        substanceByName.TryGetValue(name.Trim(), out var id) ? substances[id] : null;

    internal int? FindClass(string name)
    {
        var n = name.Trim();
        if (classByName.TryGetValue(n, out var id))
        {
            return id;
        }

        // Allergy records are free text: "Penicillins", "penicillin allergy".
        if (n.EndsWith('s') && classByName.TryGetValue(n[..^1], out id))
        {
            return id;
        }

        return null;
    }

    internal int[] ClassesOf(int substanceId) => substanceId < substanceClasses.Length ? substanceClasses[substanceId] : [];

    internal Dictionary<string, int> CopyNameIndex() => new(substanceByName, StringComparer.OrdinalIgnoreCase);

    internal static long Key(int a, int b) => a <= b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    internal static long DirectedKey(int a, int b) => ((long)a << 32) | (uint)b;

    internal string UkName(string name)
    {
        var trimmed = name.Trim();
        return usToUk.TryGetValue(trimmed, out var uk) ? uk : trimmed.ToLowerInvariant();
    }

    private static void Keep(Dictionary<long, Rule> rules, long key, Rule rule)
    {
        if (!rules.TryGetValue(key, out var existing) || Better(rule, existing))
        {
            rules[key] = rule;
        }
    }

    // Most severe wins; at equal severity the more specific rule (substance pair before ONC before class) gives the advice.
    internal static bool Better(Rule candidate, Rule existing) =>
        candidate.Severity != existing.Severity
            ? candidate.Severity > existing.Severity
            : candidate.Priority != existing.Priority
                ? candidate.Priority < existing.Priority
                : string.CompareOrdinal(candidate.Id, existing.Id) < 0;

    private void AddPair(int a, int b, Rule rule) => Keep(PairRules, Key(a, b), rule);

    private int AddClass(string name)
    {
        var id = classes.Count;
        classes.Add(name);
        classByName[name] = id;
        return id;
    }

    private int AddSubstance(string name, IEnumerable<string> synonyms, int[] classIds, List<int[]> classLists)
    {
        if (substanceByName.ContainsKey(name))
        {
            throw new InvalidDataException($"substances.csv: '{name}' appears twice");
        }

        var id = substances.Count;
        var synonymList = synonyms.ToArray();
        substances.Add(new Substance(id, name, synonymList, [.. classIds.Select(c => classes[c])]));
        classLists.Add(classIds);
        substanceByName[name] = id;
        foreach (var synonym in synonymList)
        {
            substanceByName.TryAdd(synonym, id);
        }

        return id;
    }

    private int EnsureSubstance(string name, List<int[]> classLists) =>
        substanceByName.TryGetValue(name, out var id) ? id : AddSubstance(name, [], [], classLists);

    private int SubstanceId(string name, string file) =>
        substanceByName.TryGetValue(name, out var id) ? id : throw new InvalidDataException($"{file}: unknown substance '{name}'");

    private int ClassId(string name, string file) =>
        classByName.TryGetValue(name, out var id) ? id : throw new InvalidDataException($"{file}: unknown class '{name}'");

    private IEnumerable<int> Targets(string target, string file)
    {
        if (target.StartsWith("class:", StringComparison.Ordinal))
        {
            var classId = ClassId(target["class:".Length..], file);
            for (var s = 0; s < substanceClasses.Length; s++)
            {
                if (Array.IndexOf(substanceClasses[s], classId) >= 0)
                {
                    yield return s;
                }
            }
        }
        else
        {
            yield return SubstanceId(target, file);
        }
    }

    private static Severity ParseSeverity(string text) => text switch
    {
        "contraindicated" => Severity.Contraindicated,
        "severe" => Severity.Severe,
        "moderate" => Severity.Moderate,
        "minor" => Severity.Minor,
        _ => throw new InvalidDataException($"unknown severity '{text}'"),
    };

    private static double? Num(string text) =>
        string.IsNullOrWhiteSpace(text) ? null : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string[] SplitList(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static IEnumerable<string> ReadLines(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Infirmary.Medicines.Data." + file)
            ?? throw new InvalidDataException($"embedded resource {file} missing");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line;
            }
        }
    }

    /// <summary>Rows of a pipe-separated data file, header skipped.</summary>
    internal static IEnumerable<string[]> Read(string file) =>
        ReadLines(file).Skip(1).Select(l => l.Split('|', StringSplitOptions.TrimEntries));
}
