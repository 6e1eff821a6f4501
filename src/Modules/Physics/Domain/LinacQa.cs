namespace Infirmary.Physics.Domain;

/// <summary>How a TG-142 check's result is entered and judged.</summary>
public enum QaKind
{
    /// <summary>A measurement against its baseline; the percentage difference is judged against the tolerance.</summary>
    PercentOfBaseline,

    /// <summary>A deviation in millimetres from the expected position, judged by its magnitude.</summary>
    Millimetres,

    /// <summary>A deviation in degrees.</summary>
    Degrees,

    /// <summary>Works or does not (interlocks, monitors, indicators).</summary>
    Functional,
}

/// <summary>Which beams a check is made on: the machine as a whole, each photon beam, or each electron beam.</summary>
public enum QaScope
{
    Machine,
    EachPhotonBeam,
    EachElectronBeam,
}

/// <summary>One check of the schedule, with the tolerance AAPM TG-142 Table I gives it for a non-IMRT machine.</summary>
public sealed record QaCheckDefinition(string Code, string Frequency, string Category, string Name, QaKind Kind, double? Tolerance, QaScope Scope, string Citation)
{
    public string Unit => Kind switch
    {
        QaKind.PercentOfBaseline => "%",
        QaKind.Millimetres => "mm",
        QaKind.Degrees => "°",
        _ => string.Empty,
    };

    public string ToleranceText => Kind == QaKind.Functional ? "Functional" : $"±{Tolerance!.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} {Unit}";

    public bool Numeric => Kind != QaKind.Functional;
}

/// <summary>
/// The linac QA schedule (ADR 0092): a subset of AAPM TG-142 (Klein et al., Med. Phys. 36(9), 2009) Table I — daily
/// (Table I(a)), monthly (I(b)) and annual (I(c)) checks with the tolerances of its non-IMRT column. Each check is
/// done per machine, or per beam where TG-142 asks for every energy.
/// </summary>
public static class Tg142
{
    public const string Daily = "daily";

    public const string Monthly = "monthly";

    public const string Annual = "annual";

    public static readonly IReadOnlyList<string> Frequencies = [Daily, Monthly, Annual];

    private const string Ia = "TG-142 Table I(a)";
    private const string Ib = "TG-142 Table I(b)";
    private const string Ic = "TG-142 Table I(c)";

    public static readonly IReadOnlyList<QaCheckDefinition> Checks =
    [
        new("D-XOUT", Daily, "Dosimetry", "X-ray output constancy", QaKind.PercentOfBaseline, 3, QaScope.EachPhotonBeam, Ia),
        new("D-LASER", Daily, "Mechanical", "Laser localisation", QaKind.Millimetres, 2, QaScope.Machine, Ia),
        new("D-ODI", Daily, "Mechanical", "Distance indicator (ODI) at isocentre", QaKind.Millimetres, 2, QaScope.Machine, Ia),
        new("D-COLL", Daily, "Mechanical", "Collimator size indicator", QaKind.Millimetres, 2, QaScope.Machine, Ia),
        new("D-DOOR", Daily, "Safety", "Door interlock (beam off)", QaKind.Functional, null, QaScope.Machine, Ia),
        new("D-AV", Daily, "Safety", "Audiovisual monitors", QaKind.Functional, null, QaScope.Machine, Ia),
        new("D-BEAMON", Daily, "Safety", "Beam-on indicator", QaKind.Functional, null, QaScope.Machine, Ia),
        new("M-XOUT", Monthly, "Dosimetry", "X-ray output constancy", QaKind.PercentOfBaseline, 2, QaScope.EachPhotonBeam, Ib),
        new("M-EOUT", Monthly, "Dosimetry", "Electron output constancy", QaKind.PercentOfBaseline, 2, QaScope.EachElectronBeam, Ib),
        new("M-XPROF", Monthly, "Dosimetry", "Photon beam profile constancy", QaKind.PercentOfBaseline, 1, QaScope.EachPhotonBeam, Ib),
        new("M-LIGHTRAD", Monthly, "Mechanical", "Light/radiation field coincidence (symmetric)", QaKind.Millimetres, 2, QaScope.Machine, Ib),
        new("M-JAWSYM", Monthly, "Mechanical", "Jaw position indicators (symmetric)", QaKind.Millimetres, 2, QaScope.Machine, Ib),
        new("M-JAWASYM", Monthly, "Mechanical", "Jaw position indicators (asymmetric)", QaKind.Millimetres, 1, QaScope.Machine, Ib),
        new("M-XHAIR", Monthly, "Mechanical", "Cross-hair centring (walkout)", QaKind.Millimetres, 1, QaScope.Machine, Ib),
        new("M-ANGLE", Monthly, "Mechanical", "Gantry/collimator angle indicators", QaKind.Degrees, 1, QaScope.Machine, Ib),
        new("M-LASER", Monthly, "Mechanical", "Localising lasers", QaKind.Millimetres, 2, QaScope.Machine, Ib),
        new("A-XCAL", Annual, "Dosimetry", "X-ray output calibration (TG-51)", QaKind.PercentOfBaseline, 1, QaScope.EachPhotonBeam, Ic),
        new("A-ECAL", Annual, "Dosimetry", "Electron output calibration (TG-51)", QaKind.PercentOfBaseline, 1, QaScope.EachElectronBeam, Ic),
        new("A-XQUAL", Annual, "Dosimetry", "X-ray beam quality (PDD10 or TMR20,10)", QaKind.PercentOfBaseline, 1, QaScope.EachPhotonBeam, Ic),
        new("A-XFLAT", Annual, "Dosimetry", "X-ray flatness change from baseline", QaKind.PercentOfBaseline, 1, QaScope.EachPhotonBeam, Ic),
        new("A-MULIN", Annual, "Dosimetry", "X-ray monitor unit linearity (≥ 5 MU)", QaKind.PercentOfBaseline, 2, QaScope.EachPhotonBeam, Ic),
        new("A-COLLISO", Annual, "Mechanical", "Collimator rotation isocentre", QaKind.Millimetres, 1, QaScope.Machine, Ic),
        new("A-GANTRYISO", Annual, "Mechanical", "Gantry rotation isocentre", QaKind.Millimetres, 1, QaScope.Machine, Ic),
        new("A-COUCHISO", Annual, "Mechanical", "Couch rotation isocentre", QaKind.Millimetres, 1, QaScope.Machine, Ic),
        new("A-RADMECH", Annual, "Mechanical", "Coincidence of radiation and mechanical isocentre", QaKind.Millimetres, 2, QaScope.Machine, Ic),
    ];

