namespace Infirmary.Dosimetry;

/// <summary>
/// IAEA TRS-398 (2000, rev. 2006) absorbed dose to water code of practice: photon kQ,Q0 from TPR20,10 for
/// ⁶⁰Co-calibrated chambers (Table 6.III, linear interpolation between tabulated qualities) and the reading
/// corrections k_TP, k_pol and k_s. Table values transcribed from pylinac's <c>pylinac/calibration/trs398.py</c>,
/// which reproduces TRS-398 Table 6.III.
/// </summary>
public static class Trs398
{
    private static readonly double[] Tprs = [0.50, 0.53, 0.56, 0.59, 0.62, 0.65, 0.68, 0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84];

    private static readonly (string Name, string[] Aliases, double[] Kq)[] Table =
    [
        ("PR-06C/G", ["PR06C/G", "PR06C"], [1.001, 1.001, 1.000, 0.998, 0.998, 0.995, 0.992, 0.990, 0.988, 0.984, 0.980, 0.972, 0.965, 0.956, 0.944]),
        ("A12", ["Exradin A12"], [1.001, 1.001, 1.000, 1.000, 0.999, 0.997, 0.994, 0.992, 0.990, 0.986, 0.981, 0.974, 0.966, 0.957, 0.944]),
        ("NE2571", ["2571", "NE 2571"], [1.005, 1.004, 1.002, 1.000, 0.998, 0.995, 0.993, 0.991, 0.989, 0.986, 0.982, 0.975, 0.969, 0.961, 0.949]),
        ("NE2581", ["2581", "NE 2581"], [1.005, 1.003, 1.001, 0.998, 0.995, 0.991, 0.986, 0.983, 0.980, 0.975, 0.970, 0.963, 0.956, 0.949, 0.937]),
        ("30010", ["30001", "PTW30010", "PTW30001", "N30010"], [1.004, 1.003, 1.001, 0.999, 0.997, 0.994, 0.990, 0.988, 0.985, 0.981, 0.976, 0.969, 0.962, 0.955, 0.943]),
        ("30011", ["30002", "PTW30011", "PTW30002"], [1.006, 1.004, 1.001, 0.999, 0.997, 0.994, 0.992, 0.990, 0.987, 0.984, 0.980, 0.973, 0.967, 0.959, 0.948]),
        ("30012", ["30004", "PTW30012", "PTW30004"], [1.006, 1.005, 1.002, 1.000, 0.999, 0.996, 0.994, 0.992, 0.989, 0.986, 0.982, 0.976, 0.969, 0.962, 0.950]),
        ("30013", ["30006", "PTW30013", "PTW30006"], [1.002, 1.002, 1.000, 0.999, 0.997, 0.994, 0.990, 0.988, 0.984, 0.980, 0.975, 0.968, 0.960, 0.952, 0.940]),
    ];

    // TRS-398 Table 4.VII: quadratic fit coefficients a0, a1, a2 for pulsed beams, by voltage ratio V1/V2.
    private static readonly (double Ratio, double A0, double A1, double A2)[] KsFits =
    [
        (2.0, 2.337, -3.636, 2.299),
        (2.5, 1.474, -1.587, 1.114),
        (3.0, 1.198, -0.875, 0.677),
        (3.5, 1.080, -0.542, 0.463),
        (4.0, 1.022, -0.363, 0.341),
        (5.0, 0.975, -0.188, 0.214),
    ];

