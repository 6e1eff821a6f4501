using System.Globalization;
using System.Text.Json;
using Infirmary.Cli;

namespace Infirmary.Cli.Tests;

public sealed class PhysicsCliTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("physics-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);
        return (code, output.Trim(), error.Trim());
    }

    [Theory]
    [InlineData("NE2571", "73", "0.9826")]
    [InlineData("PTW30013", "66.4", "0.9917")]
    [InlineData("30013", "66.4", "0.9917")]
    public async Task GivenAddendumChamber_WhenKq_ThenPrintsKq(string chamber, string pddx, string expected)
    {
        var (code, output, error) = await Run("physics", "kq", "--chamber", chamber, "--pddx", pddx);
        Assert.Equal(0, code);
        Assert.Equal(expected, output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task GivenUnknownChamber_WhenKq_ThenErrorNamesChamberAndNoNumber()
    {
        var (code, output, error) = await Run("physics", "kq", "--chamber", "XYZ", "--pddx", "70");
        Assert.NotEqual(0, code);
        Assert.Empty(output);
        Assert.Contains("--chamber", error, StringComparison.Ordinal);
        Assert.Contains("'XYZ'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenPddxOutsideFit_WhenKq_ThenErrorNamesPddx()
    {
        var (code, output, error) = await Run("physics", "kq", "--chamber", "NE2571", "--pddx", "90");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith("error: --pddx:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTemperatureAndPressure_WhenPtpJson_ThenObjectWithValue()
    {
        var (code, output, _) = await Run("physics", "ptp", "--temperature-c", "25", "--pressure-kpa", "102.66", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(0.9971, doc.RootElement.GetProperty("ptp").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Given60GyIn30_WhenBedAndEqd2_Then72And60()
    {
        Assert.Equal("72.00", (await Run("physics", "bed", "--dose-gy", "60", "--fractions", "30", "--alpha-beta", "10")).Output);
        Assert.Equal("60.00", (await Run("physics", "eqd2", "--dose-gy", "60", "--fractions", "30", "--alpha-beta", "10")).Output);
    }

    [Fact]
    public async Task GivenNegativeDose_WhenBed_ThenErrorNamesDose()
    {
        var (code, output, error) = await Run("physics", "bed", "--dose-gy", "-5", "--fractions", "30", "--alpha-beta", "10");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("--dose-gy", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTwoVoltageReadings_WhenPionAndPpol_ThenWorkedValues()
    {
        Assert.Equal("1.0025", (await Run("physics", "pion", "--v-high", "300", "--v-low", "150", "--m-high", "20.10", "--m-low", "20.05")).Output);
        Assert.Equal("1.0050", (await Run("physics", "ppol", "--m-plus", "20.2", "--m-minus", "-20.0")).Output);
    }

    [Fact]
    public async Task GivenFlatGridsTwoPercentApart_WhenGamma_ThenFullPassAndMapWritten()
    {
        var reference = Write("ref.json", """{"axes": [[0, 1, 2, 3], [0, 1, 2]], "dose": [[10, 10, 10], [10, 10, 10], [10, 10, 10], [10, 10, 10]]}""");
        var evaluation = Write("eval.json", """{"axes": [[0, 1, 2, 3], [0, 1, 2]], "dose": [[10.2, 10.2, 10.2], [10.2, 10.2, 10.2], [10.2, 10.2, 10.2], [10.2, 10.2, 10.2]]}""");
        var map = Path.Combine(directory, "gamma.json");
        var (code, output, error) = await Run("physics", "gamma", "--reference", reference, "--evaluation", evaluation,
            "--dose-percent", "3", "--distance-mm", "3", "--out", map);
        Assert.True(code == 0, error);
        Assert.Equal("100.00", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(map));
        Assert.Equal(100.0, doc.RootElement.GetProperty("passRate").GetDouble());
        Assert.Equal(0.6667, doc.RootElement.GetProperty("gamma")[0][0].GetDouble(), 1e-4);
    }

    [Fact]
    public async Task GivenCutoff_WhenGammaJson_ThenExcludedPointsAreNull()
    {
        var reference = Write("ref.json", """{"axes": [[0, 1, 2, 3]], "dose": [1, 50, 100, 100]}""");
        var evaluation = Write("eval.json", """{"axes": [[0, 1, 2, 3]], "dose": [1, 50, 100, 100]}""");
        var map = Path.Combine(directory, "gamma.json");
        var (code, output, _) = await Run("physics", "gamma", "--reference", reference, "--evaluation", evaluation,
            "--dose-percent", "2", "--distance-mm", "2", "--cutoff-percent", "10", "--out", map, "--json");
        Assert.Equal(0, code);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal(3, summary.RootElement.GetProperty("evaluatedPoints").GetInt32());
        using var doc = JsonDocument.Parse(File.ReadAllText(map));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("gamma")[0].ValueKind);
        Assert.Equal(0.0, doc.RootElement.GetProperty("gamma")[1].GetDouble());
    }

    [Theory]
    [InlineData("""{"axes": [[0, 1, 2]], "dose": [1, 2]}""", "reference: dimension 0")]
    [InlineData("""{"axes": [[0, 2, 1]], "dose": [1, 2, 3]}""", "not strictly increasing")]
    [InlineData("""{"axes": [[0, 1, 2]], "dose": [1, -2, 3]}""", "negative")]
    [InlineData("""{"axes": [[0, 1, 2]], "dose": [1, NaN, 3]}""", "not valid JSON")]
    [InlineData("""{"axes": [[0, 1, 2], [0, 1]], "dose": [[1, 1], [1, 1], [1, 1]]}""", "Mismatched grids")]
    public async Task GivenBadReferenceGrid_WhenGamma_ThenErrorAndNoNumber(string referenceJson, string expected)
    {
        var reference = Write("ref.json", referenceJson);
        var evaluation = Write("eval.json", """{"axes": [[0, 1, 2]], "dose": [1, 2, 3]}""");
        var (code, output, error) = await Run("physics", "gamma", "--reference", reference, "--evaluation", evaluation,
            "--dose-percent", "3", "--distance-mm", "3");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenMissingFile_WhenGamma_ThenErrorNamesFile()
    {
        var evaluation = Write("eval.json", """{"axes": [[0, 1, 2]], "dose": [1, 2, 3]}""");
        var (code, output, error) = await Run("physics", "gamma", "--reference", Path.Combine(directory, "nope.json"), "--evaluation", evaluation,
            "--dose-percent", "3", "--distance-mm", "3");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("nope.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenACommissioningCsv_WhenChecked_ThenTheSummaryOrEachErrorWithLineAndColumn()
    {
        var good = Write("good.csv", Infirmary.Physics.Domain.CommissioningCsv.Example);
        var (code, output, error) = await Run("physics", "check-commissioning", good);
        Assert.Equal(0, code);
        Assert.StartsWith("Sc 4, Sp 4, PDD 4×4, TMR 4×4", output, StringComparison.Ordinal);
        Assert.Empty(error);

        var bad = Write("bad.csv", Infirmary.Physics.Domain.CommissioningCsv.Example.Replace("sp,30,1.030", "sp,30,1,030", StringComparison.Ordinal));
        (code, output, error) = await Run("physics", "check-commissioning", bad);
        Assert.Equal(1, code);
        Assert.Equal("error: Line 13, column 4: expected 3 cells (sp,<field cm>,<factor>), found 4", error);
        Assert.Empty(output);
    }
}
