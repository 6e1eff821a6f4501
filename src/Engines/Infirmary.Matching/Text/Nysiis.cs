namespace Infirmary.Matching.Text;

/// <summary>
/// NYSIIS phonetic code (R. L. Taft, "Name Search Techniques", New York State Identification and Intelligence
/// System, 1970), in the rule order of Apache Commons Codec's <c>org.apache.commons.codec.language.Nysiis</c>,
/// whose published test vectors the tests replay. NYSIIS was chosen over Soundex because it keeps vowel
/// positions (so "Brian" and "Brown" agree but "Smith" and "Snow" do not) and over Double Metaphone because a
/// single code per name keeps blocking keys one-to-one; Taft's evaluation found it more accurate than Soundex on
/// surnames. <paramref name="maxLength"/> 6 gives the original "true" NYSIIS key; 0 keeps the full code.
/// </summary>
public static class Nysiis
{
    public const int TrueLength = 6;

    public static string Encode(string? value, int maxLength = 0)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // Names longer than 64 letters are cut: a phonetic key of that length carries nothing more.
        Span<char> buffer = stackalloc char[66];
        var len = 0;
        foreach (var c in value)
        {
            if (char.IsLetter(c) && len < 64)
            {
                buffer[len++] = char.ToUpperInvariant(c);
            }
        }

        if (len == 0)
        {
            return string.Empty;
        }

        var s = buffer[..len];

        // Rule 1: first characters. MAC → MCC, KN → NN, K → C, PH/PF → FF, SCH → SSS (applied in this order).
        if (StartsWith(s, "MAC"))
        {
            s[1] = 'C';
        }
        else if (StartsWith(s, "KN"))
        {
            s[0] = 'N';
        }
        else if (s[0] == 'K')
        {
            s[0] = 'C';
        }
        else if (StartsWith(s, "PH") || StartsWith(s, "PF"))
        {
            s[0] = 'F';
            s[1] = 'F';
        }
        else if (StartsWith(s, "SCH"))
        {
            s[1] = 'S';
            s[2] = 'S';
        }

        // Rule 2: last characters. EE/IE → Y; DT, RT, RD, NT, ND → D.
        if (EndsWith(s, "EE") || EndsWith(s, "IE"))
        {
            s[len - 2] = 'Y';
            len--;
            s = s[..len];
        }
        else if (EndsWith(s, "DT") || EndsWith(s, "RT") || EndsWith(s, "RD") || EndsWith(s, "NT") || EndsWith(s, "ND"))
        {
            s[len - 2] = 'D';
            len--;
            s = s[..len];
        }

        Span<char> key = stackalloc char[len + 1];
        var keyLen = 0;
        key[keyLen++] = s[0];

        Span<char> transcoded = stackalloc char[3];
        for (var i = 1; i < len; i++)
        {
            var next = i < len - 1 ? s[i + 1] : ' ';
            var afterNext = i < len - 2 ? s[i + 2] : ' ';
            var count = TranscodeRemaining(s[i - 1], s[i], next, afterNext, transcoded);
            transcoded[..count].CopyTo(s[i..]);
            if (s[i] != s[i - 1])
            {
                key[keyLen++] = s[i];
            }
        }

        if (keyLen > 1)
        {
            var last = key[keyLen - 1];
            if (last == 'S')
            {
                keyLen--;
                last = key[keyLen - 1];
            }

            if (keyLen > 2 && key[keyLen - 2] == 'A' && last == 'Y')
            {
                key[keyLen - 2] = 'Y';
                keyLen--;
            }

            if (last == 'A')
            {
                keyLen--;
            }
        }

        if (maxLength > 0 && keyLen > maxLength)
        {
            keyLen = maxLength;
        }

        return new string(key[..keyLen]);
    }

    private static int TranscodeRemaining(char prev, char curr, char next, char afterNext, Span<char> output)
    {
        if (curr == 'E' && next == 'V')
        {
            output[0] = 'A';
            output[1] = 'F';
            return 2;
        }

        if (IsVowel(curr))
        {
            output[0] = 'A';
            return 1;
        }

        switch (curr)
        {
            case 'Q':
                output[0] = 'G';
                return 1;
            case 'Z':
                output[0] = 'S';
                return 1;
            case 'M':
                output[0] = 'N';
                return 1;
            case 'K':
                if (next == 'N')
                {
                    output[0] = 'N';
                    output[1] = 'N';
                    return 2;
                }

                output[0] = 'C';
                return 1;
        }

        if (curr == 'S' && next == 'C' && afterNext == 'H')
        {
            output[0] = 'S';
            output[1] = 'S';
            output[2] = 'S';
            return 3;
        }

        if (curr == 'P' && next == 'H')
        {
            output[0] = 'F';
            output[1] = 'F';
            return 2;
        }

        if (curr == 'H' && (!IsVowel(prev) || !IsVowel(next)))
        {
            output[0] = prev;
            return 1;
        }

        if (curr == 'W' && IsVowel(prev))
        {
            output[0] = prev;
            return 1;
        }

        output[0] = curr;
        return 1;
    }

    private static bool IsVowel(char c) => c is 'A' or 'E' or 'I' or 'O' or 'U';

    private static bool StartsWith(ReadOnlySpan<char> s, string prefix) => s.StartsWith(prefix.AsSpan());

    private static bool EndsWith(ReadOnlySpan<char> s, string suffix) => s.EndsWith(suffix.AsSpan());
}
