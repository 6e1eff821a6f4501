namespace Infirmary.Dosimetry.Benchmarks;

/// <summary>
/// The issue 7 benchmark case, generated deterministically: a 128³ grid of 2 mm voxels holding a 120 × 100 mm
/// open field with an error-function penumbra (σ = 2.5 mm, i.e. a steep 80–20 % width of about 4 mm), an
/// exponential depth dose and a low scatter tail; the evaluated dose is the same field shifted 2 mm, scaled by
/// 1.02 and given Gaussian noise of 1 % of the maximum (seeded).
/// </summary>
public static class QaCase
{
    public const int Size = 128;
    public const double SpacingMm = 2.0;

    public static (DoseGrid Reference, DoseGrid Evaluation) Create(int size = Size, int seed = 20261125)
    {
        var axis = new double[size];
        for (var i = 0; i < size; i++)
        {
            axis[i] = (i - ((size - 1) / 2.0)) * SpacingMm;
        }

        var reference = new float[size * size * size];
        var evaluation = new float[reference.Length];
        var random = new Random(seed);
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                for (var k = 0; k < size; k++)
                {
                    var index = (((i * size) + j) * size) + k;
                    reference[index] = (float)Dose(axis[i], axis[j], axis[k]);
                    var noise = 0.01 * 2.0 * Gaussian(random);
                    evaluation[index] = (float)Math.Max(0.0, (1.02 * Dose(axis[i] - 2.0, axis[j], axis[k])) + noise);
                }
            }
        }

        return (new DoseGrid([axis, axis, axis], reference, "reference"), new DoseGrid([axis, axis, axis], evaluation, "evaluation"));
    }

    // Prescription 2 Gy at the field centre; the beam runs along z, entering at z = -128 mm.
    private static double Dose(double x, double y, double z)
    {
        var profile = Profile(x, 60.0) * Profile(y, 50.0);
        var depth = z + 128.0;
        var depthDose = Math.Exp(-0.0045 * depth) * (1.0 - Math.Exp(-depth / 6.0));
        var scatter = 0.04 * Math.Exp(-((x * x) + (y * y)) / (2 * 80.0 * 80.0));
        return 2.0 * ((0.96 * profile) + scatter) * depthDose / 0.95;
    }

    private static double Profile(double x, double halfWidth)
    {
        const double sigma = 2.5;
        return 0.5 * (Erf((halfWidth - x) / (Math.Sqrt(2) * sigma)) + Erf((halfWidth + x) / (Math.Sqrt(2) * sigma)));
    }

    // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: ample for a synthetic phantom.
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.3275911 * x));
        var poly = ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t;
        var y = 1.0 - (poly * Math.Exp(-x * x));
        return sign * y;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
