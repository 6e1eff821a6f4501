namespace Infirmary.Dosimetry;

// Shared table look-ups. Callers check the range first so that the error names their own input.
internal static class Interpolation
{
    public static double Linear(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double x)
    {
        if (x <= xs[0])
        {
            return ys[0];
        }

        if (x >= xs[^1])
        {
            return ys[^1];
        }

        var hi = 1;
        while (xs[hi] < x)
        {
            hi++;
        }

        var lo = hi - 1;
        var t = (x - xs[lo]) / (xs[hi] - xs[lo]);
        return ys[lo] + (t * (ys[hi] - ys[lo]));
    }

    public static (int Lo, double T) Locate(IReadOnlyList<double> xs, double x)
    {
        if (xs.Count == 1 || x <= xs[0])
        {
            return (0, 0.0);
        }

        if (x >= xs[^1])
        {
            return (xs.Count - 2, 1.0);
        }

        var hi = 1;
        while (xs[hi] < x)
        {
            hi++;
        }

        return (hi - 1, (x - xs[hi - 1]) / (xs[hi] - xs[hi - 1]));
    }

    public static void CheckAxis(IReadOnlyList<double> axis, string name)
    {
        if (axis.Count == 0)
        {
            throw new ArgumentException($"{name} is empty.", name);
        }

        for (var i = 0; i < axis.Count; i++)
        {
            if (!double.IsFinite(axis[i]))
            {
                throw new ArgumentException($"{name} contains a value that is not a finite number at index {i}.", name);
            }

            if (i > 0 && axis[i] <= axis[i - 1])
            {
                throw new ArgumentException($"{name} is not strictly increasing at index {i} ({axis[i - 1]} then {axis[i]}).", name);
            }
        }
    }
}
