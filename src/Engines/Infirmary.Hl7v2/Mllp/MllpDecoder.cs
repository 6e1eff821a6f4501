namespace Infirmary.Hl7v2.Mllp;

/// <summary>What the MLLP decoder (or reader) found.</summary>
public enum MllpStatus
{
    /// <summary>A complete frame; its payload is the message bytes between 0x0B and 0x1C.</summary>
    Frame,

    /// <summary>A frame grew past the size limit. It is discarded up to its end (0x1C) or the next start byte.</summary>
    FrameTooLarge,

    /// <summary>A frame was cut short: a new start byte arrived before its end, or the stream ended inside it.</summary>
    TruncatedFrame,

    /// <summary>Bytes other than CR/LF/space arrived outside a frame (reported once per run; they are discarded).</summary>
    UnframedData,

    /// <summary>The stream ended (reader only).</summary>
    EndOfStream,
}

/// <summary>One decoder event over a span. The payload is valid until the next call on the decoder.</summary>
public readonly ref struct MllpDecodeResult(MllpStatus status, ReadOnlySpan<byte> payload)
{
    public MllpStatus Status { get; } = status;

    public ReadOnlySpan<byte> Payload { get; } = payload;
}

/// <summary>One decoder or reader event. The payload is valid until the next call on the decoder or reader.</summary>
public readonly struct MllpFrame(MllpStatus status, ReadOnlyMemory<byte> payload)
{
    public MllpStatus Status { get; } = status;

    public ReadOnlyMemory<byte> Payload { get; } = payload;
}

