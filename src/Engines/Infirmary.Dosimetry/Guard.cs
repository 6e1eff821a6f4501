namespace Infirmary.Dosimetry;

// Every bad input is reported with the parameter's name, so a caller (CLI, web form) can say which field is wrong.
internal static class Guard
{
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be a finite number, not {value}.", name);
        }
    }

    public static void Positive(double value, string name)
    {
        Finite(value, name);
        if (value <= 0.0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be greater than zero.");
        }
    }

    public static void NonNegative(double value, string name)
    {
        Finite(value, name);
        if (value < 0.0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
        }
    }

    public static void NonZero(double value, string name)
    {
        Finite(value, name);
        if (value == 0.0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be zero.");
        }
    }

    public static void Percentage(double value, string name)
    {
        Finite(value, name);
        if (value <= 0.0 || value > 100.0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a percentage between 0 and 100.");
        }
    }
}
