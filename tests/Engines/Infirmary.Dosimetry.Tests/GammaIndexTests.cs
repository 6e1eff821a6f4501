using CsCheck;

namespace Infirmary.Dosimetry.Tests;

public class GammaIndexTests
{
    private static double[] Axis(int n, double step = 1.0, double start = 0.0) =>
        Enumerable.Range(0, n).Select(i => start + (i * step)).ToArray();

    // Builds a grid of 1 to 3 axes from a dose function of position.
    private static DoseGrid Grid(int dims, int n, Func<double, double, double, double> dose, string name = "grid")
    {
        var axes = Enumerable.Range(0, dims).Select(_ => Axis(n)).ToArray();
        var size = (int)Math.Pow(n, dims);
        var values = new float[size];
        for (var idx = 0; idx < size; idx++)
        {
            var i = dims == 1 ? idx : dims == 2 ? idx / n : idx / (n * n);
            var j = dims == 1 ? 0 : dims == 2 ? idx % n : idx / n % n;
            var k = dims == 3 ? idx % n : 0;
            values[idx] = (float)dose(axes[0][i], dims > 1 ? axes[1][j] : 0, dims > 2 ? axes[2][k] : 0);
        }

        return new DoseGrid(axes, values, name);
    }

    private static IEnumerable<float> Interior(GammaResult result, int dims, int n, int margin)
    {
        for (var idx = 0; idx < result.Gamma.Length; idx++)
        {
            var i = dims == 1 ? idx : dims == 2 ? idx / n : idx / (n * n);
            var j = dims == 1 ? margin : dims == 2 ? idx % n : idx / n % n;
            var k = dims == 3 ? idx % n : margin;
            if (i >= margin && i < n - margin && j >= margin && j < n - margin && k >= margin && k < n - margin)
            {
                yield return result.Gamma[idx];
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GivenRampShifted2mm_WhenGamma_ThenClosedFormShiftTimesGradient(int dims)
    {
        // R(x) = 10 + 0.5x, E(x) = R(x − 2). Minimising δ²/Δd² + g²(δ − s)²/ΔD² gives γ = s·g/√(ΔD² + g²Δd²).
        const int n = 24;
        var reference = Grid(dims, n, (x, _, _) => 10 + (0.5 * x), "reference");
        var evaluation = Grid(dims, n, (x, _, _) => 10 + (0.5 * (x - 2)), "evaluation");
        var options = new GammaOptions(3.0, 3.0, CutoffPercent: 0);
        var result = GammaIndex.Compute(reference, evaluation, options);
        var dd = 0.03 * (10 + (0.5 * 23));
        var expected = 2 * 0.5 / Math.Sqrt((dd * dd) + (0.25 * 9));
        Assert.All(Interior(result, dims, n, 6), g => Assert.Equal(expected, g, 0.002));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GivenSteepRampShifted_WhenDoseCriterionNegligible_ThenGammaIsShiftOverDta(int dims)
    {
        const int n = 20;
        var reference = Grid(dims, n, (x, _, _) => 10 + (2.0 * x));
        var evaluation = Grid(dims, n, (x, _, _) => 10 + (2.0 * (x - 1.5)));
        var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(0.001, 3.0, CutoffPercent: 0));
        Assert.All(Interior(result, dims, n, 5), g => Assert.Equal(0.5, g, 0.002));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void GivenUniformScaling_WhenFlatDose_ThenGammaIsDifferenceOverCriterion(int dims, bool local)
    {
        const int n = 10;
        var reference = Grid(dims, n, (_, _, _) => 10);
        var evaluation = Grid(dims, n, (_, _, _) => 10.2);
        var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(3.0, 3.0, Local: local));
        Assert.All(result.Gamma, g => Assert.Equal(0.2 / 0.3, g, 1e-4));
        Assert.Equal(100.0, result.PassRatePercent);
    }

    [Fact]
    public void GivenLowPlateau_WhenLocalRatherThanGlobal_ThenCriterionIsLocalDose()
    {
        // Plateaus of 10 and 40 Gy, evaluation 2 % high; far from the step only the dose term counts.
        const int n = 60;
        var reference = Grid(1, n, (x, _, _) => x < 30 ? 10 : 40);
        var evaluation = Grid(1, n, (x, _, _) => 1.02 * (x < 30 ? 10 : 40));
        var global = GammaIndex.Compute(reference, evaluation, new GammaOptions(3.0, 2.0));
        var local = GammaIndex.Compute(reference, evaluation, new GammaOptions(3.0, 2.0, Local: true));
        Assert.Equal(0.2 / 1.2, global.Gamma[5], 1e-4);
        Assert.Equal(0.2 / 0.3, local.Gamma[5], 1e-4);
        Assert.Equal(0.8 / 1.2, global.Gamma[50], 1e-4);
        Assert.Equal(0.8 / 1.2, local.Gamma[50], 1e-4);
    }

    [Fact]
    public void GivenCutoff_WhenGamma_ThenLowDosePointsExcludedAsNaN()
    {
        var reference = new DoseGrid([Axis(5)], [1f, 5f, 10f, 50f, 100f], "reference");
        var evaluation = new DoseGrid([Axis(5)], [1f, 5f, 10f, 50f, 100f], "evaluation");
        var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(3, 3, CutoffPercent: 10));
        Assert.True(float.IsNaN(result.Gamma[0]));
        Assert.True(float.IsNaN(result.Gamma[1]));
        Assert.Equal(0f, result.Gamma[2]);
        Assert.Equal(3, result.EvaluatedPoints);
    }

    [Fact]
    public void GivenNoAgreementWithinSearchRadius_WhenGamma_ThenCappedAtMaxGamma()
    {
        var reference = Grid(1, 10, (_, _, _) => 10);
        var evaluation = Grid(1, 10, (_, _, _) => 20);
        var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(3, 3, MaxGamma: 2));
        Assert.All(result.Gamma, g => Assert.Equal(2f, g));
        Assert.Equal(0.0, result.PassRatePercent);
    }

    [Fact]
    public void GivenRandomSmall2D_WhenComparedWithBruteForce_ThenWithinSamplingError()
    {
        // Exhaustive search on a 0.02 mm lattice with bilinear interpolation, the way a shell search samples.
        var random = new Random(7);
        const int n = 8;
        var reference = Grid(2, n, (_, _, _) => 5 + (5 * random.NextDouble()));
        var evaluation = Grid(2, n, (_, _, _) => 5 + (5 * random.NextDouble()));
        var fast = GammaIndex.Compute(reference, evaluation, new GammaOptions(5, 1.0, CutoffPercent: 0, MaxGamma: 2));
        var lattice = LatticeGamma(reference, evaluation, n, 0.05 * reference.Dose.Max(), 0.02);
        for (var p = 0; p < lattice.Length; p++)
        {
            // Extreme gradients (up to 10 Δd-units per mm) make this a hard case; PyMedPhys's Δd/10 lattice would be
            // further off here than the 0.05 allowed.
            Assert.Equal(lattice[p], fast.Gamma[p], 0.05);
        }
    }

    [Fact]
    public void GivenNoisy2D_WhenComparedWithBruteForce_ThenNeverWorseThanAnyLatticePointByMoreThanPrecision()
    {
        // The engine promises gamma within Precision (0.01) of the minimum over the interpolated distribution, and
        // every lattice point is a point of that distribution: so gamma ≤ lattice minimum + 0.01, whatever the lattice.
        var random = new Random(11);
        const int n = 8;
        var reference = Grid(2, n, (_, _, _) => 8 + random.NextDouble());
        var evaluation = Grid(2, n, (_, _, _) => 8 + random.NextDouble());
        var fast = GammaIndex.Compute(reference, evaluation, new GammaOptions(3, 1.0, CutoffPercent: 0, MaxGamma: 2));
        var lattice = LatticeGamma(reference, evaluation, n, 0.03 * reference.Dose.Max(), 0.01);
        for (var p = 0; p < lattice.Length; p++)
        {
            Assert.True(fast.Gamma[p] <= lattice[p] + 0.01 + 1e-4, $"point {p}: {fast.Gamma[p]} against lattice {lattice[p]}");
        }
    }

    // Gamma (Δd = 1 mm, 1 mm grid, search radius 2 mm) by exhaustive search of a square lattice of the given step.
    private static double[] LatticeGamma(DoseGrid reference, DoseGrid evaluation, int n, double dd, double step)
    {
        var gamma = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var dr = reference.Dose[(i * n) + j];
                var best = 4.0;
                for (var x = Math.Max(0, i - 2.0); x <= Math.Min(n - 1, i + 2.0) + 1e-9; x += step)
                {
                    for (var y = Math.Max(0, j - 2.0); y <= Math.Min(n - 1, j + 2.0) + 1e-9; y += step)
                    {
                        var de = Bilinear(evaluation.Dose, n, x, y) - dr;
                        best = Math.Min(best, ((x - i) * (x - i)) + ((y - j) * (y - j)) + (de * de / (dd * dd)));
                    }
                }

                gamma[(i * n) + j] = Math.Sqrt(best);
            }
        }

