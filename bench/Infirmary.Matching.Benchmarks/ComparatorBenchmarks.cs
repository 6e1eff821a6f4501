using BenchmarkDotNet.Attributes;
using Infirmary.Matching.Text;

namespace Infirmary.Matching.Benchmarks;

/// <summary>Micro-benchmarks of the per-pair comparators (run: dotnet run -c Release -- --filter '*Comparator*').</summary>
[MemoryDiagnoser]
public class ComparatorBenchmarks
{
    private readonly PreparedRecord a;
    private readonly PreparedRecord b;
    private readonly PreparedRecord c;

    public ComparatorBenchmarks()
    {
        var p = SyntheticPeople.Generate(5000, 3);
        a = RecordPreparer.PrepareOne(p.Records[100], true);
        b = RecordPreparer.PrepareOne(p.Records[101], true);
        var twin = Array.FindIndex(p.EntityOf, 1000, e => e == p.EntityOf[Array.FindIndex(p.EntityOf, 1000, x => p.EntityOf.Count(y => y == x) > 1)]);
        c = RecordPreparer.PrepareOne(p.Records[twin], true);
    }

    [Benchmark]
    public double JaroWinklerNames() => JaroWinkler.Similarity("MARTHA".AsSpan(), "MARHTA".AsSpan());

    [Benchmark]
    public double JaroWinklerAddress() => JaroWinkler.Similarity("PRIDHAMSTREET".AsSpan(), "PRIDHAMPSTREET".AsSpan());

    [Benchmark]
    public string NysiisCode() => Nysiis.Encode("MACINTOSH");

    [Benchmark]
    public ulong CompareDifferentPeople() => RecordComparer.Compare(a, b);

    [Benchmark]
    public ulong CompareSimilarPeople() => RecordComparer.Compare(a, c);
}
