using System.Diagnostics;

namespace Infirmary.Matching;

internal struct CandidatePair
{
    public int A;
    public int B;
    public ulong Pattern;
}

/// <summary>How one blocking rule contributed.</summary>
public sealed record BlockingRuleStats(string Rule, int Blocks, long CandidatePairs, int OversizedBlocks, long RecordsInOversizedBlocks);

/// <summary>
/// Generates candidate pairs from several blocking rules and compares each pair once. Every rule sorts the
/// records by its key; runs of equal keys are blocks. Blocks above the size cap are dropped for that rule and
/// their members' keys cleared, so that the duplicate test below stays exact: a pair found by rule r is kept
/// only if no earlier rule put the two records in one (kept) block — no hash set of seen pairs is needed.
/// Blocks are grouped into work units of a few thousand pairs and compared in parallel, each thread filling
/// its own buffer and its own histogram of comparison patterns.
/// </summary>
internal static class CandidateGenerator
{
    private const int WorkUnitPairs = 8192;

    public sealed class Result
    {
        public required CandidatePair[] Pairs { get; init; }
        public required Dictionary<ulong, long> Histogram { get; init; }

        /// <summary>Pattern counts by the set (bit mask) of rules whose blocks hold the pair: what each rule saw before repeats were removed.</summary>
        public required Dictionary<(ulong Pattern, int Rules), long> ByRules { get; init; }
        public required IReadOnlyList<BlockingRuleStats> Stats { get; init; }
    }

    private readonly record struct Block(int Rule, int Start, int Length, long Pairs);

    /// <param name="leftCount">Dedupe when negative; otherwise records [0, leftCount) are one side and the rest the other, and only cross pairs are made.</param>
    public static Result Generate(PreparedRecord[] records, int leftCount, IReadOnlyList<BlockingRule> rules, int maxBlock,
        int maxParallel, Action<string>? log)
    {
        var n = records.Length;
        var ruleCount = rules.Count;
        if (ruleCount > 30)
        {
            throw new ArgumentException("At most 30 blocking rules.", nameof(rules));
        }

        var keys = new ulong[ruleCount][];
        var order = new int[ruleCount][];
        var blocks = new List<Block>();
        var stats = new (int Blocks, long Pairs, int Oversized, long OversizedRecords)[ruleCount];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxParallel };
        var linking = leftCount >= 0;

        for (var r = 0; r < ruleCount; r++)
        {
            var rule = rules[r];
            var k = new ulong[n];
            Parallel.For(0, n, po, i => k[i] = rule.Key(records[i]));
            keys[r] = k;

            var present = 0;
            for (var i = 0; i < n; i++)
            {
                if (k[i] != 0)
                {
                    present++;
                }
            }

            var sortedKeys = new ulong[present];
            var idx = new int[present];
            for (int i = 0, j = 0; i < n; i++)
            {
                if (k[i] != 0)
                {
                    sortedKeys[j] = k[i];
                    idx[j++] = i;
                }
            }

            Array.Sort(sortedKeys, idx);
            order[r] = idx;
            var start = 0;
            while (start < present)
            {
                var end = start + 1;
                while (end < present && sortedKeys[end] == sortedKeys[start])
                {
                    end++;
                }

                var len = end - start;
                if (len > 1)
                {
                    long pairs;
                    if (linking)
                    {
                        long left = 0;
                        for (var i = start; i < end; i++)
                        {
                            if (idx[i] < leftCount)
                            {
                                left++;
                            }
                        }

                        pairs = left * (len - left);
                    }
                    else
                    {
                        pairs = (long)len * (len - 1) / 2;
                    }

                    if (len > maxBlock)
                    {
                        stats[r].Oversized++;
                        stats[r].OversizedRecords += len;
                        for (var i = start; i < end; i++)
                        {
                            k[idx[i]] = 0;
                        }
                    }
                    else if (pairs > 0)
                    {
                        blocks.Add(new Block(r, start, len, pairs));
                        stats[r].Blocks++;
                    }
                }

                start = end;
            }
        }

        // The keys again, record by record, so that testing which rules share a key for a pair reads one or
        // two cache lines per record instead of one per rule.
        var byRecord = new ulong[(long)n * ruleCount];
        Parallel.For(0, n, po, i =>
        {
            for (var r = 0; r < ruleCount; r++)
            {
                byRecord[(long)i * ruleCount + r] = keys[r][i];
            }
        });
        Array.Clear(keys);

