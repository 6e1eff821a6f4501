namespace Infirmary.Dosimetry.Tests;

public class Tg51Tests
{
    // TG-51 addendum (McEwen et al. 2014) Table I: kQ at %dd(10)x = 63, 67, 73, 77, 81 (as reproduced in pylinac's tests).
    public static TheoryData<string, double[]> TableI => new()
    {
        { "PR06C/G", [0.998, 0.993, 0.985, 0.979, 0.971] },
        { "A19", [0.996, 0.991, 0.981, 0.974, 0.966] },
        { "A12", [0.997, 0.992, 0.983, 0.976, 0.968] },
        { "A12S", [0.996, 0.992, 0.983, 0.976, 0.968] },
        { "A18", [0.997, 0.992, 0.983, 0.976, 0.969] },
        { "A1", [0.996, 0.991, 0.981, 0.975, 0.967] },
        { "Exradin A1SL", [0.997, 0.992, 0.983, 0.977, 0.969] },
        { "NE2561", [0.999, 0.994, 0.985, 0.978, 0.971] },
        { "NE2571", [0.997, 0.992, 0.983, 0.976, 0.968] },
        { "30010", [0.997, 0.992, 0.983, 0.976, 0.968] },
        { "30011", [0.997, 0.992, 0.983, 0.976, 0.969] },
        { "30012", [0.998, 0.994, 0.985, 0.979, 0.971] },
        { "30013", [0.996, 0.991, 0.982, 0.975, 0.967] },
        { "31013", [0.997, 0.992, 0.982, 0.975, 0.967] },
        { "IBA FC65-G", [0.997, 0.992, 0.983, 0.976, 0.968] },
        { "IBA FC65-P", [0.997, 0.991, 0.982, 0.975, 0.967] },
        { "IBA FC23-C", [0.996, 0.991, 0.982, 0.975, 0.968] },
        { "CC25", [0.997, 0.992, 0.984, 0.977, 0.969] },
        { "CC13", [0.996, 0.992, 0.983, 0.976, 0.969] },
        { "CC08", [0.995, 0.990, 0.982, 0.975, 0.967] },
    };

    [Theory]
    [MemberData(nameof(TableI))]
    public void GivenAddendumChamber_WhenPhotonKqAtTableIQualities_ThenWithin0001OfTableI(string chamber, double[] expected)
    {
        double[] pddx = [63, 67, 73, 77, 81];
        for (var i = 0; i < pddx.Length; i++)
        {
            Assert.Equal(expected[i], Tg51.PhotonKq(chamber, pddx[i]), 0.001);
        }
    }

    [Theory]
    [InlineData("PTW30013", "30013")]
    [InlineData("ptw 30013", "30013")]
    [InlineData("FC65-G", "IBA FC65-G")]
    [InlineData("IC10", "CC13")]
    [InlineData("31003", "31013")]
    [InlineData("A1SL", "Exradin A1SL")]
    public void GivenAlias_WhenFindingChamber_ThenAddendumNameReturned(string alias, string name)
    {
        Assert.Equal(name, Tg51.FindChamber(alias).Name);
    }

