using System.Diagnostics;
using BenchmarkDotNet.Running;
using Infirmary.Dosimetry;
using Infirmary.Dosimetry.Benchmarks;

// --gamma3d [--local] [--interp-fraction F]: time the issue 7 gamma case in-process.
// --write-json DIR [--size N]: write DIR/reference.json and DIR/evaluation.json for timing the CLI end to end.
// Anything else goes to BenchmarkDotNet (e.g. --filter '*').
if (args.Contains("--gamma3d"))
{
    var fraction = args.SkipWhile(a => a != "--interp-fraction").Skip(1).Select(double.Parse).DefaultIfEmpty(10.0).First();
    var generate = Stopwatch.StartNew();
    var (reference, evaluation) = QaCase.Create();
    Console.WriteLine($"generated 128^3 case in {generate.Elapsed.TotalSeconds:0.00} s");
    var precision = args.SkipWhile(a => a != "--precision").Skip(1).Select(double.Parse).DefaultIfEmpty(0.01).First();
    var options = new GammaOptions(2.0, 2.0, Local: args.Contains("--local"), CutoffPercent: 10.0, InterpFraction: fraction, Precision: precision);
    var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).DefaultIfEmpty(3).First();
    for (var run = 1; run <= runs; run++)
    {
        var sw = Stopwatch.StartNew();
        var result = GammaIndex.Compute(reference, evaluation, options);
        sw.Stop();
        Console.WriteLine($"run {run}: gamma 2%/2mm {(options.Local ? "local" : "global")}, cut-off 10%, interp fraction {fraction}: {sw.Elapsed.TotalSeconds:0.000} s, " +
            $"pass rate {result.PassRatePercent:0.00}% ({result.PassedPoints}/{result.EvaluatedPoints}), threads {Environment.ProcessorCount}");
    }

    return 0;
}

if (args.Length >= 2 && args[0] == "--write-json")
{
    // Optional --size N writes a smaller cube of the same case (e.g. for comparison with PyMedPhys).
    var size = args.SkipWhile(a => a != "--size").Skip(1).Select(int.Parse).DefaultIfEmpty(QaCase.Size).First();
    Directory.CreateDirectory(args[1]);
    var (reference, evaluation) = QaCase.Create(size);
    using (var file = File.Create(Path.Combine(args[1], "reference.json")))
    {
        DoseGridJson.Write(file, reference);
    }

    using (var file = File.Create(Path.Combine(args[1], "evaluation.json")))
    {
        DoseGridJson.Write(file, evaluation);
    }

    Console.WriteLine($"wrote {Path.Combine(args[1], "reference.json")} and evaluation.json");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QaCase).Assembly).Run(args);
return 0;
