using System.Text.RegularExpressions;

namespace Infirmary.Patients.Domain;

/// <summary>
/// UK postcode shape check (outward code + inward code), normalised to upper case with one space
/// ("sw1a1aa" → "SW1A 1AA"). Shape only: whether the postcode exists needs the ONS Postcode Directory.
/// </summary>
public static partial class UkPostcode
{
    [GeneratedRegex(@"^(GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();

    public static string? Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 10)
        {
            return null;
        }

        var compact = input.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length is < 5 or > 7 || !Pattern().IsMatch(compact))
        {
            return null;
        }

        return $"{compact[..^3]} {compact[^3..]}";
    }
}
