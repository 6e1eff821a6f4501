using System.Runtime.InteropServices;

namespace Infirmary.Hl7v2.Benchmarks;

/// <summary>
/// Times each benchmark by the CPU time of the current thread (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), best
/// of several rounds, with allocated bytes from the runtime's per-thread counter. Wall-clock benchmarks on a
/// shared two-core machine measure the neighbours as much as the code; this measures the code.
/// </summary>
internal static class CpuTimeRunner
{
    public static void Run(TextWriter output)
    {
        if (!OperatingSystem.IsLinux())
        {
            output.WriteLine("--cpu-time needs Linux (CLOCK_THREAD_CPUTIME_ID).");
            return;
        }

        var b = new Hl7v2Benchmarks();
        b.Setup();
        output.WriteLine("| Benchmark | CPU time per message | messages/s per core | allocated per message |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        Measure(output, "ParseOru", 1, () => b.ParseOru());
        Measure(output, "ParseOruBytes", 1, () => b.ParseOruBytes());
        Measure(output, "ParseAndExtractResults", 1, () => b.ParseAndExtractResults());
        Measure(output, "WriteAck", 1, () => b.WriteAck());
        Measure(output, "MllpDecode", 100, () => b.MllpDecode());
    }

    private static void Measure<T>(TextWriter output, string name, int messagesPerCall, Func<T> call)
    {
        // Warm up (tiered JIT), calibrate to about 200 ms of CPU per round, then keep the best of 7 rounds.
        var warm = Now();
        while (Now() - warm < 500_000_000)
        {
            Time(call, 100);
        }

        var calls = 1;
        while (true)
        {
            var t = Time(call, calls);
            if (t > 20_000_000)
            {
                calls = (int)Math.Max(1, calls * 200_000_000.0 / t);
                break;
            }

            calls *= 4;
        }

        var best = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            best = Math.Min(best, Time(call, calls) / calls / messagesPerCall);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            call();
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0 / messagesPerCall;
        output.WriteLine($"| {name} | {best:N0} ns | {1e9 / best:N0} | {allocated:N0} B |");
    }

    private static double Time<T>(Func<T> call, int calls)
    {
        var start = Now();
        for (var i = 0; i < calls; i++)
        {
            call();
        }

        return Now() - start;
    }

    private static double Now()
    {
        _ = ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t);
        return t.Seconds * 1e9 + t.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
