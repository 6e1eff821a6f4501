using System.Diagnostics;
using System.Text;
using CsCheck;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Hl7v2.Results;

namespace Infirmary.Hl7v2.Tests;

/// <summary>
/// Property tests (CsCheck): the parser is total on random and mutated input, writing then parsing gives back
/// every value, and MLLP decoding does not depend on how bytes are chunked. A failing case is shrunk and printed
/// by CsCheck with its seed; keep it as a file in Corpus/Fuzz so that <see cref="MalformedCorpusTests"/> replays it.
/// </summary>
public class PropertyTests
{
    private const int Iterations = 2_000;

    // Anything slower than this on one small input would be a hang in the making (the parser is linear).
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private const string ValidMsh = "MSH|^~\\&|A|B|C|D|20260101||ORU^R01^ORU_R01|C1|P|2.5.1";

    private static readonly Gen<string> HlishText = Gen.String[Gen.Char["MSHPIDOBX|^~\\&#\r\n\u0000\u000B\u001C\t 0aZ\u00e9\uFEFF"], 0, 300];

    private static readonly Gen<string> MutatedSample = Gen.Select(
        Gen.OneOf(Gen.Const(TestFiles.Sample("LAB-ORU-1.hl7")), Gen.Const(TestFiles.Sample("ORU-R01-RMGEAD.hl7"))),
        Gen.Int[0, 1500], Gen.Int[0, 40], Gen.String[Gen.Char["|^~\\&\r\nMSH\u0000\u00ff #"], 0, 8],
        (text, at, cut, insert) =>
        {
            at = Math.Min(at, text.Length);
            var end = Math.Min(text.Length, at + cut);
            return string.Concat(text.AsSpan(0, at), insert, text.AsSpan(end));
        });

    [Fact]
    public void GivenRandomBytes_WhenParsed_ThenResultIsMessageOrErrorWithinBudget() =>
        Gen.Byte.Array[0, 2000].Sample(bytes => Total(() => Hl7Message.Parse(bytes)), iter: Iterations);

    [Fact]
    public void GivenRandomBytesAfterValidHeader_WhenParsed_ThenResultIsMessageOrError() =>
        Gen.Byte.Array[0, 2000].Sample(
            bytes => Total(() => Hl7Message.Parse([.. Encoding.ASCII.GetBytes(ValidMsh + "\r"), .. bytes])), iter: Iterations);

    [Fact]
    public void GivenRandomText_WhenParsed_ThenResultIsMessageOrError()
    {
        Gen.String.Sample(text => Total(() => Hl7Message.Parse(text)), iter: Iterations);
        HlishText.Sample(text => Total(() => Hl7Message.Parse(text)), iter: Iterations);
        HlishText.Sample(text => Total(() => Hl7Message.Parse(ValidMsh + "\r" + text)), iter: Iterations);
    }

    [Fact]
    public void GivenMutatedSamples_WhenParsed_ThenResultIsMessageOrError() =>
        MutatedSample.Sample(text => Total(() => Hl7Message.Parse(text)), iter: Iterations);

    [Fact]
    public void GivenTightLimits_WhenRandomTextParsed_ThenLimitsNeverThrow()
    {
        var options = new Hl7ParseOptions { MaxFieldLength = 5, MaxFieldsPerSegment = 4, MaxRepetitionsPerField = 2, MaxSegments = 3, MaxMessageLength = 200 };
        HlishText.Sample(text => Total(() => Hl7Message.Parse(ValidMsh + "\r" + text, options)), iter: Iterations);
    }

    /// <summary>Parses, then reads every position, acknowledges and extracts results, asserting nothing throws or stalls.</summary>
    internal static void Total(Func<Hl7ParseResult> parse)
    {
        var clock = Stopwatch.StartNew();
        var result = parse();
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (result.IsSuccess)
        {
            Assert.Null(result.Error);
            Walk(result.Message);
            var ack = Hl7Ack.Create(result.Message, Hl7AckCode.AE, "A1", now, [new Hl7AckError(Hl7ErrorCodes.DataTypeError) { Diagnostic = "x|y" }]);
            Assert.True(Hl7Message.Parse(ack, new Hl7ParseOptions { RequireHeaderFields = false }).IsSuccess, ack);
            _ = ObservationReport.Read(result.Message);
        }
        else
        {
            Assert.NotNull(result.Error);
            Assert.False(string.IsNullOrEmpty(result.Error.Message));
            Assert.True(result.Error.Offset >= 0);
            var nak = Hl7Ack.CreateNak(result.Error, "N1", now);
            Assert.True(Hl7Message.Parse(nak, new Hl7ParseOptions { RequireHeaderFields = false }).IsSuccess, nak);
        }

        Assert.True(clock.Elapsed < Budget, $"took {clock.Elapsed}");
    }

