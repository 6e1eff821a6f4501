using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Infirmary.Medicines;

/// <summary>How a coded or text medicine was understood.</summary>
/// <param name="Product">The product, when exactly one matched.</param>
/// <param name="Substances">Substances screened; empty when the input could not be resolved.</param>
/// <param name="Suggestions">Close names by edit distance, when unresolved.</param>
/// <param name="Note">Why a product could not be pinned down (e.g. no product at the stated strength).</param>
public sealed record Resolution(Product? Product, IReadOnlyList<Substance> Substances, IReadOnlyList<string> Suggestions, string? Note = null)
{
    public bool IsResolved => Substances.Count > 0;
}

/// <summary>
/// Resolves dm+d/SNOMED codes and free text ("simvastatin 40 mg tab", "Zocor 40mg", "acetaminophen") against the
/// supplied products. Text is normalised (units, dosage-form abbreviations, US names) and then matched on the
/// product name, a brand, the generic stem of a product name, or a substance name, narrowed by strength and form.
/// </summary>
internal sealed partial class NameResolver
{
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["tab"] = "tablets", ["tabs"] = "tablets", ["tablet"] = "tablets",
        ["cap"] = "capsules", ["caps"] = "capsules", ["capsule"] = "capsules",
        ["inj"] = "injection", ["susp"] = "suspension", ["soln"] = "solution", ["sol"] = "solution",
        ["mcg"] = "microgram", ["micrograms"] = "microgram", ["µg"] = "microgram", ["ug"] = "microgram",
        ["mls"] = "ml", ["gm"] = "g", ["grams"] = "g", ["milligrams"] = "mg",
    };

    private static readonly string[] FormWords =
        ["tablets", "capsules", "suspension", "solution", "injection", "infusion", "spray", "inhaler", "patch", "patches", "cream", "syrup"];

    private readonly Dictionary<string, Product> byCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Product> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Product>> byPhrase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> substanceByName;
    private readonly IReadOnlyList<Substance> substances;
    private readonly Func<Product, int[]> substanceIds;
    private readonly string[] suggestionPool;

    public NameResolver(IEnumerable<Product> products, IReadOnlyList<Substance> substances, Dictionary<string, int> substanceByName, Func<Product, int[]> substanceIds)
    {
        this.substances = substances;
        this.substanceByName = substanceByName;
        this.substanceIds = substanceIds;
        var pool = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in products)
        {
            byCode.TryAdd(p.Code, p);
            var name = Normalise(p.Name);
            byName.TryAdd(name, p);
            pool.Add(p.Name);

            // The generic stem ("co-amoxiclav", "enoxaparin sodium") is the name before the first strength.
            var stem = StemRegex().Match(name).Groups[1].Value.Trim();
            AddPhrase(stem, p);
            foreach (var brand in p.BrandNames ?? [])
            {
                AddPhrase(Normalise(brand), p);
                pool.Add(brand);
            }
        }

        foreach (var key in substanceByName.Keys)
        {
            pool.Add(key);
        }

        suggestionPool = [.. pool.Order(StringComparer.Ordinal)];
    }

    public Product? ByCode(string code) => byCode.GetValueOrDefault(code.Trim());

    public Resolution Resolve(MedicineOrder order)
    {
        if (!string.IsNullOrWhiteSpace(order.Code) && byCode.TryGetValue(order.Code.Trim(), out var coded))
        {
            return FromProduct(coded);
        }

        if (string.IsNullOrWhiteSpace(order.Text))
        {
            return new Resolution(null, [], [], $"code {order.Code} is not in the formulary");
        }

        return ResolveText(order.Text);
    }

    public Resolution ResolveText(string text)
    {
        var n = Normalise(text);
        if (byName.TryGetValue(n, out var exact))
        {
            return FromProduct(exact);
        }

        var tokens = n.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        List<Product>? candidates = null;
        int? substanceId = null;
        for (var len = Math.Min(4, tokens.Length); len >= 1 && candidates is null && substanceId is null; len--)
        {
            for (var start = 0; start + len <= tokens.Length; start++)
            {
                var phrase = string.Join(' ', tokens, start, len);
                if (byPhrase.TryGetValue(phrase, out var list))
                {
                    candidates = list;
                    break;
                }

                if (substanceByName.TryGetValue(phrase, out var sid))
                {
                    substanceId = sid;
                    break;
                }
            }
        }

        if (candidates is null && substanceId is null)
        {
            return new Resolution(null, [], Suggest(n, tokens));
        }

        candidates ??= [.. byCode.Values.Where(p => substanceIds(p) is [var only] && only == substanceId)];
        var strength = ParseStrengthMg(n);
        var filtered = candidates;
        if (strength is { } mg)
        {
            filtered = [.. filtered.Where(p => p.Ingredients.Count > 0 && Math.Abs(p.Ingredients[0].StrengthMg - mg) <= 1e-9 * Math.Max(1, mg))];
        }

        var form = FormWords.FirstOrDefault(w => tokens.Contains(w));
        if (form is not null && filtered.Count > 1)
        {
            var byForm = filtered.Where(p => Normalise(p.Name).Contains(form, StringComparison.Ordinal)).ToList();
            if (byForm.Count > 0)
            {
                filtered = byForm;
            }
        }

        if (filtered.Count == 1)
        {
            return FromProduct(filtered[0]);
        }

        // Not one product: screen the substance(s) anyway, so interactions and allergies are still caught.
        var ids = substanceId is { } one ? [one] : candidates.Count > 0 ? substanceIds(candidates[0]) : [];
        var note = strength is not null && filtered.Count == 0
            ? $"no product of this strength in the formulary; screened as {string.Join(" + ", ids.Select(i => substances[i].Name))} only"
            : null;
        return new Resolution(null, [.. ids.Select(i => substances[i])], [], note);
    }

    private Resolution FromProduct(Product p) => new(p, [.. substanceIds(p).Select(i => substances[i])], []);

    private void AddPhrase(string phrase, Product p)
    {
        if (phrase.Length == 0)
        {
            return;
        }

        if (!byPhrase.TryGetValue(phrase, out var list))
        {
            byPhrase[phrase] = list = [];
        }

        list.Add(p);
    }

    private IReadOnlyList<string> Suggest(string normalised, string[] tokens)
    {
        var scored = new List<(int Distance, string Name)>();
        foreach (var candidate in suggestionPool)
        {
            var c = candidate.ToLowerInvariant();
            var d = Levenshtein(normalised, c);
            foreach (var t in tokens)
            {
                if (t.Length >= 4 && !char.IsDigit(t[0]))
                {
                    d = Math.Min(d, Levenshtein(t, c));
                }
            }

            var limit = Math.Max(2, c.Length / 3);
            if (d <= limit)
            {
                scored.Add((d, candidate));
            }
        }

        return [.. scored.OrderBy(s => s.Distance).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Name).Distinct().Take(3)];
    }

    /// <summary>Lower case, units attached to numbers, dosage-form abbreviations expanded, US names mapped.</summary>
    internal static string Normalise(string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        var sb = new StringBuilder(lower.Length + 8);
        foreach (var ch in lower)
        {
            if (ch == '/')
            {
                sb.Append(" / "); // "500mg/125mg": each strength its own token
            }
            else
            {
                sb.Append(char.IsLetterOrDigit(ch) || ch is '.' or '-' or '\'' ? ch : ' ');
            }
        }

        // Split numbers from letters so "40mg" and "40 mg" tokenise alike, then re-join them below.
        var spaced = NumberUnitRegex().Replace(sb.ToString(), "$1 $2");
        var words = spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Abbreviations.TryGetValue(w, out var full) ? full : w)
            .ToList();
        var joined = new List<string>(words.Count);
        foreach (var w in words)
        {
            if (joined.Count > 0 && w is "mg" or "g" or "microgram" or "ml" && joined[^1].Length > 0 && char.IsDigit(joined[^1][^1]))
            {
                joined[^1] += w;
            }
            else
            {
                joined.Add(w);
            }
        }

        return string.Join(' ', joined);
    }

    internal static double? ParseStrengthMg(string normalised)
    {
        var m = StrengthRegex().Match(normalised);
        if (!m.Success)
        {
            return null;
        }

        var value = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "g" => value * 1000,
            "microgram" => value / 1000,
            _ => value,
        };
    }

    internal static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"(\d)([a-zµ]+)")]
    private static partial Regex NumberUnitRegex();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(mg|g|microgram)\b")]
    private static partial Regex StrengthRegex();

    [GeneratedRegex(@"^([^\d(]*)")]
    private static partial Regex StemRegex();
}