        return gamma;
    }

    private static double Bilinear(float[] d, int n, double x, double y)
    {
        var i = Math.Min((int)x, n - 2);
        var j = Math.Min((int)y, n - 2);
        double tx = x - i, ty = y - j;
        var a = d[(i * n) + j] + (tx * (d[((i + 1) * n) + j] - d[(i * n) + j]));
        var b = d[(i * n) + j + 1] + (tx * (d[((i + 1) * n) + j + 1] - d[(i * n) + j + 1]));
        return a + (ty * (b - a));
    }

    private static readonly Gen<float[]> SmallDoses = Gen.Float[0f, 10f].Array[36];

    [Fact]
    public void GivenIdenticalDistributions_WhenGamma_ThenZeroEverywhereAndFullPass()
    {
        SmallDoses.Sample(doses =>
        {
            var grid = new DoseGrid([Axis(6), Axis(6, 2.0)], doses, "reference");
            var result = GammaIndex.Compute(grid, grid, new GammaOptions(2, 2, CutoffPercent: 10));
            return result.Gamma.All(g => float.IsNaN(g) || g == 0f) && (result.EvaluatedPoints == 0 || result.PassRatePercent == 100.0);
        });
    }

    [Fact]
    public void GivenAnyDistributions_WhenGamma_ThenNonNegativeCappedAndNoWorseThanSamePoint()
    {
        Gen.Select(SmallDoses, SmallDoses, Gen.Bool).Sample((r, e, local) =>
        {
            var reference = new DoseGrid([Axis(6), Axis(6)], r, "reference");
            var evaluation = new DoseGrid([Axis(6), Axis(6)], e, "evaluation");
            var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(3, 2, Local: local, CutoffPercent: 5));
            var max = r.Max();
            for (var i = 0; i < r.Length; i++)
            {
                var g = result.Gamma[i];
                if (float.IsNaN(g))
                {
                    continue;
                }

                var dd = 0.03 * (local ? r[i] : max);
                var samePoint = Math.Abs(e[i] - r[i]) / dd;
                // The engine promises gamma within GammaOptions.Precision (0.01) of the lattice minimum, and the
                // same point is on the lattice; seed ciKvzGIzmZa1 found 2.0 reported against 1.993 at the same point.
                if (g < 0 || g > 2f + 1e-6 || g > samePoint + 0.01 + 1e-4)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void GivenDifferentDimensions_WhenGamma_ThenMismatchedGridsReported()
    {
        var ex = Assert.Throws<ArgumentException>(() => GammaIndex.Compute(Grid(2, 4, (_, _, _) => 1), Grid(3, 4, (_, _, _) => 1), new GammaOptions(3, 3)));
        Assert.Contains("Mismatched grids", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNonUniformEvaluationAxis_WhenGamma_ThenRejected()
    {
        var reference = new DoseGrid([[0.0, 1.0, 2.0]], [1f, 1f, 1f], "reference");
        var evaluation = new DoseGrid([[0.0, 1.0, 3.0]], [1f, 1f, 1f], "evaluation");
        var ex = Assert.Throws<ArgumentException>(() => GammaIndex.Compute(reference, evaluation, new GammaOptions(3, 3)));
        Assert.Contains("uniformly spaced", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, "not a finite number")]
    [InlineData(-1f, "negative")]
    public void GivenBadDose_WhenBuildingGrid_ThenRejectedWithIndex(float bad, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new DoseGrid([Axis(3)], [1f, bad, 1f], "reference"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNonMonotonicAxis_WhenBuildingGrid_ThenRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DoseGrid([[0.0, 2.0, 1.0]], [1f, 1f, 1f], "reference"));
        Assert.Contains("not strictly increasing", ex.Message, StringComparison.Ordinal);
    }
}
