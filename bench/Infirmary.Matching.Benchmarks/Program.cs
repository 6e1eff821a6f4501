using BenchmarkDotNet.Running;
using Infirmary.Matching;
using Infirmary.Matching.Benchmarks;

var options = new MatchOptions();
if (args.Length >= 1 && args[0] == "--quality")
{
    var dir = args.Length > 1 ? args[1] : FindFebrl();
    return QualityRun.Run(dir, options, Console.Out);
}

if (args.Length >= 2 && args[0] == "--prep")
{
    // CPU time of the stages on one thread, for profiling without interference from other processes.
    var people = SyntheticPeople.Generate(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), 1).Records;
    for (var round = 0; round < 2; round++)
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var prepared = people.Select(p => RecordPreparer.PrepareOne(p, true)).ToArray();
        var cpu2 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        ulong sink = 0;
        for (var i = 1; i < prepared.Length; i++)
        {
            sink ^= RecordComparer.Compare(prepared[i - 1], prepared[i]);
        }

        var cpu3 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine($"prepare {(cpu2 - cpu).TotalMilliseconds * 1000 / people.Count:0.00} µs/record CPU; compare {(cpu3 - cpu2).TotalMilliseconds * 1000 / people.Count:0.000} µs/pair CPU ({sink})");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cpu4 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var all = RecordPreparer.Prepare(people, true);
        var cpu5 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine($"parallel prepare with interning: {sw.Elapsed.TotalSeconds:0.00} s wall, {(cpu5 - cpu4).TotalSeconds:0.00} s CPU, {all.Length}; gen0 {GC.CollectionCount(0)} gen2 {GC.CollectionCount(2)}");
    }

    return 0;
}

if (args.Length >= 2 && args[0] == "--rules")
{
    return RulesReport.Run(args[1..], Console.Out);
}

if (args.Length >= 2 && args[0] == "--scale")
{
    return ScaleRun.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args.Skip(2).ToArray(), Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(ComparatorBenchmarks).Assembly).Run(args);
return 0;

static string FindFebrl()
{
    foreach (var candidate in new[] { "tests/Engines/Infirmary.Matching.Tests/TestData/febrl", "../../tests/Engines/Infirmary.Matching.Tests/TestData/febrl" })
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        {
            var path = Path.Combine(d.FullName, candidate);
            if (Directory.Exists(path))
            {
                return path;
            }
        }
    }

    throw new DirectoryNotFoundException("Febrl data not found; pass the folder after --quality.");
}
