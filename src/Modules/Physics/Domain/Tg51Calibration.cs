namespace Infirmary.Physics.Domain;

/// <summary>
/// One photon output calibration by TG-51 or, when <see cref="Protocol"/> says so, IAEA TRS-398 (ADR 0056: the same
/// table; for TRS-398 <see cref="Ptp"/>, <see cref="Ppol"/>, <see cref="Pion"/> and <see cref="Pelec"/> hold k_TP,
/// k_pol, k_s and k_elec, and the beam quality is <see cref="Tpr2010"/> instead of %dd(10)x): the worksheet's inputs, the engine's figures and version, who performed it
/// and who checked it. It is final only once a second, different physicist has checked it; results are never edited
/// afterwards (a new calibration is recorded instead).
/// </summary>
public sealed class Tg51Calibration : CheckedResult
{
    public const string Tg51Protocol = "TG-51";

    public const string Trs398Protocol = "TRS-398";

    /// <summary>The code of practice: <see cref="Tg51Protocol"/> or <see cref="Trs398Protocol"/>.</summary>
    public string Protocol { get; set; } = Tg51Protocol;

    public const string PhotonModality = "photon";

    public const string ElectronModality = "electron";

    /// <summary>Photon (TG-51 or TRS-398) or electron (TG-51, ADR 0093).</summary>
    public string Modality { get; set; } = PhotonModality;

    public bool IsElectron => Modality == ElectronModality;

    /// <summary>How the list shows the worksheet: "TG-51", "TG-51 electron" or "TRS-398".</summary>
    public string ProtocolLabel => IsElectron ? $"{Protocol} electron" : Protocol;

    // Electron worksheet (TG-51) inputs and figures; null on photon worksheets.

    public double? I50Cm { get; set; }

    public double? ReadingShifted { get; set; }

    public double? Kecal { get; set; }

    public double? R50Cm { get; set; }

    public double? DrefCm { get; set; }

    public double? Pgr { get; set; }

    public double? KPrimeR50 { get; set; }

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

    /// <summary>TPR20,10 (TRS-398 only).</summary>
    public double? Tpr2010 { get; set; }

    // Results, as the engine computed them when the worksheet was saved.

    /// <summary>%dd(10)x used for kQ (TG-51 only).</summary>
    public double? Pddx { get; set; }

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

    public Tg51Inputs ToInputs() => new()
    {
        Machine = Machine, BeamEnergy = BeamEnergy, Chamber = Chamber, Pddx = PddxMeasured, PddPb = PddPb, LeadFoilCm = LeadFoilCm,
        TemperatureC = TemperatureC, PressureKpa = PressureKpa, ReadingPositive = ReadingPositive, ReadingNegative = ReadingNegative,
        Polarity = Polarity, VoltageHigh = VoltageHigh, VoltageLow = VoltageLow, ReadingLow = ReadingLow, Pelec = Pelec, Ndw = Ndw,
        MonitorUnits = MonitorUnits, ExpectedDosePerMuCGy = ExpectedDosePerMuCGy, TolerancePercent = TolerancePercent,
    };

    public bool IsTrs398 => Protocol == Trs398Protocol;

    public Trs398Inputs ToTrs398Inputs() => new()
    {
        Machine = Machine, BeamEnergy = BeamEnergy, Chamber = Chamber, Tpr2010 = Tpr2010,
        TemperatureC = TemperatureC, PressureKpa = PressureKpa, ReadingPositive = ReadingPositive, ReadingNegative = ReadingNegative,
        Polarity = Polarity, VoltageHigh = VoltageHigh, VoltageLow = VoltageLow, ReadingLow = ReadingLow, Kelec = Pelec, Ndw = Ndw,
        MonitorUnits = MonitorUnits, ExpectedDosePerMuCGy = ExpectedDosePerMuCGy, TolerancePercent = TolerancePercent,
    };

    public Trs398Figures Trs398Figures => new(Chamber, Tpr2010 ?? double.NaN, Ptp, Ppol, Pion, Kq, CorrectedReadingNc, DoseGy, DosePerMuCGy, DeviationPercent, Pass, EngineVersion);

    public Tg51Figures Figures => new(Chamber, Pddx ?? double.NaN, Ptp, Ppol, Pion, Kq, CorrectedReadingNc, DoseGy, DosePerMuCGy, DeviationPercent, Pass, EngineVersion);

    /// <summary>A new record from validated inputs and the engine's figures for them.</summary>
    public static Tg51Calibration Record(Tg51Inputs i, Tg51Figures f, string performedById, string performedByName, DateTime at)
    {
        var c = Measured(i, i.Pelec, f.Chamber, performedById, performedByName, at);
        c.PddxMeasured = i.PddPb is null ? i.Pddx : null;
        c.PddPb = i.PddPb;
        c.LeadFoilCm = i.PddPb is null ? null : i.LeadFoilCm;
        c.Pddx = f.Pddx;
        c.Results(f.Ptp, f.Ppol, f.Pion, f.Kq, f.CorrectedReadingNc, f.DoseGy, f.DosePerMuCGy, f.DeviationPercent, f.Pass, f.EngineVersion);
        return c;
    }

