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
        var phase = Phase.Start(Process.GetCurrentProcess());
        var result = GammaIndex.Compute(reference, evaluation, options);
        var time = phase.Stop();
        Console.WriteLine($"run {run}: gamma 2%/2mm {(options.Local ? "local" : "global")}, cut-off 10%, interp fraction {fraction}, precision {precision}: {time}, " +
            $"pass rate {result.PassRatePercent:0.00}% ({result.PassedPoints}/{result.EvaluatedPoints}), threads {Environment.ProcessorCount}");
    }

    return 0;
}

if (args.Length >= 2 && args[0] == "--accuracy")
{
    // --accuracy TRUTH.bin: the default options against a fine search (boxes halved to Δd/80, no precision shortcut),
    // cached in TRUTH.bin: the largest gamma differences and any pass/fail disagreement.
    var (reference, evaluation) = QaCase.Create();
    float[] truth;
    if (File.Exists(args[1]))
    {
        truth = new float[reference.Dose.Length];
        File.ReadAllBytes(args[1]).AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(truth.AsSpan()));
    }
    else
    {
        truth = GammaIndex.Compute(reference, evaluation, new GammaOptions(2.0, 2.0, CutoffPercent: 10.0, InterpFraction: 80, Precision: 0)).Gamma;
        File.WriteAllBytes(args[1], System.Runtime.InteropServices.MemoryMarshal.AsBytes(truth.AsSpan()).ToArray());
    }

    var fraction = args.SkipWhile(a => a != "--interp-fraction").Skip(1).Select(double.Parse).DefaultIfEmpty(10.0).First();
    var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(2.0, 2.0, CutoffPercent: 10.0, InterpFraction: fraction));
    var diffs = new List<float>();
    int truthPassed = 0, disagree = 0;
    for (var i = 0; i < truth.Length; i++)
    {
        if (float.IsNaN(truth[i]))
        {
            continue;
        }

        diffs.Add(result.Gamma[i] - truth[i]);
        truthPassed += truth[i] <= 1f ? 1 : 0;
        disagree += (truth[i] <= 1f) != (result.Gamma[i] <= 1f) ? 1 : 0;
    }

    diffs.Sort();
    Console.WriteLine($"fine search pass rate {100.0 * truthPassed / diffs.Count:0.000}%, default {result.PassRatePercent:0.000}%, pass/fail disagreements {disagree}");
    Console.WriteLine($"gamma − fine: min {diffs[0]:0.0000}, 0.1% {diffs[diffs.Count / 1000]:0.0000}, median {diffs[diffs.Count / 2]:0.0000}, " +
        $"99.9% {diffs[diffs.Count - 1 - (diffs.Count / 1000)]:0.0000}, max {diffs[^1]:0.0000}, over 0.01: {diffs.Count(d => d > 0.01f)}");
    return 0;
}

if (args.Length >= 2 && args[0] == "--phases")
{
    // --phases DIR: the CLI's work in-process, phase by phase, with wall and process CPU time (user + sys) for each,
    // because the benchmark machine is shared and wall time alone says little.
    var process = Process.GetCurrentProcess();
    var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).DefaultIfEmpty(3).First();
    for (var run = 1; run <= runs; run++)
    {
        var read = Phase.Start(process);
        var reference = DoseGridJson.ReadFile(Path.Combine(args[1], "reference.json"), "reference");
        var evaluation = DoseGridJson.ReadFile(Path.Combine(args[1], "evaluation.json"), "evaluation");
        var readTime = read.Stop();
        var compute = Phase.Start(process);
        var result = GammaIndex.Compute(reference, evaluation, new GammaOptions(2.0, 2.0, CutoffPercent: 10.0));
        var computeTime = compute.Stop();
        Console.WriteLine($"run {run}: read {readTime}, gamma {computeTime}, pass rate {result.PassRatePercent:0.00}% ({result.PassedPoints}/{result.EvaluatedPoints})");
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

/// <summary>Wall and process CPU time of one phase.</summary>
internal sealed class Phase
{
    private readonly Process process;
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private readonly TimeSpan cpu;

    private Phase(Process process)
    {
        this.process = process;
        process.Refresh();
        cpu = process.TotalProcessorTime;
    }

    public static Phase Start(Process process) => new(process);

    public string Stop()
    {
        process.Refresh();
        return $"{wall.Elapsed.TotalSeconds:0.000} s wall / {(process.TotalProcessorTime - cpu).TotalSeconds:0.000} s CPU";
    }
}
