namespace Infirmary.Dosimetry;

/// <summary>
/// Fit coefficients of one cylindrical chamber for the TG-51 addendum photon kQ:
/// kQ = A + B·10⁻³·x + C·10⁻⁵·x², x = %dd(10)x, valid for 63 ≤ x ≤ 86.
/// Source: McEwen et al., Med Phys 41 (2014) 041501, Table I (the same coefficients are carried by pylinac's
/// <c>pylinac/calibration/tg51.py</c>, which was used to transcribe them).
/// </summary>
public sealed record PhotonChamber(string Name, string Manufacturer, double A, double B, double C, IReadOnlyList<string> Aliases);

/// <summary>AAPM TG-51 (Almond et al., Med Phys 26 (1999) 1847) with its 2014 photon addendum (McEwen et al.).</summary>
public static class Tg51
{
    /// <summary>Lower end of the %dd(10)x range over which the addendum fits are valid (McEwen 2014, Table I).</summary>
    public const double MinimumPddx = 63.0;

    /// <summary>Upper end of the %dd(10)x range over which the addendum fits are valid (McEwen 2014, Table I).</summary>
    public const double MaximumPddx = 86.0;

    private static readonly PhotonChamber[] ChamberTable =
    [
        // Capintec
        new("PR06C/G", "Capintec", 0.9519, 2.432, -2.704, ["PR-06C/G", "PR06C", "Capintec PR06C/G"]),
        // Exradin (Standard Imaging)
        new("A12", "Exradin", 1.0146, 0.777, -1.666, ["Exradin A12"]),
        new("A19", "Exradin", 0.9934, 1.384, -2.125, ["Exradin A19"]),
        new("A12S", "Exradin", 0.9692, 1.974, -2.448, ["Exradin A12S"]),
        new("A18", "Exradin", 0.9944, 1.286, -1.980, ["Exradin A18"]),
        new("A1", "Exradin", 1.0029, 1.023, -1.803, ["Exradin A1"]),
        new("Exradin A1SL", "Exradin", 0.9896, 1.410, -2.049, ["A1SL"]),
        // Nuclear Enterprises
        new("NE2561", "NE", 0.9722, 1.977, -2.463, ["2561", "NE 2561"]),
        new("NE2571", "NE", 0.9882, 1.486, -2.140, ["2571", "NE 2571"]),
        // PTW
        new("30010", "PTW", 1.0093, 0.926, -1.771, ["PTW30010", "PTW 30010", "N30010"]),
        new("30011", "PTW", 0.9676, 2.061, -2.528, ["PTW30011", "PTW 30011", "N30011"]),
        new("30012", "PTW", 0.9537, 2.440, -2.750, ["PTW30012", "PTW 30012", "N30012"]),
        new("30013", "PTW", 0.9652, 2.141, -2.623, ["PTW30013", "PTW 30013", "N30013"]),
        // The addendum (section III.E) treats the 31003 as the same chamber as the 31013.
        new("31013", "PTW", 0.9725, 1.957, -2.498, ["PTW31013", "PTW 31013", "31003", "PTW31003"]),
        // IBA (Wellhöfer)
        new("IBA FC65-G", "IBA", 0.9708, 1.972, -2.480, ["FC65-G", "FC65G"]),
        new("IBA FC65-P", "IBA", 0.9828, 1.664, -2.296, ["FC65-P", "FC65P"]),
        new("IBA FC23-C", "IBA", 0.9820, 1.579, -2.166, ["FC23-C", "FC23C"]),
        new("CC25", "IBA", 0.9551, 2.353, -2.687, ["IBA CC25"]),
        // The addendum (section III.E) treats the IC10 as the same chamber as the CC13.
        new("CC13", "IBA", 0.9515, 2.455, -2.768, ["IBA CC13", "IC10", "IBA IC10"]),
        new("CC08", "IBA", 0.9430, 2.637, -2.884, ["IBA CC08"]),
    ];

    private static readonly Dictionary<string, PhotonChamber> ByName = BuildIndex();

    /// <summary>The chambers of the addendum's Table I that this engine knows, by their addendum names.</summary>
    public static IReadOnlyList<PhotonChamber> Chambers => ChamberTable;