    /// <summary>Chamber names accepted by <see cref="PhotonKq"/>.</summary>
    public static IReadOnlyList<string> ChamberNames { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>
    /// kQ,Q0 for a photon beam of quality TPR20,10 (TRS-398 Table 6.III, linear interpolation; 0.50 ≤ TPR ≤ 0.84).
    /// </summary>
    public static double PhotonKq(string chamberName, double tpr2010)
    {
        Guard.Finite(tpr2010, nameof(tpr2010));
        var row = Row(chamberName);

        if (tpr2010 < Tprs[0] || tpr2010 > Tprs[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(tpr2010), tpr2010, $"TPR20,10 {tpr2010} is outside the tabulated range {Tprs[0]}–{Tprs[^1]}.");
        }

        return Interpolation.Linear(Tprs, row.Kq, tpr2010);
    }

    /// <summary>TPR20,10 from PDD20,10 (10×10 cm² at 100 cm SSD): TPR20,10 = 1.2661·PDD20,10 − 0.0595 (TRS-398 section 6.2.1, after Followill et al. 1998).</summary>
    public static double Tpr2010FromPdd2010(double pdd2010Ratio)
    {
        Guard.Positive(pdd2010Ratio, nameof(pdd2010Ratio));
        return (1.2661 * pdd2010Ratio) - 0.0595;
    }

    /// <summary>k_TP = (273.2 + T)/(273.2 + T0) · P0/P with T0 = 20 °C and P0 = 101.325 kPa (TRS-398 eq. 9 and its reference conditions).</summary>
    public static double Ktp(double temperatureC, double pressureKpa)
    {
        Guard.Finite(temperatureC, nameof(temperatureC));
        Guard.Positive(pressureKpa, nameof(pressureKpa));
        return (273.2 + temperatureC) / (273.2 + 20.0) * (101.325 / pressureKpa);
    }

    /// <summary>k_pol = (|M⁺| + |M⁻|) / (2·M) (TRS-398 eq. 10), M the reading at the polarity used routinely.</summary>
    public static double Kpol(double readingPositive, double readingNegative, double readingUsed)
    {
        Guard.Finite(readingPositive, nameof(readingPositive));
        Guard.Finite(readingNegative, nameof(readingNegative));
        Guard.NonZero(readingUsed, nameof(readingUsed));
        return (Math.Abs(readingPositive) + Math.Abs(readingNegative)) / (2.0 * Math.Abs(readingUsed));
    }

    /// <summary>
    /// Recombination correction for pulsed beams by the two-voltage method, k_s = a0 + a1·(M1/M2) + a2·(M1/M2)²
    /// (TRS-398 eq. 12, coefficients from Table 4.VII for V1/V2 = 2, 2.5, 3, 3.5, 4, 5).
    /// </summary>
    public static double Ks(double voltageNormal, double voltageReduced, double readingNormal, double readingReduced)
    {
        Guard.NonZero(voltageNormal, nameof(voltageNormal));
        Guard.NonZero(voltageReduced, nameof(voltageReduced));
        Guard.NonZero(readingNormal, nameof(readingNormal));
        Guard.NonZero(readingReduced, nameof(readingReduced));
        var ratio = Math.Abs(voltageNormal / voltageReduced);
        var fit = KsFits.FirstOrDefault(f => Math.Abs(f.Ratio - ratio) < 1e-3);
        if (fit.Ratio == 0.0)
        {
            throw new ArgumentException($"Voltage ratio {ratio:0.###} is not one of TRS-398 Table 4.VII (2, 2.5, 3, 3.5, 4, 5).", nameof(voltageReduced));
        }

        var m = readingNormal / readingReduced;
        return fit.A0 + (fit.A1 * m) + (fit.A2 * m * m);
    }

    /// <summary>D_w,Q = M_Q·N_D,w,Q0·kQ,Q0 with M_Q = M_raw·k_TP·k_elec·k_pol·k_s (TRS-398 eqs. 3 and 6.1).</summary>
    public static double DoseToWater(double rawReading, double ktp, double kelec, double kpol, double ks, double kq, double ndw)
    {
        Guard.Finite(rawReading, nameof(rawReading));
        Guard.Positive(ktp, nameof(ktp));
        Guard.Positive(kelec, nameof(kelec));
        Guard.Positive(kpol, nameof(kpol));
        Guard.Positive(ks, nameof(ks));
        Guard.Positive(kq, nameof(kq));
        Guard.Positive(ndw, nameof(ndw));
        return rawReading * ktp * kelec * kpol * ks * kq * ndw;
    }

    /// <summary>The Table 6.III name of a chamber given by its name or an alias (case, spaces and hyphens ignored), e.g. <c>PTW30013</c> → <c>30013</c>.</summary>
    /// <exception cref="ArgumentException">The chamber is not in the table as held here.</exception>
    public static string FindChamber(string chamberName) => Row(chamberName).Name;

    private static (string Name, string[] Aliases, double[] Kq) Row(string chamberName)
    {
        ArgumentNullException.ThrowIfNull(chamberName);
        var key = Normalise(chamberName);
        var row = Table.FirstOrDefault(t => Normalise(t.Name) == key || t.Aliases.Any(a => Normalise(a) == key));
        if (row.Kq is null)
        {
            throw new ArgumentException(
                $"Chamber '{chamberName}' is not in the TRS-398 Table 6.III subset held here. Known chambers: {string.Join(", ", ChamberNames)}.",
                nameof(chamberName));
        }

        return row;
    }

    private static string Normalise(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
