namespace Infirmary.Matching;

/// <summary>
/// Settings of a linkage run. The defaults are the configuration documented in ADR 0022; every run of the CLI
/// and every benchmark uses them unless told otherwise.
/// </summary>
public sealed record MatchOptions
{
    public IReadOnlyList<BlockingRule> BlockingRules { get; init; } = BlockingRule.Defaults;

    /// <summary>
    /// Blocks with more records than this are dropped for that rule (their pairs must be found by another
    /// rule); a block of n records costs n(n−1)/2 comparisons, so one pathological key (a default date of
    /// birth, a placeholder postcode) would otherwise dominate the run.
    /// </summary>
    public int MaxBlockSize { get; init; } = 1000;

    /// <summary>Treat known diminutives ("Bill"/"William") as close given names.</summary>
    public bool UseNicknames { get; init; } = true;

    /// <summary>Starting (or, with <see cref="EstimateParameters"/> off, final) m/u values and thresholds.</summary>
    public MatchModel? Model { get; init; }

    /// <summary>Estimate m, u and λ from the data by EM. When off, <see cref="Model"/> (or the default) is used as is.</summary>
    public bool EstimateParameters { get; init; } = true;

    /// <summary>EM settings, including fields whose m/u are fixed by the caller.</summary>
    public EmSettings Em { get; init; } = new();

    /// <summary>Random record pairs drawn to seed u (nearly all random pairs are different people).</summary>
    public int RandomPairsForU { get; init; } = 1_000_000;

    /// <summary>Fewer candidate pairs than this and EM is skipped: there is too little to estimate from.</summary>
    public int MinimumPairsForEstimation { get; init; } = 500;

    /// <summary>
    /// Match threshold in bits of match weight. When not set, the threshold is derived after estimation from
    /// <see cref="MatchProbability"/> and the estimated share of matches λ, so that it means the same thing
    /// on data sets of any size and duplicate rate (see ADR 0022).
    /// </summary>
    public double? MatchThreshold { get; init; }

    /// <summary>Lower edge of the clerical-review band in bits; derived from <see cref="ReviewProbability"/> when not set.</summary>
    public double? ReviewThreshold { get; init; }

    /// <summary>Posterior match probability at which a pair is a match (used when <see cref="MatchThreshold"/> is not set).</summary>
    public double MatchProbability { get; init; } = 0.99;

    /// <summary>Posterior match probability from which a pair goes to clerical review.</summary>
    public double ReviewProbability { get; init; } = 0.2;

    /// <summary>Seed for the random pairs; runs are deterministic for a given input and seed.</summary>
    public int Seed { get; init; } = 22;

    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Progress messages (stages and counts), for a CLI's stderr.</summary>
    public Action<string>? Log { get; init; }
}