    private static void Walk(Hl7Message message)
    {
        _ = message.Header;
        foreach (var segment in message.Segments)
        {
            _ = segment.Id;
            for (var f = 1; f <= segment.FieldCount + 1; f++)
            {
                var field = segment.Field(f);
                _ = field.Value;
                _ = field.IsNull;
                _ = field.Timestamp;
                _ = field.RepetitionCount + field.ComponentCount + field.SubcomponentCount;
                _ = field.Repetition(2).Component(3).Subcomponent(2).Value;
                foreach (var repetition in field.Repetitions())
                {
                    foreach (var component in repetition.Components())
                    {
                        foreach (var subcomponent in component.Subcomponents())
                        {
                            _ = subcomponent.Value;
                        }
                    }
                }
            }
        }
    }

    // ---- Round trip: parse(write(x)) == x ----

    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static readonly Gen<Hl7Delimiters> Delimiters =
        Gen.Shuffle(Punctuation.ToCharArray(), 5).Select(c => Hl7Delimiters.Create(c[0], new string(c, 1, 4)));

    // Values mix ordinary text, every punctuation character (so every delimiter of every set), escapes, CR/LF,
    // control characters and non-ASCII text.
    private static readonly Gen<string> Leaf = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcXYZ019 .-"], 0, 8]),
        (3, Gen.String[Gen.Char[Punctuation + "ab\r\n\t\u0001\u001f\u00e9\u00b5\u20ac"], 0, 8]),
        (1, Gen.Const(string.Empty)));

    private static readonly Gen<string[][][]> Field = Leaf.Array[1, 3].Array[1, 3].Array[1, 3];

    private static readonly Gen<string> SegmentId = Gen.Select(Gen.Char['A', 'Z'], Gen.Char["ABCXYZ019"], Gen.Char["ABCXYZ019"],
        (a, b, c) => new string([a, b, c])).Where(id => id is not ("MSH" or "BHS" or "FHS" or "BTS" or "FTS"));

    private static readonly Gen<(string Id, string[][][][] Fields)> Segment = Gen.Select(SegmentId, Field.Array[0, 6]);

    private static readonly Gen<(Hl7Delimiters, string[][][][], (string Id, string[][][][] Fields)[])> Model =
        Gen.Select(Delimiters, Field.Array[0, 12], Segment.Array[0, 6]);

    [Fact]
    public void GivenAnyValues_WhenWrittenThenParsed_ThenEveryValueComesBack() =>
        Model.Sample((delimiters, mshFields, segments) =>
        {
            var builder = new Hl7MessageBuilder(delimiters);
            Fill(builder.Msh, mshFields, firstField: 3);
            foreach (var (id, fields) in segments)
            {
                Fill(builder.AddSegment(id), fields, firstField: 1);
            }

            var text = builder.Build();
            var result = Hl7Message.Parse(text, new Hl7ParseOptions { RequireHeaderFields = false });
            Assert.True(result.IsSuccess, result.Error?.ToString());
            var message = result.Message;
            Assert.Equal(delimiters, message.Delimiters);
            Assert.Equal(segments.Length + 1, message.SegmentCount);
            Compare(message.Segments[0], mshFields, 3);
            for (var i = 0; i < segments.Length; i++)
            {
                Assert.Equal(segments[i].Id, message.Segments[i + 1].Id);
                Compare(message.Segments[i + 1], segments[i].Fields, 1);
            }

            // And written again from the parsed message, the text is the same.
            Assert.Equal(text, Hl7MessageBuilder.From(message).Build());
            var utf8 = Hl7Message.Parse(Encoding.UTF8.GetBytes(text), new Hl7ParseOptions { RequireHeaderFields = false });
            Assert.True(utf8.IsSuccess, utf8.Error?.ToString());
            AssertSameValues(message, utf8.Message);
        }, iter: Iterations);

    [Fact]
    public void GivenAnyStringAndDelimiters_WhenEncodedThenDecoded_ThenItIsUnchanged() =>
        Gen.Select(Delimiters, Gen.String).Sample((d, s) => Assert.Equal(s, Hl7Escaping.Decode(Hl7Escaping.Encode(s, d), d)), iter: Iterations);

    [Fact]
    public void GivenAnyInstant_WhenFormattedThenParsed_ThenItIsTheSameToTheSecond() =>
        Gen.Select(Gen.DateTime[new DateTime(1900, 1, 1), new DateTime(2200, 1, 1)], Gen.Int[-14 * 4, 14 * 4]).Sample((dt, quarter) =>
        {
            var instant = new DateTimeOffset(dt.Ticks - dt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.FromMinutes(quarter * 15));
            Assert.True(Hl7Timestamp.TryParse(Hl7Timestamp.Format(instant), out var parsed));
            Assert.Equal(instant, parsed.ToDateTimeOffset());
        }, iter: Iterations);

    private static void Fill(Hl7SegmentBuilder segment, string[][][][] fields, int firstField)
    {
        for (var f = 0; f < fields.Length; f++)
        {
            for (var r = 0; r < fields[f].Length; r++)
            {
                for (var c = 0; c < fields[f][r].Length; c++)
                {
                    for (var s = 0; s < fields[f][r][c].Length; s++)
                    {
                        segment.SetAt(f + firstField, r + 1, c + 1, s + 1, fields[f][r][c][s]);
                    }
                }
            }
        }
    }

    private static void Compare(Hl7Segment segment, string[][][][] fields, int firstField)
    {
        Assert.True(segment.FieldCount <= fields.Length + firstField - 1);
        for (var f = 0; f < fields.Length; f++)
        {
            var field = segment.Field(f + firstField);
            for (var r = 0; r < fields[f].Length; r++)
            {
                for (var c = 0; c < fields[f][r].Length; c++)
                {
                    for (var s = 0; s < fields[f][r][c].Length; s++)
                    {
                        Assert.Equal(fields[f][r][c][s], field.Repetition(r + 1).Component(c + 1).Subcomponent(s + 1).Value);
                    }
                }
            }
        }
    }

    /// <summary>Asserts that two messages hold the same decoded value at every position either of them has.</summary>
    internal static void AssertSameValues(Hl7Message expected, Hl7Message actual)
    {
        Assert.Equal(expected.SegmentCount, actual.SegmentCount);
        for (var i = 0; i < expected.SegmentCount; i++)
        {
            var a = expected.Segments[i];
            var b = actual.Segments[i];
            Assert.Equal(a.Id, b.Id);
            var fields = Math.Max(a.FieldCount, b.FieldCount);
            for (var f = a.Index == 0 ? 3 : 1; f <= fields; f++)
            {
                var fa = a.Field(f);
                var fb = b.Field(f);
                for (var r = 1; r <= Math.Max(fa.RepetitionCount, fb.RepetitionCount); r++)
                {
                    var ra = fa.Repetition(r);
                    var rb = fb.Repetition(r);
                    for (var c = 1; c <= Math.Max(ra.ComponentCount, rb.ComponentCount); c++)
                    {
                        var ca = ra.Component(c);
                        var cb = rb.Component(c);
                        for (var s = 1; s <= Math.Max(ca.SubcomponentCount, cb.SubcomponentCount); s++)
                        {
                            Assert.Equal(ca.Subcomponent(s).Value, cb.Subcomponent(s).Value);
                        }
                    }
                }
            }
        }
    }

    // ---- MLLP: chunking does not change what is decoded ----

    private static readonly Gen<byte[]> Payload = Gen.Byte.Array[0, 64].Select(b => b.Select(x => x is 0x0B or 0x1C ? (byte)'x' : x).ToArray());

    private static readonly Gen<byte[]> StreamPiece = Gen.Frequency(
        (6, Payload.Select(p => MllpFraming.Frame(p))),
        (1, Payload.Select(p => (byte[])[0x0B, .. p, 0x1C])), // no final CR
        (1, Gen.Byte.Array[0, 10]), // junk, may hold start/end bytes
        (1, Gen.Const("\r\n"u8.ToArray())),
        (1, Gen.Byte.Array[60, 200].Select(p => (byte[])[0x0B, .. p.Select(x => x is 0x0B or 0x1C ? (byte)'y' : x), 0x1C, 0x0D]))); // too large

    private static readonly Gen<byte[]> MllpStream = StreamPiece.Array[0, 12].Select(pieces => pieces.SelectMany(p => p).ToArray());

    [Fact]
    public void GivenAnyByteStream_WhenDecodedInRandomChunks_ThenEventsEqualOneShotDecoding() =>
        Gen.Select(MllpStream, Gen.Int[1, 40].Array[1, 30]).Sample((stream, sizes) =>
        {
            var expected = DecodeAll(stream, [stream.Length]);
            var chunked = DecodeAll(stream, sizes);
            Assert.Equal(expected.Count, chunked.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Status, chunked[i].Status);
                Assert.Equal(expected[i].Payload, chunked[i].Payload);
            }
        }, iter: Iterations);

    [Fact]
    public void GivenWellFormedFrames_WhenDecodedInRandomChunks_ThenPayloadsComeBackInOrder() =>
        Gen.Select(Payload.Array[0, 10], Gen.Int[1, 40].Array[1, 30]).Sample((payloads, sizes) =>
        {
            var stream = payloads.SelectMany(p => MllpFraming.Frame(p)).ToArray();
            var events = DecodeAll(stream, sizes);
            Assert.All(events, e => Assert.Equal(MllpStatus.Frame, e.Status));
            Assert.Equal(payloads, events.Select(e => e.Payload));
        }, iter: Iterations);

    [Fact]
    public void GivenAnyByteStream_WhenReadThroughTheAsyncReaderInRandomChunks_ThenEventsEqualOneShotDecoding() =>
        Gen.Select(MllpStream, Gen.Int[1, 40].Array[1, 30]).Sample((stream, sizes) =>
        {
            var expected = DecodeAll(stream, [stream.Length]);
            expected.Add((MllpStatus.EndOfStream, []));
            var actual = new List<(MllpStatus, byte[])>();
            using var reader = new MllpReader(new ChunkedStream(stream, sizes), maxFrameSize: 100, bufferSize: 16);
            while (true)
            {
                var frame = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
                actual.Add((frame.Status, frame.Payload.ToArray()));
                if (frame.Status == MllpStatus.EndOfStream)
                {
                    break;
                }
            }

            Assert.Equal(expected.Select(e => e.Status), actual.Select(a => a.Item1));
            Assert.Equal(expected.Select(e => e.Payload), actual.Select(a => a.Item2));
        }, iter: 500);

    /// <summary>Decodes with the span API in chunks of the given sizes (cycled), then completes.</summary>
    internal static List<(MllpStatus Status, byte[] Payload)> DecodeAll(byte[] stream, int[] sizes, int maxFrameSize = 100)
    {
        var decoder = new MllpDecoder(maxFrameSize);
        var events = new List<(MllpStatus, byte[])>();
        var offset = 0;
        var turn = 0;
        while (offset < stream.Length)
        {
            var size = Math.Min(Math.Max(1, sizes[turn++ % sizes.Length]), stream.Length - offset);
            ReadOnlySpan<byte> chunk = stream.AsSpan(offset, size);
            while (decoder.TryDecode(ref chunk, out var result))
            {
                events.Add((result.Status, result.Payload.ToArray()));
            }

            offset += size;
        }

        if (decoder.TryComplete(out var status))
        {
            events.Add((status, []));
        }

        return events;
    }
}

/// <summary>A read-only stream that hands out its bytes in chunks of the given sizes, as a socket might.</summary>
internal sealed class ChunkedStream(byte[] data, int[] sizes) : Stream
{
    private int _offset;
    private int _turn;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position { get => _offset; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = Math.Min(Math.Min(Math.Max(1, sizes[_turn++ % sizes.Length]), buffer.Length), data.Length - _offset);
        data.AsSpan(_offset, size).CopyTo(buffer);
        _offset += size;
        return size;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
