namespace Infirmary.Dosimetry;

/// <summary>
/// A two-dimensional table f(row, column), e.g. PDD against depth (rows) and equivalent square (columns),
/// read by bilinear interpolation inside the measured range and never extrapolated.
/// </summary>
public sealed class Table2D
{
    private readonly double[] rows;
    private readonly double[] columns;
    private readonly double[,] values;

    /// <summary>Creates a table; both axes must be strictly increasing and every value finite.</summary>
    public Table2D(string name, IReadOnlyList<double> rows, IReadOnlyList<double> columns, double[,] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        Interpolation.CheckAxis(rows, $"{name} rows");
        Interpolation.CheckAxis(columns, $"{name} columns");
        if (values.GetLength(0) != rows.Count || values.GetLength(1) != columns.Count)
        {
            throw new ArgumentException($"{name} has {values.GetLength(0)}×{values.GetLength(1)} values for {rows.Count} rows and {columns.Count} columns.", nameof(values));
        }

        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"{name} contains a value that is not a finite number.", nameof(values));
            }
        }

        this.rows = [.. rows];
        this.columns = [.. columns];
        this.values = (double[,])values.Clone();
    }

    /// <summary>The table's name, used in error messages.</summary>
    public string Name { get; }

    /// <summary>Bilinear interpolation at (row, column); outside the measured range is an error, not an extrapolation.</summary>
    public double At(double row, double column)
    {
        Guard.Finite(row, nameof(row));
        Guard.Finite(column, nameof(column));
        if (row < rows[0] || row > rows[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"{Name}: {row} is outside the table's rows {rows[0]}–{rows[^1]}.");
        }

        if (column < columns[0] || column > columns[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"{Name}: {column} is outside the table's columns {columns[0]}–{columns[^1]}.");
        }

        var (r, tr) = Interpolation.Locate(rows, row);
        var (c, tc) = Interpolation.Locate(columns, column);
        var r1 = Math.Min(r + 1, rows.Length - 1);
        var c1 = Math.Min(c + 1, columns.Length - 1);
        var top = values[r, c] + (tc * (values[r, c1] - values[r, c]));
        var bottom = values[r1, c] + (tc * (values[r1, c1] - values[r1, c]));
        return top + (tr * (bottom - top));
    }

    /// <summary>A one-column table: f(x) by linear interpolation (e.g. Sc or Sp against equivalent square).</summary>
    public static Table2D OneDimensional(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        var v = new double[xs.Count, 1];
        for (var i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            v[i, 0] = ys[i];
        }

        if (xs.Count != ys.Count)
        {
            throw new ArgumentException($"{name} has {xs.Count} positions and {ys.Count} values.", nameof(ys));
        }

        return new Table2D(name, xs, [0.0], v);
    }

    /// <summary>Value of a one-column table.</summary>
    public double At(double x) => At(x, columns[0]);
}

/// <summary>
/// Commissioning data of one photon beam for the TG-71 formalism (Gibbons et al., Med Phys 41 (2014) 031501).
/// Field sizes are equivalent square side in cm; depths in cm; distances in cm.
/// </summary>
/// <param name="ReferenceDoseRateCgyPerMu">D'0: dose per MU at the reference depth d0 for 10×10 cm² at the reference distance.</param>
/// <param name="ReferenceDepthCm">d0, normally d_max or 10 cm.</param>
/// <param name="ReferenceSsdCm">SSD0 at which D'0 was set (the calibration point lies at SSD0 + d0).</param>
/// <param name="SadCm">Source–axis distance, normally 100 cm.</param>
/// <param name="Sc">Collimator scatter factor against collimator equivalent square at the isocentre (one column).</param>
/// <param name="Sp">Phantom scatter factor against equivalent square in the phantom (one column).</param>
/// <param name="Pdd">PDD in percent against depth (rows) and equivalent square at the surface (columns), at SSD0.</param>
/// <param name="Tmr">TMR against depth (rows) and equivalent square at depth (columns), or null when only SSD set-ups are checked.</param>
/// <param name="OffAxisRatio">OAR against depth (rows) and off-axis distance in cm (columns), or null for 1.</param>
public sealed record BeamData(
    double ReferenceDoseRateCgyPerMu,
    double ReferenceDepthCm,
    double ReferenceSsdCm,
    double SadCm,
    Table2D Sc,
    Table2D Sp,
    Table2D Pdd,
    Table2D? Tmr,
    Table2D? OffAxisRatio);

/// <summary>Patient set-up of a point-dose MU check.</summary>
public enum SetUp
{
    /// <summary>Fixed SSD, PDD-based (TG-71 eq. 1a).</summary>
    Ssd,

    /// <summary>Isocentric, TMR-based (TG-71 eq. 1b).</summary>
    Sad,
}

