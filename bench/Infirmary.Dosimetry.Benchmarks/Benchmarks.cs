using BenchmarkDotNet.Attributes;

namespace Infirmary.Dosimetry.Benchmarks;

/// <summary>Micro-benchmarks of the scalar formulas: these sit inside worksheets and batch re-checks.</summary>
[MemoryDiagnoser]
public class FormulaBenchmarks
{
    private readonly BeamData beam = SampleBeam.Create();
    private readonly MuCheckRequest request = new(SetUp.Sad, 200.0, 12.0, 8.0, 10.0, 90.0, 240.0);

    // Fields rather than literals so the JIT cannot fold the formulas away.
    private readonly string chamber = "PTW30013";
    private readonly double pddx = 66.4;
    private readonly double dose = 60.0;
    private readonly int fractions = 30;
    private readonly double alphaBeta = 10.0;

    [Benchmark]
    public double PhotonKq() => Tg51.PhotonKq(chamber, pddx);

    [Benchmark]
    public double Eqd2() => LinearQuadratic.Eqd2(dose, fractions, alphaBeta);

    [Benchmark]
    public double MuCheck() => MonitorUnits.Check(beam, request).Mu;
}

/// <summary>A 48³ version of the QA case, small enough for BenchmarkDotNet's repeated runs.</summary>
[MemoryDiagnoser]
public class GammaBenchmarks
{
    private DoseGrid reference = null!;
    private DoseGrid evaluation = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (r, e) = QaCase.Create(size: 48);
        reference = r;
        evaluation = e;
    }

    [Benchmark]
    public double Gamma3D48() => GammaIndex.Compute(reference, evaluation, new GammaOptions(2.0, 2.0)).PassRatePercent;
}

internal static class SampleBeam
{
    public static BeamData Create()
    {
        double[] squares = [4, 6, 10, 15, 20, 30];
        double[] depths = [1.5, 5, 10, 15, 20];
        var pdd = new double[depths.Length, squares.Length];
        var tmr = new double[depths.Length, squares.Length];
        for (var i = 0; i < depths.Length; i++)
        {
            for (var j = 0; j < squares.Length; j++)
            {
                pdd[i, j] = 100.0 * Math.Exp(-0.045 * (depths[i] - 1.5)) * (1 + (0.002 * squares[j] * (depths[i] - 1.5) / 10));
                tmr[i, j] = Math.Exp(-0.038 * (depths[i] - 1.5)) * (1 + (0.002 * squares[j] * (depths[i] - 1.5) / 10));
            }
        }

        return new BeamData(1.0, 1.5, 100.0, 100.0,
            Table2D.OneDimensional("Sc", squares, [0.95, 0.97, 1.0, 1.02, 1.03, 1.05]),
            Table2D.OneDimensional("Sp", squares, [0.96, 0.98, 1.0, 1.015, 1.025, 1.035]),
            new Table2D("PDD", depths, squares, pdd),
            new Table2D("TMR", depths, squares, tmr),
            null);
    }
}
