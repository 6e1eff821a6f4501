namespace Infirmary.Hl7v2;

/// <summary>
/// The separator and escape characters of one message, read from MSH-1 and MSH-2.
/// Any legal set works; <see cref="Default"/> is <c>|^~\&amp;</c>.
/// </summary>
public readonly record struct Hl7Delimiters
{
    private Hl7Delimiters(char field, char component, char repetition, char escape, char subcomponent, char? truncation)
    {
        Field = field;
        Component = component;
        Repetition = repetition;
        Escape = escape;
        Subcomponent = subcomponent;
        Truncation = truncation;
    }

    /// <summary><c>|^~\&amp;</c>.</summary>
    public static Hl7Delimiters Default { get; } = new('|', '^', '~', '\\', '&', null);

    public char Field { get; }
    public char Component { get; }
    public char Repetition { get; }
    public char Escape { get; }
    public char Subcomponent { get; }

    /// <summary>The v2.7+ truncation character (fifth character of MSH-2), when the message declares one.</summary>
    public char? Truncation { get; }

    /// <summary>MSH-2 as it is written: component, repetition, escape, subcomponent and, if any, truncation.</summary>
    public string EncodingCharacters => Truncation is { } t
        ? string.Concat(Component, Repetition, Escape, Subcomponent, t)
        : string.Concat(Component, Repetition, Escape, Subcomponent);

    /// <summary>Builds a delimiter set, or returns null and says why when the characters are not a legal set.</summary>
    public static Hl7Delimiters? TryCreate(char field, ReadOnlySpan<char> encodingCharacters, out string? problem)
    {
        if (!IsLegal(field))
        {
            problem = $"field separator (MSH-1) {Describe(field)} is not a printable non-alphanumeric ASCII character";
            return null;
        }

        if (encodingCharacters.Length is not (4 or 5))
        {
            problem = $"encoding characters (MSH-2) must be 4 or 5 characters, found {encodingCharacters.Length}";
            return null;
        }

        for (var i = 0; i < encodingCharacters.Length; i++)
        {
            var c = encodingCharacters[i];
            if (!IsLegal(c))
            {
                problem = $"encoding character {i + 1} of MSH-2 {Describe(c)} is not a printable non-alphanumeric ASCII character";
                return null;
            }

            if (c == field)
            {
                problem = $"encoding character {i + 1} of MSH-2 repeats the field separator {Describe(c)}";
                return null;
            }

            for (var j = 0; j < i; j++)
            {
                if (encodingCharacters[j] == c)
                {
                    problem = $"encoding characters of MSH-2 repeat {Describe(c)}";
                    return null;
                }
            }
        }

        problem = null;
        return new Hl7Delimiters(
            field,
            encodingCharacters[0],
            encodingCharacters[1],
            encodingCharacters[2],
            encodingCharacters[3],
            encodingCharacters.Length == 5 ? encodingCharacters[4] : null);
    }

    /// <summary>Builds a delimiter set or throws <see cref="ArgumentException"/> (for code, not for received input).</summary>
    public static Hl7Delimiters Create(char field, string encodingCharacters)
    {
        ArgumentNullException.ThrowIfNull(encodingCharacters);
        return TryCreate(field, encodingCharacters, out var problem)
            ?? throw new ArgumentException(problem, nameof(encodingCharacters));
    }

    internal bool IsDelimiter(char c) =>
        c == Field || c == Component || c == Repetition || c == Escape || c == Subcomponent || c == Truncation;

    // HL7 leaves the choice open; printable ASCII punctuation is what every implementation accepts,
    // and it keeps letters, digits, spaces and control characters out of the separator set.
    private static bool IsLegal(char c) => c is > ' ' and < (char)0x7F && !char.IsAsciiLetterOrDigit(c);

    internal static string Describe(char c) =>
        c is >= ' ' and < (char)0x7F ? $"'{c}'" : $"U+{(int)c:X4}";

    public override string ToString() => string.Concat(Field.ToString(), EncodingCharacters);
}
