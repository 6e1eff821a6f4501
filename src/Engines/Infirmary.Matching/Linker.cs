using System.Diagnostics;

namespace Infirmary.Matching;

/// <summary>A compared pair: indexes into the input list(s), its match weight and the decision.</summary>
public readonly record struct ScoredPair(int Left, int Right, double Weight, MatchDecision Decision)
{
    internal ulong Pattern { get; init; }

    /// <summary>The comparison level of each field for this pair (level 0 = missing).</summary>
    public int Level(MatchField field) => FieldLevels.Level(Pattern, (int)field);
}

/// <summary>What one run did, for logs and benchmarks.</summary>
public sealed record LinkageStatistics(
    int Records,
    long CandidatePairs,
    int DistinctPatterns,
    IReadOnlyList<BlockingRuleStats> Blocking,
    int EmIterations,
    bool EmConverged,
    TimeSpan Preparation,
    TimeSpan Comparison,
    TimeSpan Estimation,
    TimeSpan Scoring)
{
    public TimeSpan Total => Preparation + Comparison + Estimation + Scoring;

    public double CandidatePairsPerSecond => Comparison.TotalSeconds > 0 ? CandidatePairs / Comparison.TotalSeconds : 0;
}

public sealed record DedupeResult(
    MatchModel Model,
    IReadOnlyList<ScoredPair> Pairs,
    int[] ClusterOf,
    int ClusterCount,
    LinkageStatistics Statistics)
{
    /// <summary>Pairs at or above the match threshold.</summary>
    public IEnumerable<ScoredPair> Matches => Pairs.Where(p => p.Decision == MatchDecision.Match);

    /// <summary>Pairs in the clerical-review band, highest weight first: the duplicate worklist.</summary>
    public IEnumerable<ScoredPair> ReviewList => Pairs.Where(p => p.Decision == MatchDecision.Review).OrderByDescending(p => p.Weight);
}

public sealed record LinkResult(MatchModel Model, IReadOnlyList<ScoredPair> Pairs, LinkageStatistics Statistics)
{
    public IEnumerable<ScoredPair> Matches => Pairs.Where(p => p.Decision == MatchDecision.Match);
}

/// <summary>
/// Batch record linkage: deduplicate one set of records, or link two. Both run the same pipeline — prepare
/// (normalise) records, block and compare candidate pairs, estimate m/u/λ by EM on the histogram of
/// comparison patterns (u seeded from random pairs), score, and (dedupe) cluster.
/// </summary>
public static class Linker
{
    /// <summary>Finds duplicates within <paramref name="records"/>. Result pairs hold every candidate at or above the review threshold.</summary>
    public static DedupeResult Dedupe(IReadOnlyList<PersonRecord> records, MatchOptions? options = null)
    {
        options ??= new MatchOptions();
        var run = Run(records, null, options);
        var sw = Stopwatch.StartNew();
        var clusters = Clustering.ConnectedComponents(records.Count, run.Pairs);
        options.Log?.Invoke($"clustered into {clusters.Count:N0} groups ({sw.Elapsed.TotalSeconds:0.00} s)");
        var stats = run.Stats with { Scoring = run.Stats.Scoring + sw.Elapsed };
        return new DedupeResult(run.Model, run.Pairs, clusters.ClusterOf, clusters.Count, stats);
    }

    /// <summary>Links <paramref name="left"/> to <paramref name="right"/>: pairs (left index, right index) at or above the review threshold.</summary>
    public static LinkResult Link(IReadOnlyList<PersonRecord> left, IReadOnlyList<PersonRecord> right, MatchOptions? options = null)
    {
        options ??= new MatchOptions();
        var run = Run(left, right, options);
        var shifted = run.Pairs.Select(p => p with { Right = p.Right - left.Count }).ToList();
        return new LinkResult(run.Model, shifted, run.Stats);
    }

    private sealed record RunResult(MatchModel Model, List<ScoredPair> Pairs, LinkageStatistics Stats);

