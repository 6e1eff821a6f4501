namespace Infirmary.Matching.Tests;

public class EstimationTests
{
    /// <summary>
    /// Draws comparison patterns from a known two-class model and checks that EM recovers m, u and λ.
    /// Four fields with 2–4 levels; 200,000 pairs, 8 % matches.
    /// </summary>
    [Fact]
    public void GivenPatternsFromAKnownModel_WhenFittedByEm_ThenMAndUAndLambdaAreRecovered()
    {
        var fields = new[] { MatchField.GivenName, MatchField.FamilyName, MatchField.DateOfBirth, MatchField.Postcode };
        var trueM = new Dictionary<MatchField, double[]>
        {
            [MatchField.GivenName] = [0, 0.80, 0.10, 0.04, 0.02, 0.04],
            [MatchField.FamilyName] = [0, 0.85, 0.07, 0.03, 0.01, 0.04],
            [MatchField.DateOfBirth] = [0, 0.90, 0.02, 0.05, 0.03],
            [MatchField.Postcode] = [0, 0.70, 0.10, 0.05, 0.05, 0.10],
        };
        var trueU = new Dictionary<MatchField, double[]>
        {
            [MatchField.GivenName] = [0, 0.05, 0.03, 0.04, 0.08, 0.80],
            [MatchField.FamilyName] = [0, 0.02, 0.02, 0.03, 0.05, 0.88],
            [MatchField.DateOfBirth] = [0, 0.01, 0.01, 0.08, 0.90],
            [MatchField.Postcode] = [0, 0.01, 0.04, 0.10, 0.05, 0.80],
        };
        const double lambda = 0.08;
        var rng = new Random(12345);
        var histogram = new Dictionary<ulong, long>();
        for (var i = 0; i < 200_000; i++)
        {
            var isMatch = rng.NextDouble() < lambda;
            ulong pattern = 0;
            foreach (var f in fields)
            {
                var probabilities = isMatch ? trueM[f] : trueU[f];
                var x = rng.NextDouble();
                var level = 1;
                for (var acc = probabilities[1]; x > acc && level < probabilities.Length - 1; acc += probabilities[++level])
                {
                }

                pattern = FieldLevels.With(pattern, (int)f, level);
            }

            histogram[pattern] = histogram.GetValueOrDefault(pattern) + 1;
        }

        // Start from the engine's generic defaults, with u flattened: EM has to find its own way.
        var start = MatchModel.Default();
        foreach (var f in fields)
        {
            var n = FieldLevels.Count(f) - 1;
            var flat = Enumerable.Repeat(1.0 / n, n + 1).ToArray();
            flat[0] = 0;
            start = start.WithField(f, [.. trueM[f].Select((p, l) => l == 0 ? 0 : (p + flat[l]) / 2)], flat);
        }

        var result = ExpectationMaximisation.Fit(histogram, start, new EmSettings { EstimateU = true, Tolerance = 1e-8, MaxIterations = 1000 });

        Assert.True(result.Converged);
        Assert.InRange(result.Model.Lambda, lambda - 0.01, lambda + 0.01);
        foreach (var f in fields)
        {
            for (var l = 1; l < FieldLevels.Count(f); l++)
            {
                Assert.InRange(result.Model.M(f, l), trueM[f][l] - 0.02, trueM[f][l] + 0.02);
                Assert.InRange(result.Model.U(f, l), trueU[f][l] - 0.02, trueU[f][l] + 0.02);
            }
        }
    }

    [Fact]
    public void GivenAModel_WhenSavedAndLoaded_ThenWeightsAndThresholdsSurvive()
    {
        var model = MatchModel.Default().WithThresholds(12.5, 3.25);
        var copy = MatchModel.FromJson(model.ToJson());
        Assert.Equal(12.5, copy.MatchThreshold);
        Assert.Equal(3.25, copy.ReviewThreshold);
        foreach (var f in Enum.GetValues<MatchField>())
        {
            for (var l = 0; l < FieldLevels.Count(f); l++)
            {
                Assert.Equal(model.Weight(f, l), copy.Weight(f, l), 12);
            }
        }
    }

    [Fact]
    public void GivenAModel_WhenProbabilityThresholdConverted_ThenItRoundTrips()
    {
        var model = new MatchModel(MatchModel.Default().CopyM(), MatchModel.Default().CopyU(), 1e-5);
        var w = model.WeightForProbability(0.99);
        Assert.Equal(0.99, model.MatchProbability(w), 9);
    }
}
