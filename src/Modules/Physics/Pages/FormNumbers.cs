using System.Globalization;

namespace Infirmary.Physics.Pages;

/// <summary>
/// Reads a number typed into a worksheet field. Blank means "not given" (the validator decides whether that is
/// allowed); anything else that is not a number is an error named after the field, so the form can point at it.
/// </summary>
internal static class FormNumbers
{
    public static double? Parse(string? text, string field, string label, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [$"{label} must be a number, for example 1.234"];
        return null;
    }
}