    private static Dictionary<string, PhotonChamber> BuildIndex()
    {
        var index = new Dictionary<string, PhotonChamber>(StringComparer.OrdinalIgnoreCase);
        foreach (var chamber in ChamberTable)
        {
            // Exact spellings first (no allocation on the common path), then the normalised forms.
            index[chamber.Name] = chamber;
            index[Normalise(chamber.Name)] = chamber;
            foreach (var alias in chamber.Aliases)
            {
                index[alias] = chamber;
                index[Normalise(alias)] = chamber;
            }
        }

        return index;
    }

    // Spaces, hyphens and slashes vary between catalogues ("FC65-G", "FC65 G"); users should not have to guess them.
    private static string Normalise(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    /// <summary>Finds a chamber by its addendum name or an alias (case, spaces and hyphens ignored).</summary>
    /// <exception cref="ArgumentException">The chamber is not in the addendum's Table I as held here.</exception>
    public static PhotonChamber FindChamber(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ByName.TryGetValue(name, out var chamber) || ByName.TryGetValue(Normalise(name), out chamber))
        {
            return chamber;
        }

        throw new ArgumentException(
            $"Chamber '{name}' is not in the TG-51 addendum table. Known chambers: {string.Join(", ", ChamberTable.Select(c => c.Name))}.",
            nameof(name));
    }

    /// <summary>
    /// Photon beam quality conversion factor kQ = A + B·10⁻³·x + C·10⁻⁵·x² (McEwen et al. 2014, eq. 1 and Table I).
    /// </summary>
    /// <param name="chamberName">Addendum chamber name or alias, e.g. <c>NE2571</c> or <c>PTW30013</c>.</param>
    /// <param name="pddx">%dd(10)x, the photon component of the percentage depth dose at 10 cm, 63 to 86.</param>
    public static double PhotonKq(string chamberName, double pddx) => PhotonKq(FindChamber(chamberName), pddx);

    /// <inheritdoc cref="PhotonKq(string, double)"/>
    public static double PhotonKq(PhotonChamber chamber, double pddx)
    {
        ArgumentNullException.ThrowIfNull(chamber);
        Guard.Finite(pddx, nameof(pddx));
        if (pddx < MinimumPddx || pddx > MaximumPddx)
        {
            throw new ArgumentOutOfRangeException(nameof(pddx), pddx,
                $"%dd(10)x {pddx} is outside the range {MinimumPddx}–{MaximumPddx} over which the TG-51 addendum fits are valid.");
        }

        return chamber.A + (chamber.B * 1e-3 * pddx) + (chamber.C * 1e-5 * pddx * pddx);
    }

    /// <summary>
    /// Temperature–pressure correction P_TP = (273.2 + T)/(273.2 + 22.0) · 101.33/P (TG-51, Almond et al. 1999, eq. 10).
    /// </summary>
    /// <param name="temperatureC">Water temperature near the chamber in °C.</param>
    /// <param name="pressureKpa">Station air pressure in kPa (not corrected to sea level).</param>
    public static double Ptp(double temperatureC, double pressureKpa)
    {
        Guard.Finite(temperatureC, nameof(temperatureC));
        Guard.Positive(pressureKpa, nameof(pressureKpa));
        if (temperatureC <= -273.2)
        {
            throw new ArgumentOutOfRangeException(nameof(temperatureC), temperatureC, "Temperature is below absolute zero.");
        }

        return (273.2 + temperatureC) / (273.2 + 22.0) * (101.33 / pressureKpa);
    }

    /// <summary>
    /// Polarity correction P_pol = |(M⁺ − M⁻) / (2·M)| (TG-51 eq. 9), where M is the reading at the polarity used
    /// for calibration. Readings keep their signs; the opposite-polarity reading is normally of opposite sign.
    /// </summary>
    public static double Ppol(double readingPositive, double readingNegative, double readingUsed)
    {
        Guard.Finite(readingPositive, nameof(readingPositive));
        Guard.Finite(readingNegative, nameof(readingNegative));
        Guard.NonZero(readingUsed, nameof(readingUsed));
        return Math.Abs((readingPositive - readingNegative) / (2.0 * readingUsed));
    }

