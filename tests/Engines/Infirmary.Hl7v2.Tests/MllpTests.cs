using System.Text;
using Infirmary.Hl7v2.Mllp;

namespace Infirmary.Hl7v2.Tests;

public class MllpTests
{
    private static readonly byte[] A = Encoding.ASCII.GetBytes("MSH|^~\\&|A\rPID|1\r");
    private static readonly byte[] B = Encoding.ASCII.GetBytes("MSH|^~\\&|B\r");

    private static List<(MllpStatus Status, string Payload)> Decode(byte[] stream, int[] chunks, int max = 100) =>
        PropertyTests.DecodeAll(stream, chunks, max).Select(e => (e.Status, Encoding.ASCII.GetString(e.Payload))).ToList();

    [Fact]
    public void GivenOneFrame_WhenDecodedInOneRead_ThenPayloadIsReturnedWithoutCopy()
    {
        var decoder = new MllpDecoder();
        var frame = MllpFraming.Frame(A);
        ReadOnlyMemory<byte> input = frame;

        Assert.True(decoder.TryDecode(ref input, out var result));
        Assert.Equal(MllpStatus.Frame, result.Status);
        Assert.Equal(A, result.Payload.ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Payload, out var segment));
        Assert.Same(frame, segment.Array);
        Assert.False(decoder.TryDecode(ref input, out _));
        Assert.True(input.IsEmpty);
        Assert.False(decoder.TryComplete(out _));
    }

    [Fact]
    public void GivenFrameSplitAtEveryPosition_WhenDecoded_ThenOneFrame()
    {
        var frame = MllpFraming.Frame(A);
        for (var split = 1; split < frame.Length; split++)
        {
            var events = Decode(frame, [split, frame.Length]);
            var only = Assert.Single(events);
            Assert.Equal((MllpStatus.Frame, Encoding.ASCII.GetString(A)), only);
        }
    }

    [Fact]
    public void GivenFrameOneByteAtATime_WhenDecoded_ThenOneFrame() =>
        Assert.Equal([(MllpStatus.Frame, "MSH|^~\\&|B\r")], Decode(MllpFraming.Frame(B), [1]));

    [Fact]
    public void GivenSeveralFramesInOneRead_WhenDecoded_ThenEachComesOutInOrder()
    {
        byte[] stream = [.. MllpFraming.Frame(A), .. MllpFraming.Frame(B), .. MllpFraming.Frame(A)];
        var events = Decode(stream, [stream.Length]);
        Assert.Equal(["A", "B", "A"], events.Select(e => e.Payload.Contains("|A", StringComparison.Ordinal) ? "A" : "B"));
        Assert.All(events, e => Assert.Equal(MllpStatus.Frame, e.Status));
    }

    [Fact]
    public void GivenJunkBeforeStartByte_WhenDecoded_ThenUnframedDataOnceThenTheFrame()
    {
        byte[] stream = [.. "GET / HTTP/1.1\r\n"u8, .. MllpFraming.Frame(B)];
        var events = Decode(stream, [3]);
        Assert.Equal([MllpStatus.UnframedData, MllpStatus.Frame], events.Select(e => e.Status));
        Assert.Equal("MSH|^~\\&|B\r", events[1].Payload);
    }

    [Fact]
    public void GivenWhitespaceBetweenFrames_WhenDecoded_ThenItIsIgnoredSilently()
    {
        byte[] stream = [.. "\r\n"u8, .. MllpFraming.Frame(A), .. "\n \r\n"u8, .. MllpFraming.Frame(B), .. "\r\n"u8];
        Assert.Equal([MllpStatus.Frame, MllpStatus.Frame], Decode(stream, [stream.Length]).Select(e => e.Status));
    }

    [Fact]
    public void GivenFrameWithoutFinalCr_WhenDecoded_ThenItIsAcceptedAndTheNextFrameToo()
    {
        byte[] stream = [0x0B, .. A, 0x1C, 0x0B, .. B, 0x1C];
        Assert.Equal([MllpStatus.Frame, MllpStatus.Frame], Decode(stream, [1]).Select(e => e.Status));
    }

    [Fact]
    public void GivenOversizedFrame_WhenDecoded_ThenErrorAndResynchroniseOnTheNextFrame()
    {
        byte[] big = [0x0B, .. Enumerable.Repeat((byte)'x', 500), 0x1C, 0x0D];
        byte[] stream = [.. big, .. MllpFraming.Frame(B)];
        foreach (var chunk in new[] { 1, 7, 64, stream.Length })
        {
            var events = Decode(stream, [chunk], max: 100);
            Assert.Equal([MllpStatus.FrameTooLarge, MllpStatus.Frame], events.Select(e => e.Status));
            Assert.Equal("MSH|^~\\&|B\r", events[1].Payload);
        }
    }

    [Fact]
    public void GivenOversizedFrameCutByANewStart_WhenDecoded_ThenTheNewFrameIsRead()
    {
        byte[] stream = [0x0B, .. Enumerable.Repeat((byte)'x', 500), .. MllpFraming.Frame(B)];
        Assert.Equal([MllpStatus.FrameTooLarge, MllpStatus.Frame], Decode(stream, [13], max: 100).Select(e => e.Status));
    }

    [Fact]
    public void GivenFrameOfExactlyTheLimit_WhenDecoded_ThenItIsAccepted()
    {
        var payload = Enumerable.Repeat((byte)'x', 100).ToArray();
        Assert.Equal(MllpStatus.Frame, Assert.Single(Decode(MllpFraming.Frame(payload), [10], max: 100)).Status);
        Assert.Equal(MllpStatus.FrameTooLarge, Decode(MllpFraming.Frame([.. payload, 0x78]), [10], max: 100)[0].Status);
    }

    [Fact]
    public void GivenStartByteInsideFrame_WhenDecoded_ThenTruncatedFrameThenTheNewOne()
    {
        byte[] stream = [0x0B, .. "MSH|^~\\&|cut"u8, .. MllpFraming.Frame(B)];
        var events = Decode(stream, [5]);
        Assert.Equal([MllpStatus.TruncatedFrame, MllpStatus.Frame], events.Select(e => e.Status));
        Assert.Equal("MSH|^~\\&|B\r", events[1].Payload);
    }

    [Fact]
    public void GivenStreamEndingInsideFrame_WhenCompleted_ThenTruncatedFrame()
    {
        byte[] stream = [.. MllpFraming.Frame(A), 0x0B, .. "MSH|^~"u8];
        var events = Decode(stream, [4]);
        Assert.Equal([MllpStatus.Frame, MllpStatus.TruncatedFrame], events.Select(e => e.Status));
    }

    [Fact]
    public void GivenEmptyFrame_WhenDecodedAndParsed_ThenEmptyPayloadAndParseErrorEmpty()
    {
        var events = Decode([0x0B, 0x1C, 0x0D], [1]);
        var frame = Assert.Single(events);
        Assert.Equal((MllpStatus.Frame, ""), frame);
        Assert.Equal(Hl7ParseErrorKind.Empty, Hl7Message.Parse(ReadOnlySpan<byte>.Empty).Error?.Kind);
    }

    [Fact]
    public void GivenLoneEndByte_WhenDecoded_ThenUnframedData() =>
        Assert.Equal([MllpStatus.UnframedData], Decode([0x1C, 0x0D], [1]).Select(e => e.Status));

    [Fact]
    public void GivenDiscardedBytes_WhenCounted_ThenJunkAndOversizedFramesAreIncluded()
    {
        var decoder = new MllpDecoder(10);
        ReadOnlySpan<byte> input = [.. "junk"u8, 0x0B, .. "0123456789ABC"u8, 0x1C, 0x0D];
        while (decoder.TryDecode(ref input, out _))
        {
        }

        Assert.Equal(4 + 13, decoder.DiscardedBytes);
        Assert.False(decoder.InFrame);
    }

    [Fact]
    public async Task GivenReaderOverSplitFrames_WhenRead_ThenFramesThenEndOfStream()
    {
        byte[] stream = [.. MllpFraming.Frame(A), .. "noise"u8, .. MllpFraming.Frame(B)];
        using var reader = new MllpReader(new ChunkedStream(stream, [3, 1, 5]), bufferSize: 8);

        var first = await reader.ReadAsync();
        Assert.Equal(MllpStatus.Frame, first.Status);
        Assert.Equal(A, first.Payload.ToArray());
        Assert.Equal(MllpStatus.UnframedData, (await reader.ReadAsync()).Status);
        var second = await reader.ReadAsync();
        Assert.Equal(B, second.Payload.ToArray());
        Assert.Equal(MllpStatus.EndOfStream, (await reader.ReadAsync()).Status);
        Assert.Equal(MllpStatus.EndOfStream, (await reader.ReadAsync()).Status);
    }

    [Fact]
    public async Task GivenReaderAndStreamEndingMidFrame_WhenRead_ThenTruncatedThenEndOfStream()
    {
        byte[] stream = [0x0B, .. "MSH|^~\\&|"u8];
        using var reader = new MllpReader(new MemoryStream(stream));
        Assert.Equal(MllpStatus.TruncatedFrame, (await reader.ReadAsync()).Status);
        Assert.Equal(MllpStatus.EndOfStream, (await reader.ReadAsync()).Status);
    }

    [Fact]
    public async Task GivenStalledSender_WhenReadIsCancelled_ThenOperationCanceled()
    {
        using var pipe = new StalledStream();
        using var reader = new MllpReader(pipe);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task GivenMessage_WhenWrittenAsFrame_ThenBytesAreFramedAndReadBack()
    {
        using var stream = new MemoryStream();
        await MllpFraming.WriteFrameAsync(stream, "MSH|^~\\&|é\r");
        await MllpFraming.WriteFrameAsync(stream, B);
        var bytes = stream.ToArray();

        Assert.Equal(0x0B, bytes[0]);
        Assert.Equal([0x1C, 0x0D], bytes[^2..]);
        stream.Position = 0;
        using var reader = new MllpReader(stream);
        var first = await reader.ReadAsync();
        Assert.Equal("MSH|^~\\&|é\r", Encoding.UTF8.GetString(first.Payload.Span));
        Assert.Equal(B, (await reader.ReadAsync()).Payload.ToArray());
    }

    [Fact]
    public void GivenPayloadWithFramingBytes_WhenFramed_ThenArgumentException()
    {
        Assert.Throws<ArgumentException>(() => MllpFraming.Frame([0x41, 0x0B]));
        Assert.Throws<ArgumentException>(() => MllpFraming.Frame("a\u001Cb"));
        Assert.Throws<ArgumentException>(() => MllpFraming.WriteFrame(A, new byte[A.Length + 2]));
    }

    [Fact]
    public void GivenAckText_WhenFramedInLatin1_ThenBytesAreLatin1() =>
        Assert.Equal([0x0B, 0xB5, 0x1C, 0x0D], MllpFraming.Frame("µ", Encoding.Latin1));

    private sealed class StalledStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => 0;

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
