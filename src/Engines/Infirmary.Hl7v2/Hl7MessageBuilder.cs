using System.Text;
using Infirmary.Hl7v2.Internal;

namespace Infirmary.Hl7v2;

/// <summary>
/// Builds a message from values: MSH comes first and takes MSH-1/MSH-2 from the delimiters; values are escaped
/// on writing, so <c>Hl7Message.Parse(builder.ToString())</c> reads back every value that was set. Trailing empty
/// fields, repetitions, components and subcomponents are not written.
/// </summary>
public sealed class Hl7MessageBuilder
{
    private readonly List<Hl7SegmentBuilder> _segments = [];

    public Hl7MessageBuilder(Hl7Delimiters? delimiters = null)
    {
        Delimiters = delimiters ?? Hl7Delimiters.Default;
        _segments.Add(new Hl7SegmentBuilder("MSH", this));
    }

    public Hl7Delimiters Delimiters { get; }

    /// <summary>The header segment (always the first).</summary>
    public Hl7SegmentBuilder Msh => _segments[0];

    public IReadOnlyList<Hl7SegmentBuilder> Segments => _segments;

    /// <summary>Appends a segment. Its name must be three upper-case letters or digits, the first a letter, and not a header name.</summary>
    public Hl7SegmentBuilder AddSegment(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 3 || !char.IsAsciiLetterUpper(id[0]) || !IsUpperOrDigit(id[1]) || !IsUpperOrDigit(id[2]))
        {
            throw new ArgumentException($"'{id}' is not a segment name", nameof(id));
        }

        if (id is "MSH" or "BHS" or "FHS" or "BTS" or "FTS")
        {
            throw new ArgumentException($"{id} cannot be added inside a message", nameof(id));
        }