/// <summary>
/// Incremental MLLP decoder: feed it bytes as they arrive, in chunks of any size, and take events out.
/// A frame is <c>0x0B payload 0x1C 0x0D</c>; the final CR is optional on input. Frames split across reads are
/// reassembled, several frames in one read come out one by one (without copying when a frame lies within one
/// chunk), bytes outside frames are discarded (reported once per run), and a frame past the size limit is
/// reported and skipped up to the next frame boundary. The event sequence does not depend on how the bytes
/// were chunked. Timeouts are the caller's job. Not thread-safe: one decoder per connection.
/// </summary>
public sealed class MllpDecoder
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>Default payload limit: 4 MiB, the parser's default message limit.</summary>
    public const int DefaultMaxFrameSize = 4 * 1024 * 1024;

    private enum State
    {
        Idle,
        InFrame,
        Skipping,
        AfterEnd,
    }

    private State _state;
    private byte[] _buffer = [];
    private int _buffered;
    private bool _junkReported;

    public MllpDecoder(int maxFrameSize = DefaultMaxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 1);
        MaxFrameSize = maxFrameSize;
    }

    public int MaxFrameSize { get; }

    /// <summary>Bytes thrown away so far: outside frames, and of frames that were too large or truncated.</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>True while a frame has started and not ended (a read timeout here means a stalled sender).</summary>
    public bool InFrame => _state == State.InFrame;

    /// <summary>Consumes bytes from <paramref name="input"/> until one event; false when the input ran out first.</summary>
    public bool TryDecode(ref ReadOnlySpan<byte> input, out MllpDecodeResult result)
    {
        var found = Step(input, out var consumed, out var status, out var inBuffer, out var start, out var length);
        var payload = !found || status != MllpStatus.Frame
            ? default
            : inBuffer ? _buffer.AsSpan(0, length) : input.Slice(start, length);
        input = input[consumed..];
        result = new MllpDecodeResult(status, payload);
        return found;
    }

    /// <summary>Consumes bytes from <paramref name="input"/> until one event; false when the input ran out first.</summary>
    public bool TryDecode(ref ReadOnlyMemory<byte> input, out MllpFrame result)
    {
        var found = Step(input.Span, out var consumed, out var status, out var inBuffer, out var start, out var length);
        var payload = !found || status != MllpStatus.Frame
            ? default
            : inBuffer ? _buffer.AsMemory(0, length) : input.Slice(start, length);
        input = input[consumed..];
        result = new MllpFrame(status, payload);
        return found;
    }

    /// <summary>Call at end of stream: reports a frame left open as <see cref="MllpStatus.TruncatedFrame"/>, and resets.</summary>
    public bool TryComplete(out MllpStatus status)
    {
        var open = _state == State.InFrame;
        if (open)
        {
            DiscardedBytes += _buffered;
        }

        Reset();
        status = MllpStatus.TruncatedFrame;
        return open;
    }

    /// <summary>Forgets any partial frame.</summary>
    public void Reset()
    {
        _state = State.Idle;
        _buffered = 0;
        _junkReported = false;
    }

    private bool Step(ReadOnlySpan<byte> input, out int consumed, out MllpStatus status, out bool inBuffer, out int start, out int length)
    {
        inBuffer = false;
        start = 0;
        length = 0;
        var i = 0;
        while (i < input.Length)
        {
            switch (_state)
            {
                case State.AfterEnd:
                    if (input[i] == CarriageReturn)
                    {
                        i++;
                    }

                    _state = State.Idle;
                    break;

                case State.Idle:
                {
                    var rest = input[i..];
                    var startAt = rest.IndexOf(StartBlock);
                    var junk = startAt < 0 ? rest : rest[..startAt];
                    if (!junk.IsEmpty)
                    {
                        if (!_junkReported)
                        {
                            var data = junk.IndexOfAnyExcept(CarriageReturn, (byte)'\n', (byte)' ');
                            if (data >= 0)
                            {
                                _junkReported = true;
                                DiscardedBytes += data + 1;
                                consumed = i + data + 1;
                                status = MllpStatus.UnframedData;
                                return true;
                            }
                        }

                        DiscardedBytes += junk.Length;
                        i += junk.Length;
                        if (startAt < 0)
                        {
                            break;
                        }
                    }

                    i++;
                    _state = State.InFrame;
                    _buffered = 0;
                    _junkReported = false;
                    break;
                }

                case State.InFrame:
                {
                    var rest = input[i..];
                    var hit = rest.IndexOfAny(EndBlock, StartBlock);
                    var take = hit < 0 ? rest.Length : hit;
                    if ((long)_buffered + take > MaxFrameSize)
                    {
                        DiscardedBytes += _buffered + take;
                        _buffered = 0;
                        _state = State.Skipping;
                        consumed = i + take;
                        status = MllpStatus.FrameTooLarge;
                        return true;
                    }

                    if (hit < 0)
                    {
                        Append(rest);
                        i = input.Length;
                        break;
                    }

                    if (rest[hit] == StartBlock)
                    {
                        DiscardedBytes += _buffered + take;
                        _buffered = 0;
                        consumed = i + hit + 1;
                        status = MllpStatus.TruncatedFrame;
                        return true;
                    }

                    if (_buffered == 0)
                    {
                        start = i;
                        length = hit;
                    }
                    else
                    {
                        Append(rest[..hit]);
                        inBuffer = true;
                        length = _buffered;
                        _buffered = 0;
                    }

                    _state = State.AfterEnd;
                    consumed = i + hit + 1;
                    status = MllpStatus.Frame;
                    return true;
                }

                case State.Skipping:
                {
                    var rest = input[i..];
                    var hit = rest.IndexOfAny(EndBlock, StartBlock);
                    if (hit < 0)
                    {
                        DiscardedBytes += rest.Length;
                        i = input.Length;
                        break;
                    }

                    DiscardedBytes += hit;
                    i += hit + 1;
                    _state = rest[hit] == EndBlock ? State.AfterEnd : State.InFrame;
                    _buffered = 0;
                    break;
                }
            }
        }

        consumed = input.Length;
        status = default;
        return false;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_buffered + bytes.Length > _buffer.Length)
        {
            var size = Math.Max(_buffer.Length * 2, Math.Max(4096, _buffered + bytes.Length));
            Array.Resize(ref _buffer, (int)Math.Min(size, MaxFrameSize));
        }

        bytes.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += bytes.Length;
    }
}