    [Fact]
    public void GivenUnknownChamber_WhenPhotonKq_ThenErrorNamesTheChamber()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tg51.PhotonKq("XYZ123", 66.0));
        Assert.Contains("XYZ123", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(62.9)]
    [InlineData(86.1)]
    [InlineData(double.NaN)]
    public void GivenPddxOutsideFit_WhenPhotonKq_ThenRejected(double pddx)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Tg51.PhotonKq("NE2571", pddx));
        Assert.Equal("pddx", ex.ParamName);
    }

    [Theory]
    [InlineData(22.0, 101.33, 1.0)]
    [InlineData(25.0, 102.66, 0.99708)]
    [InlineData(19.0, 98.66, 1.01663)]
    public void GivenTemperatureAndPressure_WhenPtp_ThenMatchesTg51Eq10(double t, double p, double expected)
    {
        Assert.Equal(expected, Tg51.Ptp(t, p), 0.0001);
    }

    [Fact]
    public void GivenPolarityReadings_WhenPpol_ThenMatchesTg51Eq9()
    {
        // M+ = 20.2 nC, M- = -20.0 nC, negative polarity used: |(20.2 − (−20.0)) / (2 · −20.0)| = 1.005.
        Assert.Equal(1.005, Tg51.Ppol(20.2, -20.0, -20.0), 1e-9);
        Assert.Equal(1.0, Tg51.Ppol(20.0, -20.0, 20.0), 1e-12);
    }

    [Fact]
    public void GivenTwoVoltageReadings_WhenPionPulsed_ThenMatchesTg51Eq12()
    {
        // V_H = 300 V, V_L = 150 V, M_H = 20.10, M_L = 20.05: (1 − 2)/(20.10/20.05 − 2) = 1.002500…
        Assert.Equal(1.0025, Tg51.Pion(300, 150, 20.10, 20.05), 0.0001);
        Assert.Equal(1.0, Tg51.Pion(300, 150, 20.0, 20.0), 1e-12);
    }

    [Fact]
    public void GivenTwoVoltageReadings_WhenPionContinuous_ThenMatchesTg51Eq11()
    {
        // (1 − 4)/(20.10/20.05 − 4) = 1.000834…
        var expected = -3.0 / ((20.10 / 20.05) - 4.0);
        Assert.Equal(expected, Tg51.Pion(300, 150, 20.10, 20.05, pulsed: false), 1e-12);
        Assert.Equal(1.00083, Tg51.Pion(300, 150, 20.10, 20.05, pulsed: false), 0.00001);
    }

    [Theory]
    [InlineData(77.1, LeadFoilPosition.Cm50, 77.57)]
    [InlineData(77.1, LeadFoilPosition.Cm30, 78.27)]
    [InlineData(72.8, LeadFoilPosition.Cm50, 72.8)]
    [InlineData(70.5, LeadFoilPosition.Cm30, 70.5)]
    public void GivenLeadFoilPdd_WhenConverting_ThenTg51Eqs13And14(double pddPb, LeadFoilPosition position, double expected)
    {
        Assert.Equal(expected, Tg51.PddxFromLeadFoil(pddPb, position), 0.01);
    }

    [Fact]
    public void GivenHighEnergyPddWithoutFoil_WhenConverting_ThenInterimEq15()
    {
        Assert.Equal(77.18, Tg51.PddxWithoutFoil(76.7), 0.01);
        Assert.Equal(73.3, Tg51.PddxWithoutFoil(73.3), 1e-12);
    }

    [Theory]
    [InlineData(3.0, 3.027)]
    [InlineData(5.5, 5.6)]
    [InlineData(12.0, 12.338)]
    public void GivenI50_WhenR50_ThenTg51Eqs16And17(double i50, double r50)
    {
        Assert.Equal(r50, Tg51.R50FromI50(i50), 0.001);
    }

    [Fact]
    public void GivenR50_WhenElectronReferenceDepthAndKq_ThenTg51Eqs18To20()
    {
        Assert.Equal(2.9, Tg51.ElectronReferenceDepth(5.0), 1e-12);
        var kPrime = 0.9905 + (0.0710 * Math.Exp(-5.0 / 3.67));
        Assert.Equal(kPrime, Tg51.KPrimeR50Cylindrical(5.0), 1e-12);
        Assert.Equal(0.998 * kPrime * 0.903, Tg51.ElectronKq(0.998, 5.0, 0.903), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tg51.KPrimeR50Cylindrical(1.5));
    }

    [Fact]
    public void GivenWorksheetReadings_WhenDoseToWater_ThenProductOfFactors()
    {
        // pylinac's TG-51 worked example: 30013, %dd(10)x 66.4, N_D,w 5.443 Gy/nC, 200 MU.
        var ptp = Tg51.Ptp(22.1, 755.0 * 101.33 / 760.0);
        var kq = Tg51.PhotonKq("30013", 66.4);
        var dose = Tg51.DoseToWater(25.66, 1.0, ptp, 1.0, 1.0, kq, 5.443);
        Assert.Equal(25.66 * ptp * kq * 5.443, dose, 1e-12);
        Assert.Equal(0.9918, kq, 0.0005);
        Assert.InRange(dose / 200.0, 0.69, 0.70);
    }
}