        var segment = new Hl7SegmentBuilder(id, this);
        _segments.Add(segment);
        return segment;
    }

    /// <summary>The message text, segments ended by <paramref name="segmentSeparator"/> (CR on the wire).</summary>
    public string Build(string segmentSeparator = "\r")
    {
        ArgumentNullException.ThrowIfNull(segmentSeparator);
        var buffer = new CharBuffer(256);
        try
        {
            foreach (var segment in _segments)
            {
                segment.WriteTo(ref buffer);
                buffer.Append(segmentSeparator);
            }

            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>The message encoded for the wire (UTF-8 unless told otherwise; set MSH-18 to match).</summary>
    public byte[] ToBytes(Encoding? encoding = null) => (encoding ?? Hl7Charset.Utf8).GetBytes(Build());

    public override string ToString() => Build();

    /// <summary>
    /// A builder holding a parsed message, to change and write again. With the same delimiters the fields are
    /// copied as written (escapes kept exactly); with other delimiters every value is decoded and re-escaped.
    /// </summary>
    public static Hl7MessageBuilder From(Hl7Message message, Hl7Delimiters? delimiters = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var target = delimiters ?? message.Delimiters;
        var builder = new Hl7MessageBuilder(target);
        var same = target == message.Delimiters;
        foreach (var segment in message.Segments)
        {
            var into = segment.Index == 0 ? builder.Msh : builder.AddSegment(segment.Id);
            for (var f = segment.Index == 0 ? 3 : 1; f <= segment.FieldCount; f++)
            {
                var field = segment.Field(f);
                if (field.IsEmpty)
                {
                    continue;
                }

                if (same)
                {
                    into.SetRaw(f, field.ToString());
                    continue;
                }

                for (var r = 1; r <= field.RepetitionCount; r++)
                {
                    var repetition = field.Repetition(r);
                    for (var c = 1; c <= repetition.ComponentCount; c++)
                    {
                        var component = repetition.Component(c);
                        for (var s = 1; s <= component.SubcomponentCount; s++)
                        {
                            into.SetAt(f, r, c, s, component.Subcomponent(s).Value);
                        }
                    }
                }
            }
        }

        return builder;
    }

    private static bool IsUpperOrDigit(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);
}

/// <summary>One segment under construction. Positions are 1-based HL7 numbers; setters return the builder for chaining.</summary>
public sealed class Hl7SegmentBuilder
{
    private readonly Hl7MessageBuilder _owner;

    // fields[n - 1] is field n: either raw text (already escaped) or repetitions -> components -> subcomponents.
    private readonly List<FieldData?> _fields = [];

    internal Hl7SegmentBuilder(string id, Hl7MessageBuilder owner)
    {
        Id = id;
        _owner = owner;
    }

    public string Id { get; }

    private bool IsHeader => Id == "MSH";

    /// <summary>Highest field number set.</summary>
    public int FieldCount => _fields.Count;

    /// <summary>Sets field <paramref name="field"/> (first repetition, first component) to a value that will be escaped.</summary>
    public Hl7SegmentBuilder Set(int field, string? value) => SetAt(field, 1, 1, 1, value);

    /// <summary>Sets one component of a field (first repetition).</summary>
    public Hl7SegmentBuilder Set(int field, int component, string? value) => SetAt(field, 1, component, 1, value);

    /// <summary>Sets one subcomponent of a field (first repetition).</summary>
    public Hl7SegmentBuilder Set(int field, int component, int subcomponent, string? value) =>
        SetAt(field, 1, component, subcomponent, value);

    /// <summary>Sets the components of a field's first repetition, from component 1.</summary>
    public Hl7SegmentBuilder SetComponents(int field, params string?[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        for (var i = 0; i < components.Length; i++)
        {
            SetAt(field, 1, i + 1, 1, components[i]);
        }

        return this;
    }

    /// <summary>Adds a repetition after the last one of a field (the first, if the field is empty), with these components.</summary>
    public Hl7SegmentBuilder AddRepetition(int field, params string?[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var data = Structured(field);
        var repetition = data.Repetitions.Count == 0 || IsEmpty(data) ? 1 : data.Repetitions.Count + 1;
        if (components.Length == 0)
        {
            Ensure(data.Repetitions, repetition);
        }

        for (var i = 0; i < components.Length; i++)
        {
            SetAt(field, repetition, i + 1, 1, components[i]);
        }

        return this;
    }

    /// <summary>Sets the leaf at field/repetition/component/subcomponent to a value that will be escaped.</summary>
    public Hl7SegmentBuilder SetAt(int field, int repetition, int component, int subcomponent, string? value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subcomponent, 1);
        var data = Structured(field);
        var reps = data.Repetitions;
        var components = Ensure(reps, repetition);
        var subs = Ensure(components, component);
        while (subs.Count < subcomponent)
        {
            subs.Add(null);
        }

        subs[subcomponent - 1] = value;
        return this;
    }

    /// <summary>
    /// Sets a field to text that is already escaped for this message's delimiters (it may hold repetition,
    /// component and subcomponent separators, but no field separator and no control characters).
    /// </summary>
    public Hl7SegmentBuilder SetRaw(int field, string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        CheckField(field);
        foreach (var c in raw)
        {
            if (c == _owner.Delimiters.Field || c < ' ' && c != '\t')
            {
                throw new ArgumentException("raw field text may not contain the field separator or control characters", nameof(raw));
            }
        }

        Slot(field) = new FieldData { Raw = raw };
        return this;
    }

    /// <summary>Removes a field's content.</summary>
    public Hl7SegmentBuilder Clear(int field)
    {
        CheckField(field);
        if (field <= _fields.Count)
        {
            _fields[field - 1] = null;
        }

        return this;
    }

    internal void WriteTo(ref CharBuffer buffer)
    {
        var d = _owner.Delimiters;
        buffer.Append(Id);
        var last = _fields.Count;
        while (last > 0 && (_fields[last - 1] is null || IsEmpty(_fields[last - 1]!)))
        {
            last--;
        }

        var first = 1;
        if (IsHeader)
        {
            buffer.Append(d.Field);
            buffer.Append(d.EncodingCharacters);
            first = 3;
        }

        for (var f = first; f <= last; f++)
        {
            buffer.Append(d.Field);
            if (_fields[f - 1] is { } data)
            {
                WriteField(ref buffer, data, d);
            }
        }
    }

    private static void WriteField(ref CharBuffer buffer, FieldData data, Hl7Delimiters d)
    {
        if (data.Raw is { } raw)
        {
            buffer.Append(raw);
            return;
        }

        var reps = data.Repetitions;
        var lastRep = reps.Count;
        while (lastRep > 0 && IsEmpty(reps[lastRep - 1]))
        {
            lastRep--;
        }

        for (var r = 0; r < lastRep; r++)
        {
            if (r > 0)
            {
                buffer.Append(d.Repetition);
            }

            var components = reps[r];
            var lastComponent = components.Count;
            while (lastComponent > 0 && IsEmpty(components[lastComponent - 1]))
            {
                lastComponent--;
            }

            for (var c = 0; c < lastComponent; c++)
            {
                if (c > 0)
                {
                    buffer.Append(d.Component);
                }

                var subs = components[c];
                var lastSub = subs.Count;
                while (lastSub > 0 && string.IsNullOrEmpty(subs[lastSub - 1]))
                {
                    lastSub--;
                }

                for (var s = 0; s < lastSub; s++)
                {
                    if (s > 0)
                    {
                        buffer.Append(d.Subcomponent);
                    }

                    Hl7Escaping.EncodeInto(ref buffer, subs[s], d);
                }
            }
        }
    }

    private static bool IsEmpty(FieldData data) =>
        data.Raw is { } raw ? raw.Length == 0 : data.Repetitions.TrueForAll(IsEmpty);

    private static bool IsEmpty(List<List<string?>> components) => components.TrueForAll(IsEmpty);

    private static bool IsEmpty(List<string?> subs) => subs.TrueForAll(string.IsNullOrEmpty);

    private static List<T> Ensure<T>(List<List<T>> list, int position)
    {
        while (list.Count < position)
        {
            list.Add([]);
        }

        return list[position - 1];
    }

    private void CheckField(int field)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        if (IsHeader && field <= 2)
        {
            throw new ArgumentException("MSH-1 and MSH-2 are written from the message's delimiters", nameof(field));
        }
    }

    private ref FieldData? Slot(int field)
    {
        while (_fields.Count < field)
        {
            _fields.Add(null);
        }

        return ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_fields)[field - 1];
    }

    private FieldData Structured(int field)
    {
        CheckField(field);
        ref var slot = ref Slot(field);
        slot ??= new FieldData();
        if (slot.Raw is { } raw)
        {
            slot = Split(raw, _owner.Delimiters);
        }

        return slot;
    }

    private static FieldData Split(string raw, Hl7Delimiters d)
    {
        var data = new FieldData();
        foreach (var repetition in raw.Split(d.Repetition))
        {
            var components = new List<List<string?>>();
            foreach (var component in repetition.Split(d.Component))
            {
                var subs = new List<string?>();
                foreach (var sub in component.Split(d.Subcomponent))
                {
                    subs.Add(Hl7Escaping.Decode(sub, d));
                }

                components.Add(subs);
            }

            data.Repetitions.Add(components);
        }

        return data;
    }

    private sealed class FieldData
    {
        public string? Raw { get; init; }

        public List<List<List<string?>>> Repetitions { get; } = [];
    }
}
