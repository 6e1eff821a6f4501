namespace Infirmary.Matching;

/// <summary>The outcome of fitting m, u and λ to a set of comparison patterns.</summary>
public sealed record EmResult(MatchModel Model, int Iterations, bool Converged, double LogLikelihood);

/// <summary>
/// Expectation–maximisation for the two-class latent model of Fellegi–Sunter under conditional independence
/// (Winkler 1988; Jaro 1989). It runs on the histogram of distinct comparison patterns rather than on pairs,
/// so each iteration costs O(distinct patterns × fields) however many pairs there are. Missing levels are
/// left out of both likelihoods. A small Dirichlet pseudo-count keeps every level's probability above zero,
/// so a level never seen among matches still has a finite (large negative) weight.
/// </summary>
public static class ExpectationMaximisation
{
    /// <summary>Fits m, λ and (when <see cref="EmSettings.EstimateU"/>) u to one histogram of comparison patterns.</summary>
    public static EmResult Fit(IReadOnlyDictionary<ulong, long> histogram, MatchModel start, EmSettings settings)
    {
        var patterns = histogram.Keys.Order().ToArray();
        var counts = patterns.Select(p => (double)histogram[p]).ToArray();
        var m = start.CopyM();
        var u = start.CopyU();
        var lambdas = new[] { start.Lambda };
        var (iterations, converged, ll) = FitGroups([new PatternGroup(patterns, counts)], m, u, lambdas, settings);
        var model = new MatchModel(m, u, lambdas[0], start.MatchThreshold, start.ReviewThreshold);
        return new EmResult(model, iterations, converged, ll);
    }

    /// <summary>
    /// EM over several groups of patterns that share m and u but each have their own share of matches λ —
    /// one group per blocking rule, with the fields that rule conditions on set to missing. Updates
    /// <paramref name="m"/>, <paramref name="u"/> and <paramref name="lambdas"/> in place.
    /// </summary>
    internal static (int Iterations, bool Converged, double LogLikelihood) FitGroups(IReadOnlyList<PatternGroup> groups,
        double[][] m, double[][] u, double[] lambdas, EmSettings settings)
    {
        const int F = FieldLevels.FieldCount;
        var mAcc = new double[F][];
        var uAcc = new double[F][];
        for (var f = 0; f < F; f++)
        {
            mAcc[f] = new double[m[f].Length];
            uAcc[f] = new double[u[f].Length];
        }

        var levels = groups.Select(g =>
        {
            var l = new byte[g.Patterns.Length * F];
            for (var p = 0; p < g.Patterns.Length; p++)
            {
                for (var f = 0; f < F; f++)
                {
                    l[p * F + f] = (byte)FieldLevels.Level(g.Patterns[p], f);
                }
            }

            return l;
        }).ToArray();

        for (var gi = 0; gi < lambdas.Length; gi++)
        {
            lambdas[gi] = Math.Clamp(lambdas[gi], 1e-6, 1 - 1e-6);
        }

        var logM = new double[F][];
        var logU = new double[F][];
        var iterations = 0;
        var converged = false;
        var logLikelihood = 0.0;
        while (iterations < settings.MaxIterations)
        {
            iterations++;
            for (var f = 0; f < F; f++)
            {
                Array.Clear(mAcc[f]);
                Array.Clear(uAcc[f]);
                logM[f] = m[f].Select(x => Math.Log(x)).ToArray();
                logU[f] = u[f].Select(x => Math.Log(x)).ToArray();
            }

            var change = 0.0;
            var ll = 0.0;
            for (var gi = 0; gi < groups.Count; gi++)
            {
                var group = groups[gi];
                var lv = levels[gi];
                var matchMass = 0.0;
                var total = 0.0;
                double logLambda = Math.Log(lambdas[gi]), logNotLambda = Math.Log(1 - lambdas[gi]);
                for (var p = 0; p < group.Patterns.Length; p++)
                {
                    // Work in logs: a pattern's probability is a product of up to 13 small numbers.
                    double lm = logLambda, lu = logNotLambda;
                    var row = p * F;
                    for (var f = 0; f < F; f++)
                    {
                        var l = lv[row + f];
                        if (l != 0)
                        {
                            lm += logM[f][l];
                            lu += logU[f][l];
                        }
                    }

                    var max = Math.Max(lm, lu);
                    var sum = Math.Exp(lm - max) + Math.Exp(lu - max);
                    var g = Math.Exp(lm - max) / sum;
                    var c = group.Counts[p];
                    ll += c * (max + Math.Log(sum));
                    var cg = c * g;
                    var cu = c - cg;
                    matchMass += cg;
                    total += c;
                    for (var f = 0; f < F; f++)
                    {
                        var l = lv[row + f];
                        if (l != 0)
                        {
                            mAcc[f][l] += cg;
                            uAcc[f][l] += cu;
                        }
                    }
                }

                if (total > 0)
                {
                    var newLambda = Math.Clamp(matchMass / total, 1e-9, 1 - 1e-9);
                    change = Math.Max(change, Math.Abs(newLambda - lambdas[gi]));
                    lambdas[gi] = newLambda;
                }
            }

            for (var f = 0; f < F; f++)
            {
                if (settings.FixedFields is { } fixedFields && fixedFields.Contains((MatchField)f))
                {
                    continue;
                }

                change = Math.Max(change, Update(m[f], mAcc[f], settings.PseudoCount));
                if (settings.EstimateU)
                {
                    change = Math.Max(change, Update(u[f], uAcc[f], settings.PseudoCount));
                }
            }

            logLikelihood = ll;
            if (change < settings.Tolerance)
            {
                converged = true;
                break;
            }
        }

        return (iterations, converged, logLikelihood);
    }

    private static double Update(double[] probabilities, double[] accumulated, double pseudoCount)
    {
        var levels = probabilities.Length - 1;
        var sum = 0.0;
        for (var l = 1; l < accumulated.Length; l++)
        {
            sum += accumulated[l];
        }

        if (sum <= 0)
        {
            // The field is missing in every pair: keep what we had (its weight never counts anyway).
            return 0;
        }

        var change = 0.0;
        for (var l = 1; l < probabilities.Length; l++)
        {
            var p = (accumulated[l] + pseudoCount) / (sum + pseudoCount * levels);
            change = Math.Max(change, Math.Abs(p - probabilities[l]));
            probabilities[l] = p;
        }

        return change;
    }
}

internal sealed record PatternGroup(ulong[] Patterns, double[] Counts);

public sealed record EmSettings
{
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when no probability moves by more than this in one iteration.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Estimate u as well as m and λ, or keep u as given. The linker keeps u from random pairs (false, the
    /// default); <see cref="ExpectationMaximisation.Fit"/> on a plain histogram may estimate both.
    /// </summary>
    public bool EstimateU { get; init; }

    /// <summary>Dirichlet pseudo-count added to each level's expected count.</summary>
    public double PseudoCount { get; init; } = 0.5;

    /// <summary>Fields whose m and u are taken as given and not re-estimated.</summary>
    public IReadOnlySet<MatchField>? FixedFields { get; init; }
}
