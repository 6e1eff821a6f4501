using BenchmarkDotNet.Running;
using Infirmary.Medicines.Benchmarks;

if (args is ["--latency", ..])
{
    return LatencyRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(ScreeningBenchmarks).Assembly).Run(args);
return 0;