    private static RunResult Run(IReadOnlyList<PersonRecord> left, IReadOnlyList<PersonRecord>? right, MatchOptions options)
    {
        var log = options.Log;
        var sw = Stopwatch.StartNew();
        IReadOnlyList<PersonRecord> all = right is null ? left : [.. left, .. right];
        var leftCount = right is null ? -1 : left.Count;
        var prepared = RecordPreparer.Prepare(all, options.UseNicknames);
        var preparation = sw.Elapsed;
        log?.Invoke($"prepared {all.Count:N0} records ({preparation.TotalSeconds:0.00} s)");

        sw.Restart();
        var candidates = CandidateGenerator.Generate(prepared, leftCount, options.BlockingRules, options.MaxBlockSize,
            options.MaxDegreeOfParallelism, log);
        var comparison = sw.Elapsed;
        log?.Invoke($"compared {candidates.Pairs.Length:N0} candidate pairs in {comparison.TotalSeconds:0.00} s "
            + $"({candidates.Pairs.Length / Math.Max(comparison.TotalSeconds, 1e-9):N0} pairs/s)");
        foreach (var s in candidates.Stats.Where(s => s.OversizedBlocks > 0))
        {
            log?.Invoke($"blocking rule {s.Rule}: {s.OversizedBlocks:N0} blocks over {options.MaxBlockSize:N0} records skipped ({s.RecordsInOversizedBlocks:N0} records)");
        }

        sw.Restart();
        var (model, iterations, converged) = Estimate(prepared, leftCount, candidates, options);
        var estimation = sw.Elapsed;

        sw.Restart();
        var weightOf = new Dictionary<ulong, double>(candidates.Histogram.Count);
        foreach (var p in candidates.Histogram.Keys)
        {
            weightOf[p] = model.Score(p);
        }

        var kept = new List<ScoredPair>();
        foreach (ref readonly var pair in candidates.Pairs.AsSpan())
        {
            var w = weightOf[pair.Pattern];
            if (w >= model.ReviewThreshold)
            {
                kept.Add(new ScoredPair(pair.A, pair.B, w, model.Decide(w)) { Pattern = pair.Pattern });
            }
        }

        // Threads finish in any order: sort so that a run's output does not depend on it.
        kept.Sort((x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        var scoring = sw.Elapsed;
        log?.Invoke($"scored: {kept.Count(p => p.Decision == MatchDecision.Match):N0} matches, "
            + $"{kept.Count(p => p.Decision == MatchDecision.Review):N0} for review");
        var stats = new LinkageStatistics(all.Count, candidates.Pairs.Length, candidates.Histogram.Count, candidates.Stats,
            iterations, converged, preparation, comparison, estimation, scoring);
        return new RunResult(model, kept, stats);
    }

    private static (MatchModel Model, int Iterations, bool Converged) Estimate(PreparedRecord[] prepared, int leftCount,
        CandidateGenerator.Result candidates, MatchOptions options)
    {
        var start = options.Model ?? MatchModel.Default();
        var n = (double)prepared.Length;
        var totalPairs = Math.Max(1, leftCount >= 0 ? leftCount * (n - leftCount) : n * (n - 1) / 2);
        MatchModel fitted;
        int iterations = 0;
        var converged = true;
        var keepModel = options.Model is not null && !options.EstimateParameters;
        if (keepModel)
        {
            fitted = start;
        }
        else if (!options.EstimateParameters || candidates.Pairs.Length < options.MinimumPairsForEstimation)
        {
            var u = start.CopyU();
            if (options.EstimateParameters)
            {
                // Too few pairs to learn m from, but u (how often strangers agree) can still come from the data.
                var seeded = totalPairs >= 1000;
                if (seeded)
                {
                    var sample = (int)Math.Min(options.RandomPairsForU, Math.Min(totalPairs, Math.Max(100_000, 50 * n)));
                    var random = CandidateGenerator.RandomPairs(prepared, leftCount, sample, options.Seed, options.MaxDegreeOfParallelism);
                    ParameterEstimation.UFromRandom(u, random, null, 0, options.Em.FixedFields ?? new HashSet<MatchField>());
                }

                options.Log?.Invoke($"only {candidates.Pairs.Length:N0} candidate pairs: using the default m values"
                    + (seeded ? " and u from random pairs" : " and u values"));
            }

            var prior = ParameterEstimation.Prior(candidates.Histogram, start.CopyM(), u, totalPairs,
                Math.Clamp(0.1 * candidates.Pairs.Length / totalPairs, 1e-15, 0.5));
            fitted = new MatchModel(start.CopyM(), u, prior);
        }
        else
        {
            var sample = (int)Math.Min(options.RandomPairsForU, Math.Min(totalPairs, Math.Max(100_000, 50 * n)));
            var random = CandidateGenerator.RandomPairs(prepared, leftCount, sample, options.Seed, options.MaxDegreeOfParallelism);
            var fit = ParameterEstimation.Fit(candidates, random, totalPairs, options.BlockingRules, start, options.Em, options.Log);
            fitted = new MatchModel(fit.M, fit.U, fit.Prior);
            iterations = fit.Iterations;
            converged = fit.Converged;
        }

        var matchThreshold = options.MatchThreshold
            ?? (keepModel ? start.MatchThreshold : fitted.WeightForProbability(options.MatchProbability));
        var reviewThreshold = options.ReviewThreshold
            ?? (keepModel ? start.ReviewThreshold : fitted.WeightForProbability(options.ReviewProbability));
        reviewThreshold = Math.Min(reviewThreshold, matchThreshold);
        options.Log?.Invoke($"thresholds: match at {matchThreshold:0.00} bits, review from {reviewThreshold:0.00} bits");
        return (fitted.WithThresholds(matchThreshold, reviewThreshold), iterations, converged);
    }
}
