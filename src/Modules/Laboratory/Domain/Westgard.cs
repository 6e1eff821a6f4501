namespace Infirmary.Laboratory.Domain;

/// <summary>The outcome of the Westgard rules for the newest QC value of a series.</summary>
/// <param name="Z">The newest value in standard deviations from the target mean.</param>
/// <param name="Violations">Rules broken, in the order they are checked ("1-3s", "2-2s", …); "1-2s" is a warning only.</param>
public sealed record WestgardResult(double Z, IReadOnlyList<string> Violations)
{
    public bool Reject => Violations.Any(v => v != Westgard.Warning12s);

    public bool Warning => !Reject && Violations.Count > 0;

    public string Status => Reject ? "reject" : Warning ? "warning" : "accept";
}

/// <summary>
/// Westgard multirules on one control material's series (one analyser, test and level), newest value last, against
/// the material's target mean and SD. 1-2s warns; 1-3s, 2-2s, R-4s, 4-1s and 10x reject the run. Rules that span
/// several values look back along the same series (across runs), which is how a single-level Levey–Jennings chart is
/// read; a value is only ever judged with the values before it.
/// </summary>
public static class Westgard
{
    public const string Warning12s = "1-2s";
    public const string Reject13s = "1-3s";
    public const string Reject22s = "2-2s";
    public const string RejectR4s = "R-4s";
    public const string Reject41s = "4-1s";
    public const string Reject10x = "10x";

    /// <summary>Judges the last value of <paramref name="values"/> (oldest first).</summary>
    public static WestgardResult Evaluate(IReadOnlyList<double> values, double mean, double sd)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("There is no value to judge.", nameof(values));
        }

        if (!(sd > 0) || !double.IsFinite(mean) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("The SD must be positive and every value a finite number.", nameof(sd));
        }

        var z = values.Select(v => (v - mean) / sd).ToArray();
        var n = z.Length;
        var last = z[n - 1];
        var broken = new List<string>();
        if (Math.Abs(last) > 3)
        {
            broken.Add(Reject13s);
        }

        if (n >= 2 && ((last > 2 && z[n - 2] > 2) || (last < -2 && z[n - 2] < -2)))
        {
            broken.Add(Reject22s);
        }

        if (n >= 2 && ((last > 2 && z[n - 2] < -2) || (last < -2 && z[n - 2] > 2)))
        {
            broken.Add(RejectR4s);
        }

        if (n >= 4 && (z[^4..].All(v => v > 1) || z[^4..].All(v => v < -1)))
        {
            broken.Add(Reject41s);
        }

        if (n >= 10 && (z[^10..].All(v => v > 0) || z[^10..].All(v => v < 0)))
        {
            broken.Add(Reject10x);
        }

        if (broken.Count == 0 && Math.Abs(last) > 2)
        {
            broken.Add(Warning12s);
        }

        return new WestgardResult(last, broken);
    }

    /// <summary>Judges every value of a series against the values before it (for the Levey–Jennings chart).</summary>
    public static IReadOnlyList<WestgardResult> EvaluateSeries(IReadOnlyList<double> values, double mean, double sd) =>
        [.. Enumerable.Range(1, values.Count).Select(k => Evaluate([.. values.Take(k)], mean, sd))];
}
