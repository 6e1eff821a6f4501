namespace Infirmary.Matching;

/// <summary>
/// Estimates the model from the data in the way Splink does (Linacre et al., "Splink: free software for
/// probabilistic record linkage at scale", IJPDS 2022), which holds up on data sets of any size:
/// <list type="number">
/// <item>u from random record pairs, which are almost all different people;</item>
/// <item>m by EM over each blocking rule's pairs with that rule's own fields left out (agreement on a field
/// that put the pair in a block says nothing), shared across rules, each rule with its own λ;</item>
/// <item>the prior π that two random records match, as the fixed point π = Σ P(match | pair) / all pairs over
/// the candidate pairs (pairs outside every block count as non-matches);</item>
/// <item>u again, from the random pairs weighted by their probability of being a non-match, so the few true
/// matches that random sampling meets in a small, duplicate-rich file do not inflate u.</item>
/// </list>
/// Steps 2–4 repeat a few times. Weights are then log2(m/u) against the whole population, and a pair's
/// match probability is its weight plus the prior log-odds log2(π/(1−π)).
/// </summary>
internal static class ParameterEstimation
{
    private const int OuterRounds = 3;

    public sealed record Result(double[][] M, double[][] U, double Prior, int Iterations, bool Converged, double[] RuleLambdas);

    public static Result Fit(CandidateGenerator.Result candidates, Dictionary<ulong, long> random, double totalPairs,
        IReadOnlyList<BlockingRule> rules, MatchModel start, EmSettings settings, Action<string>? log)
    {
        var m = start.CopyM();
        var u = start.CopyU();
        var fixedFields = settings.FixedFields ?? new HashSet<MatchField>();
        UFromRandom(u, random, null, 0, fixedFields);

        var groups = new List<PatternGroup>();
        var groupRules = new List<int>();
        for (var r = 0; r < rules.Count; r++)
        {
            var clear = 0UL;
            foreach (var f in rules[r].Fields)
            {
                clear |= 0xFUL << ((int)f * FieldLevels.BitsPerField);
            }

            var masked = new Dictionary<ulong, double>();
            foreach (var ((pattern, mask), count) in candidates.ByRules)
            {
                if ((mask & (1 << r)) != 0)
                {
                    var key = pattern & ~clear;
                    masked[key] = masked.GetValueOrDefault(key) + count;
                }
            }

            if (masked.Count > 0)
            {
                // Sorted, so that sums run in the same order whatever order the threads finished in.
                var keys = masked.Keys.Order().ToArray();
                groups.Add(new PatternGroup(keys, [.. keys.Select(k => masked[k])]));
                groupRules.Add(r);
            }
        }

        var lambdas = Enumerable.Repeat(0.1, groups.Count).ToArray();
        var emSettings = settings with { EstimateU = false };
        var prior = Math.Clamp(0.1 * candidates.Pairs.Length / Math.Max(totalPairs, 1), 1e-15, 0.5);
        var iterations = 0;
        var converged = true;
        for (var round = 0; round < OuterRounds; round++)
        {
            var (it, conv, _) = ExpectationMaximisation.FitGroups(groups, m, u, lambdas, emSettings);
            iterations += it;
            converged = conv;
            prior = Prior(candidates.Histogram, m, u, totalPairs, prior);
            UFromRandom(u, random, m, prior, fixedFields);
        }

        prior = Prior(candidates.Histogram, m, u, totalPairs, prior);
        var ruleLambdas = new double[rules.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            ruleLambdas[groupRules[g]] = lambdas[g];
        }

        log?.Invoke($"EM: {iterations} iterations over {groups.Count} blocking rules; estimated prior that two records match {prior:G3} "
            + $"(about {prior * totalPairs:N0} matching pairs)");
        return new Result(m, u, prior, iterations, converged, ruleLambdas);
    }

    /// <summary>Fixed point of π = Σ_candidates P(match | pattern; π) / totalPairs.</summary>
    internal static double Prior(Dictionary<ulong, long> histogram, double[][] m, double[][] u, double totalPairs, double start)
    {
        var patterns = histogram.Keys.Order().ToArray();
        var counts = patterns.Select(p => (double)histogram[p]).ToArray();
        var weights = patterns.Select(p => LogBayesFactor(p, m, u)).ToArray();
        var prior = Math.Clamp(start, 1e-15, 0.5);
        for (var i = 0; i < 500; i++)
        {
            var logOdds = Math.Log(prior / (1 - prior));
            var expected = 0.0;
            for (var p = 0; p < patterns.Length; p++)
            {
                expected += counts[p] / (1 + Math.Exp(-(weights[p] + logOdds)));
            }

            var next = Math.Clamp(expected / totalPairs, 1e-15, 0.5);
            if (Math.Abs(next - prior) <= 1e-9 * prior)
            {
                return next;
            }

            prior = next;
        }

        return prior;
    }

    /// <summary>u from random pairs, each weighted by its probability of being a non-match (all of it when m is null).</summary>
    internal static void UFromRandom(double[][] u, Dictionary<ulong, long> random, double[][]? m, double prior, IReadOnlySet<MatchField> fixedFields)
    {
        const double pseudoCount = 0.5;
        var counts = u.Select(a => new double[a.Length]).ToArray();
        var logOdds = m is null ? 0 : Math.Log(prior / (1 - prior));
        foreach (var (pattern, count) in random.OrderBy(kv => kv.Key))
        {
            var weight = count * (m is null ? 1.0 : 1 - 1 / (1 + Math.Exp(-(LogBayesFactor(pattern, m, u) + logOdds))));
            for (var f = 0; f < FieldLevels.FieldCount; f++)
            {
                counts[f][FieldLevels.Level(pattern, f)] += weight;
            }
        }

        for (var f = 0; f < FieldLevels.FieldCount; f++)
        {
            var present = counts[f].Skip(1).Sum();
            if (fixedFields.Contains((MatchField)f) || present <= 0)
            {
                continue;
            }

            for (var l = 1; l < u[f].Length; l++)
            {
                u[f][l] = (counts[f][l] + pseudoCount) / (present + pseudoCount * (u[f].Length - 1));
            }
        }
    }

    /// <summary>Natural-log Bayes factor of a pattern.</summary>
    private static double LogBayesFactor(ulong pattern, double[][] m, double[][] u)
    {
        var w = 0.0;
        for (var f = 0; f < FieldLevels.FieldCount; f++)
        {
            var l = FieldLevels.Level(pattern, f);
            if (l != 0)
            {
                w += Math.Log(m[f][l] / u[f][l]);
            }
        }

        return w;
    }
}