        // Work units: runs of consecutive blocks holding at least WorkUnitPairs pairs between them.
        var units = new List<(int From, int To)>();
        var acc = 0L;
        var from = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            acc += blocks[b].Pairs;
            if (acc >= WorkUnitPairs)
            {
                units.Add((from, b + 1));
                from = b + 1;
                acc = 0;
            }
        }

        if (from < blocks.Count)
        {
            units.Add((from, blocks.Count));
        }

        var upperBound = blocks.Sum(b => b.Pairs);
        log?.Invoke($"blocking: {blocks.Count:N0} blocks, at most {upperBound:N0} pairs before removing repeats");

        var buffers = new List<(List<CandidatePair> Pairs, Dictionary<(ulong, int), long> Histogram, long[] PerRule)>();
        var done = 0L;
        var nextReport = Math.Max(upperBound / 10, 1);
        var reportLock = new object();
        var sw = Stopwatch.StartNew();
        Parallel.For(0, units.Count, po,
            () => (Pairs: new List<CandidatePair>(1 << 16), Histogram: new Dictionary<(ulong, int), long>(), PerRule: new long[ruleCount]),
            (u, loopState, local) =>
            {
                var (ufrom, uto) = units[u];
                long unitPairs = 0;
                for (var bi = ufrom; bi < uto; bi++)
                {
                    var block = blocks[bi];
                    var idx = order[block.Rule];
                    var end = block.Start + block.Length;
                    for (var i = block.Start; i < end; i++)
                    {
                        var a = idx[i];
                        for (var j = i + 1; j < end; j++)
                        {
                            var b = idx[j];
                            if (linking && (a < leftCount) == (b < leftCount))
                            {
                                continue;
                            }

                            var mask = SharedKeys(byRecord, ruleCount, a, b);
                            if ((mask & ((1 << block.Rule) - 1)) != 0)
                            {
                                // An earlier rule already produced this pair.
                                continue;
                            }

                            var (x, y) = a < b ? (a, b) : (b, a);
                            var pattern = RecordComparer.Compare(records[x], records[y]);
                            local.Pairs.Add(new CandidatePair { A = x, B = y, Pattern = pattern });
                            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(local.Histogram, (pattern, mask), out _);
                            count++;
                            local.PerRule[block.Rule]++;
                        }
                    }

                    unitPairs += block.Pairs;
                }

                if (log is not null)
                {
                    var now = Interlocked.Add(ref done, unitPairs);
                    if (now >= Interlocked.Read(ref nextReport))
                    {
                        lock (reportLock)
                        {
                            if (now >= nextReport)
                            {
                                nextReport += Math.Max(upperBound / 10, 1);
                                log($"compared {100.0 * now / upperBound:0}% of blocked pairs ({sw.Elapsed.TotalSeconds:0.0} s)");
                            }
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (buffers)
                {
                    buffers.Add(local);
                }
            });

        var total = buffers.Sum(b => (long)b.Pairs.Count);
        var all = new CandidatePair[total];
        var offset = 0;
        var histogram = new Dictionary<ulong, long>();
        var byRules = new Dictionary<(ulong, int), long>();
        var perRule = new long[ruleCount];
        foreach (var (pairs, hist, rulePairs) in buffers)
        {
            pairs.CopyTo(all, offset);
            offset += pairs.Count;
            foreach (var (key, c) in hist)
            {
                histogram[key.Item1] = histogram.GetValueOrDefault(key.Item1) + c;
                byRules[key] = byRules.GetValueOrDefault(key) + c;
            }

            for (var r = 0; r < ruleCount; r++)
            {
                perRule[r] += rulePairs[r];
            }
        }

        var ruleStats = rules.Select((rule, r) =>
            new BlockingRuleStats(rule.Name, stats[r].Blocks, perRule[r], stats[r].Oversized, stats[r].OversizedRecords)).ToList();
        return new Result { Pairs = all, Histogram = histogram, ByRules = byRules, Stats = ruleStats };
    }

    /// <summary>Bit r is set when rule r puts a and b in one (kept) block.</summary>
    private static int SharedKeys(ulong[] byRecord, int ruleCount, int a, int b)
    {
        var ka = byRecord.AsSpan((int)((long)a * ruleCount), ruleCount);
        var kb = byRecord.AsSpan((int)((long)b * ruleCount), ruleCount);
        var mask = 0;
        for (var r = 0; r < ka.Length; r++)
        {
            if (ka[r] != 0 && ka[r] == kb[r])
            {
                mask |= 1 << r;
            }
        }

        return mask;
    }

    /// <summary>Histogram of comparison patterns of random pairs, to seed u.</summary>
    public static Dictionary<ulong, long> RandomPairs(PreparedRecord[] records, int leftCount, int count, int seed, int maxParallel)
    {
        var n = records.Length;
        if (n < 2 || (leftCount >= 0 && (leftCount == 0 || leftCount == n)))
        {
            return [];
        }

        const int chunks = 64;
        var per = Math.Max(1, count / chunks);
        var histograms = new Dictionary<ulong, long>[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxParallel }, c =>
        {
            var rng = new SplitMix64((ulong)seed * 1_000_003UL + (ulong)c);
            var h = new Dictionary<ulong, long>();
            for (var i = 0; i < per; i++)
            {
                int a, b;
                if (leftCount >= 0)
                {
                    a = rng.Next(leftCount);
                    b = leftCount + rng.Next(n - leftCount);
                }
                else
                {
                    a = rng.Next(n);
                    b = rng.Next(n - 1);
                    if (b >= a)
                    {
                        b++;
                    }
                }

                var p = RecordComparer.Compare(records[a], records[b]);
                h[p] = h.GetValueOrDefault(p) + 1;
            }

            histograms[c] = h;
        });

        var all = new Dictionary<ulong, long>();
        foreach (var h in histograms)
        {
            foreach (var (p, c) in h)
            {
                all[p] = all.GetValueOrDefault(p) + c;
            }
        }

        return all;
    }
}

/// <summary>SplitMix64 (Steele, Lea and Flood 2014): small, fast, and the same sequence on every platform.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int maxExclusive) => (int)((NextUInt64() >> 33) % (ulong)maxExclusive);
}
