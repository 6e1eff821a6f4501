using System.Globalization;
using System.Reflection;
using Infirmary.Dosimetry;

namespace Infirmary.Physics.Domain;

/// <summary>
/// What a physicist enters on a TG-51 photon output calibration worksheet. Numbers are nullable so a missing field
/// is reported by name rather than read as zero. The same record is the REST body and what the form converts to.
/// </summary>
public sealed record Tg51Inputs : PhotonCalibrationInputs
{
    /// <summary>Chamber model as named in the TG-51 addendum (aliases accepted, the stored name is canonical).</summary>
    public string? Chamber { get; init; }

    /// <summary>%dd(10)x measured directly (give this or <see cref="PddPb"/>, not both).</summary>
    public double? Pddx { get; init; }

    /// <summary>%dd(10)Pb measured with the 1 mm lead foil in the beam at <see cref="LeadFoilCm"/>.</summary>
    public double? PddPb { get; init; }

    /// <summary>Lead-foil distance from the phantom surface: 50 or 30 cm (only with <see cref="PddPb"/>).</summary>
    public int? LeadFoilCm { get; init; }

    /// <summary>Electrometer correction factor P_elec (1 when chamber and electrometer are calibrated together).</summary>
    public double? Pelec { get; init; }
}

/// <summary>
/// The measurements a photon output calibration worksheet records under either code of practice (TG-51 or TRS-398).
/// Numbers are nullable so a missing field is reported by name rather than read as zero.
/// </summary>
public abstract record PhotonCalibrationInputs
{
    public string? Machine { get; init; }

    /// <summary>Nominal beam, e.g. "6 MV" or "10 MV FFF".</summary>
    public string? BeamEnergy { get; init; }

    public double? TemperatureC { get; init; }

    public double? PressureKpa { get; init; }

    /// <summary>Raw reading M⁺ at positive polarity and the operating voltage (nC, signed).</summary>
    public double? ReadingPositive { get; init; }

    /// <summary>Raw reading M⁻ at negative polarity and the operating voltage (nC, signed).</summary>
    public double? ReadingNegative { get; init; }

    /// <summary>Polarity routinely used for calibration: "negative" (default) or "positive".</summary>
    public string? Polarity { get; init; }

    /// <summary>Operating voltage V_H (V).</summary>
    public double? VoltageHigh { get; init; }

    /// <summary>Reduced voltage V_L (V), normally V_H/2.</summary>
    public double? VoltageLow { get; init; }

    /// <summary>Raw reading M_L at V_L and the routine polarity (nC, signed).</summary>
    public double? ReadingLow { get; init; }

    /// <summary>Chamber calibration coefficient N_D,w in Gy/nC (⁶⁰Co, from the calibration certificate).</summary>
    public double? Ndw { get; init; }

    public double? MonitorUnits { get; init; }

    /// <summary>Expected dose per MU at the reference point, cGy/MU.</summary>
    public double? ExpectedDosePerMuCGy { get; init; }

    /// <summary>Action tolerance on the output, ± percent (default 2).</summary>
    public double? TolerancePercent { get; init; }
}

/// <summary>The shared measurements of a photon calibration worksheet once every field has been accepted.</summary>
internal sealed record WorksheetMeasurements(
    double TemperatureC, double PressureKpa, double ReadingPositive, double ReadingNegative, string Polarity, double Raw,
    double VoltageHigh, double VoltageLow, double ReadingLow, double Electrometer, double Ndw, double MonitorUnits,
    double ExpectedDosePerMuCGy, double TolerancePercent)
{
    /// <summary>Dose per MU (cGy/MU), its percentage difference from the expected value, and whether that is within tolerance.</summary>
    public (double PerMu, double Deviation, bool Pass) Outcome(double doseGy)
    {
        var perMu = doseGy * 100.0 / MonitorUnits;
        var deviation = ((perMu / ExpectedDosePerMuCGy) - 1.0) * 100.0;
        return (perMu, deviation, Math.Abs(deviation) <= TolerancePercent);
    }
}

