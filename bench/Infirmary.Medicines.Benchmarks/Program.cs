using BenchmarkDotNet.Running;
using Infirmary.Medicines.Benchmarks;

if (args is ["--latency", ..])
{
    return LatencyRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000, Console.Out);
}

if (args is ["--api", var baseUrl, ..])
{
    // --api URL [calls] [clients]: through the running server's CDS Hooks service.
    var calls = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
    var clients = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 8;
    return await ApiLatencyRun.RunAsync(baseUrl, calls, clients, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(ScreeningBenchmarks).Assembly).Run(args);
return 0;
