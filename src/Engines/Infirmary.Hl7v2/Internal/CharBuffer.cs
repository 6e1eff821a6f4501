using System.Buffers;

namespace Infirmary.Hl7v2.Internal;

/// <summary>A growable char buffer on pooled arrays, for building text with one final string allocation.</summary>
internal ref struct CharBuffer
{
    private char[] _array;
    private int _length;

    public CharBuffer(int capacity)
    {
        _array = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _array.AsSpan(0, _length);

    public void Append(char c)
    {
        if (_length == _array.Length)
        {
            Grow(1);
        }

        _array[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _array.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_array.AsSpan(_length));
        _length += text.Length;
    }

    public Span<char> AppendSpan(int length)
    {
        if (_length + length > _array.Length)
        {
            Grow(length);
        }

        var span = _array.AsSpan(_length, length);
        _length += length;
        return span;
    }

    public void Truncate(int length) => _length = Math.Min(length, _length);

    public override readonly string ToString() => new(_array, 0, _length);

    public void Dispose()
    {
        var array = _array;
        _array = [];
        if (array.Length > 0)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_array.Length * 2, _length + needed));
        _array.AsSpan(0, _length).CopyTo(next);
        ArrayPool<char>.Shared.Return(_array);
        _array = next;
    }
}
