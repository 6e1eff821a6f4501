namespace Infirmary.Physics.Domain;

/// <summary>
/// A patient-specific QA gamma comparison of a plan's evaluated dose (measured or recalculated) against its reference
/// (ADR 0091): the criteria, the engine's pass rate, the map picture (SVG, one slice of a 3D grid) and the two-person
/// sign-off. The grids themselves are not kept; their SHA-256 hashes identify them.
/// </summary>
public sealed class GammaAnalysis : CheckedResult
{
    /// <summary>TG-218 (Miften et al. 2018): universal tolerance limit ≥ 95 % passing at 3 %/2 mm.</summary>
    public const double DefaultTolerancePassRate = 95.0;

    public Guid PatientId { get; set; }

    /// <summary>The plan as the planning system names it, e.g. "Prostate VMAT v2".</summary>
    public string Plan { get; set; } = string.Empty;

    public string ReferenceName { get; set; } = string.Empty;

    public string EvaluatedName { get; set; } = string.Empty;

    public string ReferenceSha256 { get; set; } = string.Empty;

    public string EvaluatedSha256 { get; set; } = string.Empty;

    /// <summary>The reference grid's shape, e.g. "64 × 64 × 40".</summary>
    public string Shape { get; set; } = string.Empty;

    public double DosePercent { get; set; }

    public double DistanceMm { get; set; }

    public bool Local { get; set; }

    public double CutoffPercent { get; set; }

    public double TolerancePassRatePercent { get; set; }

    public double PassRatePercent { get; set; }

    public int EvaluatedPoints { get; set; }

    public int PassedPoints { get; set; }

    public double MaxReferenceDose { get; set; }

    public bool Pass { get; set; }

    /// <summary>Which plane the map shows, e.g. "z = 12.0 mm (slice 7 of 40, through the maximum reference dose)".</summary>
    public string MapSlice { get; set; } = string.Empty;

    public string MapSvg { get; set; } = string.Empty;

    public string EngineVersion { get; set; } = string.Empty;

    public string Criteria => $"{DosePercent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} %/{DistanceMm.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} mm {(Local ? "local" : "global")}, {CutoffPercent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} % cut-off";
}
