using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace Infirmary.Hl7v2.Internal;

/// <summary>
/// One pass over the text that records segment and field boundaries and checks the limits; nothing is decoded
/// or copied. Every path returns a message or an error; the work is linear in the input length.
/// </summary>
internal static class Hl7Parser
{
    private const int SalvageLimit = 64 * 1024;

    public static Hl7ParseResult Parse(ReadOnlyMemory<char> memory, Hl7ParseOptions options, Encoding charset, bool salvage = true)
    {
        var text = memory.Span;
        if (text.Length > options.MaxMessageLength)
        {
            return Fail(memory, salvage, new Hl7ParseError(Hl7ParseErrorKind.MessageTooLarge,
                $"message is {text.Length} characters long; the limit is {options.MaxMessageLength}", options.MaxMessageLength));
        }

        var pos = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            pos = 1;
        }

        while (pos < text.Length && text[pos] is '\r' or '\n')
        {
            pos++;
        }

        if (pos == text.Length)
        {
            return new Hl7ParseResult(new Hl7ParseError(Hl7ParseErrorKind.Empty, "the input holds no segment", pos, segmentOccurrence: 1));
        }

        if (!text[pos..].StartsWith("MSH", StringComparison.Ordinal))
        {
            var head = text[pos..];
            var found = head.StartsWith("FHS", StringComparison.Ordinal) || head.StartsWith("BHS", StringComparison.Ordinal)
                ? $"a batch header ({new string(head[..3])}); split the batch into messages first"
                : $"'{Printable(head[..Math.Min(head.Length, 3)])}'";
            return new Hl7ParseResult(new Hl7ParseError(Hl7ParseErrorKind.MissingMsh,
                $"a message must begin with MSH, found {found}", pos, 1, segmentOccurrence: 1));
        }

        if (text.Length - pos < 4 || text[pos + 3] is '\r' or '\n')
        {
            return new Hl7ParseResult(new Hl7ParseError(Hl7ParseErrorKind.InvalidFieldSeparator,
                "MSH-1 (field separator) is missing", pos + 3, 1, "MSH", 1, 1));
        }

        var fs = text[pos + 3];
        var line = text[(pos + 4)..];
        var lineEnd = line.IndexOfAny('\r', '\n');
        if (lineEnd >= 0)
        {
            line = line[..lineEnd];
        }

        var encEnd = line.IndexOf(fs);
        var encoding = encEnd < 0 ? line : line[..encEnd];
        var maybe = Hl7Delimiters.TryCreate(fs, encoding, out var problem);
        if (maybe is not { } delimiters)
        {
            var kind = problem!.StartsWith("field separator", StringComparison.Ordinal)
                ? Hl7ParseErrorKind.InvalidFieldSeparator
                : Hl7ParseErrorKind.InvalidEncodingCharacters;
            return new Hl7ParseResult(new Hl7ParseError(kind, problem, kind == Hl7ParseErrorKind.InvalidFieldSeparator ? pos + 3 : pos + 4,
                1, "MSH", 1, kind == Hl7ParseErrorKind.InvalidFieldSeparator ? 1 : 2));
        }

