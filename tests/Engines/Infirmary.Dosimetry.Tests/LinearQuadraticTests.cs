using CsCheck;

namespace Infirmary.Dosimetry.Tests;

public class LinearQuadraticTests
{
    [Fact]
    public void Given60GyIn30Fractions_WhenAlphaBeta10_ThenBed72AndEqd2Of60()
    {
        Assert.Equal(72.0, LinearQuadratic.Bed(60, 30, 10), 1e-12);
        Assert.Equal(60.0, LinearQuadratic.Eqd2(60, 30, 10), 1e-12);
    }

    [Fact]
    public void Given20GyIn5Fractions_WhenAlphaBeta3_ThenBed46Point67AndEqd2Of28()
    {
        Assert.Equal(46.6667, LinearQuadratic.Bed(20, 5, 3), 0.0001);
        Assert.Equal(28.0, LinearQuadratic.Eqd2(20, 5, 3), 1e-12);
    }

    [Fact]
    public void GivenAnyTwoGyScheme_WhenEqd2_ThenEqualsPhysicalDose()
    {
        Gen.Select(Gen.Int[1, 50], Gen.Double[0.5, 20]).Sample((n, ab) =>
            Math.Abs(LinearQuadratic.Eqd2(2.0 * n, n, ab) - (2.0 * n)) < 1e-9);
    }

    [Fact]
    public void GivenMoreFractionsForSameDose_WhenBed_ThenBedDoesNotIncrease()
    {
        Gen.Select(Gen.Double[1, 80], Gen.Int[1, 40], Gen.Double[0.5, 20]).Sample((dose, n, ab) =>
            LinearQuadratic.Bed(dose, n + 1, ab) <= LinearQuadratic.Bed(dose, n, ab) + 1e-9);
    }

    [Theory]
    [InlineData(-1.0, 30, 10.0)]
    [InlineData(60.0, 0, 10.0)]
    [InlineData(60.0, 30, 0.0)]
    [InlineData(double.NaN, 30, 10.0)]
    public void GivenBadInput_WhenBed_ThenRejected(double dose, int n, double ab)
    {
        Assert.ThrowsAny<ArgumentException>(() => LinearQuadratic.Bed(dose, n, ab));
    }

    [Fact]
    public void GivenRepopulationBeyondKickoff_WhenBed_ThenReducedByDprolifPerDay()
    {
        // 70 Gy/35 fx over 46 days, T_k 21 d, D_prolif 0.9 Gy/day: 84 − 0.9·25 = 61.5 Gy.
        Assert.Equal(61.5, LinearQuadratic.BedWithRepopulation(70, 35, 10, 46, 21, 0.9), 1e-9);
    }

    [Fact]
    public void GivenNoExtraDays_WhenCompensatingGap_ThenPlannedDosePerFractionKept()
    {
        var result = LinearQuadratic.CompensateGap(new GapCompensationRequest(35, 2.0, 46, 10, 25, 46));
        Assert.Equal(2.0, result.DosePerFractionGy, 1e-9);
        Assert.Equal(result.OrganAtRiskEqd2PlannedGy, result.OrganAtRiskEqd2NewGy, 1e-9);
    }

    [Fact]
    public void GivenTwoExtraDays_WhenCompensatingGap_ThenRemainingBedRestoresPlannedTumourBed()
    {
        var request = new GapCompensationRequest(35, 2.0, 46, 10, 25, 48);
        var result = LinearQuadratic.CompensateGap(request);
        var delivered = LinearQuadratic.Bed(20, 10, 10);
        var remaining = LinearQuadratic.Bed(result.RemainingDoseGy, 25, 10);
        var planned = LinearQuadratic.BedWithRepopulation(70, 35, 10, 46, 21, 0.9);
        Assert.Equal(planned, delivered + remaining - (0.9 * (48 - 21)), 1e-9);
        Assert.True(result.DosePerFractionGy > 2.0);
        Assert.True(result.OrganAtRiskEqd2NewGy > result.OrganAtRiskEqd2PlannedGy);
    }

    [Fact]
    public void GivenSpinalCordRetreatment_WhenCumulativeExceedsLimit_ThenWarned()
    {
        // 40 Gy/20 fx (EQD2 40 Gy at α/β 2) then 30 Gy/10 fx (EQD2 37.5 Gy): 77.5 Gy > 67.75 Gy.
        var assessment = LinearQuadratic.AssessRetreatment("Spinal cord", [new Course(40, 20), new Course(30, 10)]);
        Assert.Equal(77.5, assessment.CumulativeEqd2Gy, 1e-9);
        Assert.False(assessment.WithinTolerance);
        Assert.Contains(assessment.Warnings, w => w.Contains("spinal cord", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenModestRetreatment_WhenWithinLimits_ThenNoWarning()
    {
        var assessment = LinearQuadratic.AssessRetreatment("spinal cord", [new Course(20, 5), new Course(8, 1)]);
        Assert.True(assessment.WithinTolerance, string.Join("; ", assessment.Warnings));
    }
}
