using BenchmarkDotNet.Running;
using Infirmary.Hl7v2.Benchmarks;

// BenchmarkDotNet:   dotnet run -c Release --project bench/Infirmary.Hl7v2.Benchmarks -- --filter '*' [--job short]
// Thread CPU time:   dotnet run -c Release --project bench/Infirmary.Hl7v2.Benchmarks -- --cpu-time
//   (the same benchmarks timed by the CPU time of the measuring thread, which stays meaningful on a machine
//   whose other cores and time slices are taken by other work; Linux only.)
if (args.Contains("--cpu-time"))
{
    CpuTimeRunner.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Hl7v2Benchmarks).Assembly).Run(args);
