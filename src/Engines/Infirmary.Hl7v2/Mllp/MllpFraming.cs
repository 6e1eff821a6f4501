using System.Buffers;
using System.Text;

namespace Infirmary.Hl7v2.Mllp;

/// <summary>Writes MLLP frames: <c>0x0B payload 0x1C 0x0D</c>.</summary>
public static class MllpFraming
{
    /// <summary>Bytes a frame adds around its payload.</summary>
    public const int Overhead = 3;

    /// <summary>A framed copy of a payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + Overhead];
        WriteFrame(payload, frame);
        return frame;
    }

    /// <summary>A message encoded (UTF-8 unless told otherwise) and framed.</summary>
    public static byte[] Frame(string message, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        encoding ??= Hl7Charset.Utf8;
        var frame = new byte[encoding.GetByteCount(message) + Overhead];
        frame[0] = MllpDecoder.StartBlock;
        var written = encoding.GetBytes(message, frame.AsSpan(1));
        CheckPayload(frame.AsSpan(1, written));
        frame[written + 1] = MllpDecoder.EndBlock;
        frame[written + 2] = MllpDecoder.CarriageReturn;
        return frame;
    }

    /// <summary>Writes a frame into <paramref name="destination"/> (at least payload + 3 bytes); returns the bytes written.</summary>
    public static int WriteFrame(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        CheckPayload(payload);
        if (destination.Length < payload.Length + Overhead)
        {
            throw new ArgumentException("destination is too small for the frame", nameof(destination));
        }

        destination[0] = MllpDecoder.StartBlock;
        payload.CopyTo(destination[1..]);
        destination[payload.Length + 1] = MllpDecoder.EndBlock;
        destination[payload.Length + 2] = MllpDecoder.CarriageReturn;
        return payload.Length + Overhead;
    }

    /// <summary>Writes one frame to a stream in a single write (so that Nagle's algorithm does not split it needlessly).</summary>
    public static async ValueTask WriteFrameAsync(Stream stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = payload.Length + Overhead;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            WriteFrame(payload.Span, buffer);
            await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Encodes a message (UTF-8 unless told otherwise) and writes it as one frame.</summary>
    public static ValueTask WriteFrameAsync(Stream stream, string message, Encoding? encoding = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var frame = Frame(message, encoding);
        return stream.WriteAsync(frame, cancellationToken);
    }

    private static void CheckPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IndexOfAny(MllpDecoder.StartBlock, MllpDecoder.EndBlock) >= 0)
        {
            throw new ArgumentException("an MLLP payload cannot contain 0x0B or 0x1C", nameof(payload));
        }
    }
}
