using System.Text;

namespace Infirmary.Dosimetry.Tests;

public class DoseGridJsonTests
{
    [Fact]
    public void GivenTwoDimensionalJson_WhenRead_ThenRowMajorInAxisOrder()
    {
        var grid = DoseGridJson.Read(Encoding.UTF8.GetBytes("""{"axes": [[0, 1], [0, 2, 4]], "dose": [[1, 2, 3], [4, 5, 6]]}"""), "reference");
        Assert.Equal([2, 3], grid.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], grid.Dose);
    }

    [Fact]
    public void GivenGrid_WhenWrittenAndRead_ThenRoundTrips()
    {
        var grid = new DoseGrid([[0.0, 1.0], [0.0, 1.0], [0.0, 1.0, 2.0]], [.. Enumerable.Range(0, 12).Select(i => i * 0.5f)], "g");
        using var stream = new MemoryStream();
        DoseGridJson.Write(stream, grid);
        var back = DoseGridJson.Read(stream.ToArray(), "g");
        Assert.Equal(grid.Dose, back.Dose);
        Assert.Equal(grid.Shape, back.Shape);
    }

    [Theory]
    [InlineData("""{"axes": [[0, 1, 2]], "dose": [1, 2]}""", "axis 0 has 3")]
    [InlineData("""{"axes": [[0, 1], [0, 1]], "dose": [[1, 2], [3]]}""", "ragged")]
    [InlineData("""{"axes": [[0, 1]], "dose": [1, null]}""", "null")]
    [InlineData("""{"axes": [[1, 0]], "dose": [1, 2]}""", "not strictly increasing")]
    [InlineData("""{"axes": [[0, 1]]}""", "\"dose\" is missing")]
    [InlineData("""{"axes": [[0, 1]], "dose": [1, -2]}""", "negative")]
    [InlineData("""{"axes": [[0, 1]], "dose": [1, 2""", "not valid JSON")]
    public void GivenBadJson_WhenRead_ThenErrorNamesTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => DoseGridJson.Read(Encoding.UTF8.GetBytes(json), "reference"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("reference", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenGammaResult_WhenWritten_ThenNullWhereExcluded()
    {
        var result = new GammaResult([float.NaN, 0.5f], [2], 1, 1, 10);
        using var stream = new MemoryStream();
        DoseGridJson.WriteGamma(stream, result);
        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal("""{"passRate":100,"evaluatedPoints":1,"passedPoints":1,"gamma":[null,0.5]}""", json);
    }
}