    /// <summary>
    /// Ion-collection correction by the two-voltage method.
    /// Pulsed (or pulsed-swept) beams, TG-51 eq. 12: P_ion(V_H) = (1 − V_H/V_L) / (M_H/M_L − V_H/V_L).
    /// Continuous beams (⁶⁰Co), TG-51 eq. 11: P_ion(V_H) = (1 − (V_H/V_L)²) / (M_H/M_L − (V_H/V_L)²).
    /// </summary>
    /// <param name="voltageHigh">Normal operating voltage V_H (volts; sign ignored).</param>
    /// <param name="voltageLow">Reduced voltage V_L, normally V_H/2 (volts; sign ignored).</param>
    /// <param name="readingHigh">Raw reading M_H at V_H.</param>
    /// <param name="readingLow">Raw reading M_L at V_L.</param>
    /// <param name="pulsed">True for linac beams (eq. 12), false for continuous ⁶⁰Co beams (eq. 11).</param>
    public static double Pion(double voltageHigh, double voltageLow, double readingHigh, double readingLow, bool pulsed = true)
    {
        Guard.NonZero(voltageHigh, nameof(voltageHigh));
        Guard.NonZero(voltageLow, nameof(voltageLow));
        Guard.NonZero(readingHigh, nameof(readingHigh));
        Guard.NonZero(readingLow, nameof(readingLow));
        var ratio = Math.Abs(voltageHigh / voltageLow);
        if (ratio <= 1.0)
        {
            throw new ArgumentException("The high voltage must exceed the low voltage in magnitude.", nameof(voltageHigh));
        }

        var readings = readingHigh / readingLow;
        var v = pulsed ? ratio : ratio * ratio;
        var denominator = readings - v;
        if (denominator == 0.0)
        {
            throw new ArgumentException("The readings give an undefined P_ion (M_H/M_L equals the voltage ratio).", nameof(readingLow));
        }

        return (1.0 - v) / denominator;
    }

    /// <summary>
    /// %dd(10)x from a measurement made with a 1 mm lead foil in the beam (TG-51 eqs. 13 and 14):
    /// foil at 50 cm: %dd(10)x = (0.8905 + 0.00150·%dd(10)Pb)·%dd(10)Pb for %dd(10)Pb ≥ 73, otherwise unchanged;
    /// foil at 30 cm: %dd(10)x = (0.8116 + 0.00264·%dd(10)Pb)·%dd(10)Pb for %dd(10)Pb ≥ 71, otherwise unchanged.
    /// </summary>
    public static double PddxFromLeadFoil(double pddPb, LeadFoilPosition position)
    {
        Guard.Percentage(pddPb, nameof(pddPb));
        return position switch
        {
            LeadFoilPosition.Cm50 => pddPb >= 73.0 ? (0.8905 + (0.00150 * pddPb)) * pddPb : pddPb,
            LeadFoilPosition.Cm30 => pddPb >= 71.0 ? (0.8116 + (0.00264 * pddPb)) * pddPb : pddPb,
            _ => throw new ArgumentOutOfRangeException(nameof(position), position, "Unknown lead-foil position."),
        };
    }

    /// <summary>
    /// %dd(10)x without a foil, the interim TG-51 eq. 15 for beams of 10 MV and above:
    /// %dd(10)x = 1.267·%dd(10) − 20.0 for 75 % &lt; %dd(10) ≤ 89 %; %dd(10)x = %dd(10) below 75 %.
    /// </summary>
    public static double PddxWithoutFoil(double pdd10)
    {
        Guard.Percentage(pdd10, nameof(pdd10));
        if (pdd10 > 89.0)
        {
            throw new ArgumentOutOfRangeException(nameof(pdd10), pdd10, "TG-51 eq. 15 is defined only up to %dd(10) = 89 %.");
        }

        return pdd10 > 75.0 ? (1.267 * pdd10) - 20.0 : pdd10;
    }

    /// <summary>
    /// R50 (cm) from I50 (cm), the depth of 50 % ionisation (TG-51 eqs. 16 and 17):
    /// R50 = 1.029·I50 − 0.06 for 2 ≤ I50 ≤ 10 cm; R50 = 1.059·I50 − 0.37 for I50 &gt; 10 cm.
    /// </summary>
    public static double R50FromI50(double i50Cm)
    {
        Guard.Positive(i50Cm, nameof(i50Cm));
        return i50Cm <= 10.0 ? (1.029 * i50Cm) - 0.06 : (1.059 * i50Cm) - 0.37;
    }

