using System.Globalization;
using System.Text;

namespace Infirmary.Matching.Text;

/// <summary>
/// Turns free text into the canonical forms compared by the engine: upper case, accents folded, punctuation
/// dropped. Names lose spaces and punctuation altogether ("O'Brien", "o brien" and "OBRIEN" agree); address
/// text keeps single spaces between words so that words can still be told apart.
/// </summary>
public static class TextNormaliser
{
    /// <summary>Letters only, upper case, accents folded. Empty when nothing is left.</summary>
    public static string Letters(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var len = 0;
        foreach (var c in Fold(value))
        {
            if (char.IsLetter(c))
            {
                buffer[len++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..len]);
    }

    /// <summary>Letters and digits as words separated by single spaces, upper case, accents folded.</summary>
    public static string Words(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var folded = Fold(value);
        Span<char> buffer = folded.Length <= 256 ? stackalloc char[folded.Length] : new char[folded.Length];
        var len = 0;
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && len > 0)
                {
                    buffer[len++] = ' ';
                }

                pendingSpace = false;
                buffer[len++] = char.ToUpperInvariant(c);
            }
            else if (c is '\'' or '’')
            {
                // "O'Neill" is one word.
            }
            else
            {
                pendingSpace = true;
            }
        }

        return new string(buffer[..len]);
    }

    /// <summary>Digits only (identifiers, telephone numbers).</summary>
    public static string Digits(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var len = 0;
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9')
            {
                buffer[len++] = c;
            }
        }

        return new string(buffer[..len]);
    }

    /// <summary>Letters and digits only, upper case (codes such as postcodes and hospital numbers).</summary>
    public static string Alphanumeric(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var len = 0;
        foreach (var c in Fold(value))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[len++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..len]);
    }

    private static string Fold(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F)
            {
                var decomposed = value.Normalize(NormalizationForm.FormD);
                var sb = new StringBuilder(decomposed.Length);
                foreach (var d in decomposed)
                {
                    if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                    {
                        sb.Append(d);
                    }
                }

                return sb.ToString();
            }
        }

        return value;
    }
}