        var scanner = new Scanner(text, options, delimiters, pos, pos + 4 + encoding.Length);
        try
        {
            var error = Scan(ref scanner, text, pos, fs, delimiters.Repetition);
            if (error is not null)
            {
                return Fail(memory, salvage, error);
            }

            var message = new Hl7Message(memory, delimiters, charset, scanner.Segments.AsSpan(0, scanner.SegmentCount).ToArray(),
                scanner.SegmentCount, scanner.Fields.AsSpan(0, scanner.FieldCount).ToArray());
            if (options.RequireHeaderFields && MissingHeaderField(message) is { } missing)
            {
                var missingError = new Hl7ParseError(Hl7ParseErrorKind.MissingRequiredField,
                    $"MSH-{missing.Field} ({missing.Name}) is required and empty", missing.Offset, 1, "MSH", 1, missing.Field)
                {
                    Header = Hl7MessageHeader.From(message),
                };
                return new Hl7ParseResult(missingError);
            }

            return new Hl7ParseResult(message);
        }
        finally
        {
            scanner.Release();
        }
    }

    /// <summary>
    /// Visits every character that matters (field and repetition separators, CR, LF and other control
    /// characters) in 16-character blocks compared at once, and lets the scanner record boundaries and check limits.
    /// </summary>
    private static Hl7ParseError? Scan(ref Scanner scanner, ReadOnlySpan<char> text, int pos, char fs, char rs)
    {
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var length = text.Length;
        var fieldSeparators = Vector128.Create((ushort)fs);
        var repetitionSeparators = Vector128.Create((ushort)rs);
        var controls = Vector128.Create((ushort)' ');
        var block = pos;
        while (block < length)
        {
            uint mask = 0;
            int size;
            if (Vector128.IsHardwareAccelerated && length - block >= 16)
            {
                var low = Vector128.LoadUnsafe(ref first, (nuint)block);
                var high = Vector128.LoadUnsafe(ref first, (nuint)(block + 8));
                var lowHits = Vector128.LessThan(low, controls) | Vector128.Equals(low, fieldSeparators) | Vector128.Equals(low, repetitionSeparators);
                var highHits = Vector128.LessThan(high, controls) | Vector128.Equals(high, fieldSeparators) | Vector128.Equals(high, repetitionSeparators);
                mask = Vector128.Narrow(lowHits, highHits).ExtractMostSignificantBits();
                size = 16;
            }
            else
            {
                size = Math.Min(16, length - block);
                for (var j = 0; j < size; j++)
                {
                    var c = text[block + j];
                    if (c < ' ' || c == fs || c == rs)
                    {
                        mask |= 1u << j;
                    }
                }
            }

            while (mask != 0)
            {
                var at = block + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (scanner.On(at) is { } error)
                {
                    return error;
                }
            }

            block += size;
        }

        return scanner.Finish(length);
    }

    /// <summary>The parser's state between two significant characters.</summary>
    private ref struct Scanner
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly Hl7ParseOptions _options;
        private readonly char _fs;
        private readonly int _msh2End;
        private bool _inSegment;
        private bool _header;
        private int _segmentStart;
        private int _code;
        private int _fieldOffset;
        private int _piece;
        private int _fieldStart;
        private int _repetitions;
        private int _pending;

        public SegmentInfo[] Segments;
        public int SegmentCount;
        public int[] Fields;
        public int FieldCount;

        public Scanner(ReadOnlySpan<char> text, Hl7ParseOptions options, Hl7Delimiters delimiters, int start, int msh2End)
        {
            _text = text;
            _options = options;
            _fs = delimiters.Field;
            _msh2End = msh2End;
            _pending = start;
            Segments = ArrayPool<SegmentInfo>.Shared.Rent(Math.Min(text.Length / 32 + 8, 4096));
            Fields = ArrayPool<int>.Shared.Rent(Math.Min(text.Length / 4 + 16, 1 << 16));
        }

        public Hl7ParseError? On(int at)
        {
            var c = _text[at];
            if (c == _fs && _inSegment)
            {
                return OnField(at);
            }

            if (c is '\r' or '\n')
            {
                if (_inSegment)
                {
                    if (End(at) is { } error)
                    {
                        return error;
                    }
                }
                else if (_pending < at && (Begin(_pending) ?? End(at)) is { } error)
                {
                    return error;
                }

                _pending = at + 1;
                return null;
            }

            // C0 controls other than TAB, CR and LF have no place in HL7 text (they travel as \Xhh\ escapes);
            // here they mean binary data or a framing error, and a message carrying them is not trusted.
            if (c < ' ' && c != '\t')
            {
                var field = _inSegment ? (_header ? _piece + 1 : _piece) : 0;
                var id = _inSegment ? SegmentIds.Name(_code) : new string(_text[_pending..Math.Min(at, _pending + 3)]);
                return new Hl7ParseError(Hl7ParseErrorKind.InvalidCharacter,
                    $"control character U+{(int)c:X4} is not allowed in HL7 text (send it as an \\X escape)", at,
                    SegmentCount + 1, id, Occurrence(Segments, SegmentCount, _inSegment ? _code : -1) + 1, field);
            }

            if (!_inSegment && Begin(_pending) is { } beginError)
            {
                return beginError;
            }

            if (c == _fs)
            {
                return OnField(at);
            }

            return c == '\t' ? null : OnRepetition(at);
        }

        public Hl7ParseError? Finish(int length)
        {
            if (_inSegment)
            {
                return End(length);
            }

            return _pending < length ? Begin(_pending) ?? End(length) : null;
        }

        public void Release()
        {
            ArrayPool<SegmentInfo>.Shared.Return(Segments);
            ArrayPool<int>.Shared.Return(Fields);
            Segments = [];
            Fields = [];
        }

        private Hl7ParseError? Begin(int start)
        {
            var ordinal = SegmentCount + 1;
            if (ordinal > _options.MaxSegments)
            {
                return new Hl7ParseError(Hl7ParseErrorKind.TooManySegments,
                    $"the message has more than {_options.MaxSegments} segments", start, ordinal);
            }

            var text = _text;
            if (text.Length - start < 3 || !IsSegmentId(text.Slice(start, 3))
                || (start + 3 < text.Length && text[start + 3] != _fs && text[start + 3] is not ('\r' or '\n')))
            {
                var rest = text[start..];
                var lineEnd = rest.IndexOfAny('\r', '\n');
                var line = lineEnd < 0 ? rest : rest[..lineEnd];
                var id = line[..Math.Min(line.Length, 3)];
                var cut = id.IndexOf(_fs);
                return new Hl7ParseError(Hl7ParseErrorKind.InvalidSegmentId,
                    $"'{Printable(line[..Math.Min(line.Length, 4)])}' does not start a segment: expected three upper-case letters or digits (the first a letter) followed by '{_fs}'",
                    start, ordinal, new string(cut < 0 ? id : id[..cut]), segmentOccurrence: 1);
            }

            var code = SegmentIds.Code(text.Slice(start, 3));
            var header = SegmentCount == 0;
            if (!header && (code == SegmentIds.Msh || code == SegmentIds.Bhs || code == SegmentIds.Fhs
                || code == SegmentIds.Bts || code == SegmentIds.Fts))
            {
                var name = SegmentIds.Name(code);
                return new Hl7ParseError(Hl7ParseErrorKind.UnexpectedHeaderSegment,
                    $"{name} may only begin a message (is this several messages or a batch in one frame?)",
                    start, ordinal, name, Occurrence(Segments, SegmentCount, code) + 1);
            }

            _inSegment = true;
            _header = header;
            _segmentStart = start;
            _code = code;
            _fieldOffset = FieldCount;
            _piece = 0;
            _fieldStart = start;
            _repetitions = 1;
            Add(start);
            return null;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Hl7ParseError? OnField(int at)
        {
            if (_piece > 0 && at - _fieldStart > _options.MaxFieldLength)
            {
                return FieldTooLong();
            }

            _piece++;
            var field = _header ? _piece + 1 : _piece;
            if (field > _options.MaxFieldsPerSegment)
            {
                return new Hl7ParseError(Hl7ParseErrorKind.TooManyFields,
                    $"segment has more than {_options.MaxFieldsPerSegment} fields", at, SegmentCount + 1,
                    SegmentIds.Name(_code), Occurrence(Segments, SegmentCount, _code) + 1, field);
            }

            _fieldStart = at + 1;
            _repetitions = 1;
            Add(at + 1);
            return null;
        }

        private Hl7ParseError? OnRepetition(int at)
        {
            // MSH-2 holds the repetition character itself.
            if (at < _msh2End || ++_repetitions <= _options.MaxRepetitionsPerField)
            {
                return null;
            }

            var field = _header ? _piece + 1 : _piece;
            return new Hl7ParseError(Hl7ParseErrorKind.TooManyRepetitions,
                $"field {field} has more than {_options.MaxRepetitionsPerField} repetitions", at, SegmentCount + 1,
                SegmentIds.Name(_code), Occurrence(Segments, SegmentCount, _code) + 1, field, _repetitions);
        }

        private Hl7ParseError? End(int at)
        {
            if (_piece > 0 && at - _fieldStart > _options.MaxFieldLength)
            {
                return FieldTooLong();
            }

            if (SegmentCount == Segments.Length)
            {
                var larger = ArrayPool<SegmentInfo>.Shared.Rent(Segments.Length * 2);
                Segments.AsSpan().CopyTo(larger);
                ArrayPool<SegmentInfo>.Shared.Return(Segments);
                Segments = larger;
            }

            Segments[SegmentCount++] = new SegmentInfo(_code, _segmentStart, at, _fieldOffset, FieldCount - _fieldOffset);
            _inSegment = false;
            return null;
        }

        private readonly Hl7ParseError FieldTooLong()
        {
            var field = _header ? _piece + 1 : _piece;
            return new Hl7ParseError(Hl7ParseErrorKind.FieldTooLong,
                $"field {field} is longer than {_options.MaxFieldLength} characters", _fieldStart, SegmentCount + 1,
                SegmentIds.Name(_code), Occurrence(Segments, SegmentCount, _code) + 1, field);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(int value)
        {
            if (FieldCount == Fields.Length)
            {
                var larger = ArrayPool<int>.Shared.Rent(Fields.Length * 2);
                Fields.AsSpan().CopyTo(larger);
                ArrayPool<int>.Shared.Return(Fields);
                Fields = larger;
            }

            Fields[FieldCount++] = value;
        }
    }

    public static Hl7ParseResult Parse(ReadOnlySpan<byte> bytes, Hl7ParseOptions options)
    {
        if (bytes.Length > options.MaxMessageLength)
        {
            return FailBytes(bytes, new Hl7ParseError(Hl7ParseErrorKind.MessageTooLarge,
                $"message is {bytes.Length} bytes long; the limit is {options.MaxMessageLength}", options.MaxMessageLength));
        }

        var bomLength = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes[bomLength..];
        var lead = body.IndexOfAnyExcept((byte)'\r', (byte)'\n');
        if (lead < 0 || !body[lead..].StartsWith("MSH"u8))
        {
            // Not a message at all (binary junk, another protocol, nothing): report that, rather than whatever
            // the bytes would fail first when decoded as text.
            lead = lead < 0 ? body.Length : lead;
            var window = Encoding.Latin1.GetString(body[..Math.Min(body.Length, lead + 3)]);
            var notMessage = Parse(window.AsMemory(), options, options.DefaultEncoding, salvage: false).Error!;
            return new Hl7ParseResult(new Hl7ParseError(notMessage.Kind, notMessage.Message, notMessage.Offset + bomLength,
                notMessage.SegmentIndex, notMessage.SegmentId, notMessage.SegmentOccurrence, notMessage.FieldPosition));
        }

        var msh18 = Hl7Charset.FindMsh18(body[lead..], out var msh18Offset);
        msh18Offset += lead;
        var charset = options.DefaultEncoding;
        if (!msh18.IsEmpty)
        {
            Span<char> name = stackalloc char[Math.Min(msh18.Length, 32)];
            for (var i = 0; i < name.Length; i++)
            {
                name[i] = (char)msh18[i];
            }

            var found = msh18.Length > 32 ? null : Hl7Charset.FromMsh18(name, options.DefaultEncoding);
            if (found is null)
            {
                var offset = msh18Offset + bomLength;
                return FailBytes(bytes, LocateBytes(bytes, offset, Hl7ParseErrorKind.UnsupportedCharacterSet,
                    $"MSH-18 names character set '{Printable(name)}', which this engine does not decode"));
            }

            charset = found;
        }

        ReadOnlyMemory<char> text;
        if (charset.CodePage == 65001)
        {
            // One pass validates and transcodes; the message keeps the char array (as long as the byte count, which
            // is exact for ASCII and an upper bound otherwise).
            var chars = new char[body.Length];
            var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                var offset = read + bomLength;
                return FailBytes(bytes, LocateBytes(bytes, offset, Hl7ParseErrorKind.InvalidByteSequence,
                    $"byte 0x{bytes[offset]:X2} at offset {offset} is not valid UTF-8"));
            }

            text = chars.AsMemory(0, written);
        }
        else
        {
            text = charset.GetString(body).AsMemory();
        }

        var result = Parse(text, options, charset);
        if (result.Error is { } error && error.Kind != Hl7ParseErrorKind.MessageTooLarge)
        {
            // Offsets of byte input are byte offsets.
            var byteOffset = bomLength + charset.GetByteCount(text.Span[..Math.Min(error.Offset, text.Length)]);
            var moved = new Hl7ParseError(error.Kind, error.Message, byteOffset, error.SegmentIndex, error.SegmentId,
                error.SegmentOccurrence, error.FieldPosition, error.FieldRepetition) { Header = error.Header };
            return new Hl7ParseResult(moved);
        }

        return result;
    }

    private static (int Field, string Name, int Offset)? MissingHeaderField(Hl7Message message)
    {
        var msh = message.Segments[0];
        if (msh.Field(9).Component(1).IsEmpty)
        {
            return (9, "message type", msh.Field(9).Offset);
        }

        if (msh.Field(10).IsEmpty)
        {
            return (10, "message control id", msh.Field(10).Offset);
        }

        if (msh.Field(11).IsEmpty)
        {
            return (11, "processing id", msh.Field(11).Offset);
        }

        if (msh.Field(12).IsEmpty)
        {
            return (12, "version id", msh.Field(12).Offset);
        }

        return null;
    }

    private static int Occurrence(SegmentInfo[] segments, int count, int code)
    {
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (segments[i].IdCode == code)
            {
                n++;
            }
        }

        return n;
    }

    private static bool IsSegmentId(ReadOnlySpan<char> id) =>
        char.IsAsciiLetterUpper(id[0])
        && (char.IsAsciiLetterUpper(id[1]) || char.IsAsciiDigit(id[1]))
        && (char.IsAsciiLetterUpper(id[2]) || char.IsAsciiDigit(id[2]));

    private static Hl7ParseResult Fail(ReadOnlyMemory<char> memory, bool salvage, Hl7ParseError error)
    {
        if (salvage)
        {
            error.Header = Salvage(memory.Span);
        }

        return new Hl7ParseResult(error);
    }

    private static Hl7ParseResult FailBytes(ReadOnlySpan<byte> bytes, Hl7ParseError error)
    {
        // Only the header line is needed, and every character set here keeps ASCII as ASCII.
        var head = bytes[..Math.Min(bytes.Length, SalvageLimit)];
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        var end = head.IndexOfAny((byte)'\r', (byte)'\n');
        error.Header = Salvage(Encoding.Latin1.GetString(end < 0 ? head : head[..end]));
        return new Hl7ParseResult(error);
    }

    /// <summary>Reads the header line alone, so that a NAK can still echo the sender's control id.</summary>
    internal static Hl7MessageHeader? Salvage(ReadOnlySpan<char> text)
    {
        var start = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            start = 1;
        }

        while (start < text.Length && text[start] is '\r' or '\n')
        {
            start++;
        }

        var rest = text[start..];
        var end = rest.IndexOfAny('\r', '\n');
        var line = end < 0 ? rest : rest[..end];
        if (line.Length > SalvageLimit)
        {
            return null;
        }

        var options = new Hl7ParseOptions { RequireHeaderFields = false, MaxRepetitionsPerField = SalvageLimit };
        var result = Parse(new string(line).AsMemory(), options, Hl7Charset.Utf8, salvage: false);
        return result.Message is { } m ? Hl7MessageHeader.From(m) : null;
    }

    private static Hl7ParseError Locate(ReadOnlySpan<char> text, int start, int offset, char fs, Hl7ParseErrorKind kind, string message)
    {
        var pos = start;
        var ordinal = 0;
        while (pos < text.Length)
        {
            if (text[pos] is '\r' or '\n')
            {
                pos++;
                continue;
            }

            var rel = text[pos..].IndexOfAny('\r', '\n');
            var end = rel < 0 ? text.Length : pos + rel;
            ordinal++;
            if (offset < end)
            {
                var id = text.Slice(pos, Math.Min(3, end - pos));
                var field = text[pos..offset].Count(fs);
                if (id.SequenceEqual("MSH"))
                {
                    field++;
                }

                var occurrence = 1;
                var scan = start;
                while (scan < pos)
                {
                    if (text[scan] is '\r' or '\n')
                    {
                        scan++;
                        continue;
                    }

                    var r = text[scan..].IndexOfAny('\r', '\n');
                    var e = r < 0 ? text.Length : scan + r;
                    if (text[scan..e].StartsWith(id))
                    {
                        occurrence++;
                    }

                    scan = e;
                }

                return new Hl7ParseError(kind, message, offset, ordinal, new string(id), occurrence, field);
            }

            pos = end;
        }

        return new Hl7ParseError(kind, message, offset);
    }

    private static Hl7ParseError LocateBytes(ReadOnlySpan<byte> bytes, int offset, Hl7ParseErrorKind kind, string message)
    {
        // Error path only: a Latin-1 view keeps byte offsets and line structure.
        var limit = Math.Min(bytes.Length, offset + 1);
        var text = Encoding.Latin1.GetString(bytes[..limit]);
        var start = text.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal) ? 3 : 0;
        var fs = text.Length > start + 3 && text.AsSpan(start).StartsWith("MSH") ? text[start + 3] : '|';
        return Locate(text, start, offset, fs, kind, message);
    }

    private static string Printable(ReadOnlySpan<char> text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = text[i] is >= ' ' and < (char)0x7F ? text[i] : '?';
        }

        return new string(chars);
    }
}
