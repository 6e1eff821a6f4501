using System.Text.RegularExpressions;
using Infirmary.Matching;
using Infirmary.Matching.Csv;

namespace Infirmary.Matching.Benchmarks;

/// <summary>Pairwise precision, recall and F1 of a dedupe against known entities.</summary>
public sealed record PairwiseQuality(long TruePairs, long PredictedPairs, long CorrectPairs)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;

    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() =>
        $"precision {Precision:0.0000}  recall {Recall:0.0000}  F1 {F1:0.0000}  ({CorrectPairs:N0} of {TruePairs:N0} true pairs, {PredictedPairs:N0} predicted)";

    /// <summary>Quality of the pairs decided Match (what a reviewer would be shown as duplicates).</summary>
    public static PairwiseQuality OfPairs(IReadOnlyList<string> entityOf, IEnumerable<ScoredPair> matches)
    {
        long predicted = 0, correct = 0;
        foreach (var p in matches)
        {
            predicted++;
            if (entityOf[p.Left] == entityOf[p.Right])
            {
                correct++;
            }
        }

        return new PairwiseQuality(TruePairCount(entityOf), predicted, correct);
    }

    /// <summary>Quality of every pair implied by the clusters (transitive closure of the matches).</summary>
    public static PairwiseQuality OfClusters(IReadOnlyList<string> entityOf, int[] clusterOf)
    {
        var byCluster = new Dictionary<int, List<int>>();
        for (var i = 0; i < clusterOf.Length; i++)
        {
            if (!byCluster.TryGetValue(clusterOf[i], out var list))
            {
                byCluster[clusterOf[i]] = list = [];
            }

            list.Add(i);
        }

        long predicted = 0, correct = 0;
        foreach (var members in byCluster.Values)
        {
            predicted += (long)members.Count * (members.Count - 1) / 2;
            foreach (var group in members.GroupBy(i => entityOf[i]))
            {
                var n = group.Count();
                correct += (long)n * (n - 1) / 2;
            }
        }

        return new PairwiseQuality(TruePairCount(entityOf), predicted, correct);
    }

    public static long TruePairCount(IReadOnlyList<string> entityOf) =>
        entityOf.GroupBy(e => e).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);

    /// <summary>Febrl ids: rec-N-org and rec-N-dup-K belong to entity N.</summary>
    public static string FebrlEntity(string id)
    {
        var m = Regex.Match(id, @"^rec-(\d+)-");
        return m.Success ? m.Groups[1].Value : id;
    }
}

internal static class QualityRun
{
    public static int Run(string directory, MatchOptions options, TextWriter output)
    {
        var files = Directory.GetFiles(directory, "*.csv").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            output.WriteLine($"no CSV files in {directory}");
            return 2;
        }

        var ok = true;
        output.WriteLine("| file | records | true pairs | candidate pairs | blocking recall | pairs: precision | recall | F1 | clusters: precision | recall | F1 | time |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var file in files)
        {
            using var reader = new StreamReader(file);
            var data = PersonCsv.Read(reader);
            var entity = data.Records.Select(r => PairwiseQuality.FebrlEntity(r.Id)).ToList();
            var diagnostic = options with { ReviewThreshold = -1e9 };
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var result = Linker.Dedupe(data.Records, diagnostic);
            sw.Stop();
            var pairs = PairwiseQuality.OfPairs(entity, result.Matches);
            var clusters = PairwiseQuality.OfClusters(entity, result.ClusterOf);
            var blocking = PairwiseQuality.OfPairs(entity, result.Pairs);
            output.WriteLine($"| {Path.GetFileName(file)} | {data.Records.Count:N0} | {pairs.TruePairs:N0} | {result.Statistics.CandidatePairs:N0} | {blocking.Recall:0.0000} "
                + $"| {pairs.Precision:0.0000} | {pairs.Recall:0.0000} | {pairs.F1:0.0000} | {clusters.Precision:0.0000} | {clusters.Recall:0.0000} | {clusters.F1:0.0000} | {sw.Elapsed.TotalSeconds:0.00} s |");
            ok &= pairs.Precision >= 0.99 && pairs.Recall >= 0.99;
            if (Environment.GetEnvironmentVariable("MATCHING_DIAGNOSE") == "1")
            {
                Diagnose(result, entity, output);
            }
        }

        return ok ? 0 : 1;
    }

    private static void Diagnose(DedupeResult result, List<string> entity, TextWriter output)
    {
        var model = result.Model;
        output.WriteLine($"lambda {model.Lambda:0.0000}");
        foreach (var f in Enum.GetValues<MatchField>())
        {
            var parts = Enumerable.Range(1, FieldLevels.Count(f) - 1)
                .Select(l => $"{l}: m={model.M(f, l):0.0000} u={model.U(f, l):0.0000} w={model.Weight(f, l):0.00}");
            output.WriteLine($"  {f}: {string.Join(" | ", parts)}");
        }

        for (var t = -4.0; t <= 16; t += 2)
        {
            var q = PairwiseQuality.OfPairs(entity, result.Pairs.Where(p => p.Weight >= t));
            output.WriteLine($"  threshold {t,5}: {q}");
        }

        var missed = result.Pairs.Where(p => entity[p.Left] == entity[p.Right] && p.Weight < model.MatchThreshold).OrderBy(p => p.Weight).Take(8);
        foreach (var p in missed)
        {
            output.WriteLine($"  missed w={p.Weight:0.0} {Describe(p)}");
        }

        var wrong = result.Pairs.Where(p => entity[p.Left] != entity[p.Right] && p.Weight >= model.MatchThreshold).OrderByDescending(p => p.Weight).Take(8);
        foreach (var p in wrong)
        {
            output.WriteLine($"  false w={p.Weight:0.0} {Describe(p)}");
        }
    }

    private static string Describe(ScoredPair p) =>
        $"{p.Left}-{p.Right} " + string.Join(' ', Enum.GetValues<MatchField>().Select(f => p.Level(f).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