    public ElectronInputs ToElectronInputs() => new()
    {
        Machine = Machine, BeamEnergy = BeamEnergy, Chamber = Chamber, I50Cm = I50Cm, ReadingShifted = ReadingShifted, Kecal = Kecal,
        TemperatureC = TemperatureC, PressureKpa = PressureKpa, ReadingPositive = ReadingPositive, ReadingNegative = ReadingNegative,
        Polarity = Polarity, VoltageHigh = VoltageHigh, VoltageLow = VoltageLow, ReadingLow = ReadingLow, Pelec = Pelec, Ndw = Ndw,
        MonitorUnits = MonitorUnits, ExpectedDosePerMuCGy = ExpectedDosePerMuCGy, TolerancePercent = TolerancePercent,
    };

    public ElectronFigures ElectronFigures => new(Chamber, R50Cm ?? double.NaN, DrefCm ?? double.NaN, KPrimeR50 ?? double.NaN, Pgr ?? double.NaN,
        Kecal ?? double.NaN, Ptp, Ppol, Pion, Kq, CorrectedReadingNc, DoseGy, DosePerMuCGy, DeviationPercent, Pass, EngineVersion);

    /// <summary>A new TG-51 electron record (ADR 0093) from validated inputs and the engine's figures for them.</summary>
    public static Tg51Calibration Record(ElectronInputs i, ElectronFigures f, string performedById, string performedByName, DateTime at)
    {
        var c = Measured(i, i.Pelec, f.Chamber, performedById, performedByName, at);
        c.Modality = ElectronModality;
        c.I50Cm = i.I50Cm;
        c.ReadingShifted = i.ReadingShifted;
        c.Kecal = f.Kecal;
        c.R50Cm = f.R50Cm;
        c.DrefCm = f.DrefCm;
        c.Pgr = f.Pgr;
        c.KPrimeR50 = f.KPrimeR50;
        c.Results(f.Ptp, f.Ppol, f.Pion, f.Kq, f.CorrectedReadingNc, f.DoseGy, f.DosePerMuCGy, f.DeviationPercent, f.Pass, f.EngineVersion);
        return c;
    }

    /// <summary>A new TRS-398 record from validated inputs and the engine's figures for them.</summary>
    public static Tg51Calibration Record(Trs398Inputs i, Trs398Figures f, string performedById, string performedByName, DateTime at)
    {
        var c = Measured(i, i.Kelec, f.Chamber, performedById, performedByName, at);
        c.Protocol = Trs398Protocol;
        c.Tpr2010 = f.Tpr2010;
        c.Results(f.Ktp, f.Kpol, f.Ks, f.Kq, f.CorrectedReadingNc, f.DoseGy, f.DosePerMuCGy, f.DeviationPercent, f.Pass, f.EngineVersion);
        return c;
    }

    private static Tg51Calibration Measured(PhotonCalibrationInputs i, double? electrometer, string chamber, string performedById, string performedByName, DateTime at) => new()
    {
        Machine = i.Machine!.Trim(), BeamEnergy = i.BeamEnergy!.Trim(), Chamber = chamber,
        TemperatureC = i.TemperatureC!.Value, PressureKpa = i.PressureKpa!.Value,
        ReadingPositive = i.ReadingPositive!.Value, ReadingNegative = i.ReadingNegative!.Value,
        Polarity = (i.Polarity ?? "negative").Trim().ToLowerInvariant(),
        VoltageHigh = i.VoltageHigh!.Value, VoltageLow = i.VoltageLow!.Value, ReadingLow = i.ReadingLow!.Value,
        Pelec = electrometer ?? 1.0, Ndw = i.Ndw!.Value, MonitorUnits = i.MonitorUnits!.Value,
        ExpectedDosePerMuCGy = i.ExpectedDosePerMuCGy!.Value, TolerancePercent = i.TolerancePercent ?? Tg51Worksheet.DefaultTolerancePercent,
        PerformedById = performedById, PerformedByName = performedByName, PerformedAt = at,
    };

    // The temperature-pressure, polarity and recombination factors under either protocol's names (ADR 0056).
    private void Results(double tp, double pol, double recombination, double kq, double corrected, double dose, double perMu, double deviation, bool pass, string engineVersion)
    {
        (Ptp, Ppol, Pion, Kq, CorrectedReadingNc, DoseGy, DosePerMuCGy, DeviationPercent, Pass, EngineVersion) =
            (tp, pol, recombination, kq, corrected, dose, perMu, deviation, pass, engineVersion);
    }
}