/// <summary>One beam to check.</summary>
/// <param name="DoseCgy">Dose to the calculation point from this beam.</param>
/// <param name="FieldXcm">Collimator field width at the isocentre.</param>
/// <param name="FieldYcm">Collimator field length at the isocentre.</param>
/// <param name="DepthCm">Depth of the calculation point.</param>
/// <param name="SsdCm">Source–surface distance along the central axis.</param>
/// <param name="PlanningSystemMu">MU from the treatment planning system, for comparison.</param>
/// <param name="OffAxisCm">Off-axis distance of the point, or 0.</param>
/// <param name="WedgeFactor">Wedge factor WF (1 if open).</param>
/// <param name="TrayFactor">Tray factor TF (1 if none).</param>
/// <param name="ActionLevelPercent">Agreement required between the two MU values (TG-114 suggests 2–5 % depending on the case).</param>
public sealed record MuCheckRequest(
    SetUp SetUp,
    double DoseCgy,
    double FieldXcm,
    double FieldYcm,
    double DepthCm,
    double SsdCm,
    double PlanningSystemMu,
    double OffAxisCm = 0.0,
    double WedgeFactor = 1.0,
    double TrayFactor = 1.0,
    double ActionLevelPercent = 3.0);

/// <summary>Result of the independent MU calculation with every factor shown, as a physicist's worksheet would.</summary>
public sealed record MuCheckResult(
    double Mu,
    double PercentDifference,
    bool WithinActionLevel,
    double CollimatorEquivalentSquareCm,
    double PhantomEquivalentSquareCm,
    double Sc,
    double Sp,
    double DepthFactor,
    double OffAxisRatio,
    double InverseSquareFactor);

/// <summary>Independent monitor-unit calculation for photon beams by the AAPM TG-71 formalism (Gibbons et al. 2014).</summary>
public static class MonitorUnits
{
    /// <summary>Equivalent square of a rectangular field, s = 4A/P = 2XY/(X + Y) (Sterling's area-to-perimeter rule; TG-71 section II).</summary>
    public static double EquivalentSquare(double xCm, double yCm)
    {
        Guard.Positive(xCm, nameof(xCm));
        Guard.Positive(yCm, nameof(yCm));
        return 2.0 * xCm * yCm / (xCm + yCm);
    }

    /// <summary>Inverse-square factor (reference distance / actual distance)² (TG-71 eqs. 1a, 1b).</summary>
    public static double InverseSquare(double referenceDistanceCm, double distanceCm)
    {
        Guard.Positive(referenceDistanceCm, nameof(referenceDistanceCm));
        Guard.Positive(distanceCm, nameof(distanceCm));
        var r = referenceDistanceCm / distanceCm;
        return r * r;
    }

    /// <summary>
    /// Monitor units for a point dose, TG-71:
    /// SSD (eq. 1a): MU = D·100 / (D'0·Sc(r_c)·Sp(r)·PDD(d, r)·WF·TF·OAR(d, x)·((SSD0 + d0)/(SSD + d0))²),
    /// with r the field at the surface (r = r_c·SSD/SAD) and r_c the collimator field at the isocentre;
    /// SAD (eq. 1b): MU = D / (D'0·Sc(r_c)·Sp(r_d)·TMR(d, r_d)·WF·TF·OAR(d, x)·((SSD0 + d0)/SPD)²),
    /// with r_d the field at the point's depth and SPD = SSD + d.
    /// The percentage difference is 100·(MU_TPS − MU_check)/MU_check.
    /// </summary>
    public static MuCheckResult Check(BeamData beam, MuCheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(beam);
        ArgumentNullException.ThrowIfNull(request);
        Guard.Positive(request.DoseCgy, "dose");
        Guard.Positive(request.DepthCm, "depth");
        Guard.Positive(request.SsdCm, "ssd");
        Guard.Positive(request.PlanningSystemMu, "planning-system MU");
        Guard.Positive(request.WedgeFactor, "wedge factor");
        Guard.Positive(request.TrayFactor, "tray factor");
        Guard.NonNegative(request.OffAxisCm, "off-axis distance");
        Guard.Positive(request.ActionLevelPercent, "action level");

        var rc = EquivalentSquare(request.FieldXcm, request.FieldYcm);
        var sc = beam.Sc.At(rc);
        var oar = beam.OffAxisRatio?.At(request.DepthCm, request.OffAxisCm) ?? 1.0;
        var reference = beam.ReferenceSsdCm + beam.ReferenceDepthCm;
        double sp, depthFactor, isf, phantomSquare;
        if (request.SetUp == SetUp.Ssd)
        {
            var surface = rc * request.SsdCm / beam.SadCm;
            phantomSquare = surface;
            sp = beam.Sp.At(phantomSquare);
            depthFactor = beam.Pdd.At(request.DepthCm, surface) / 100.0;
            isf = InverseSquare(reference, request.SsdCm + beam.ReferenceDepthCm);
        }
        else
        {
            var tmr = beam.Tmr ?? throw new ArgumentException("An SAD check needs TMR data for the beam.", nameof(beam));
            var spd = request.SsdCm + request.DepthCm;
            phantomSquare = rc * spd / beam.SadCm;
            sp = beam.Sp.At(phantomSquare);
            depthFactor = tmr.At(request.DepthCm, phantomSquare);
            isf = InverseSquare(reference, spd);
        }

        var mu = request.DoseCgy / (beam.ReferenceDoseRateCgyPerMu * sc * sp * depthFactor * request.WedgeFactor * request.TrayFactor * oar * isf);
        var diff = 100.0 * (request.PlanningSystemMu - mu) / mu;
        return new MuCheckResult(mu, diff, Math.Abs(diff) <= request.ActionLevelPercent, rc, phantomSquare, sc, sp, depthFactor, oar, isf);
    }
}
