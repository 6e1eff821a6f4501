namespace Infirmary.Physics.Domain;

/// <summary>
/// One TG-51 photon output calibration: the worksheet's inputs, the engine's figures and version, who performed it
/// and who checked it. It is final only once a second, different physicist has checked it; results are never edited
/// afterwards (a new calibration is recorded instead).
/// </summary>
public sealed class Tg51Calibration : ICheckedResult
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Optimistic concurrency token: incremented on every change.</summary>
    public int Version { get; set; } = 1;

    public string Machine { get; set; } = string.Empty;

    public string BeamEnergy { get; set; } = string.Empty;

    public string Chamber { get; set; } = string.Empty;

    public double? PddxMeasured { get; set; }

    public double? PddPb { get; set; }

    public int? LeadFoilCm { get; set; }

    public double TemperatureC { get; set; }

    public double PressureKpa { get; set; }

    public double ReadingPositive { get; set; }

    public double ReadingNegative { get; set; }

    public string Polarity { get; set; } = "negative";

    public double VoltageHigh { get; set; }

    public double VoltageLow { get; set; }

    public double ReadingLow { get; set; }

    public double Pelec { get; set; }

    public double Ndw { get; set; }

    public double MonitorUnits { get; set; }

    public double ExpectedDosePerMuCGy { get; set; }

    public double TolerancePercent { get; set; }

    // Results, as the engine computed them when the worksheet was saved.
    public double Pddx { get; set; }

    public double Ptp { get; set; }

    public double Ppol { get; set; }

    public double Pion { get; set; }

    public double Kq { get; set; }

    public double CorrectedReadingNc { get; set; }

    public double DoseGy { get; set; }

    public double DosePerMuCGy { get; set; }

    public double DeviationPercent { get; set; }

    public bool Pass { get; set; }

    public string EngineVersion { get; set; } = string.Empty;

    public string PerformedById { get; set; } = string.Empty;

    public string PerformedByName { get; set; } = string.Empty;

    public DateTime PerformedAt { get; set; }

    public string? CheckedById { get; set; }

    public string? CheckedByName { get; set; }

    public DateTime? CheckedAt { get; set; }

    public bool IsFinal => CheckedById is not null;

    public Tg51Inputs ToInputs() => new()
    {
        Machine = Machine, BeamEnergy = BeamEnergy, Chamber = Chamber, Pddx = PddxMeasured, PddPb = PddPb, LeadFoilCm = LeadFoilCm,
        TemperatureC = TemperatureC, PressureKpa = PressureKpa, ReadingPositive = ReadingPositive, ReadingNegative = ReadingNegative,
        Polarity = Polarity, VoltageHigh = VoltageHigh, VoltageLow = VoltageLow, ReadingLow = ReadingLow, Pelec = Pelec, Ndw = Ndw,
        MonitorUnits = MonitorUnits, ExpectedDosePerMuCGy = ExpectedDosePerMuCGy, TolerancePercent = TolerancePercent,
    };

    public Tg51Figures Figures => new(Chamber, Pddx, Ptp, Ppol, Pion, Kq, CorrectedReadingNc, DoseGy, DosePerMuCGy, DeviationPercent, Pass, EngineVersion);

    /// <summary>A new record from validated inputs and the engine's figures for them.</summary>
    public static Tg51Calibration Record(Tg51Inputs i, Tg51Figures f, string performedById, string performedByName, DateTime at) => new()
    {
        Machine = i.Machine!.Trim(), BeamEnergy = i.BeamEnergy!.Trim(), Chamber = f.Chamber,
        PddxMeasured = i.PddPb is null ? i.Pddx : null, PddPb = i.PddPb, LeadFoilCm = i.PddPb is null ? null : i.LeadFoilCm,
        TemperatureC = i.TemperatureC!.Value, PressureKpa = i.PressureKpa!.Value,
        ReadingPositive = i.ReadingPositive!.Value, ReadingNegative = i.ReadingNegative!.Value,
        Polarity = (i.Polarity ?? "negative").Trim().ToLowerInvariant(),
        VoltageHigh = i.VoltageHigh!.Value, VoltageLow = i.VoltageLow!.Value, ReadingLow = i.ReadingLow!.Value,
        Pelec = i.Pelec ?? 1.0, Ndw = i.Ndw!.Value, MonitorUnits = i.MonitorUnits!.Value,
        ExpectedDosePerMuCGy = i.ExpectedDosePerMuCGy!.Value, TolerancePercent = i.TolerancePercent ?? Tg51Worksheet.DefaultTolerancePercent,
        Pddx = f.Pddx, Ptp = f.Ptp, Ppol = f.Ppol, Pion = f.Pion, Kq = f.Kq, CorrectedReadingNc = f.CorrectedReadingNc,
        DoseGy = f.DoseGy, DosePerMuCGy = f.DosePerMuCGy, DeviationPercent = f.DeviationPercent, Pass = f.Pass,
        EngineVersion = f.EngineVersion,
        PerformedById = performedById, PerformedByName = performedByName, PerformedAt = at,
    };
}
