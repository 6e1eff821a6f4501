using Infirmary.Dosimetry;

namespace Infirmary.Physics.Domain;

/// <summary>
/// What a physicist enters on an IAEA TRS-398 photon output calibration worksheet: the measurements the TG-51 worksheet
/// also takes (V_H and V_L being TRS-398's V1 and V2, M_L its M2; V1/V2 must be 2, 2.5, 3, 3.5, 4 or 5, Table 4.VII),
/// with the beam quality given as TPR20,10 and the electrometer factor named k_elec.
/// </summary>
public sealed record Trs398Inputs : PhotonCalibrationInputs
{
    /// <summary>Chamber model as named in TRS-398 Table 6.III (aliases accepted, the stored name is canonical).</summary>
    public string? Chamber { get; init; }

    /// <summary>Beam quality index TPR20,10 (0.50 to 0.84, the tabulated range).</summary>
    public double? Tpr2010 { get; init; }

    /// <summary>Electrometer calibration factor k_elec (1 when chamber and electrometer are calibrated together).</summary>
    public double? Kelec { get; init; }
}

/// <summary>A TRS-398 worksheet's figures as the dosimetry engine computed them.</summary>
public sealed record Trs398Figures(
    string Chamber,
    double Tpr2010,
    double Ktp,
    double Kpol,
    double Ks,
    double Kq,
    double CorrectedReadingNc,
    double DoseGy,
    double DosePerMuCGy,
    double DeviationPercent,
    bool Pass,
    string EngineVersion);

/// <summary>
/// Checks a TRS-398 worksheet's inputs and computes it with <see cref="Trs398"/>: M_Q = M_raw·k_TP·k_elec·k_pol·k_s,
/// D_w,Q = M_Q·N_D,w,Q0·kQ,Q0 (eqs. 3 and 6.1), kQ,Q0 from TPR20,10 (Table 6.III). The measurements shared with TG-51
/// are checked by <see cref="Tg51Worksheet.Measurements"/>; every refusal names its input field.
/// </summary>
public static class Trs398Worksheet
{
    /// <summary>The TPR20,10 range TRS-398 Table 6.III tabulates; kQ,Q0 is not extrapolated beyond it.</summary>
    public const double MinimumTpr = 0.50;

    public const double MaximumTpr = 0.84;

    public static (Trs398Figures? Figures, Dictionary<string, string[]> Errors) Calculate(Trs398Inputs input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        Tg51Worksheet.Text(input.Machine, "machine", "Enter the machine (linac) name", "The machine name", 100, Error);
        Tg51Worksheet.Text(input.BeamEnergy, "beamEnergy", "Enter the beam energy, for example 6 MV", "The beam energy", 30, Error);

        string? chamber = null;
        if (string.IsNullOrWhiteSpace(input.Chamber))
        {
            Error("chamber", "Choose the ionisation chamber");
        }
        else
        {
            try
            {
                chamber = Trs398.FindChamber(input.Chamber.Trim());
            }
            catch (ArgumentException)
            {
                Error("chamber", $"Chamber '{input.Chamber}' is not in the TRS-398 Table 6.III subset held here; choose one of {string.Join(", ", Trs398.ChamberNames)}");
            }
        }

        double? tpr = null;
        if (input.Tpr2010 is not { } t)
        {
            Error("tpr2010", "Enter TPR20,10");
        }
        else if (!double.IsFinite(t) || t < MinimumTpr || t > MaximumTpr)
        {
            Error("tpr2010", $"TPR20,10 must be between {Tg51Worksheet.Num(MinimumTpr, 2)} and {Tg51Worksheet.Num(MaximumTpr, 2)}, the range TRS-398 Table 6.III tabulates");
        }
        else
        {
            tpr = t;
        }

        var m = Tg51Worksheet.Measurements(input, input.Kelec, "kelec", "k_elec", Error);
        if (errors.Count > 0 || chamber is null || tpr is null || m is null)
        {
            return (null, errors);
        }

        double ktp, kpol, ks, kq, dose;
        try
        {
            ktp = Trs398.Ktp(m.TemperatureC, m.PressureKpa);
            kpol = Trs398.Kpol(m.ReadingPositive, m.ReadingNegative, m.Raw);
            ks = Trs398.Ks(m.VoltageHigh, m.VoltageLow, m.Raw, m.ReadingLow);
            kq = Trs398.PhotonKq(chamber, tpr.Value);
            if (!Tg51Worksheet.RecombinationAcceptable(ks, "k_s", Error))
            {
                return (null, errors);
            }

            // Readings keep their sign for k_pol; the dose uses the magnitude of the routine reading.
            dose = Trs398.DoseToWater(Math.Abs(m.Raw), ktp, m.Electrometer, kpol, ks, kq, m.Ndw);
        }
        catch (ArgumentException e)
        {
            Error(e.ParamName switch
            {
                "voltageReduced" or "voltageNormal" => "voltageLow",
                "tpr2010" => "tpr2010",
                "chamberName" => "chamber",
                var other => Tg51Worksheet.FieldFor(other),
            }, e.Message.Split(" (Parameter", 2)[0]);
            return (null, errors);
        }

        var corrected = dose / (kq * m.Ndw);
        var (perMu, deviation, pass) = m.Outcome(dose);
        return (new Trs398Figures(chamber, tpr.Value, ktp, kpol, ks, kq, corrected, dose, perMu, deviation, pass, Tg51Worksheet.EngineVersion), errors);
    }
}
