namespace Infirmary.Dosimetry.Tests;

public class Trs398Tests
{
    [Theory]
    [InlineData("NE2571", 0.68, 0.993)]
    [InlineData("NE2571", 0.69, 0.992)]
    [InlineData("30013", 0.76, 0.975)]
    [InlineData("PTW30006", 0.50, 1.002)]
    public void GivenTpr_WhenPhotonKq_ThenTable6IiiInterpolated(string chamber, double tpr, double expected)
    {
        Assert.Equal(expected, Trs398.PhotonKq(chamber, tpr), 0.0005);
    }

    [Theory]
    [InlineData("PTW30013", "30013")]
    [InlineData("ne 2571", "NE2571")]
    [InlineData("Exradin A12", "A12")]
    public void GivenAnAlias_WhenFindChamber_ThenTheTableName(string given, string expected)
    {
        Assert.Equal(expected, Trs398.FindChamber(given));
    }

    [Fact]
    public void GivenUnknownChamber_WhenFindChamber_ThenRejectedNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => Trs398.FindChamber("NE9999"));
        Assert.Equal("chamberName", ex.ParamName);
    }

    [Fact]
    public void GivenTprOutsideTable_WhenPhotonKq_ThenRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Trs398.PhotonKq("NE2571", 0.85));
        Assert.Equal("tpr2010", ex.ParamName);
    }

    [Fact]
    public void GivenReferenceConditions_WhenKtp_ThenOne()
    {
        Assert.Equal(1.0, Trs398.Ktp(20.0, 101.325), 1e-12);
    }

    [Fact]
    public void GivenVoltageRatioTwo_WhenKs_ThenTable4ViiFit()
    {
        var m = 20.10 / 20.05;
        Assert.Equal(2.337 - (3.636 * m) + (2.299 * m * m), Trs398.Ks(300, 150, 20.10, 20.05), 1e-12);
        Assert.Throws<ArgumentException>(() => Trs398.Ks(300, 140, 20.10, 20.05));
    }

    [Fact]
    public void GivenPolarityReadings_WhenKpol_ThenTrs398Eq10()
    {
        Assert.Equal(1.005, Trs398.Kpol(20.2, -20.0, -20.0), 1e-12);
    }
}