    /// <summary>Electron reference depth d_ref = 0.6·R50 − 0.1 cm (TG-51 eq. 18).</summary>
    public static double ElectronReferenceDepth(double r50Cm)
    {
        Guard.Positive(r50Cm, nameof(r50Cm));
        return (0.6 * r50Cm) - 0.1;
    }

    /// <summary>
    /// k'R50 for cylindrical chambers, TG-51 eq. 20: k'R50 = 0.9905 + 0.0710·exp(−R50/3.67), for 2 ≤ R50 ≤ 9 cm.
    /// </summary>
    public static double KPrimeR50Cylindrical(double r50Cm)
    {
        Guard.Finite(r50Cm, nameof(r50Cm));
        if (r50Cm < 2.0 || r50Cm > 9.0)
        {
            throw new ArgumentOutOfRangeException(nameof(r50Cm), r50Cm, "TG-51 eq. 20 is valid for 2 ≤ R50 ≤ 9 cm.");
        }

        return 0.9905 + (0.0710 * Math.Exp(-r50Cm / 3.67));
    }

    /// <summary>Gradient correction P_gr = M(d_ref + 0.5·r_cav) / M(d_ref) for cylindrical chambers (TG-51 eq. 21).</summary>
    public static double Pgr(double readingAtDrefPlusHalfRcav, double readingAtDref)
    {
        Guard.Finite(readingAtDrefPlusHalfRcav, nameof(readingAtDrefPlusHalfRcav));
        Guard.NonZero(readingAtDref, nameof(readingAtDref));
        return readingAtDrefPlusHalfRcav / readingAtDref;
    }

    /// <summary>
    /// Electron kQ = P_gr · k'R50 · k_ecal (TG-51 eq. 19), with k'R50 from eq. 20 for cylindrical chambers
    /// and k_ecal for the chamber (TG-51 Table III, or the chamber's calibration certificate).
    /// </summary>
    public static double ElectronKq(double pgr, double r50Cm, double kEcal)
    {
        Guard.Positive(pgr, nameof(pgr));
        Guard.Positive(kEcal, nameof(kEcal));
        return pgr * KPrimeR50Cylindrical(r50Cm) * kEcal;
    }

    /// <summary>
    /// Fully corrected reading M = P_ion·P_TP·P_elec·P_pol·M_raw (TG-51 eq. 8).
    /// </summary>
    public static double CorrectedReading(double rawReading, double pion, double ptp, double pelec, double ppol)
    {
        Guard.Finite(rawReading, nameof(rawReading));
        Guard.Positive(pion, nameof(pion));
        Guard.Positive(ptp, nameof(ptp));
        Guard.Positive(pelec, nameof(pelec));
        Guard.Positive(ppol, nameof(ppol));
        return pion * ptp * pelec * ppol * rawReading;
    }

    /// <summary>
    /// Absorbed dose to water at the reference depth, D = M·kQ·N_D,w (TG-51 eq. 3), with
    /// M = P_ion·P_TP·P_elec·P_pol·M_raw (eq. 8). Units follow N_D,w (e.g. Gy/nC with M in nC gives Gy).
    /// </summary>
    public static double DoseToWater(double rawReading, double pion, double ptp, double pelec, double ppol, double kq, double ndw)
    {
        Guard.Positive(kq, nameof(kq));
        Guard.Positive(ndw, nameof(ndw));
        return CorrectedReading(rawReading, pion, ptp, pelec, ppol) * kq * ndw;
    }
}

/// <summary>Where the 1 mm lead foil sat when %dd(10)Pb was measured (TG-51 section VII.C).</summary>
public enum LeadFoilPosition
{
    /// <summary>Foil 50 ± 5 cm from the phantom surface (TG-51 eq. 13).</summary>
    Cm50 = 50,

    /// <summary>Foil 30 ± 1 cm from the phantom surface (TG-51 eq. 14).</summary>
    Cm30 = 30,
}
