using Infirmary.Matching.Benchmarks;

namespace Infirmary.Matching.Tests;

public class MatchIndexTests
{
    [Fact]
    public void GivenAnIndexAndANearDuplicate_WhenSearched_ThenTheTwinComesFirstWithFieldEvidence()
    {
        var population = SyntheticPeople.Generate(5_000, seed: 21);
        var batch = Linker.Dedupe(population.Records);
        var index = new MatchIndex(batch.Model, population.Records);
        var existing = population.Records[1234];
        var first = existing.GivenNames!.Split(' ')[0];
        var probe = existing with
        {
            Id = "new",
            GivenNames = first[..2] + first[1..],
            NhsNumber = null,
            Phone = null,
            Email = null,
        };

        var candidates = index.FindCandidates(probe);

        var best = candidates[0];
        Assert.Equal(existing.Id, best.Record.Id);
        Assert.Equal(MatchDecision.Match, best.Decision);
        Assert.True(best.Probability > 0.99);
        Assert.Equal(FieldAgreement.PartlyAgree, best.Fields.Single(f => f.Field == MatchField.GivenName).Agreement);
        Assert.Equal(FieldAgreement.Agree, best.Fields.Single(f => f.Field == MatchField.DateOfBirth).Agreement);
        Assert.Equal(FieldAgreement.Missing, best.Fields.Single(f => f.Field == MatchField.NhsNumber).Agreement);
        Assert.True(candidates.Zip(candidates.Skip(1)).All(p => p.First.Weight >= p.Second.Weight));
    }

    [Fact]
    public void GivenAnIndex_WhenANewRecordIsAdded_ThenItIsFound()
    {
        var index = new MatchIndex(MatchModel.Default().WithThresholds(10, 0));
        var anne = new PersonRecord { Id = "A1", GivenNames = "Anne", FamilyName = "Hathaway", DateOfBirth = new BirthDate(1956, 4, 23), Postcode = "CV37 6QW" };
        Assert.Empty(index.FindCandidates(anne));
        index.Add(anne);
        var found = index.FindCandidates(anne with { Id = "A2", GivenNames = "Ann" });
        Assert.Equal("A1", Assert.Single(found).Record.Id);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void GivenAStranger_WhenSearched_ThenNoCandidates()
    {
        var population = SyntheticPeople.Generate(2_000, seed: 4);
        var batch = Linker.Dedupe(population.Records);
        var index = new MatchIndex(batch.Model, population.Records);
        var stranger = new PersonRecord { Id = "X", GivenNames = "Zebedee", FamilyName = "Quixotic", DateOfBirth = new BirthDate(1901, 1, 1), Postcode = "ZE1 0AA" };
        Assert.Empty(index.FindCandidates(stranger));
    }

    [Fact]
    public void GivenMatchingPairs_WhenClustered_ThenConnectedComponentsNumberedInOrder()
    {
        var pairs = new[]
        {
            new ScoredPair(0, 3, 20, MatchDecision.Match),
            new ScoredPair(3, 4, 20, MatchDecision.Match),
            new ScoredPair(1, 2, 5, MatchDecision.Review),
        };
        var clusters = Clustering.ConnectedComponents(5, pairs);
        Assert.Equal([0, 1, 2, 0, 0], clusters.ClusterOf);
        Assert.Equal(3, clusters.Count);
    }
}
