namespace Infirmary.Matching;

/// <summary>How one field of two records compared: its level, what that level means, and the weight it added.</summary>
public sealed record FieldComparison(MatchField Field, int Level, string Description, double Weight, FieldAgreement Agreement);

/// <summary>A coarse reading of a field's level, for colouring a side-by-side view.</summary>
public enum FieldAgreement
{
    /// <summary>One side or both have no value; neutral.</summary>
    Missing,

    /// <summary>The values are the same (after normalisation).</summary>
    Agree,

    /// <summary>The values are close (a slip, a nickname, the same postcode sector…).</summary>
    PartlyAgree,

    /// <summary>The values differ.</summary>
    Disagree,
}

/// <summary>A possible duplicate of a probe record, with the evidence field by field.</summary>
public sealed record MatchCandidate(
    PersonRecord Record,
    double Weight,
    double Probability,
    MatchDecision Decision,
    IReadOnlyList<FieldComparison> Fields);

/// <summary>
/// Registration-time matching: an index of existing records, searched with one new record before it is
/// saved. The probe is blocked with the same rules as a batch run (blocks above the size cap are not
/// searched), each candidate is compared field by field and scored with a fitted <see cref="MatchModel"/>,
/// and candidates at or above the model's review threshold come back best first, each field marked as
/// agreeing or not. Safe to share between threads (one lock; a search costs microseconds).
/// </summary>
public sealed class MatchIndex
{
    private readonly MatchModel model;
    private readonly MatchOptions options;
    private readonly List<PersonRecord> records = [];
    private readonly List<PreparedRecord> prepared = [];
    private readonly Dictionary<ulong, List<int>>[] blocks;
    private readonly Dictionary<string, string> pool = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public MatchIndex(MatchModel model, IEnumerable<PersonRecord>? records = null, MatchOptions? options = null)
    {
        this.model = model;
        this.options = options ?? new MatchOptions();
        blocks = this.options.BlockingRules.Select(_ => new Dictionary<ulong, List<int>>()).ToArray();
        foreach (var r in records ?? [])
        {
            Add(r);
        }
    }

    public MatchModel Model => model;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return records.Count;
            }
        }
    }

    public void Add(PersonRecord record)
    {
        lock (gate)
        {
            var p = new PreparedRecord(record, options.UseNicknames, Intern);
            var index = records.Count;
            records.Add(record);
            prepared.Add(p);
            for (var r = 0; r < blocks.Length; r++)
            {
                var key = options.BlockingRules[r].Key(p);
                if (key == 0)
                {
                    continue;
                }

                if (!blocks[r].TryGetValue(key, out var list))
                {
                    blocks[r][key] = list = [];
                }

                list.Add(index);
            }
        }
    }

    /// <summary>Existing records that may be the same person as <paramref name="probe"/>, best first.</summary>
    /// <param name="minimumWeight">Lowest weight returned; the model's review threshold when null.</param>
    public IReadOnlyList<MatchCandidate> FindCandidates(PersonRecord probe, int maxResults = 10, double? minimumWeight = null)
    {
        var p = RecordPreparer.PrepareOne(probe, options.UseNicknames);
        var floor = minimumWeight ?? model.ReviewThreshold;
        var found = new List<(int Index, double Weight, ulong Pattern)>();
        lock (gate)
        {
            var seen = new HashSet<int>();
            for (var r = 0; r < blocks.Length; r++)
            {
                var key = options.BlockingRules[r].Key(p);
                if (key == 0 || !blocks[r].TryGetValue(key, out var list) || list.Count > options.MaxBlockSize)
                {
                    continue;
                }

                foreach (var i in list)
                {
                    if (!seen.Add(i))
                    {
                        continue;
                    }

                    var pattern = RecordComparer.Compare(p, prepared[i]);
                    var w = model.Score(pattern);
                    if (w >= floor)
                    {
                        found.Add((i, w, pattern));
                    }
                }
            }

            return found
                .OrderByDescending(f => f.Weight)
                .Take(maxResults)
                .Select(f => new MatchCandidate(records[f.Index], f.Weight, model.MatchProbability(f.Weight), model.Decide(f.Weight),
                    Explain(model, f.Pattern)))
                .ToList();
        }
    }

    /// <summary>Compares two records directly (no blocking): the weight and the field-by-field evidence.</summary>
    public static MatchCandidate Compare(PersonRecord probe, PersonRecord candidate, MatchModel model, bool useNicknames = true)
    {
        var pattern = RecordComparer.Compare(RecordPreparer.PrepareOne(probe, useNicknames), RecordPreparer.PrepareOne(candidate, useNicknames));
        var w = model.Score(pattern);
        return new MatchCandidate(candidate, w, model.MatchProbability(w), model.Decide(w), Explain(model, pattern));
    }

    /// <summary>The field-by-field evidence of a scored pair from a batch run.</summary>
    public static IReadOnlyList<FieldComparison> Explain(MatchModel model, ScoredPair pair) => Explain(model, pair.Pattern);

    internal static IReadOnlyList<FieldComparison> Explain(MatchModel model, ulong pattern)
    {
        var list = new List<FieldComparison>(FieldLevels.FieldCount);
        for (var f = 0; f < FieldLevels.FieldCount; f++)
        {
            var field = (MatchField)f;
            var level = FieldLevels.Level(pattern, f);
            var agreement = level == 0 ? FieldAgreement.Missing
                : level == 1 ? FieldAgreement.Agree
                : FieldLevels.IsDisagreement(field, level) ? FieldAgreement.Disagree
                : FieldAgreement.PartlyAgree;
            list.Add(new FieldComparison(field, level, FieldLevels.Describe(field, level), model.Weight(field, level), agreement));
        }

        return list;
    }

    private string Intern(string s)
    {
        if (s.Length == 0)
        {
            return string.Empty;
        }

        if (pool.TryGetValue(s, out var existing))
        {
            return existing;
        }

        pool[s] = s;
        return s;
    }
}
