using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infirmary.Matching;

/// <summary>
/// The Fellegi–Sunter model: for every field and level, m = P(level | same person) and
/// u = P(level | different people). A pair's match weight is Σ log2(m/u) over its fields (missing values
/// add 0); <see cref="Lambda"/> is the prior probability that two records drawn at random are the same person,
/// which turns a weight into a match probability. Pairs at or above <see cref="MatchThreshold"/> are matches;
/// pairs at or above <see cref="ReviewThreshold"/> but below it go to clerical review. A batch run derives both
/// thresholds from posterior probabilities (<see cref="MatchOptions.MatchProbability"/>), so they are stored
/// here in bits for registration-time use.
/// </summary>
public sealed class MatchModel
{
    /// <summary>Match threshold of <see cref="Default"/> only; fitted models carry thresholds derived from probabilities.</summary>
    public const double DefaultMatchThreshold = 8.0;

    /// <summary>Review threshold of <see cref="Default"/> only.</summary>
    public const double DefaultReviewThreshold = 2.0;

    private readonly double[][] m;
    private readonly double[][] u;
    private readonly double[][] weights;

    public MatchModel(double[][] m, double[][] u, double lambda, double matchThreshold = DefaultMatchThreshold,
        double reviewThreshold = DefaultReviewThreshold)
    {
        if (m.Length != FieldLevels.FieldCount || u.Length != FieldLevels.FieldCount)
        {
            throw new ArgumentException($"m and u need one array per field ({FieldLevels.FieldCount}).");
        }

        for (var f = 0; f < FieldLevels.FieldCount; f++)
        {
            var n = FieldLevels.Count((MatchField)f);
            if (m[f].Length != n || u[f].Length != n)
            {
                throw new ArgumentException($"{(MatchField)f} needs {n} levels (missing first).");
            }
        }

        if (reviewThreshold > matchThreshold)
        {
            throw new ArgumentException("The review threshold must not be above the match threshold.");
        }

        this.m = m.Select(a => (double[])a.Clone()).ToArray();
        this.u = u.Select(a => (double[])a.Clone()).ToArray();
        Lambda = lambda;
        MatchThreshold = matchThreshold;
        ReviewThreshold = reviewThreshold;
        weights = new double[FieldLevels.FieldCount][];
        for (var f = 0; f < FieldLevels.FieldCount; f++)
        {
            weights[f] = new double[this.m[f].Length];
            for (var l = 1; l < weights[f].Length; l++)
            {
                weights[f][l] = Math.Log2(Math.Max(this.m[f][l], 1e-12) / Math.Max(this.u[f][l], 1e-12));
            }
        }
    }

    public double Lambda { get; }

    public double MatchThreshold { get; }

    public double ReviewThreshold { get; }

    public double M(MatchField field, int level) => m[(int)field][level];

    public double U(MatchField field, int level) => u[(int)field][level];

    /// <summary>log2(m/u) for one field at one level; 0 for the missing level.</summary>
    public double Weight(MatchField field, int level) => level == 0 ? 0 : weights[(int)field][level];

    internal double Score(ulong pattern)
    {
        var w = 0.0;
        for (var f = 0; f < FieldLevels.FieldCount; f++)
        {
            var level = FieldLevels.Level(pattern, f);
            if (level != 0)
            {
                w += weights[f][level];
            }
        }

        return w;
    }

    /// <summary>Posterior probability that a pair with this weight is a match, given the prior <see cref="Lambda"/>.</summary>
    public double MatchProbability(double weight)
    {
        var priorBits = Math.Log2(Lambda / (1 - Lambda));
        return 1.0 / (1.0 + Math.Pow(2, -(weight + priorBits)));
    }

    /// <summary>The match weight at which the posterior match probability reaches <paramref name="probability"/>.</summary>
    public double WeightForProbability(double probability)
    {
        probability = Math.Clamp(probability, 1e-9, 1 - 1e-9);
        return Math.Log2(probability / (1 - probability)) - Math.Log2(Lambda / (1 - Lambda));
    }

    public MatchDecision Decide(double weight) =>
        weight >= MatchThreshold ? MatchDecision.Match
        : weight >= ReviewThreshold ? MatchDecision.Review
        : MatchDecision.NonMatch;

    public MatchModel WithThresholds(double matchThreshold, double reviewThreshold) =>
        new(m, u, Lambda, matchThreshold, reviewThreshold);

    /// <summary>Replaces one field's m and u (for example from a previous run or local knowledge).</summary>
    public MatchModel WithField(MatchField field, double[] fieldM, double[] fieldU)
    {
        var newM = m.Select(a => (double[])a.Clone()).ToArray();
        var newU = u.Select(a => (double[])a.Clone()).ToArray();
        newM[(int)field] = (double[])fieldM.Clone();
        newU[(int)field] = (double[])fieldU.Clone();
        return new MatchModel(newM, newU, Lambda, MatchThreshold, ReviewThreshold);
    }

    internal double[][] CopyM() => m.Select(a => (double[])a.Clone()).ToArray();

    internal double[][] CopyU() => u.Select(a => (double[])a.Clone()).ToArray();

