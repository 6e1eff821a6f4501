using System.Buffers;

namespace Infirmary.Hl7v2.Mllp;

/// <summary>
/// Reads MLLP frames from a stream (a TCP connection, typically). Each call returns the next event: a frame, a
/// framing problem (the reader carries on after it), or end of stream. A frame's payload is valid until the next
/// call. Cancel through the token (a read timeout is a cancellation the caller arranges).
/// </summary>
public sealed class MllpReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[]? _buffer;
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;

    public MllpReader(Stream stream, int maxFrameSize = MllpDecoder.DefaultMaxFrameSize, int bufferSize = 16 * 1024, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        Decoder = new MllpDecoder(maxFrameSize);
    }

    /// <summary>The decoder, for its counters and state.</summary>
    public MllpDecoder Decoder { get; }

    /// <summary>Reads until the next event.</summary>
    public async ValueTask<MllpFrame> ReadAsync(CancellationToken cancellationToken = default)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(MllpReader));
        while (true)
        {
            if (!_pending.IsEmpty && Decoder.TryDecode(ref _pending, out var frame))
            {
                return frame;
            }

            if (_ended)
            {
                return new MllpFrame(MllpStatus.EndOfStream, default);
            }

            var read = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
                if (Decoder.TryComplete(out var status))
                {
                    return new MllpFrame(status, default);
                }

                return new MllpFrame(MllpStatus.EndOfStream, default);
            }

            _pending = buffer.AsMemory(0, read);
        }
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _pending = default;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
