using System.Diagnostics;
using Infirmary.Matching;

namespace Infirmary.Matching.Benchmarks;

internal static class ScaleRun
{
    public static int Run(int count, string[] rest, TextWriter output)
    {
        var seed = rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var sw = Stopwatch.StartNew();
        var population = SyntheticPeople.Generate(count, seed);
        output.WriteLine($"generated {count:N0} synthetic records (seed {seed}) in {sw.Elapsed.TotalSeconds:0.0} s");
        GC.Collect();
        var options = new MatchOptions { Log = m => output.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {m}") };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        sw.Restart();
        var result = Linker.Dedupe(population.Records, options);
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var s = result.Statistics;
        output.WriteLine($"dedupe of {count:N0} records: {sw.Elapsed.TotalSeconds:0.00} s wall on {Environment.ProcessorCount} cores, "
            + $"{cpu.TotalSeconds:0.00} s CPU (machine load average {load} before, {loadAfter} after; CPU/cores is the wall time on an idle machine)");
        output.WriteLine($"  preparation {s.Preparation.TotalSeconds:0.00} s, blocking+comparison {s.Comparison.TotalSeconds:0.00} s, "
            + $"EM {s.Estimation.TotalSeconds:0.00} s ({s.EmIterations} iterations), scoring+clustering {s.Scoring.TotalSeconds:0.00} s");
        output.WriteLine($"  candidate pairs {s.CandidatePairs:N0} ({s.DistinctPatterns:N0} distinct patterns); "
            + $"{s.CandidatePairs / sw.Elapsed.TotalSeconds:N0} candidate pairs/s end to end, {s.CandidatePairsPerSecond:N0} pairs/s in comparison");
        foreach (var b in s.Blocking)
        {
            output.WriteLine($"  rule {b.Rule}: {b.Blocks:N0} blocks, {b.CandidatePairs:N0} new pairs, {b.OversizedBlocks} oversized blocks skipped");
        }

        var entities = population.EntityIds;
        var pairs = PairwiseQuality.OfPairs(entities, result.Matches);
        var clusters = PairwiseQuality.OfClusters(entities, result.ClusterOf);
        output.WriteLine($"  pairs:    {pairs}");
        output.WriteLine($"  clusters: {clusters}");
        output.WriteLine($"  peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
        return 0;
    }
}
