namespace Infirmary.Laboratory.Domain;

/// <summary>Specimen containers, by the cap colour staff know them by (BS 4851 / common UK vacutainer colours).</summary>
public static class Containers
{
    public const string EdtaPurple = "EDTA (purple)";
    public const string SstGold = "SST (gold)";
    public const string CitrateBlue = "Sodium citrate (light blue)";
    public const string FluorideGrey = "Fluoride oxalate (grey)";
    public const string SterileUniversal = "Sterile universal (white)";
}

/// <summary>What a test reports: a number (flagged against ranges) or text (a culture report).</summary>
public static class ResultKinds
{
    public const string Numeric = "numeric";
    public const string Text = "text";
}

/// <summary>
/// One test the laboratory performs: its LOINC code, what it needs (specimen type, container, minimum volume) and how
/// it is reported (UCUM units, critical limits, turnaround target). Tests that share a container share one tube.
/// </summary>
public sealed class LabTest
{
    public const int MaxCodeLength = 20;

    /// <summary>The laboratory's own code (e.g. HB), also accepted from analysers in OBX-3.</summary>
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required string LoincCode { get; init; }

    public required string Kind { get; init; }

    /// <summary>UCUM units (e.g. <c>g/L</c>, <c>10*9/L</c>); null for text results.</summary>
    public string? Units { get; init; }

    public required string SpecimenType { get; init; }

    public required string Container { get; init; }

    public decimal VolumeMl { get; init; }

    public int TurnaroundHours { get; init; }

    /// <summary>At or below this a result is critical (LL) and must be phoned.</summary>
    public decimal? CriticalLow { get; init; }

    /// <summary>At or above this a result is critical (HH) and must be phoned.</summary>
    public decimal? CriticalHigh { get; init; }

    public List<ReferenceRange> Ranges { get; init; } = [];
}

/// <summary>Who a reference range applies to: one sex (or any) and an age band in days, from inclusive, to exclusive.</summary>
public sealed class ReferenceRange
{
    public const string AnySex = "Any";

    public int Id { get; init; }

    public required string TestCode { get; init; }

    /// <summary><c>Male</c>, <c>Female</c> or <see cref="AnySex"/> (the Patients module's sex names).</summary>
    public required string Sex { get; init; }

    public int AgeFromDays { get; init; }

    /// <summary>Exclusive upper end of the band; null for no upper end.</summary>
    public int? AgeToDays { get; init; }

    public decimal? Low { get; init; }

    public decimal? High { get; init; }

    public bool Applies(string? sex, int? ageDays) =>
        (Sex == AnySex || string.Equals(Sex, sex, StringComparison.OrdinalIgnoreCase))
        && (ageDays is { } a ? a >= AgeFromDays && (AgeToDays is null || a < AgeToDays) : AgeFromDays == 0 && AgeToDays is null);

    public string Display => (Low, High) switch
    {
        ({ } l, { } h) => $"{Number(l)}–{Number(h)}",
        ({ } l, null) => $"≥ {Number(l)}",
        (null, { } h) => $"≤ {Number(h)}",
        _ => string.Empty,
    };

    /// <summary>A decimal without the trailing zeros a numeric(12,4) column gives back (130.0000 → 130).</summary>
    public static string Number(decimal value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    public string Band
    {
        get
        {
            var sex = Sex == AnySex ? "All" : Sex;
            return (AgeFromDays, AgeToDays) switch
            {
                (0, null) => sex,
                (var f, null) => $"{sex}, {Age(f)} and over",
                (var f, { } t) => $"{sex}, {Age(f)} to under {Age(t)}",
            };
        }
    }

    private static string Age(int days) => days % 365 == 0 ? $"{days / 365} y" : $"{days} d";

    /// <summary>
    /// The range for this patient: one naming their sex beats one for any sex; age must fall in the band. A patient
    /// whose sex or age is not known gets only a range that covers everyone (none, if the test has none).
    /// </summary>
    public static ReferenceRange? For(IEnumerable<ReferenceRange> ranges, string? sex, int? ageDays) =>
        ranges.Where(r => r.Applies(sex, ageDays)).OrderBy(r => r.Sex == AnySex ? 1 : 0).FirstOrDefault();
}

/// <summary>A group of tests ordered together (FBC, U&amp;E, LFT), with its LOINC panel code.</summary>
public sealed class LabPanel
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required string LoincCode { get; init; }

    public int TurnaroundHours { get; init; }

    public List<LabPanelMember> Members { get; init; } = [];
}

public sealed class LabPanelMember
{
    public required string PanelCode { get; init; }

    public required string TestCode { get; init; }

    public int Position { get; init; }
}

/// <summary>The abnormal flags a result can carry (HL7 table 0078 subset).</summary>
public static class ResultFlags
{
    public const string Normal = "N";
    public const string Low = "L";
    public const string High = "H";
    public const string CriticalLow = "LL";
    public const string CriticalHigh = "HH";

    /// <summary>Critical limits win over the reference range; no range and no limits means no flag (null).</summary>
    public static string? Compute(decimal value, ReferenceRange? range, decimal? criticalLow, decimal? criticalHigh)
    {
        if (criticalLow is { } cl && value <= cl)
        {
            return CriticalLow;
        }

        if (criticalHigh is { } ch && value >= ch)
        {
            return CriticalHigh;
        }

        if (range is null)
        {
            return criticalLow is null && criticalHigh is null ? null : Normal;
        }

        if (range.Low is { } low && value < low)
        {
            return Low;
        }

        return range.High is { } high && value > high ? High : Normal;
    }

    public static bool IsCritical(string? flag) => flag is CriticalLow or CriticalHigh;

    public static string Describe(string? flag) => flag switch
    {
        Low => "Low",
        High => "High",
        CriticalLow => "Critically low",
        CriticalHigh => "Critically high",
        Normal => "Normal",
        _ => "No range",
    };
}
