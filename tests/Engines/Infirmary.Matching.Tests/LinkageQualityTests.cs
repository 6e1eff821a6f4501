using Infirmary.Matching.Benchmarks;
using Infirmary.Matching.Csv;

namespace Infirmary.Matching.Tests;

/// <summary>
/// End-to-end quality with the default configuration: pairwise precision and recall of the pairs decided
/// Match, against the true links in the Febrl record ids (rec-N-org and rec-N-dup-K are one person).
/// </summary>
public class LinkageQualityTests
{
    internal static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "febrl", name);

    [Theory]
    [InlineData("dataset1.csv")]
    [InlineData("dataset2.csv")]
    [InlineData("dataset3.csv")]
    public void GivenFebrlSet_WhenDedupedWithDefaults_ThenPairwisePrecisionAndRecallAreAtLeast099(string file)
    {
        using var reader = new StreamReader(TestData(file));
        var data = PersonCsv.Read(reader);
        Assert.DoesNotContain(data.Problems, p => !p.Message.Contains("date of birth", StringComparison.Ordinal));
        var entity = data.Records.Select(r => PairwiseQuality.FebrlEntity(r.Id)).ToList();

        var result = Linker.Dedupe(data.Records);

        var pairs = PairwiseQuality.OfPairs(entity, result.Matches);
        Assert.True(pairs.Precision >= 0.99, $"precision {pairs}");
        Assert.True(pairs.Recall >= 0.99, $"recall {pairs}");
        var clusters = PairwiseQuality.OfClusters(entity, result.ClusterOf);
        Assert.True(clusters.Precision >= 0.99 && clusters.Recall >= 0.99, $"clusters {clusters}");
    }

    [Fact]
    public void GivenFebrlOriginalsAndDuplicates_WhenLinked_ThenEachDuplicateFindsItsOriginal()
    {
        using var reader = new StreamReader(TestData("dataset1.csv"));
        var records = PersonCsv.Read(reader).Records;
        var originals = records.Where(r => r.Id.EndsWith("-org", StringComparison.Ordinal)).ToList();
        var duplicates = records.Where(r => r.Id.Contains("-dup-", StringComparison.Ordinal)).ToList();

        var result = Linker.Link(originals, duplicates);

        var matches = result.Matches.ToList();
        var correct = matches.Count(p => PairwiseQuality.FebrlEntity(originals[p.Left].Id) == PairwiseQuality.FebrlEntity(duplicates[p.Right].Id));
        Assert.True(correct >= 0.99 * duplicates.Count, $"{correct} of {duplicates.Count} found");
        Assert.True(correct >= 0.99 * matches.Count, $"{matches.Count - correct} wrong links");
    }

    [Fact]
    public void GivenSyntheticUkPopulation_WhenDeduped_ThenPrecisionIsHighAndPriorIsNearTheTruth()
    {
        var population = SyntheticPeople.Generate(20_000, seed: 7);
        var result = Linker.Dedupe(population.Records);
        var entity = population.EntityIds;

        var pairs = PairwiseQuality.OfPairs(entity, result.Matches);
        Assert.True(pairs.Precision >= 0.99, pairs.ToString());
        Assert.True(pairs.Recall >= 0.9, pairs.ToString());
        var estimatedMatches = result.Model.Lambda * 20_000.0 * 19_999 / 2;
        Assert.InRange(estimatedMatches, 0.8 * pairs.TruePairs, 1.2 * pairs.TruePairs);
    }

    [Fact]
    public void GivenTheSameInput_WhenDedupedTwice_ThenResultsAreIdentical()
    {
        var population = SyntheticPeople.Generate(5_000, seed: 3);
        var a = Linker.Dedupe(population.Records);
        var b = Linker.Dedupe(population.Records);
        Assert.Equal(a.ClusterOf, b.ClusterOf);
        Assert.Equal(a.Model.ToJson(), b.Model.ToJson());
    }

    [Fact]
    public void GivenSyntheticGenerator_WhenRunTwiceWithOneSeed_ThenRecordsAreIdentical()
    {
        var a = SyntheticPeople.Generate(2_000, seed: 11);
        var b = SyntheticPeople.Generate(2_000, seed: 11);
        Assert.Equal(a.Records, b.Records, (x, y) => x.Id == y.Id && x.GivenNames == y.GivenNames && x.FamilyName == y.FamilyName
            && x.DateOfBirth == y.DateOfBirth && x.Postcode == y.Postcode && x.NhsNumber == y.NhsNumber);
        Assert.Equal(a.EntityOf, b.EntityOf);
        Assert.Contains(a.EntityOf.GroupBy(e => e), g => g.Count() > 1);
    }

    [Fact]
    public void GivenPathologicalBlock_WhenDeduped_ThenBlockIsCappedAndRunStillFindsTwins()
    {
        // 3,000 people sharing one date of birth and postcode: the date-of-birth blocks exceed the cap.
        var people = SyntheticPeople.Generate(3_000, seed: 5).Records
            .Select(r => r with { DateOfBirth = new BirthDate(1980, 1, 1), Postcode = "LS1 1AA" }).ToList();
        var messages = new List<string>();
        var result = Linker.Dedupe(people, new MatchOptions { MaxBlockSize = 50, Log = messages.Add });
        Assert.Contains(result.Statistics.Blocking, s => s.OversizedBlocks > 0);
        Assert.Contains(messages, m => m.Contains("skipped", StringComparison.Ordinal));
        Assert.True(result.Statistics.CandidatePairs < 3_000L * 2_999 / 2);
    }

    [Fact]
    public void GivenNoOrOneRecord_WhenDedupedOrLinked_ThenEmptyResultsWithoutError()
    {
        Assert.Equal(0, Linker.Dedupe([]).ClusterCount);
        var one = new PersonRecord { Id = "1", GivenNames = "Ann", FamilyName = "Lee" };
        var single = Linker.Dedupe([one]);
        Assert.Equal(1, single.ClusterCount);
        Assert.Empty(single.Pairs);
        Assert.Empty(Linker.Link([one], []).Pairs);
    }
}