    /// <summary>
    /// Starting values: m from experience with demographic data (agreement is likely for the same person),
    /// u with strong agreement unlikely for different people. Seeds EM (u is then replaced by the random-pair
    /// estimate), and is used as is when there are too few candidate pairs to estimate from. Its λ is a
    /// placeholder: runs re-estimate the prior from the data.
    /// </summary>
    public static MatchModel Default()
    {
        double[] name = [0, 0.85, 0.06, 0.03, 0.02, 0.04];
        double[] nameU = [0, 0.01, 0.01, 0.02, 0.03, 0.93];
        var m = new double[FieldLevels.FieldCount][];
        var u = new double[FieldLevels.FieldCount][];
        m[(int)MatchField.GivenName] = name;
        u[(int)MatchField.GivenName] = nameU;
        m[(int)MatchField.FamilyName] = name;
        u[(int)MatchField.FamilyName] = nameU;
        m[(int)MatchField.DateOfBirth] = [0, 0.9, 0.01, 0.06, 0.03];
        u[(int)MatchField.DateOfBirth] = [0, 0.001, 0.0001, 0.02, 0.9789];
        m[(int)MatchField.Sex] = [0, 0.97, 0.03];
        u[(int)MatchField.Sex] = [0, 0.5, 0.5];
        m[(int)MatchField.Postcode] = [0, 0.85, 0.03, 0.02, 0.03, 0.07];
        u[(int)MatchField.Postcode] = [0, 0.001, 0.002, 0.01, 0.005, 0.982];
        m[(int)MatchField.HouseNumber] = [0, 0.9, 0.1];
        u[(int)MatchField.HouseNumber] = [0, 0.05, 0.95];
        m[(int)MatchField.Address] = [0, 0.8, 0.1, 0.04, 0.06];
        u[(int)MatchField.Address] = [0, 0.001, 0.003, 0.01, 0.986];
        m[(int)MatchField.Town] = [0, 0.85, 0.05, 0.03, 0.07];
        u[(int)MatchField.Town] = [0, 0.01, 0.005, 0.01, 0.975];
        m[(int)MatchField.Region] = [0, 0.95, 0.05];
        u[(int)MatchField.Region] = [0, 0.2, 0.8];
        m[(int)MatchField.NhsNumber] = [0, 0.97, 0.01, 0.02];
        u[(int)MatchField.NhsNumber] = [0, 0.0001, 0.0001, 0.9998];
        m[(int)MatchField.OtherIdentifier] = [0, 0.9, 0.03, 0.07];
        u[(int)MatchField.OtherIdentifier] = [0, 0.0001, 0.0005, 0.9994];
        m[(int)MatchField.Phone] = [0, 0.8, 0.03, 0.17];
        u[(int)MatchField.Phone] = [0, 0.0005, 0.0005, 0.999];
        m[(int)MatchField.Email] = [0, 0.8, 0.05, 0.15];
        u[(int)MatchField.Email] = [0, 0.0005, 0.001, 0.9985];
        return new MatchModel(m, u, 0.1);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The model as JSON (fields by name, levels in order), for saving and overriding by hand.</summary>
    public string ToJson()
    {
        var dto = new ModelDto
        {
            Lambda = Lambda,
            MatchThreshold = MatchThreshold,
            ReviewThreshold = ReviewThreshold,
            Fields = Enumerable.Range(0, FieldLevels.FieldCount).ToDictionary(
                f => ((MatchField)f).ToString(),
                f => new FieldDto { M = m[f], U = u[f] }),
        };
        return JsonSerializer.Serialize(dto, JsonOptions);
    }

    public static MatchModel FromJson(string json)
    {
        var dto = JsonSerializer.Deserialize<ModelDto>(json) ?? throw new FormatException("Empty model.");
        var baseline = Default();
        var m = baseline.CopyM();
        var u = baseline.CopyU();
        foreach (var (name, field) in dto.Fields ?? [])
        {
            if (!Enum.TryParse<MatchField>(name, true, out var f))
            {
                throw new FormatException($"Unknown field '{name}' in model.");
            }

            m[(int)f] = field.M ?? m[(int)f];
            u[(int)f] = field.U ?? u[(int)f];
        }

        return new MatchModel(m, u, dto.Lambda, dto.MatchThreshold, dto.ReviewThreshold);
    }

    private sealed class ModelDto
    {
        [JsonPropertyName("lambda")] public double Lambda { get; set; }
        [JsonPropertyName("matchThreshold")] public double MatchThreshold { get; set; } = DefaultMatchThreshold;
        [JsonPropertyName("reviewThreshold")] public double ReviewThreshold { get; set; } = DefaultReviewThreshold;
        [JsonPropertyName("fields")] public Dictionary<string, FieldDto>? Fields { get; set; }
    }

    private sealed class FieldDto
    {
        [JsonPropertyName("m")] public double[]? M { get; set; }
        [JsonPropertyName("u")] public double[]? U { get; set; }
    }
}

public enum MatchDecision
{
    NonMatch,
    Review,
    Match,
}
