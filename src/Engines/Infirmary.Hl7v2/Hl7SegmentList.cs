using System.Collections;

namespace Infirmary.Hl7v2;

/// <summary>The segments of a message, as a read-only list with an allocation-free enumerator.</summary>
public readonly struct Hl7SegmentList : IReadOnlyList<Hl7Segment>
{
    private readonly Hl7Message _message;

    internal Hl7SegmentList(Hl7Message message) => _message = message;

    public int Count => _message.SegmentCount;

    /// <summary>The segment at a 0-based index.</summary>
    public Hl7Segment this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return new Hl7Segment(_message, index);
        }
    }

    public Enumerator GetEnumerator() => new(_message, -1);

    IEnumerator<Hl7Segment> IEnumerable<Hl7Segment>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates segments, all of them or those with one name (<c>code</c> -1 means all).</summary>
    public struct Enumerator : IEnumerator<Hl7Segment>
    {
        private readonly Hl7Message _message;
        private readonly int _code;
        private int _index;

        internal Enumerator(Hl7Message message, int code, bool filtered = false)
        {
            _message = message;
            _code = filtered ? code : int.MinValue;
            _index = -1;
        }

        public readonly Hl7Segment Current => new(_message, _index);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (++_index < _message.SegmentCount)
            {
                if (_code == int.MinValue || _message.SegmentAt(_index).IdCode == _code)
                {
                    return true;
                }
            }

            return false;
        }

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }

    /// <summary>The segments of one name, in message order.</summary>
    public readonly struct Filtered : IEnumerable<Hl7Segment>
    {
        private readonly Hl7Message _message;
        private readonly int _code;

        internal Filtered(Hl7Message message, int code)
        {
            _message = message;
            _code = code;
        }

        public Enumerator GetEnumerator() => new(_message, _code, filtered: true);

        IEnumerator<Hl7Segment> IEnumerable<Hl7Segment>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
