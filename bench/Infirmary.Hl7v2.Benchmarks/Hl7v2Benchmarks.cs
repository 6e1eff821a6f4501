using System.Text;
using BenchmarkDotNet.Attributes;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Hl7v2.Results;

namespace Infirmary.Hl7v2.Benchmarks;

/// <summary>
/// The engine's hot paths, per message: parse (text and bytes), parse and extract the results, write an ACK,
/// decode MLLP frames. Messages per second = 1 / mean; allocated bytes are per message.
/// </summary>
[MemoryDiagnoser]
public class Hl7v2Benchmarks
{
    private const int FramesPerStream = 100;

    private readonly DateTimeOffset _now = new(2026, 11, 25, 10, 15, 30, TimeSpan.Zero);
    private string _text = null!;
    private byte[] _bytes = null!;
    private Hl7Message _message = null!;
    private byte[] _stream = null!;
    private MllpDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = SampleMessages.OruR01;
        _bytes = Encoding.UTF8.GetBytes(_text);
        _message = Hl7Message.Parse(_text).Message ?? throw new InvalidOperationException("sample does not parse");
        _stream = Enumerable.Range(0, FramesPerStream).SelectMany(_ => MllpFraming.Frame(_bytes)).ToArray();
        _decoder = new MllpDecoder();
        if (ObservationReport.Read(_message).Observations.Count() != 20)
        {
            throw new InvalidOperationException("sample should hold 20 results");
        }
    }

    /// <summary>Parse an ORU^R01 (about 3 KB, 29 segments, 20 OBX) from a string.</summary>
    [Benchmark(Baseline = true)]
    public Hl7Message ParseOru() => Hl7Message.Parse(_text).Message!;

    /// <summary>Parse the same message from UTF-8 bytes (charset detection, validation and decoding included).</summary>
    [Benchmark]
    public Hl7Message ParseOruBytes() => Hl7Message.Parse(_bytes).Message!;

    /// <summary>Parse and read every result the lab module files (values, units, ranges, flags, dates, codes).</summary>
    [Benchmark]
    public int ParseAndExtractResults()
    {
        var report = ObservationReport.Read(Hl7Message.Parse(_text).Message!);
        var count = 0;
        foreach (var order in report.Orders)
        {
            count += order.Observations.Count;
        }

        return count;
    }

    /// <summary>Write the AA acknowledgement of a parsed message.</summary>
    [Benchmark]
    public string WriteAck() => Hl7Ack.Create(_message, Hl7AckCode.AA, "ACK-000001", _now);

    /// <summary>Decode a read buffer holding 100 framed messages (per message).</summary>
    [Benchmark(OperationsPerInvoke = FramesPerStream)]
    public int MllpDecode()
    {
        ReadOnlySpan<byte> input = _stream;
        var total = 0;
        while (_decoder.TryDecode(ref input, out var result))
        {
            total += result.Payload.Length;
        }

        return total;
    }
}