/// <summary>The worksheet's figures as the dosimetry engine computed them.</summary>
public sealed record Tg51Figures(
    string Chamber,
    double Pddx,
    double Ptp,
    double Ppol,
    double Pion,
    double Kq,
    double CorrectedReadingNc,
    double DoseGy,
    double DosePerMuCGy,
    double DeviationPercent,
    bool Pass,
    string EngineVersion);

/// <summary>
/// Checks a worksheet's inputs and computes it with <see cref="Tg51"/>: M = P_ion·P_TP·P_elec·P_pol·M_raw (eq. 8),
/// D = M·kQ·N_D,w (eq. 3), kQ from the 2014 addendum. Every refusal names the input field it belongs to.
/// </summary>
public static class Tg51Worksheet
{
    public const double DefaultTolerancePercent = 2.0;

    /// <summary>TG-51 (section VIII.B): a chamber with P_ion above 1.05 should not be used for reference dosimetry (applied to TRS-398's k_s too).</summary>
    public const double MaximumPion = 1.05;

    /// <summary>The assembly informational version of the engine, stored with each result for traceability.</summary>
    public static string EngineVersion { get; } =
        typeof(Tg51).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Tg51).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static (Tg51Figures? Figures, Dictionary<string, string[]> Errors) Calculate(Tg51Inputs input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        Text(input.Machine, "machine", "Enter the machine (linac) name", "The machine name", 100, Error);
        Text(input.BeamEnergy, "beamEnergy", "Enter the beam energy, for example 6 MV", "The beam energy", 30, Error);

        PhotonChamber? chamber = null;
        if (string.IsNullOrWhiteSpace(input.Chamber))
        {
            Error("chamber", "Choose the ionisation chamber");
        }
        else
        {
            try
            {
                chamber = Dosimetry.Tg51.FindChamber(input.Chamber.Trim());
            }
            catch (ArgumentException)
            {
                Error("chamber", $"Chamber '{input.Chamber}' is not in the TG-51 addendum table; choose one of {string.Join(", ", Dosimetry.Tg51.Chambers.Select(c => c.Name))}");
            }
        }

        double? pddx = null;
        if (input.Pddx is not null && input.PddPb is not null)
        {
            Error("pddx", "Give %dd(10)x or the lead-foil %dd(10)Pb, not both");
        }
        else if (input.PddPb is { } pb)
        {
            LeadFoilPosition? position = input.LeadFoilCm switch
            {
                50 => LeadFoilPosition.Cm50,
                30 => LeadFoilPosition.Cm30,
                _ => null,
            };
            if (position is null)
            {
                Error("leadFoilCm", "The lead foil must be at 50 cm or 30 cm from the phantom surface");
            }
            else if (!double.IsFinite(pb) || pb <= 0 || pb > 100)
            {
                Error("pddPb", "%dd(10)Pb must be a percentage between 0 and 100");
            }
            else
            {
                pddx = Dosimetry.Tg51.PddxFromLeadFoil(pb, position.Value);
                if (pddx < Dosimetry.Tg51.MinimumPddx || pddx > Dosimetry.Tg51.MaximumPddx)
                {
                    Error("pddPb", $"%dd(10)Pb {Num(pb)} gives %dd(10)x {Num(pddx.Value)}, outside {Num(Dosimetry.Tg51.MinimumPddx)}–{Num(Dosimetry.Tg51.MaximumPddx)} where the TG-51 addendum kQ fits are valid");
                    pddx = null;
                }
            }
        }
        else if (input.Pddx is { } x)
        {
            if (!double.IsFinite(x) || x < Dosimetry.Tg51.MinimumPddx || x > Dosimetry.Tg51.MaximumPddx)
            {
                Error("pddx", $"%dd(10)x must be between {Num(Dosimetry.Tg51.MinimumPddx)} and {Num(Dosimetry.Tg51.MaximumPddx)}, where the TG-51 addendum kQ fits are valid");
            }
            else
            {
                pddx = x;
            }
        }
        else
        {
            Error("pddx", "Enter %dd(10)x (or the lead-foil %dd(10)Pb)");
        }

        var m = Measurements(input, input.Pelec, "pelec", "P_elec", Error);
        if (errors.Count > 0 || chamber is null || pddx is null || m is null)
        {
            return (null, errors);
        }

        double ptp, ppol, pion, kq, corrected, dose;
        try
        {
            ptp = Dosimetry.Tg51.Ptp(m.TemperatureC, m.PressureKpa);
            ppol = Dosimetry.Tg51.Ppol(m.ReadingPositive, m.ReadingNegative, m.Raw);
            pion = Dosimetry.Tg51.Pion(m.VoltageHigh, m.VoltageLow, m.Raw, m.ReadingLow, pulsed: true);
            kq = Dosimetry.Tg51.PhotonKq(chamber, pddx.Value);
            if (!RecombinationAcceptable(pion, "P_ion", Error))
            {
                return (null, errors);
            }

            // Readings keep their sign for P_pol; the dose uses the magnitude of the routine reading.
            corrected = Dosimetry.Tg51.CorrectedReading(Math.Abs(m.Raw), pion, ptp, m.Electrometer, ppol);
            dose = Dosimetry.Tg51.DoseToWater(Math.Abs(m.Raw), pion, ptp, m.Electrometer, ppol, kq, m.Ndw);
        }
        catch (ArgumentException e)
        {
            Error(FieldFor(e.ParamName), e.Message.Split(" (Parameter", 2)[0]);
            return (null, errors);
        }

        var (perMu, deviation, pass) = m.Outcome(dose);
        var figures = new Tg51Figures(chamber.Name, pddx.Value, ptp, ppol, pion, kq, corrected, dose, perMu, deviation, pass, EngineVersion);
        return (figures, errors);
    }

    /// <summary>
    /// The measurements both codes of practice share (conditions, polarity and two-voltage readings, electrometer
    /// factor, N_D,w, MU, expectation, tolerance), checked by field; null when any is refused.
    /// </summary>
    internal static WorksheetMeasurements? Measurements(
        PhotonCalibrationInputs input, double? electrometer, string electrometerField, string electrometerLabel, Action<string, string> error)
    {
        var temperature = Range(input.TemperatureC, "temperatureC", "Temperature", 0, 50, "°C", error);
        var pressure = Number(input.PressureKpa, "pressureKpa", "Pressure", error);
        if (pressure is { } p && (p <= 0 || p < 50 || p > 120))
        {
            error("pressureKpa", p <= 0 ? "Pressure must be greater than zero" : "Pressure must be between 50 and 120 kPa (station pressure, not corrected to sea level)");
            pressure = null;
        }

        var plus = NonZero(input.ReadingPositive, "readingPositive", "The reading M+ at positive polarity", error);
        var minus = NonZero(input.ReadingNegative, "readingNegative", "The reading M- at negative polarity", error);
        var polarity = (input.Polarity ?? "negative").Trim().ToLowerInvariant();
        var polarityOk = polarity is "negative" or "positive";
        if (!polarityOk)
        {
            error("polarity", "The polarity used for calibration must be positive or negative");
        }

        var vHigh = Positive(input.VoltageHigh, "voltageHigh", "The operating voltage V_H", error);
        var vLow = Positive(input.VoltageLow, "voltageLow", "The reduced voltage V_L", error);
        if (vHigh is { } vh && vLow is { } vl && vl >= vh)
        {
            error("voltageLow", "The reduced voltage V_L must be lower than the operating voltage V_H");
            vLow = null;
        }

        var low = NonZero(input.ReadingLow, "readingLow", "The reading M_L at the reduced voltage", error);
        var elec = electrometer is null ? 1.0 : Range(electrometer, electrometerField, electrometerLabel, 0.9, 1.1, "", error);
        var ndw = Range(input.Ndw, "ndw", "N_D,w", 1e-6, 10, "Gy/nC", error);
        var mu = Range(input.MonitorUnits, "monitorUnits", "Monitor units", 1, 10000, "MU", error);
        var expected = Range(input.ExpectedDosePerMuCGy, "expectedDosePerMuCGy", "Expected dose per MU", 0.01, 10, "cGy/MU", error);
        var tolerance = input.TolerancePercent is null
            ? DefaultTolerancePercent
            : Range(input.TolerancePercent, "tolerancePercent", "Tolerance", 0.1, 10, "%", error);

        if (!polarityOk || temperature is null || pressure is null || plus is null || minus is null || vHigh is null || vLow is null
            || low is null || elec is null || ndw is null || mu is null || expected is null || tolerance is null)
        {
            return null;
        }

        var raw = polarity == "positive" ? plus.Value : minus.Value;
        if (Math.Sign(low.Value) != Math.Sign(raw))
        {
            error("readingLow", $"M_L must have the same sign as the {polarity}-polarity reading it is compared with");
            return null;
        }

        return new WorksheetMeasurements(temperature.Value, pressure.Value, plus.Value, minus.Value, polarity, raw, vHigh.Value, vLow.Value,
            low.Value, elec.Value, ndw.Value, mu.Value, expected.Value, tolerance.Value);
    }

    /// <summary>A recombination correction (P_ion or k_s) above <see cref="MaximumPion"/> is refused against M_L.</summary>
    internal static bool RecombinationAcceptable(double factor, string label, Action<string, string> error)
    {
        if (factor > 0 && factor <= MaximumPion)
        {
            return true;
        }

        error("readingLow", $"{label} comes to {Num(factor, 4)}: a chamber with a recombination correction above {Num(MaximumPion)} must not be used for reference dosimetry; check M_L and the voltages");
        return false;
    }

    // The engine names its parameters; the worksheet's fields are named for the physicist.
    internal static string FieldFor(string? engineParameter) => engineParameter switch
    {
        "temperatureC" => "temperatureC",
        "pressureKpa" => "pressureKpa",
        "readingPositive" => "readingPositive",
        "readingNegative" => "readingNegative",
        "readingUsed" or "readingHigh" => "readingNegative",
        "readingLow" => "readingLow",
        "voltageHigh" => "voltageHigh",
        "voltageLow" => "voltageLow",
        "pddx" or "pddPb" => "pddx",
        "ndw" => "ndw",
        "pelec" => "pelec",
        _ => "worksheet",
    };

    internal static string Num(double value, int decimals = 1) => value.ToString("0.".PadRight(2 + decimals, '#'), CultureInfo.InvariantCulture);

    internal static void Text(string? value, string field, string missing, string label, int max, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            error(field, missing);
        }
        else if (value.Trim().Length > max)
        {
            error(field, $"{label} must be {max} characters or fewer");
        }
    }

    private static double? Number(double? value, string field, string label, Action<string, string> error)
    {
        if (value is null)
        {
            error(field, $"Enter {char.ToLowerInvariant(label[0])}{label[1..]}");
            return null;
        }

        if (!double.IsFinite(value.Value))
        {
            error(field, $"{label} must be a number, not {value.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return value;
    }

    private static double? Range(double? value, string field, string label, double min, double max, string unit, Action<string, string> error)
    {
        var v = Number(value, field, label, error);
        if (v is { } x && (x < min || x > max))
        {
            error(field, $"{label} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}{(unit.Length > 0 ? " " + unit : string.Empty)}");
            return null;
        }

        return v;
    }

    private static double? Positive(double? value, string field, string label, Action<string, string> error)
    {
        var v = Number(value, field, label, error);
        if (v is { } x && x <= 0)
        {
            error(field, $"{label} must be greater than zero");
            return null;
        }

        return v;
    }

    private static double? NonZero(double? value, string field, string label, Action<string, string> error)
    {
        var v = Number(value, field, label, error);
        if (v is 0.0)
        {
            error(field, $"{label} must not be zero");
            return null;
        }

        return v;
    }
}
