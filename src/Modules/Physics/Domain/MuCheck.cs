namespace Infirmary.Physics.Domain;

/// <summary>
/// An independent MU check of one beam of a patient's plan (the patient by id only), with the machine data it used,
/// the engine's figures and version, and the two-person sign-off.
/// </summary>
public sealed class MuCheck : CheckedResult
{
    public Guid PatientId { get; set; }

    public string Machine { get; set; } = string.Empty;

    public string BeamEnergy { get; set; } = string.Empty;

    public string SetUp { get; set; } = "SSD";

    public double ReferenceDoseRateCGyPerMu { get; set; }

    public double ReferenceDepthCm { get; set; }

    public double ReferenceSsdCm { get; set; }

    public double SadCm { get; set; }

    public string ScTable { get; set; } = string.Empty;

    public string SpTable { get; set; } = string.Empty;

    public string DepthTable { get; set; } = string.Empty;

    public double DoseCGy { get; set; }

    public double FieldXCm { get; set; }

    public double FieldYCm { get; set; }

    public double DepthCm { get; set; }

    public double SsdCm { get; set; }

    public double PlanningSystemMu { get; set; }

    public double WedgeFactor { get; set; }

    public double TrayFactor { get; set; }

    public double ActionLevelPercent { get; set; }

    /// <summary>Off-axis distance of the point (cm); null for checks recorded before off-axis points were supported (on the axis).</summary>
    public double? OffAxisCm { get; set; }

    /// <summary>The off-axis ratio table used, if any.</summary>
    public string? OffAxisTable { get; set; }

    /// <summary>OAR(d, x) applied; null means 1 (on the axis).</summary>
    public double? OffAxisRatio { get; set; }

    /// <summary>The stored beam data version the machine data came from (ADR 0090), or null when typed in.</summary>
    public Guid? BeamDataSetId { get; set; }

    /// <summary>That version's number for its beam, shown beside the result.</summary>
    public int? BeamDataNumber { get; set; }

    /// <summary>The wedge and tray chosen by name from the beam data, if any.</summary>
    public string? Wedge { get; set; }

    public string? Tray { get; set; }

    public double Mu { get; set; }

    public double PercentDifference { get; set; }

    public bool WithinActionLevel { get; set; }

    public double CollimatorEquivalentSquareCm { get; set; }

    public double PhantomEquivalentSquareCm { get; set; }

    public double Sc { get; set; }

    public double Sp { get; set; }

    public double DepthFactor { get; set; }

    public double InverseSquareFactor { get; set; }

    public string EngineVersion { get; set; } = string.Empty;

    public MuFigures Figures => new(Mu, PercentDifference, WithinActionLevel, CollimatorEquivalentSquareCm, PhantomEquivalentSquareCm,
        Sc, Sp, DepthFactor, InverseSquareFactor, EngineVersion, OffAxisRatio ?? 1.0);

    public MuCheckInputs ToInputs() => new()
    {
        PatientId = PatientId, Machine = Machine, BeamEnergy = BeamEnergy, SetUp = SetUp, ReferenceDoseRateCGyPerMu = ReferenceDoseRateCGyPerMu,
        ReferenceDepthCm = ReferenceDepthCm, ReferenceSsdCm = ReferenceSsdCm, SadCm = SadCm, ScTable = ScTable, SpTable = SpTable,
        DepthTable = DepthTable, DoseCGy = DoseCGy, FieldXCm = FieldXCm, FieldYCm = FieldYCm, DepthCm = DepthCm, SsdCm = SsdCm,
        PlanningSystemMu = PlanningSystemMu, WedgeFactor = WedgeFactor, TrayFactor = TrayFactor, ActionLevelPercent = ActionLevelPercent,
        Wedge = Wedge, Tray = Tray, OffAxisCm = OffAxisCm, OffAxisTable = OffAxisTable,
    };

    public static MuCheck Record(MuCheckInputs i, MuFigures f, string performedById, string performedByName, DateTime at) => new()
    {
        PatientId = i.PatientId!.Value, Machine = i.Machine!.Trim(), BeamEnergy = i.BeamEnergy!.Trim(), SetUp = i.SetUp!.Trim().ToUpperInvariant(),
        ReferenceDoseRateCGyPerMu = i.ReferenceDoseRateCGyPerMu!.Value, ReferenceDepthCm = i.ReferenceDepthCm!.Value,
        ReferenceSsdCm = i.ReferenceSsdCm!.Value, SadCm = i.SadCm!.Value, ScTable = i.ScTable!.Trim(), SpTable = i.SpTable!.Trim(),
        DepthTable = i.DepthTable!.Trim(), DoseCGy = i.DoseCGy!.Value, FieldXCm = i.FieldXCm!.Value, FieldYCm = i.FieldYCm!.Value,
        DepthCm = i.DepthCm!.Value, SsdCm = i.SsdCm!.Value, PlanningSystemMu = i.PlanningSystemMu!.Value, WedgeFactor = i.WedgeFactor ?? 1.0,
        TrayFactor = i.TrayFactor ?? 1.0, ActionLevelPercent = i.ActionLevelPercent ?? MuWorksheet.DefaultActionLevelPercent,
        OffAxisCm = i.OffAxisCm ?? 0.0, OffAxisTable = string.IsNullOrWhiteSpace(i.OffAxisTable) ? null : i.OffAxisTable.Trim(), OffAxisRatio = f.OffAxisRatio,
        Mu = f.Mu, PercentDifference = f.PercentDifference, WithinActionLevel = f.WithinActionLevel,
        CollimatorEquivalentSquareCm = f.CollimatorEquivalentSquareCm, PhantomEquivalentSquareCm = f.PhantomEquivalentSquareCm,
        Sc = f.Sc, Sp = f.Sp, DepthFactor = f.DepthFactor, InverseSquareFactor = f.InverseSquareFactor, EngineVersion = f.EngineVersion,
        PerformedById = performedById, PerformedByName = performedByName, PerformedAt = at,
    };
}
