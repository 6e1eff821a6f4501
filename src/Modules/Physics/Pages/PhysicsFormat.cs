using System.Globalization;

namespace Infirmary.Physics.Pages;

/// <summary>How physics figures are shown: fixed decimals, full stop as the decimal point, whatever the browser.</summary>
public static class PhysicsFormat
{
    public static string Factor(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Signed(double value, int decimals) => (value >= 0 ? "+" : string.Empty) + Fixed(value, decimals);

    public static string Optional(double? value, int decimals) => value is { } v ? Fixed(v, decimals) : "—";
}
