using Infirmary.Cli;

namespace Infirmary.Cli.Tests;

public sealed class MpiCliTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("infirmary-mpi-");

    public void Dispose() => temp.Delete(recursive: true);

    private string PathOf(string name) => System.IO.Path.Combine(temp.FullName, name);

    private string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync(args);

    private static string Febrl(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "Engines", "Infirmary.Matching.Tests", "TestData", "febrl", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Febrl test data {name} not found above {AppContext.BaseDirectory}");
    }

    private const string People =
        "id,first_name,last_name,dob,sex,postcode,address_1,city,nhs_number\n"
        + "A1,Margaret,Thatcher,13/10/1925,F,NG31 6RA,1 North Parade,Grantham,4010232137\n"
        + "A2,Maggie,Thatcher,1925-10-13,F,NG31 6RA,1 North Parade,Grantham,\n"
        + "A3,Harold,Wilson,11/03/1916,M,HD1 2TT,4 Warneford Road,Huddersfield,9434765870\n"
        + "A4,Harold,Willson,11/03/1916,M,HD1 2TT,4 Warneford Rd,Huddersfield,9434765870\n"
        + "A5,Edward,Heath,09/07/1916,M,CT10 1AA,2 Albion Street,Broadstairs,\n";

    [Fact]
    public async Task GivenFebrlFile_WhenDeduped_ThenEveryDuplicateSharesItsOriginalsCluster()
    {
        var output = PathOf("clusters.csv");
        var pairs = PathOf("pairs.csv");

        var (code, _, error) = await Run("mpi", "dedupe", Febrl("dataset1.csv"), "--out", output, "--pairs", pairs);

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,cluster_id", lines[0]);
        Assert.Equal(1001, lines.Length);
        var clusterOf = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        var wrong = clusterOf.Where(kv => kv.Key.Contains("-dup-", StringComparison.Ordinal)
            && kv.Value != clusterOf[kv.Key[..kv.Key.IndexOf("-dup-", StringComparison.Ordinal)] + "-org"]).ToList();
        Assert.True(wrong.Count <= 5, $"{wrong.Count} duplicates not with their original");
        Assert.Equal("left_id,right_id,score", File.ReadLines(pairs).First());
        Assert.Contains("mpi: dataset1.csv: read 1,000 records", error, StringComparison.Ordinal);
        Assert.Contains("given_name=given_name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenMalformedRows_WhenDeduped_ThenTheyAreReportedWithLineNumbersAndTheRunCompletes()
    {
        // Line 7 has too few fields; line 8 opens a quote that is never closed.
        var input = Write("people.csv", People + "A9,Only,Three\n" + "A6,\"Broken,Row\n");
        var output = PathOf("clusters.csv");

        var (code, _, error) = await Run("mpi", "dedupe", input, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("people.csv: line 7: expected 9 fields, found 3; row skipped", error, StringComparison.Ordinal);
        Assert.Contains("people.csv: line 8: quoted field opened on line 8 is not closed", error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(5, rows.Count);
        Assert.Equal(rows["A1"], rows["A2"]);
        Assert.Equal(rows["A3"], rows["A4"]);
        Assert.NotEqual(rows["A1"], rows["A3"]);
        Assert.Equal("A5", rows["A5"]);
    }

    [Fact]
    public async Task GivenTwoFiles_WhenLinked_ThenPairsFileHoldsTheMatchesWithScores()
    {
        var left = Write("left.csv", "patient,forename,surname,birth_date,postcode\nL1,Ada,Lovelace,1815-12-10,W1J 7NT\nL2,Charles,Babbage,1791-12-26,SE17 1RQ\n");
        var right = Write("right.csv", "patient,forename,surname,birth_date,postcode\nR1,Charles,Babage,26/12/1791,SE17 1RQ\nR2,Mary,Somerville,26/12/1780,EH1 1AA\nR3,Ada,Lovelace,10/12/1815,W1J 7NT\n");
        var output = PathOf("pairs.csv");

        var (code, _, error) = await Run("mpi", "link", left, right, "--out", output, "--id", "patient");

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        Assert.Equal("left_id,right_id,score", lines[0]);
        var pairs = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["L1,R3", "L2,R1"], pairs.Select(p => $"{p[0]},{p[1]}"));
        Assert.All(pairs, p => Assert.True(double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Contains("using the default m values", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenUnusualHeaders_WhenMapped_ThenColumnsAreUsed()
    {
        var input = Write("odd.csv", "ref,nom,prenom,ne_le,cp\n1,Curie,Marie,07/11/1867,W1 1AA\n2,Curie,Marie,1867-11-07,W1 1AA\n3,Curie,Pierre,15/05/1859,W1 1AA\n");
        var output = PathOf("clusters.csv");

        var (code, _, error) = await Run("mpi", "dedupe", input, "--out", output, "--id", "ref",
            "--map", "family_name=nom", "--map", "given_name=prenom", "--map", "dob=ne_le", "--map", "postcode=cp");

        Assert.Equal(0, code);
        Assert.Contains("family_name=nom", error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("1", rows["2"]);
        Assert.Equal("3", rows["3"]);
    }

    [Fact]
    public async Task GivenAnUnknownRole_WhenRun_ThenErrorNamesTheRoles()
    {
        var input = Write("people.csv", People);
        var (code, _, error) = await Run("mpi", "dedupe", input, "--out", PathOf("c.csv"), "--map", "shoe_size=x");
        Assert.Equal(1, code);
        Assert.Contains("unknown role 'shoe_size'", error, StringComparison.Ordinal);
        Assert.Contains("given_name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAMissingFile_WhenRun_ThenErrorAndNonZeroExit()
    {
        var (code, _, error) = await Run("mpi", "dedupe", PathOf("nope.csv"), "--out", PathOf("c.csv"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAThreshold_WhenSetVeryHigh_ThenNothingMatches()
    {
        var input = Write("people.csv", People);
        var pairs = PathOf("pairs.csv");
        var (code, _, _) = await Run("mpi", "dedupe", input, "--out", PathOf("c.csv"), "--pairs", pairs, "--threshold", "500", "--quiet");
        Assert.Equal(0, code);
        Assert.Single(File.ReadAllLines(pairs));
    }
}
