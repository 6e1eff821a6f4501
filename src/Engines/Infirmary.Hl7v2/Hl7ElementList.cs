using System.Collections;

namespace Infirmary.Hl7v2;

/// <summary>
/// The pieces of an element at the next level (repetitions, components or subcomponents), enumerated in one
/// linear pass without allocating: use it rather than indexing 1..n on long fields, where each index scans anew.
/// </summary>
public readonly struct Hl7ElementList : IEnumerable<Hl7Element>
{
    private readonly Hl7Message? _message;
    private readonly int _start;
    private readonly int _length;
    private readonly char? _separator;
    private readonly Hl7Level _level;
    private readonly int _segmentIndex;

    internal Hl7ElementList(Hl7Message message, int start, int length, char? separator, Hl7Level level, int segmentIndex)
    {
        _message = message;
        _start = start;
        _length = length;
        _separator = separator;
        _level = level;
        _segmentIndex = segmentIndex;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Hl7Element> IEnumerable<Hl7Element>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<Hl7Element>
    {
        private readonly Hl7ElementList _list;
        private int _next;
        private Hl7Element _current;

        internal Enumerator(Hl7ElementList list)
        {
            _list = list;
            _next = list._message is null ? -1 : 0;
            _current = default;
        }

        public readonly Hl7Element Current => _current;

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_next < 0)
            {
                return false;
            }

            var list = _list;
            if (list._separator is not { } separator)
            {
                _current = new Hl7Element(list._message!, list._start, list._length, list._level, list._segmentIndex);
                _next = -1;
                return true;
            }

            var rest = list._message!.Text.Span.Slice(list._start + _next, list._length - _next);
            var end = rest.IndexOf(separator);
            var length = end < 0 ? rest.Length : end;
            _current = new Hl7Element(list._message, list._start + _next, length, list._level, list._segmentIndex);
            _next = end < 0 ? -1 : _next + end + 1;
            return true;
        }

        public void Reset() => _next = _list._message is null ? -1 : 0;

        public readonly void Dispose()
        {
        }
    }
}