    public static QaCheckDefinition? Find(string? code) =>
        Checks.FirstOrDefault(c => string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string FrequencyLabel(string frequency) => frequency switch
    {
        Daily => "Daily",
        Monthly => "Monthly",
        Annual => "Annual",
        _ => frequency,
    };

    /// <summary>The day a check done on <paramref name="lastDone"/> (London date) is next due.</summary>
    public static DateOnly NextDue(string frequency, DateOnly lastDone) => frequency switch
    {
        Daily => lastDone.AddDays(1),
        Monthly => lastDone.AddMonths(1),
        _ => lastDone.AddYears(1),
    };

    /// <summary>The beams a check is made on (null for the machine as a whole).</summary>
    public static IEnumerable<TreatmentBeam?> Targets(QaCheckDefinition check, IEnumerable<TreatmentBeam> beams) => check.Scope switch
    {
        QaScope.EachPhotonBeam => beams.Where(b => b.Modality == TreatmentBeam.Photon).OrderBy(b => b.Energy, StringComparer.Ordinal),
        QaScope.EachElectronBeam => beams.Where(b => b.Modality == TreatmentBeam.Electron).OrderBy(b => b.Energy, StringComparer.Ordinal),
        _ => [null],
    };
}

/// <summary>One sitting of a machine's daily, monthly or annual QA: its results, who did it and who checked it.</summary>
public sealed class LinacQaSession : CheckedResult
{
    public Guid MachineId { get; set; }

    public LinacMachine? Machine { get; set; }

    public string Frequency { get; set; } = Tg142.Daily;

    public bool AllPassed { get; set; }

    public string Notes { get; set; } = string.Empty;

    public List<LinacQaResult> Results { get; set; } = [];
}

/// <summary>One check's result within a session, judged against the tolerance in force when it was entered.</summary>
public sealed class LinacQaResult
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SessionId { get; set; }

    public Guid MachineId { get; set; }

    public string Check { get; set; } = string.Empty;

    /// <summary>The beam for per-beam checks (null for machine checks).</summary>
    public Guid? BeamId { get; set; }

    public string BeamEnergy { get; set; } = string.Empty;

    public double? Measured { get; set; }

    public double? Baseline { get; set; }

    /// <summary>Percentage difference from baseline, or the deviation in mm or degrees; null for functional checks.</summary>
    public double? Value { get; set; }

    public double? Tolerance { get; set; }

    public string Unit { get; set; } = string.Empty;

    public bool Passed { get; set; }

    /// <summary>When the session was performed (copied, so trends and the worklist read one table).</summary>
    public DateTime PerformedAt { get; set; }
}
