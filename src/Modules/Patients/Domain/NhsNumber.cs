namespace Infirmary.Patients.Domain;

/// <summary>
/// The NHS number: ten digits, the last a modulus-11 check digit over the first nine weighted 10..2
/// (NHS Data Dictionary, "NHS NUMBER"). A remainder giving check 11 means 0; check 10 means no valid number.
/// </summary>
public static class NhsNumber
{
    /// <summary>Strips spaces and hyphens people type ("943 476 5919"); returns null if anything else is there.</summary>
    public static string? Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        Span<char> digits = stackalloc char[10];
        var n = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || n == 10)
            {
                return null;
            }

            digits[n++] = c;
        }

        return n == 10 ? new string(digits) : null;
    }

    public static bool IsValid(string? input)
    {
        var digits = Normalise(input);
        return digits is not null && CheckDigit(digits.AsSpan(0, 9)) == digits[9] - '0';
    }

    /// <summary>The check digit for nine digits, or -1 when no check digit makes a valid number.</summary>
    public static int CheckDigit(ReadOnlySpan<char> firstNine)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (firstNine[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => 0,
            10 => -1,
            _ => check,
        };
    }

    /// <summary>Why a typed value is not an NHS number, in words a clerk can act on; null when it is valid.</summary>
    public static string? Problem(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var digits = Normalise(input);
        if (digits is null)
        {
            return "An NHS number is 10 digits, for example 943 476 5919.";
        }

        return IsValid(digits) ? null : "This is not a valid NHS number: its check digit does not match. Check it was copied correctly.";
    }
}
