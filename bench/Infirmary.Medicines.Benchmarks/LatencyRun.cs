using System.Diagnostics;
using System.Globalization;
using Infirmary.Bench;

namespace Infirmary.Medicines.Benchmarks;

/// <summary>Per-call latency distribution (mean, p50, p99, p99.9, max) of screening one 20-medicine list.</summary>
internal static class LatencyRun
{
    public static int Run(int calls, TextWriter output)
    {
        var engine = new MedicinesEngine(KnowledgeBase.LoadEmbedded(), SampleFormulary.Load());
        var (byCode, byText) = Requests.TwentyMedicines();
        output.WriteLine($"alerts per screen: {engine.Screen(byCode).Count}; interaction pairs in knowledge base: {engine.KnowledgeBase.InteractionPairCount}");
        foreach (var (name, request) in new[] { ("coded", byCode), ("text", byText) })
        {
            for (var i = 0; i < 20_000; i++)
            {
                engine.Screen(request); // warm-up and tiered JIT
            }

            var samples = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                engine.Screen(request);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            Array.Sort(samples);
            double P(double q) => LoadKit.Percentile(samples, q);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-6} n={calls} mean={samples.Average():0.0} µs p50={P(0.50):0.0} µs p99={P(0.99):0.0} µs p99.9={P(0.999):0.0} µs max={samples[^1]:0.0} µs"));
        }

        return 0;
    }
}
