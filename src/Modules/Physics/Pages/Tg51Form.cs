using System.Globalization;
using Infirmary.Physics.Domain;

namespace Infirmary.Physics.Pages;

/// <summary>
/// What the calibration form posts. Numbers arrive as text so a typing slip is reported against its field rather
/// than silently read as zero.
/// </summary>
public sealed class Tg51Form
{
    public string? Machine { get; set; }

    public string? BeamEnergy { get; set; }

    public string? Chamber { get; set; }

    public string? Pddx { get; set; }

    public string? PddPb { get; set; }

    public string LeadFoilCm { get; set; } = "50";

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
            TemperatureC = Num(TemperatureC, "temperatureC", "Temperature"),
            PressureKpa = Num(PressureKpa, "pressureKpa", "Pressure"),
            ReadingPositive = Num(ReadingPositive, "readingPositive", "M+"),
            ReadingNegative = Num(ReadingNegative, "readingNegative", "M-"),
            Polarity = Polarity,
            VoltageHigh = Num(VoltageHigh, "voltageHigh", "V_H"),
            VoltageLow = Num(VoltageLow, "voltageLow", "V_L"),
            ReadingLow = Num(ReadingLow, "readingLow", "M_L"),
            Pelec = Num(Pelec, "pelec", "P_elec"),
            Ndw = Num(Ndw, "ndw", "N_D,w"),
            MonitorUnits = Num(MonitorUnits, "monitorUnits", "Monitor units"),
            ExpectedDosePerMuCGy = Num(ExpectedDosePerMuCGy, "expectedDosePerMuCGy", "Expected dose per MU"),
            TolerancePercent = Num(TolerancePercent, "tolerancePercent", "Tolerance"),
        };
        return (inputs, errors);
    }
}
