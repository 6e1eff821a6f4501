using System.Globalization;
using Infirmary.Rostering.Benchmark;

namespace Infirmary.Rostering.Tests;

internal static class TestData
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Data");

    public static string InstancePath(int n) => Path.Combine(Directory, $"Instance{n}.txt");

    public static RosterProblem Instance(int n) => BenchmarkFormat.ReadFile(InstancePath(n));

    public static long BestKnown(int n) => File.ReadAllLines(Path.Combine(Directory, "best_known.csv"))
        .Select(l => l.Split(','))
        .Where(f => f[0] == $"Instance{n}")
        .Select(f => long.Parse(f[5], CultureInfo.InvariantCulture))
        .Single();
}
