using System.Globalization;
using Infirmary.Physics.Domain;

namespace Infirmary.Physics.Pages;

/// <summary>
/// What a photon calibration form (TG-51 or TRS-398) posts besides its beam quality. Numbers arrive as text so a
/// typing slip is reported against its field rather than silently read as zero.
/// </summary>
public abstract class PhotonCalibrationForm
{
    public string? Machine { get; set; }

    public string? BeamEnergy { get; set; }

    public string? Chamber { get; set; }

    public string? TemperatureC { get; set; }

    public string? PressureKpa { get; set; }

    public string? ReadingPositive { get; set; }

    public string? ReadingNegative { get; set; }

    public string Polarity { get; set; } = "negative";

    public string? VoltageHigh { get; set; } = "300";

    public string? VoltageLow { get; set; } = "150";

    public string? ReadingLow { get; set; }

    public string? Pelec { get; set; } = "1.000";

    public string? Ndw { get; set; }

    public string? MonitorUnits { get; set; } = "100";

    public string? ExpectedDosePerMuCGy { get; set; }

    public string? TolerancePercent { get; set; } = "2";

    /// <summary>"calculate" shows the figures; "save" records them.</summary>
    public string? Intent { get; set; }

    /// <summary>The shared numbers, parsed; a number that is not one is an error under its field.</summary>
    protected (double? TemperatureC, double? PressureKpa, double? ReadingPositive, double? ReadingNegative, double? VoltageHigh,
        double? VoltageLow, double? ReadingLow, double? Ndw, double? MonitorUnits, double? ExpectedDosePerMuCGy, double? TolerancePercent)
        Shared(Dictionary<string, string[]> errors)
    {
        double? Num(string? text, string field, string label) => FormNumbers.Parse(text, field, label, errors);
        return (Num(TemperatureC, "temperatureC", "Temperature"), Num(PressureKpa, "pressureKpa", "Pressure"),
            Num(ReadingPositive, "readingPositive", "M+"), Num(ReadingNegative, "readingNegative", "M-"),
            Num(VoltageHigh, "voltageHigh", "V_H"), Num(VoltageLow, "voltageLow", "V_L"), Num(ReadingLow, "readingLow", "M_L"),
            Num(Ndw, "ndw", "N_D,w"), Num(MonitorUnits, "monitorUnits", "Monitor units"),
            Num(ExpectedDosePerMuCGy, "expectedDosePerMuCGy", "Expected dose per MU"), Num(TolerancePercent, "tolerancePercent", "Tolerance"));
    }
}

/// <summary>What the TG-51 calibration form posts.</summary>
public sealed class Tg51Form : PhotonCalibrationForm
{
    public string? Pddx { get; set; }

    public string? PddPb { get; set; }

    public string LeadFoilCm { get; set; } = "50";

    public (Tg51Inputs Inputs, Dictionary<string, string[]> Errors) ToInputs()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        double? Num(string? text, string field, string label) => FormNumbers.Parse(text, field, label, errors);

        var inputs = new Tg51Inputs
        {
            Machine = Machine,
            BeamEnergy = BeamEnergy,
            Chamber = Chamber,
            Pddx = Num(Pddx, "pddx", "%dd(10)x"),
            PddPb = Num(PddPb, "pddPb", "%dd(10)Pb"),
            LeadFoilCm = int.TryParse(LeadFoilCm, NumberStyles.None, CultureInfo.InvariantCulture, out var cm) ? cm : null,
            Polarity = Polarity,
            Pelec = Num(Pelec, "pelec", "P_elec"),
        };
        var n = Shared(errors);
        inputs = inputs with
        {
            TemperatureC = n.TemperatureC, PressureKpa = n.PressureKpa, ReadingPositive = n.ReadingPositive, ReadingNegative = n.ReadingNegative,
            VoltageHigh = n.VoltageHigh, VoltageLow = n.VoltageLow, ReadingLow = n.ReadingLow, Ndw = n.Ndw, MonitorUnits = n.MonitorUnits,
            ExpectedDosePerMuCGy = n.ExpectedDosePerMuCGy, TolerancePercent = n.TolerancePercent,
        };
        return (inputs, errors);
    }
}

/// <summary>What the TRS-398 calibration form posts: TPR20,10 for the beam quality, k_elec in the electrometer field.</summary>
public sealed class Trs398Form : PhotonCalibrationForm
{
    public string? Tpr2010 { get; set; }

    public (Trs398Inputs Inputs, Dictionary<string, string[]> Errors) ToInputs()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var tpr = FormNumbers.Parse(Tpr2010, "tpr2010", "TPR20,10", errors);
        var kelec = FormNumbers.Parse(Pelec, "kelec", "k_elec", errors);
        var n = Shared(errors);
        var inputs = new Trs398Inputs
        {
            Machine = Machine, BeamEnergy = BeamEnergy, Chamber = Chamber, Tpr2010 = tpr, Polarity = Polarity, Kelec = kelec,
            TemperatureC = n.TemperatureC, PressureKpa = n.PressureKpa, ReadingPositive = n.ReadingPositive, ReadingNegative = n.ReadingNegative,
            VoltageHigh = n.VoltageHigh, VoltageLow = n.VoltageLow, ReadingLow = n.ReadingLow, Ndw = n.Ndw, MonitorUnits = n.MonitorUnits,
            ExpectedDosePerMuCGy = n.ExpectedDosePerMuCGy, TolerancePercent = n.TolerancePercent,
        };
        return (inputs, errors);
    }
}

/// <summary>What the TG-51 electron calibration form posts (ADR 0093): I50, the shifted reading for P_gr and k_ecal.</summary>
public sealed class ElectronForm : PhotonCalibrationForm
{
    public string? I50Cm { get; set; }

    public string? ReadingShifted { get; set; }

    public string? Kecal { get; set; }

    public (ElectronInputs Inputs, Dictionary<string, string[]> Errors) ToInputs()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        double? Num(string? text, string field, string label) => FormNumbers.Parse(text, field, label, errors);
        var i50 = Num(I50Cm, "i50Cm", "I50");
        var shifted = Num(ReadingShifted, "readingShifted", "The reading at d_ref + 0.5 r_cav");
        var kecal = Num(Kecal, "kecal", "k_ecal");
        var pelec = Num(Pelec, "pelec", "P_elec");
        var n = Shared(errors);
        var inputs = new ElectronInputs
        {
            Machine = Machine, BeamEnergy = BeamEnergy, Chamber = Chamber, I50Cm = i50, ReadingShifted = shifted, Kecal = kecal, Polarity = Polarity,
            Pelec = pelec, TemperatureC = n.TemperatureC, PressureKpa = n.PressureKpa, ReadingPositive = n.ReadingPositive,
            ReadingNegative = n.ReadingNegative, VoltageHigh = n.VoltageHigh, VoltageLow = n.VoltageLow, ReadingLow = n.ReadingLow, Ndw = n.Ndw,
            MonitorUnits = n.MonitorUnits, ExpectedDosePerMuCGy = n.ExpectedDosePerMuCGy, TolerancePercent = n.TolerancePercent,
        };
        return (inputs, errors);
    }
}
