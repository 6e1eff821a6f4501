using System.Globalization;

namespace Infirmary.Hl7v2;

/// <summary>Which separator splits an element next.</summary>
public enum Hl7Level : byte
{
    /// <summary>A whole field: splits into repetitions.</summary>
    Field,

    /// <summary>One repetition of a field: splits into components.</summary>
    Repetition,

    /// <summary>One component: splits into subcomponents.</summary>
    Component,

    /// <summary>One subcomponent: a leaf.</summary>
    Subcomponent,

    /// <summary>MSH-1 and MSH-2: text taken as it is, never split or unescaped.</summary>
    Literal,
}

/// <summary>
/// A field, repetition, component or subcomponent of a parsed message: a range of the message text, split and
/// unescaped only on request. Positions are 1-based. Asking a field for a component reads its first repetition,
/// asking for a subcomponent reads the first component, as HL7 terser paths do. Absent positions are empty.
/// </summary>
public readonly struct Hl7Element
{
    private readonly Hl7Message? _message;
    private readonly int _start;
    private readonly int _length;
    private readonly int _segmentIndex;
    private readonly Hl7Level _level;

    internal Hl7Element(Hl7Message message, int start, int length, Hl7Level level, int segmentIndex)
    {
        _message = message;
        _start = start;
        _length = length;
        _level = level;
        _segmentIndex = segmentIndex;
    }

    public Hl7Level Level => _level;

    /// <summary>The segment the element is in (absent for a default element).</summary>
    public Hl7Segment Segment => _message is null ? default : new Hl7Segment(_message, _segmentIndex);

    /// <summary>Offset of the element in the message text.</summary>
    public int Offset => _start;

    /// <summary>The escaped text, separators included.</summary>
    public ReadOnlySpan<char> Raw => _message is null ? default : _message.Text.Span.Slice(_start, _length);

    /// <summary>The escaped text as memory (no copy).</summary>
    public ReadOnlyMemory<char> RawMemory => _message is null ? default : _message.Text.Slice(_start, _length);

    /// <summary>True when there is no text at this position.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>True for the HL7 explicit null <c>""</c> (a request to delete the receiver's value).</summary>
    public bool IsNull => Raw.SequenceEqual("\"\"");

    /// <summary>Number of repetitions (0 for an empty field). Elements below field level count as one.</summary>
    public int RepetitionCount => _level == Hl7Level.Field ? Count(Separator(Hl7Level.Field)) : IsEmpty ? 0 : 1;

    /// <summary>Number of components (of the first repetition, for a field); 0 when empty.</summary>
    public int ComponentCount => _level switch
    {
        Hl7Level.Field => Repetition(1).ComponentCount,
        Hl7Level.Repetition => Count(Separator(Hl7Level.Repetition)),
        _ => IsEmpty ? 0 : 1,
    };

    /// <summary>Number of subcomponents (of the first component, above component level); 0 when empty.</summary>
    public int SubcomponentCount => _level switch
    {
        Hl7Level.Field or Hl7Level.Repetition => Component(1).SubcomponentCount,
        Hl7Level.Component => Count(Separator(Hl7Level.Component)),
        _ => IsEmpty ? 0 : 1,
    };

    /// <summary>The <paramref name="repetition"/>-th (1-based) repetition of a field.</summary>
    public Hl7Element Repetition(int repetition)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetition, 1);
        return _level == Hl7Level.Field ? Piece(repetition, Hl7Level.Repetition) : repetition == 1 ? this : Empty();
    }

    /// <summary>The <paramref name="component"/>-th (1-based) component (of the first repetition, for a field).</summary>
    public Hl7Element Component(int component)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        return _level switch
        {
            Hl7Level.Field => Repetition(1).Component(component),
            Hl7Level.Repetition => Piece(component, Hl7Level.Component),
            _ => component == 1 ? this : Empty(),
        };
    }

    /// <summary>The <paramref name="subcomponent"/>-th (1-based) subcomponent (of the first component, above component level).</summary>
    public Hl7Element Subcomponent(int subcomponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subcomponent, 1);
        return _level switch
        {
            Hl7Level.Field or Hl7Level.Repetition => Component(1).Subcomponent(subcomponent),
            Hl7Level.Component => Piece(subcomponent, Hl7Level.Subcomponent),
            _ => subcomponent == 1 ? this : Empty(),
        };
    }

    /// <summary>The repetitions of a field, in one linear pass (an element below field level yields itself unless empty).</summary>
    public Hl7ElementList Repetitions() => _level == Hl7Level.Field ? Split(Hl7Level.Repetition) : Self();

    /// <summary>The components (of the first repetition, for a field), in one linear pass.</summary>
    public Hl7ElementList Components() => _level switch
    {
        Hl7Level.Field => Repetition(1).Components(),
        Hl7Level.Repetition => Split(Hl7Level.Component),
        _ => Self(),
    };

    /// <summary>The subcomponents (of the first component, above component level), in one linear pass.</summary>
    public Hl7ElementList Subcomponents() => _level switch
    {
        Hl7Level.Field or Hl7Level.Repetition => Component(1).Subcomponents(),
        Hl7Level.Component => Split(Hl7Level.Subcomponent),
        _ => Self(),
    };

    private Hl7ElementList Split(Hl7Level childLevel) =>
        _message is null || _length == 0 ? default : new Hl7ElementList(_message, _start, _length, Separator(_level), childLevel, _segmentIndex);

    private Hl7ElementList Self() =>
        _message is null || _length == 0 ? default : new Hl7ElementList(_message, _start, _length, null, _level, _segmentIndex);

    /// <summary>
    /// The decoded (unescaped) text of the first leaf: first repetition, first component, first subcomponent.
    /// For a leaf, its whole decoded text. MSH-1 and MSH-2 are returned as written.
    /// </summary>
    public string Value
    {
        get
        {
            var leaf = LeafSpan();
            if (_level == Hl7Level.Literal)
            {
                return new string(leaf);
            }

            return _message is null ? string.Empty : Hl7Escaping.Decode(leaf, _message.Delimiters, _message.Charset);
        }
    }

    /// <summary>The decoded value, or null when it is empty.</summary>
    public string? ValueOrNull => LeafSpan().IsEmpty ? null : Value;

    /// <summary>True when the decoded first leaf equals <paramref name="value"/> (ordinal); no allocation unless escaped.</summary>
    public bool ValueEquals(ReadOnlySpan<char> value) =>
        _message is null
            ? value.IsEmpty
            : _level == Hl7Level.Literal ? LeafSpan().SequenceEqual(value) : Hl7Escaping.DecodedEquals(LeafSpan(), _message.Delimiters, value);

    /// <summary>Reads the first leaf as an HL7 NM (decimal, invariant culture, optional sign).</summary>
    public bool TryGetDecimal(out decimal value) =>
        decimal.TryParse(LeafSpan().Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);

    /// <summary>Reads the first leaf as an integer.</summary>
    public bool TryGetInt32(out int value) =>
        int.TryParse(LeafSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads the first leaf as an HL7 date/time (DTM, or TS component 1).</summary>
    public bool TryGetTimestamp(out Hl7Timestamp value) => Hl7Timestamp.TryParse(LeafSpan(), out value);

    /// <summary>The first leaf as a date/time, or null when empty or unreadable.</summary>
    public Hl7Timestamp? Timestamp => TryGetTimestamp(out var t) ? t : null;

    /// <summary>The escaped text.</summary>
    public override string ToString() => new(Raw);

    private ReadOnlySpan<char> LeafSpan()
    {
        var raw = Raw;
        if (_level is Hl7Level.Literal or Hl7Level.Subcomponent || raw.IsEmpty)
        {
            return raw;
        }

        var d = _message!.Delimiters;
        var end = _level switch
        {
            Hl7Level.Field => raw.IndexOfAny(d.Repetition, d.Component, d.Subcomponent),
            Hl7Level.Repetition => raw.IndexOfAny(d.Component, d.Subcomponent),
            _ => raw.IndexOf(d.Subcomponent),
        };
        return end < 0 ? raw : raw[..end];
    }

    private char Separator(Hl7Level level)
    {
        var d = _message!.Delimiters;
        return level switch
        {
            Hl7Level.Field => d.Repetition,
            Hl7Level.Repetition => d.Component,
            _ => d.Subcomponent,
        };
    }

    private int Count(char separator) => IsEmpty ? 0 : Raw.Count(separator) + 1;

    private Hl7Element Piece(int n, Hl7Level level)
    {
        if (_message is null)
        {
            return default;
        }

        var separator = Separator(_level);
        var raw = Raw;
        var offset = 0;
        for (var i = 1; i < n; i++)
        {
            var next = raw[offset..].IndexOf(separator);
            if (next < 0)
            {
                return new Hl7Element(_message, _start + _length, 0, level, _segmentIndex);
            }

            offset += next + 1;
        }

        var length = raw[offset..].IndexOf(separator);
        if (length < 0)
        {
            length = raw.Length - offset;
        }

        return new Hl7Element(_message, _start + offset, length, level, _segmentIndex);
    }

    private Hl7Element Empty() =>
        _message is null ? default : new Hl7Element(_message, _start + _length, 0, Hl7Level.Subcomponent, _segmentIndex);
}
