using Infirmary.Dosimetry;

namespace Infirmary.Physics.Domain;

/// <summary>
/// What a physicist enters on a TG-51 electron output calibration worksheet with a cylindrical chamber (ADR 0093):
/// the measurements the photon worksheet also takes, I50 from the depth-ionisation curve, the reading at
/// d_ref + 0.5·r_cav for P_gr^Q, and k_ecal for the chamber (TG-51 Table III or its certificate).
/// </summary>
public sealed record ElectronInputs : PhotonCalibrationInputs
{
    /// <summary>Chamber model (free text; k_ecal is given for it).</summary>
    public string? Chamber { get; init; }

    /// <summary>I50 (cm): depth where the ionisation falls to 50 % of its maximum.</summary>
    public double? I50Cm { get; init; }

    /// <summary>Raw reading at d_ref + 0.5·r_cav, routine polarity and V_H (nC, signed), for P_gr^Q = M(d_ref + 0.5 r_cav)/M(d_ref).</summary>
    public double? ReadingShifted { get; init; }

    /// <summary>k_ecal, the photon-electron conversion factor of the chamber (TG-51 Table III).</summary>
    public double? Kecal { get; init; }

    public double? Pelec { get; init; }
}

/// <summary>An electron worksheet's figures as the dosimetry engine computed them.</summary>
public sealed record ElectronFigures(
    string Chamber,
    double R50Cm,
    double DrefCm,
    double KPrimeR50,
    double Pgr,
    double Kecal,
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
/// Checks a TG-51 electron worksheet and computes it with <see cref="Tg51"/>: R50 from I50 (eqs. 16–17),
/// d_ref = 0.6·R50 − 0.1 cm (eq. 18), kQ = P_gr^Q·k'R50·k_ecal (eqs. 19–21), M = P_ion·P_TP·P_elec·P_pol·M_raw (eq. 8),
/// D = M·kQ·N_D,w (eq. 3). The shared measurements are checked by <see cref="Tg51Worksheet.Measurements"/>.
/// </summary>
public static class ElectronWorksheet
{
    /// <summary>k'R50 (eq. 20) is fitted for 2 ≤ R50 ≤ 9 cm; I50 outside what gives that range is refused.</summary>
    public const double MinimumR50 = 2.0;

    public const double MaximumR50 = 9.0;

    public static (ElectronFigures? Figures, Dictionary<string, string[]> Errors) Calculate(ElectronInputs input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        Tg51Worksheet.Text(input.Machine, "machine", "Enter the machine (linac) name", "The machine name", 100, Error);
        Tg51Worksheet.Text(input.BeamEnergy, "beamEnergy", "Enter the beam energy, for example 9 MeV", "The beam energy", 30, Error);
        Tg51Worksheet.Text(input.Chamber, "chamber", "Enter the ionisation chamber model", "The chamber model", 40, Error);

        double? r50 = null;
        if (input.I50Cm is not { } i50)
        {
            Error("i50Cm", "Enter I50, the depth of 50 % ionisation (cm)");
        }
        else if (!double.IsFinite(i50) || i50 <= 0)
        {
            Error("i50Cm", "I50 must be a number greater than zero");
        }
        else
        {
            r50 = Tg51.R50FromI50(i50);
            if (r50 < MinimumR50 || r50 > MaximumR50)
            {
                Error("i50Cm", $"I50 {Tg51Worksheet.Num(i50, 2)} cm gives R50 {Tg51Worksheet.Num(r50.Value, 2)} cm, outside {Tg51Worksheet.Num(MinimumR50)}–{Tg51Worksheet.Num(MaximumR50)} cm where TG-51 eq. 20 (k'R50, cylindrical chambers) is valid");
                r50 = null;
            }
        }

        double? kecal = null;
        if (input.Kecal is not { } k)
        {
            Error("kecal", "Enter k_ecal for the chamber (TG-51 Table III)");
        }
        else if (!double.IsFinite(k) || k < 0.8 || k > 1.0)
        {
            Error("kecal", "k_ecal must be between 0.8 and 1.0 (TG-51 Table III values are 0.88 to 0.92)");
        }
        else
        {
            kecal = k;
        }

        if (input.ReadingShifted is not { } shifted)
        {
            Error("readingShifted", "Enter the reading at d_ref + 0.5 r_cav for P_gr");
        }
        else if (!double.IsFinite(shifted) || shifted == 0)
        {
            Error("readingShifted", "The reading at d_ref + 0.5 r_cav must be a number other than zero");
        }

        var m = Tg51Worksheet.Measurements(input, input.Pelec, "pelec", "P_elec", Error);
        if (errors.Count > 0 || r50 is null || kecal is null || m is null || input.ReadingShifted is not { } reading)
        {
            return (null, errors);
        }

        if (Math.Sign(reading) != Math.Sign(m.Raw))
        {
            Error("readingShifted", $"The reading at d_ref + 0.5 r_cav must have the same sign as the {m.Polarity}-polarity reading at d_ref");
            return (null, errors);
        }

        double pgr, kPrime, kq, ptp, ppol, pion, corrected, dose, dref;
        try
        {
            dref = Tg51.ElectronReferenceDepth(r50.Value);
            pgr = Tg51.Pgr(reading, m.Raw);
            if (pgr < 0.9 || pgr > 1.05)
            {
                Error("readingShifted", $"P_gr comes to {Tg51Worksheet.Num(pgr, 4)}; for a cylindrical chamber it is a little below 1 — check the shifted reading");
                return (null, errors);
            }

            kPrime = Tg51.KPrimeR50Cylindrical(r50.Value);
            kq = Tg51.ElectronKq(pgr, r50.Value, kecal.Value);
            ptp = Tg51.Ptp(m.TemperatureC, m.PressureKpa);
            ppol = Tg51.Ppol(m.ReadingPositive, m.ReadingNegative, m.Raw);
            pion = Tg51.Pion(m.VoltageHigh, m.VoltageLow, m.Raw, m.ReadingLow, pulsed: true);
            if (!Tg51Worksheet.RecombinationAcceptable(pion, "P_ion", Error))
            {
                return (null, errors);
            }

            corrected = Tg51.CorrectedReading(Math.Abs(m.Raw), pion, ptp, m.Electrometer, ppol);
            dose = Tg51.DoseToWater(Math.Abs(m.Raw), pion, ptp, m.Electrometer, ppol, kq, m.Ndw);
        }
        catch (ArgumentException e)
        {
            Error(Tg51Worksheet.FieldFor(e.ParamName), e.Message.Split(" (Parameter", 2)[0]);
            return (null, errors);
        }

        var (perMu, deviation, pass) = m.Outcome(dose);
        return (new ElectronFigures(input.Chamber!.Trim(), r50.Value, dref, kPrime, pgr, kecal.Value, ptp, ppol, pion, kq, corrected, dose, perMu,
            deviation, pass, Tg51Worksheet.EngineVersion), errors);
    }
}
