namespace Infirmary.Dosimetry;

/// <summary>
/// A dose distribution on a rectilinear grid of one to three axes (positions in mm, strictly increasing). Doses are
/// held flat in row-major order of the axes: the last axis varies fastest, as in the nested JSON arrays.
/// </summary>
public sealed class DoseGrid
{
    /// <summary>Creates a grid after checking that the axes are monotonic and every dose is a finite, non-negative number.</summary>
    /// <param name="axes">One to three axes in mm.</param>
    /// <param name="dose">Doses, length equal to the product of the axis lengths.</param>
    /// <param name="name">Name used in error messages, e.g. "reference".</param>
    public DoseGrid(IReadOnlyList<double[]> axes, float[] dose, string name = "dose grid")
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(dose);
        Name = name;
        if (axes.Count is < 1 or > 3)
        {
            throw new ArgumentException($"{name}: {axes.Count} axes given; a dose grid has 1 to 3.", nameof(axes));
        }

        long count = 1;
        for (var a = 0; a < axes.Count; a++)
        {
            Interpolation.CheckAxis(axes[a], $"{name} axis {a}");
            count *= axes[a].Length;
        }

        if (count != dose.Length)
        {
            throw new ArgumentException($"{name}: {dose.Length} dose values for axes of lengths {string.Join("×", axes.Select(x => x.Length))} ({count} points).", nameof(dose));
        }

        for (var i = 0; i < dose.Length; i++)
        {
            var d = dose[i];
            if (!float.IsFinite(d))
            {
                throw new ArgumentException($"{name}: dose at flat index {i} is not a finite number.", nameof(dose));
            }

            if (d < 0f)
            {
                throw new ArgumentException($"{name}: dose at flat index {i} is negative ({d}).", nameof(dose));
            }
        }

        Axes = [.. axes.Select(x => (double[])x.Clone())];
        Dose = dose;
    }

    /// <summary>Name used in error messages.</summary>
    public string Name { get; }

    /// <summary>Axis positions in mm.</summary>
    public IReadOnlyList<double[]> Axes { get; }

    /// <summary>Doses, row-major in axis order.</summary>
    public float[] Dose { get; }

    /// <summary>Number of axes (1, 2 or 3).</summary>
    public int Dimensions => Axes.Count;

    /// <summary>Lengths of the axes.</summary>
    public int[] Shape => [.. Axes.Select(a => a.Length)];
}
