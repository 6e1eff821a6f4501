namespace Infirmary.Dosimetry.Tests;

public class MonitorUnitsTests
{
    private static BeamData Beam()
    {
        double[] squares = [5, 10, 20];
        double[] depths = [1.5, 10, 20];
        return new BeamData(1.0, 1.5, 100.0, 100.0,
            Table2D.OneDimensional("Sc", squares, [0.97, 1.0, 1.02]),
            Table2D.OneDimensional("Sp", squares, [0.98, 1.0, 1.01]),
            new Table2D("PDD", depths, squares, new double[,] { { 100, 100, 100 }, { 64.0, 66.9, 69.0 }, { 36.0, 38.5, 41.0 } }),
            new Table2D("TMR", depths, squares, new double[,] { { 1.0, 1.0, 1.0 }, { 0.76, 0.78, 0.80 }, { 0.50, 0.53, 0.56 } }),
            null);
    }

    [Fact]
    public void GivenRectangularField_WhenEquivalentSquare_ThenFourAreaOverPerimeter()
    {
        Assert.Equal(13.333333, MonitorUnits.EquivalentSquare(10, 20), 1e-5);
        Assert.Equal(10.0, MonitorUnits.EquivalentSquare(10, 10), 1e-12);
    }

    [Fact]
    public void GivenReferenceFieldAtSsd100_WhenChecking_ThenMuIsDoseOverPdd()
    {
        // 200 cGy at 10 cm, 10×10, SSD 100: MU = 200 / (1·1·1·0.669) = 298.95.
        var result = MonitorUnits.Check(Beam(), new MuCheckRequest(SetUp.Ssd, 200, 10, 10, 10, 100, 300));
        Assert.Equal(298.95, result.Mu, 0.01);
        Assert.Equal(0.35, result.PercentDifference, 0.01);
        Assert.True(result.WithinActionLevel);
    }

    [Fact]
    public void GivenIsocentricBeam_WhenChecking_ThenTmrAndInverseSquareApplied()
    {
        // 200 cGy at the isocentre, 10 cm deep (SSD 90), 10×10: field at depth 10×100/100 = 10;
        // ISF = (101.5/100)² = 1.030225; MU = 200 / (0.78·1.030225) = 248.89.
        var result = MonitorUnits.Check(Beam(), new MuCheckRequest(SetUp.Sad, 200, 10, 10, 10, 90, 260));
        Assert.Equal(1.030225, result.InverseSquareFactor, 1e-6);
        Assert.Equal(248.89, result.Mu, 0.01);
        Assert.Equal(4.46, result.PercentDifference, 0.01);
        Assert.False(result.WithinActionLevel);
    }

    [Fact]
    public void GivenWedgeAndInterpolatedField_WhenChecking_ThenBilinearAndWedgeFactor()
    {
        // 7.5×7.5 halfway between 5 and 10: Sc 0.985, Sp 0.99, PDD(10, 7.5) = 65.45; wedge 0.7.
        var result = MonitorUnits.Check(Beam(), new MuCheckRequest(SetUp.Ssd, 100, 7.5, 7.5, 10, 100, 220, WedgeFactor: 0.7));
        var expected = 100 / (0.985 * 0.99 * 0.6545 * 0.7);
        Assert.Equal(expected, result.Mu, 1e-6);
    }

    [Fact]
    public void GivenDepthOutsideTable_WhenChecking_ThenErrorNamesTable()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MonitorUnits.Check(Beam(), new MuCheckRequest(SetUp.Ssd, 100, 10, 10, 25, 100, 200)));
        Assert.Contains("PDD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNonMonotonicAxis_WhenBuildingTable_ThenRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Table2D.OneDimensional("Sc", [5, 4, 10], [1, 1, 1]));
        Assert.Contains("not strictly increasing", ex.Message, StringComparison.Ordinal);
    }
}
