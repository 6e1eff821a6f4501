using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Infirmary.Dosimetry;

/// <summary>Criteria of a gamma comparison.</summary>
/// <param name="DosePercent">Dose-difference criterion ΔD in percent: of the maximum reference dose (global) or of the reference dose at the point (local).</param>
/// <param name="DistanceMm">Distance-to-agreement criterion Δd in mm.</param>
/// <param name="Local">Local rather than global dose difference.</param>
/// <param name="CutoffPercent">Reference points below this percentage of the maximum reference dose are excluded (gamma NaN).</param>
/// <param name="InterpFraction">Sub-voxel resolution, as PyMedPhys's <c>interp_fraction</c> (default 10): search boxes are never split
/// below Δd/InterpFraction; a box that reaches that size keeps the best value found in it.</param>
/// <param name="MaxGamma">Search radius is MaxGamma·Δd; a point with no agreement inside it reports MaxGamma (PyMedPhys's <c>max_gamma</c>).</param>
/// <param name="MaxDegreeOfParallelism">Threads to use; null for all cores.</param>
/// <param name="Precision">A box is not refined when its lower bound shows it cannot lower gamma by more than this, except where it
/// could turn a fail into a pass: every gamma is within Precision of the minimum over the interpolated distribution and pass/fail
/// is exact, unless a box reaches the Δd/InterpFraction floor first.</param>
public sealed record GammaOptions(
    double DosePercent,
    double DistanceMm,
    bool Local = false,
    double CutoffPercent = 10.0,
    double InterpFraction = 10.0,
    double MaxGamma = 2.0,
    int? MaxDegreeOfParallelism = null,
    double Precision = 0.01);

/// <summary>Gamma map and pass rate.</summary>
/// <param name="Gamma">Gamma at every reference point, same layout as the reference grid; NaN where excluded by the cut-off.</param>
/// <param name="Shape">Shape of the reference grid.</param>
/// <param name="EvaluatedPoints">Reference points at or above the cut-off.</param>
/// <param name="PassedPoints">Evaluated points with gamma ≤ 1.</param>
/// <param name="MaxReferenceDose">The maximum reference dose used for global normalisation and the cut-off.</param>
public sealed record GammaResult(float[] Gamma, int[] Shape, int EvaluatedPoints, int PassedPoints, double MaxReferenceDose)
{
    /// <summary>Percentage of evaluated points with gamma ≤ 1 (0 when no point is evaluated).</summary>
    public double PassRatePercent => EvaluatedPoints == 0 ? 0.0 : 100.0 * PassedPoints / EvaluatedPoints;
}

/// <summary>
/// Gamma index (Low et al., Med Phys 25 (1998) 656): γ(r) = min over r' of √(|r' − r|²/Δd² + (D_e(r') − D_r(r))²/ΔD²),
/// computed as PyMedPhys's <c>pymedphys.gamma</c> does: at every reference point above the cut-off the evaluated
/// distribution, linearly (trilinearly) interpolated, is searched within MaxGamma·Δd at sub-voxel resolution.
/// </summary>
/// <remarks>
/// Rather than visiting every lattice point of the search sphere (PyMedPhys's shells), the search is branch and
/// bound over boxes of the evaluation grid (ADR 0055). A multilinear interpolant attains its extremes over a box at
/// its corners, so each cell has a cheap lower bound on gamma² from its distance and its dose range; cells are
/// visited in order of distance and their grid vertices scored. Each surviving box then gets a tight lower bound:
/// in the box's normalised coordinates the trilinear dose is exactly a polynomial with eight coefficients (a
/// Walsh–Hadamard transform of the corners), so it differs from its linear part by at most ε, the sum of the
/// cross-term magnitudes, and gamma² is bounded below by the box minimum of |u|²/Δd² + (|L(u) − D_r| − ε)₊²/ΔD², a
/// convex problem solved exactly (a one-dimensional root of a monotone piecewise-linear function). Its minimiser,
/// scored with the exact dose, is an upper bound actually attained. Boxes are halved (children's coefficients follow
/// exactly from the parent's) while their lower bound beats the best found less <see cref="GammaOptions.Precision"/>,
/// or could turn a fail into a pass. Eight boxes — a cell batch or the eight children of a box — are the eight lanes
/// of Vector256 operations; reference points run in parallel.
/// </remarks>
public static class GammaIndex
{
    // Lane l of a box holds the corner (ix, iy, iz) = (l >> 2 & 1, l >> 1 & 1, l & 1).
    private static readonly Vector256<float> LaneX = Vector256.Create(0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f);
    private static readonly Vector256<float> LaneY = Vector256.Create(0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f);
    private static readonly Vector256<float> LaneZ = Vector256.Create(0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f);

    private static readonly Vector256<int> SwapX = Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3);
    private static readonly Vector256<int> SwapY = Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5);
    private static readonly Vector256<int> SwapZ = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
    private static readonly Vector256<float> MaskX = Vector256.Create(0, 0, 0, 0, -1, -1, -1, -1).AsSingle();
    private static readonly Vector256<float> MaskY = Vector256.Create(0, 0, -1, -1, 0, 0, -1, -1).AsSingle();
    private static readonly Vector256<float> MaskZ = Vector256.Create(0, -1, 0, -1, 0, -1, 0, -1).AsSingle();
    // Lane l of a set of children is the child on the high (+1) or low (−1) side of each axis, bits as above.
    private static readonly Vector256<float> SignX = (LaneX * 2f) - Vector256<float>.One;
    private static readonly Vector256<float> SignY = (LaneY * 2f) - Vector256<float>.One;
    private static readonly Vector256<float> SignZ = (LaneZ * 2f) - Vector256<float>.One;
    private static readonly Vector256<float> SignXY = SignX * SignY;
    private static readonly Vector256<float> SignXZ = SignX * SignZ;
    private static readonly Vector256<float> SignYZ = SignY * SignZ;
    private static readonly Vector256<float> SignXYZ = SignX * SignY * SignZ;
    private static readonly Vector256<float> NegativeInfinity = Vector256.Create(float.NegativeInfinity);
    private static readonly Vector256<float> PositiveInfinity = Vector256.Create(float.PositiveInfinity);

    /// <summary>Computes the gamma map of <paramref name="evaluation"/> against <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentException">Mismatched dimensions, a non-uniform evaluation axis, or criteria that are not positive.</exception>
    public static GammaResult Compute(DoseGrid reference, DoseGrid evaluation, GammaOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(options);
        Guard.Positive(options.DosePercent, "dose-percent");
        Guard.Positive(options.DistanceMm, "distance-mm");
        Guard.Finite(options.CutoffPercent, "cutoff-percent");
        if (options.CutoffPercent is < 0 or >= 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CutoffPercent, "cutoff-percent must be at least 0 and below 100.");
        }

        Guard.Positive(options.InterpFraction, "interp-fraction");
        Guard.Positive(options.MaxGamma, "max-gamma");
        if (reference.Dimensions != evaluation.Dimensions)
        {
            throw new ArgumentException($"Mismatched grids: the reference has {reference.Dimensions} axes and the evaluation {evaluation.Dimensions}.", nameof(evaluation));
        }

        var eval = EvaluationVolume.From(evaluation);
        var refShape = Pad(reference.Shape);
        var refAxes = new double[3][];
        for (var a = 0; a < 3; a++)
        {
            refAxes[a] = a < reference.Dimensions ? reference.Axes[a] : [0.0];
        }

        var refDose = reference.Dose;
        var maxRef = 0f;
        foreach (var d in refDose)
        {
            maxRef = Math.Max(maxRef, d);
        }

        var gamma = new float[refDose.Length];
        if (maxRef <= 0f)
        {
            Array.Fill(gamma, float.NaN);
            return new GammaResult(gamma, reference.Shape, 0, 0, 0.0);
        }

        var cutoff = (float)(options.CutoffPercent / 100.0 * maxRef);
        var dta = (float)options.DistanceMm;
        var invDta2 = 1f / (dta * dta);
        var globalDd = (float)(options.DosePercent / 100.0 * maxRef);
        var cap = (float)options.MaxGamma;
        var cap2 = cap * cap;
        // Boxes are halved until their lower bound settles them, but never below Δd/InterpFraction.
        var floor = (float)(options.DistanceMm / options.InterpFraction);
        var offsets = eval.CellOffsets(options.DistanceMm * options.MaxGamma);
        Guard.NonNegative(options.Precision, "precision");
        var precision = (float)options.Precision;

        var evaluated = 0;
        var passed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var ny = refShape[1];
        var nz = refShape[2];
        var chunk = Math.Max(256, refDose.Length / (Environment.ProcessorCount * 16));
        Parallel.ForEach(Partitioner.Create(0, refDose.Length, chunk), parallel, range =>
        {
            var localEvaluated = 0;
            var localPassed = 0;
            for (var idx = range.Item1; idx < range.Item2; idx++)
            {
                var dr = refDose[idx];
                if (dr < cutoff || (options.Local && dr <= 0f))
                {
                    gamma[idx] = float.NaN;
                    continue;
                }

                var i = idx / (ny * nz);
                var j = idx / nz % ny;
                var k = idx % nz;
                var dd = options.Local ? (float)(options.DosePercent / 100.0) * dr : globalDd;
                var search = new Search(dr, 1f / (dd * dd), invDta2, floor, precision, eval.Active, cap2);
                var best2 = search.Run(eval, offsets, (float)refAxes[0][i], (float)refAxes[1][j], (float)refAxes[2][k]);
                var g = MathF.Sqrt(best2);
                gamma[idx] = g;
                localEvaluated++;
                if (g <= 1f)
                {
                    localPassed++;
                }
            }

            Interlocked.Add(ref evaluated, localEvaluated);
            Interlocked.Add(ref passed, localPassed);
        });

        return new GammaResult(gamma, reference.Shape, evaluated, passed, maxRef);
    }

    private static int[] Pad(int[] shape) =>
        [shape[0], shape.Length > 1 ? shape[1] : 1, shape.Length > 2 ? shape[2] : 1];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMin(Vector256<float> v)
    {
        var m = Vector128.Min(v.GetLower(), v.GetUpper());
        m = Vector128.Min(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.Min(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float AxisGap(float lo, float edge) => MathF.Max(0f, MathF.Max(lo, -(lo + edge)));

    /// <summary>One cell offset from the cell containing the point, with a lower bound on its squared distance.</summary>
    internal readonly record struct CellOffset(int Di, int Dj, int Dk, float MinDistance2);

    /// <summary>The evaluated distribution embedded in 3D (missing axes are one zero-width cell), with per-cell dose bounds.</summary>
    internal sealed class EvaluationVolume
    {
        public required int[] N { get; init; }

        public required float[] Origin { get; init; }

        public required float[] Spacing { get; init; }

        public required bool[] Active { get; init; }

        public required float[] Dose { get; init; }

        public required float[] CellMin { get; init; }

        public required float[] CellMax { get; init; }

        public static EvaluationVolume From(DoseGrid grid)
        {
            var n = new int[3];
            var origin = new float[3];
            var spacing = new float[3];
            var active = new bool[3];
            for (var a = 0; a < 3; a++)
            {
                if (a >= grid.Dimensions)
                {
                    n[a] = 2;
                    continue;
                }

                var axis = grid.Axes[a];
                if (axis.Length < 2)
                {
                    throw new ArgumentException($"{grid.Name} axis {a} has a single point; the evaluated distribution needs at least two per axis to interpolate.", nameof(grid));
                }

                var h = (axis[^1] - axis[0]) / (axis.Length - 1);
                for (var i = 1; i < axis.Length; i++)
                {
                    if (Math.Abs(axis[i] - axis[i - 1] - h) > 1e-3 * h)
                    {
                        throw new ArgumentException($"{grid.Name} axis {a} is not uniformly spaced at index {i}; the evaluated grid must be regular.", nameof(grid));
                    }
                }

                n[a] = axis.Length;
                origin[a] = (float)axis[0];
                spacing[a] = (float)h;
                active[a] = true;
            }

            // Missing axes are duplicated onto two coincident planes so one 3D code path serves 1D, 2D and 3D.
            var dose = grid.Dimensions == 3 ? grid.Dose : new float[n[0] * n[1] * n[2]];
            if (grid.Dimensions < 3)
            {
                var inner = grid.Dimensions == 2 ? 2 : 4;
                for (var i = 0; i < grid.Dose.Length; i++)
                {
                    for (var r = 0; r < inner; r++)
                    {
                        dose[(i * inner) + r] = grid.Dose[i];
                    }
                }
            }

            int cx = n[0] - 1, cy = n[1] - 1, cz = n[2] - 1;
            var cellMin = new float[cx * cy * cz];
            var cellMax = new float[cellMin.Length];
            int ny = n[1], nz = n[2];
            Parallel.For(0, cx, i =>
            {
                for (var j = 0; j < cy; j++)
                {
                    for (var k = 0; k < cz; k++)
                    {
                        var c = Corners(dose, ny, nz, i, j, k);
                        var cell = (((i * cy) + j) * cz) + k;
                        cellMin[cell] = HorizontalMin(c);
                        cellMax[cell] = HorizontalMax(c);
                    }
                }
            });

            return new EvaluationVolume { N = n, Origin = origin, Spacing = spacing, Active = active, Dose = dose, CellMin = cellMin, CellMax = cellMax };
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Corners(float[] dose, int ny, int nz, int i, int j, int k)
        {
            var b = (((i * ny) + j) * nz) + k;
            var bj = b + nz;
            var bi = b + (ny * nz);
            var bij = bi + nz;
            return Vector256.Create(dose[b], dose[b + 1], dose[bj], dose[bj + 1], dose[bi], dose[bi + 1], dose[bij], dose[bij + 1]);
        }

        /// <summary>Cell offsets that can hold a point within <paramref name="radiusMm"/>, nearest first.</summary>
        public CellOffset[] CellOffsets(double radiusMm)
        {
            var reach = new int[3];
            for (var a = 0; a < 3; a++)
            {
                reach[a] = Active[a] ? (int)Math.Ceiling(radiusMm / Spacing[a]) + 1 : 0;
            }

            var list = new List<CellOffset>();
            var r2 = (float)(radiusMm * radiusMm);
            for (var di = -reach[0]; di <= reach[0]; di++)
            {
                for (var dj = -reach[1]; dj <= reach[1]; dj++)
                {
                    for (var dk = -reach[2]; dk <= reach[2]; dk++)
                    {
                        // The point lies somewhere in its base cell, so the nearest it can be to a cell d cells away is (|d| − 1) cells.
                        var gx = Math.Max(0, Math.Abs(di) - 1) * Spacing[0];
                        var gy = Math.Max(0, Math.Abs(dj) - 1) * Spacing[1];
                        var gz = Math.Max(0, Math.Abs(dk) - 1) * Spacing[2];
                        var d2 = (gx * gx) + (gy * gy) + (gz * gz);
                        if (d2 <= r2)
                        {
                            list.Add(new CellOffset(di, dj, dk, d2));
                        }
                    }
                }
            }

            return [.. list.OrderBy(o => o.MinDistance2)];
        }
    }

    /// <summary>
    /// The eight multilinear coefficients of eight boxes at once, lane l belonging to box l. In a box's normalised
    /// coordinates X, Y, Z ∈ [−1, 1] its trilinear dose is exactly
    /// D = C0 + Cx·X + Cy·Y + Cz·Z + Cxy·XY + Cxz·XZ + Cyz·YZ + Cxyz·XYZ.
    /// </summary>
    private struct Coefficients
    {
        public Vector256<float> C0;
        public Vector256<float> Cx;
        public Vector256<float> Cy;
        public Vector256<float> Cz;
        public Vector256<float> Cxy;
        public Vector256<float> Cxz;
        public Vector256<float> Cyz;
        public Vector256<float> Cxyz;

        /// <summary>
        /// The coefficients of box <paramref name="lane"/> as one vector in Walsh–Hadamard order (lane m holds the
        /// coefficient of the monomial whose axes are the bits of m: x = 4, y = 2, z = 1).
        /// </summary>
        public readonly Vector256<float> Row(int lane) => Vector256.Create(
            C0.GetElement(lane), Cz.GetElement(lane), Cy.GetElement(lane), Cyz.GetElement(lane),
            Cx.GetElement(lane), Cxz.GetElement(lane), Cxy.GetElement(lane), Cxyz.GetElement(lane));

        /// <summary>Walsh–Hadamard transform of a box's corner doses (lane order of <see cref="EvaluationVolume.Corners"/>).</summary>
        public static Vector256<float> Transform(Vector256<float> corners)
        {
            // After the pass for an axis, lanes on the box's low side hold (low + high) and lanes on its high side
            // (high − low); after all three, lane m holds Σ_l c_l·Π_{axes b of m} s_b(l), s_b = ±1 on the high/low side.
            var w = corners;
            var s = Vector256.Shuffle(w, SwapX);
            w = Vector256.ConditionalSelect(MaskX, w - s, w + s);
            s = Vector256.Shuffle(w, SwapY);
            w = Vector256.ConditionalSelect(MaskY, w - s, w + s);
            s = Vector256.Shuffle(w, SwapZ);
            w = Vector256.ConditionalSelect(MaskZ, w - s, w + s);
            return w * 0.125f;
        }

        /// <summary>Coefficients of up to eight boxes given as Walsh–Hadamard rows.</summary>
        public static Coefficients FromRows(ReadOnlySpan<Vector256<float>> rows)
        {
            Span<float> t = stackalloc float[64];
            for (var lane = 0; lane < 8; lane++)
            {
                rows[Math.Min(lane, rows.Length - 1)].CopyTo(t.Slice(lane * 8, 8));
            }

            return new Coefficients
            {
                C0 = Column(t, 0),
                Cz = Column(t, 1),
                Cy = Column(t, 2),
                Cyz = Column(t, 3),
                Cx = Column(t, 4),
                Cxz = Column(t, 5),
                Cxy = Column(t, 6),
                Cxyz = Column(t, 7),
            };
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Column(ReadOnlySpan<float> t, int m) =>
            Vector256.Create(t[m], t[8 + m], t[16 + m], t[24 + m], t[32 + m], t[40 + m], t[48 + m], t[56 + m]);

        /// <summary>
        /// The eight half-size children of one box (a row): substituting X = (X' + σx)/2 etc., σ = ±1 for the child's
        /// side, into the parent's polynomial gives the child's coefficients exactly.
        /// </summary>
        public static Coefficients Children(Vector256<float> row)
        {
            float c0 = row.GetElement(0), cz = row.GetElement(1), cy = row.GetElement(2), cyz = row.GetElement(3);
            float cx = row.GetElement(4), cxz = row.GetElement(5), cxy = row.GetElement(6), cxyz = row.GetElement(7);
            var xyz8 = Vector256.Create(cxyz * 0.125f);
            var xy4 = Vector256.Create(cxy * 0.25f);
            var xz4 = Vector256.Create(cxz * 0.25f);
            var yz4 = Vector256.Create(cyz * 0.25f);
            return new Coefficients
            {
                C0 = Vector256.Create(c0) + (Vector256.Create(0.5f * cx) * SignX) + (Vector256.Create(0.5f * cy) * SignY) + (Vector256.Create(0.5f * cz) * SignZ)
                    + (xy4 * SignXY) + (xz4 * SignXZ) + (yz4 * SignYZ) + (xyz8 * SignXYZ),
                Cx = Vector256.Create(0.5f * cx) + (xy4 * SignY) + (xz4 * SignZ) + (xyz8 * SignYZ),
                Cy = Vector256.Create(0.5f * cy) + (xy4 * SignX) + (yz4 * SignZ) + (xyz8 * SignXZ),
                Cz = Vector256.Create(0.5f * cz) + (xz4 * SignX) + (yz4 * SignY) + (xyz8 * SignXY),
                Cxy = xy4 + (xyz8 * SignZ),
                Cxz = xz4 + (xyz8 * SignY),
                Cyz = yz4 + (xyz8 * SignX),
                Cxyz = xyz8,
            };
        }
    }

    /// <summary>The branch-and-bound search for one reference point; mutable, it carries the best gamma² found so far.</summary>
    private struct Search
    {
        private readonly float referenceDose;
        private readonly float invDd2;
        private readonly float invDta2;
        private readonly float ratio;
        private readonly float floor;
        private readonly float precision;
        private readonly Vector256<float> duplicates;
        private float best2;
        private float worth;

        /// <param name="referenceDose">D_r at the point.</param>
        /// <param name="invDd2">1/ΔD².</param>
        /// <param name="invDta2">1/Δd².</param>
        /// <param name="floor">Boxes are not split below this edge length (mm).</param>
        /// <param name="precision">See <see cref="GammaOptions.Precision"/>.</param>
        /// <param name="active">Axes the evaluated grid really has.</param>
        /// <param name="cap2">MaxGamma²: the starting best.</param>
        public Search(float referenceDose, float invDd2, float invDta2, float floor, float precision, bool[] active, float cap2)
        {
            this.referenceDose = referenceDose;
            this.invDd2 = invDd2;
            this.invDta2 = invDta2;
            ratio = invDd2 / invDta2;
            this.floor = floor;
            this.precision = precision;
            // Children that differ only along a missing axis are copies of one another: only the low one is searched.
            duplicates = Vector256.Create(
                0, Dup(1), Dup(2), Dup(3), Dup(4), Dup(5), Dup(6), Dup(7)).AsSingle();
            best2 = cap2;
            worth = Worth(cap2);

            int Dup(int child) => (child & ~((active[0] ? 4 : 0) | (active[1] ? 2 : 0) | (active[2] ? 1 : 0))) != 0 ? -1 : 0;
        }

        /// <summary>
        /// Squared threshold for "worth refining": a box must be able to beat best − precision, or, while the best
        /// fails (γ &gt; 1), be able to reach a pass.
        /// </summary>
        private readonly float Worth(float best2)
        {
            var best = MathF.Sqrt(best2);
            var target = MathF.Max(0f, best - precision);
            if (best > 1f && target < 1f)
            {
                return MathF.Min(best2, 1.0000001f);
            }

            return target * target;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Offer(float q)
        {
            if (q < best2)
            {
                best2 = q;
                worth = Worth(q);
            }
        }

        public float Run(EvaluationVolume e, CellOffset[] offsets, float px, float py, float pz)
        {
            var n = e.N;
            int cx = n[0] - 1, cy = n[1] - 1, cz = n[2] - 1;
            float ox = e.Origin[0], oy = e.Origin[1], oz = e.Origin[2];
            float sx = e.Spacing[0], sy = e.Spacing[1], sz = e.Spacing[2];
            bool ax = e.Active[0], ay = e.Active[1], az = e.Active[2];
            var bx = BaseCell(px, ax, ox, sx, cx);
            var by = BaseCell(py, ay, oy, sy, cy);
            var bz = BaseCell(pz, az, oz, sz, cz);
            var dose = e.Dose;
            var cellMin = e.CellMin;
            var cellMax = e.CellMax;
            // Pass 1: score every nearby cell's grid vertices (a cheap, tight upper bound) and keep the cells whose
            // lower bound from distance and dose range could still beat it, in order of that bound.
            Span<float> bounds = offsets.Length <= 512 ? stackalloc float[offsets.Length] : new float[offsets.Length];
            Span<int> cells = offsets.Length <= 512 ? stackalloc int[offsets.Length] : new int[offsets.Length];
            var count = 0;
            for (var o = 0; o < offsets.Length; o++)
            {
                var offset = offsets[o];
                if (offset.MinDistance2 * invDta2 >= worth)
                {
                    break;
                }

                int ci = bx + offset.Di, cj = by + offset.Dj, ck = bz + offset.Dk;
                if ((uint)ci >= (uint)cx || (uint)cj >= (uint)cy || (uint)ck >= (uint)cz)
                {
                    continue;
                }

                var lx = ax ? ox + (ci * sx) - px : 0f;
                var ly = ay ? oy + (cj * sy) - py : 0f;
                var lz = az ? oz + (ck * sz) - pz : 0f;
                var gx = AxisGap(lx, sx);
                var gy = AxisGap(ly, sy);
                var gz = AxisGap(lz, sz);
                var cell = (((ci * cy) + cj) * cz) + ck;
                var gap = MathF.Max(0f, MathF.Max(cellMin[cell] - referenceDose, referenceDose - cellMax[cell]));
                var lb = (((gx * gx) + (gy * gy) + (gz * gz)) * invDta2) + (gap * gap * invDd2);
                if (lb >= worth)
                {
                    continue;
                }

                Offer(ScoreCorners(lx, ly, lz, sx, sy, sz, EvaluationVolume.Corners(dose, n[1], n[2], ci, cj, ck)));
                var p = count++;
                while (p > 0 && bounds[p - 1] > lb)
                {
                    bounds[p] = bounds[p - 1];
                    cells[p] = cells[p - 1];
                    p--;
                }

                bounds[p] = lb;
                cells[p] = o;
            }

            // Pass 2: bound the surviving cells eight at a time, then split the promising ones best-first.
            float hx = 0.5f * sx, hy = 0.5f * sy, hz = 0.5f * sz;
            Span<Vector256<float>> rows = stackalloc Vector256<float>[8];
            Span<float> mx = stackalloc float[8];
            Span<float> my = stackalloc float[8];
            Span<float> mz = stackalloc float[8];
            for (var start = 0; start < count && bounds[start] < worth; start += 8)
            {
                var batch = 0;
                for (var c = start; c < count && c < start + 8 && bounds[c] < worth; c++)
                {
                    var offset = offsets[cells[c]];
                    int ci = bx + offset.Di, cj = by + offset.Dj, ck = bz + offset.Dk;
                    rows[batch] = Coefficients.Transform(EvaluationVolume.Corners(dose, n[1], n[2], ci, cj, ck));
                    mx[batch] = ax ? ox + (ci * sx) - px + hx : 0f;
                    my[batch] = ay ? oy + (cj * sy) - py + hy : 0f;
                    mz[batch] = az ? oz + (ck * sz) - pz + hz : 0f;
                    batch++;
                }

                for (var b = batch; b < 8; b++)
                {
                    mx[b] = mx[0];
                    my[b] = my[0];
                    mz[b] = mz[0];
                }

                var coefficients = Coefficients.FromRows(rows[..batch]);
                var used = Vector256.LessThan(Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f), Vector256.Create((float)batch));
                Descend(in coefficients, Vector256.Create<float>(mx), Vector256.Create<float>(my), Vector256.Create<float>(mz), hx, hy, hz, ~used);
            }

            return best2;
        }

        private static int BaseCell(float p, bool active, float origin, float spacing, int cells) =>
            active ? Math.Clamp((int)MathF.Floor((p - origin) / spacing), 0, cells - 1) : 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly float ScoreCorners(float lx, float ly, float lz, float ex, float ey, float ez, Vector256<float> corners)
        {
            var x = Vector256.Create(lx) + (LaneX * ex);
            var y = Vector256.Create(ly) + (LaneY * ey);
            var z = Vector256.Create(lz) + (LaneZ * ez);
            var diff = corners - Vector256.Create(referenceDose);
            return HorizontalMin((((x * x) + (y * y) + (z * z)) * invDta2) + (diff * diff * invDd2));
        }

        /// <summary>
        /// Bounds eight boxes (centres m relative to the point, half-sizes h), offers their upper bounds, and splits
        /// those whose lower bound could still beat the best, most promising first, until they reach the floor.
        /// </summary>
        private void Descend(in Coefficients boxes, Vector256<float> mx, Vector256<float> my, Vector256<float> mz, float hx, float hy, float hz, Vector256<float> ignore)
        {
            Bound(in boxes, mx, my, mz, hx, hy, hz, out var lower, out var upper);
            lower = Vector256.ConditionalSelect(ignore, PositiveInfinity, lower);
            Offer(HorizontalMin(Vector256.ConditionalSelect(ignore, PositiveInfinity, upper)));
            if (2f * MathF.Max(hx, MathF.Max(hy, hz)) <= floor)
            {
                return;
            }

            Span<float> lowers = stackalloc float[8];
            lower.CopyTo(lowers);
            Span<float> bounds = stackalloc float[8];
            Span<int> order = stackalloc int[8];
            var count = 0;
            for (var box = 0; box < 8; box++)
            {
                var lb = lowers[box];
                if (lb >= worth)
                {
                    continue;
                }

                var p = count++;
                while (p > 0 && bounds[p - 1] > lb)
                {
                    bounds[p] = bounds[p - 1];
                    order[p] = order[p - 1];
                    p--;
                }

                bounds[p] = lb;
                order[p] = box;
            }

            float qx = 0.5f * hx, qy = 0.5f * hy, qz = 0.5f * hz;
            for (var c = 0; c < count && bounds[c] < worth; c++)
            {
                var box = order[c];
                var children = Coefficients.Children(boxes.Row(box));
                Descend(
                    in children,
                    Vector256.Create(mx.GetElement(box)) + (SignX * qx),
                    Vector256.Create(my.GetElement(box)) + (SignY * qy),
                    Vector256.Create(mz.GetElement(box)) + (SignZ * qz),
                    qx, qy, qz, duplicates);
            }
        }

        /// <summary>
        /// Lower and upper bounds of gamma² over eight boxes. A box's dose differs from its linear part
        /// L = C0 + Cx·X + Cy·Y + Cz·Z by at most ε = |Cxy| + |Cxz| + |Cyz| + |Cxyz|, so
        /// q(u) = |u|²/Δd² + (D(u) − D_r)²/ΔD² ≥ J(u) = |u|²/Δd² + ψ(L(u) − D_r)/ΔD², ψ(s) = (|s| − ε)₊², and the lower
        /// bound is J's minimum over the box. J is convex: with s = L(u) − D_r at its minimiser, the optimality (KKT)
        /// conditions over a box read u_i = clamp(k·g_i, lo_i, hi_i), k = −ρ·shrink(s), ρ = Δd²/ΔD², g = ∇L,
        /// shrink(s) = s − clamp(s, −ε, ε); so k is the root of φ(k) = k + ρ·shrink(f + Σ g_i·clamp(k·g_i, lo_i, hi_i)),
        /// f = L(0) − D_r, which is continuous, strictly increasing and linear between its breakpoints (the six
        /// k = lo_i/g_i, hi_i/g_i where a coordinate meets a face, and the two where s = ±ε). φ is probed at the face
        /// breakpoints to bracket the root, the bracket is narrowed at the ε breakpoints, and the linear piece left is
        /// solved. The upper bound is q, with the exact dose, at J's minimiser: a value attained in the box.
        /// </summary>
        private readonly void Bound(in Coefficients c, Vector256<float> mx, Vector256<float> my, Vector256<float> mz, float hx, float hy, float hz,
            out Vector256<float> lower, out Vector256<float> upper)
        {
            var r = Vector256.Create(ratio);
            var zero = Vector256<float>.Zero;
            float ix = hx > 0f ? 1f / hx : 0f, iy = hy > 0f ? 1f / hy : 0f, iz = hz > 0f ? 1f / hz : 0f;
            var gx = c.Cx * ix;
            var gy = c.Cy * iy;
            var gz = c.Cz * iz;
            var eps = Vector256.Abs(c.Cxy) + Vector256.Abs(c.Cxz) + Vector256.Abs(c.Cyz) + Vector256.Abs(c.Cxyz);
            var f = c.C0 - (gx * mx) - (gy * my) - (gz * mz) - Vector256.Create(referenceDose);
            var lox = mx - Vector256.Create(hx);
            var hix = mx + Vector256.Create(hx);
            var loy = my - Vector256.Create(hy);
            var hiy = my + Vector256.Create(hy);
            var loz = mz - Vector256.Create(hz);
            var hiz = mz + Vector256.Create(hz);

            var one = Vector256.Create(1f);
            var k0 = -r * f / (one + (r * ((gx * gx) + (gy * gy) + (gz * gz))));
            var left = NegativeInfinity;
            var right = PositiveInfinity;
            Probe(k0);
            Probe(zero);
            var zx = Vector256.Equals(gx, zero);
            var zy = Vector256.Equals(gy, zero);
            var zz = Vector256.Equals(gz, zero);
            var rx = one / Vector256.ConditionalSelect(zx, one, gx);
            var ry = one / Vector256.ConditionalSelect(zy, one, gy);
            var rz = one / Vector256.ConditionalSelect(zz, one, gz);
            Probe(Vector256.ConditionalSelect(zx, k0, lox * rx));
            Probe(Vector256.ConditionalSelect(zx, k0, hix * rx));
            Probe(Vector256.ConditionalSelect(zy, k0, loy * ry));
            Probe(Vector256.ConditionalSelect(zy, k0, hiy * ry));
            Probe(Vector256.ConditionalSelect(zz, k0, loz * rz));
            Probe(Vector256.ConditionalSelect(zz, k0, hiz * rz));

            // On (left, right) each coordinate is either free (k·g_i inside the box) or held at a face: s(k) = s0 + s1·k.
            var probe = Inside(left, right);
            var s0 = f;
            var s1 = zero;
            Split(probe, gx, lox, hix, ref s0, ref s1);
            Split(probe, gy, loy, hiy, ref s0, ref s1);
            Split(probe, gz, loz, hiz, ref s0, ref s1);
            var sloped = Vector256.GreaterThan(s1, zero) & Vector256.GreaterThan(eps, zero);
            var inverse = one / Vector256.ConditionalSelect(sloped, s1, one);
            Narrow((-eps - s0) * inverse);
            Narrow((eps - s0) * inverse);
            probe = Inside(left, right);
            var sm = s0 + (s1 * probe);
            var scale = -r / (one + (r * s1));
            var root = Vector256.ConditionalSelect(Vector256.GreaterThan(sm, eps), scale * (s0 - eps),
                Vector256.ConditionalSelect(Vector256.LessThan(sm, -eps), scale * (s0 + eps), zero));
            root = Vector256.Max(left, Vector256.Min(right, root));
            var ux = Vector256.Min(Vector256.Max(root * gx, lox), hix);
            var uy = Vector256.Min(Vector256.Max(root * gy, loy), hiy);
            var uz = Vector256.Min(Vector256.Max(root * gz, loz), hiz);
            var distance = ((ux * ux) + (uy * uy) + (uz * uz)) * invDta2;
            var st = f + (gx * ux) + (gy * uy) + (gz * uz);
            var shrink = st - Vector256.Min(Vector256.Max(st, -eps), eps);
            lower = distance + (shrink * shrink * invDd2);

            var x = (ux - mx) * ix;
            var y = (uy - my) * iy;
            var z = (uz - mz) * iz;
            var d = c.C0 + (c.Cx * x) + (c.Cy * y) + (c.Cz * z) + (c.Cxy * x * y) + (c.Cxz * x * z) + (c.Cyz * y * z) + (c.Cxyz * x * y * z)
                - Vector256.Create(referenceDose);
            upper = distance + (d * d * invDd2);

            void Probe(Vector256<float> k)
            {
                var s = f
                    + (gx * Vector256.Min(Vector256.Max(k * gx, lox), hix))
                    + (gy * Vector256.Min(Vector256.Max(k * gy, loy), hiy))
                    + (gz * Vector256.Min(Vector256.Max(k * gz, loz), hiz));
                var phi = k + (r * (s - Vector256.Min(Vector256.Max(s, -eps), eps)));
                var negative = Vector256.LessThan(phi, zero);
                left = Vector256.ConditionalSelect(negative, Vector256.Max(left, k), left);
                right = Vector256.ConditionalSelect(negative, right, Vector256.Min(right, k));
            }

            void Narrow(Vector256<float> k)
            {
                var inside = sloped & Vector256.GreaterThan(k, left) & Vector256.LessThan(k, right);
                var s = s0 + (s1 * k);
                var negative = Vector256.LessThan(k + (r * (s - Vector256.Min(Vector256.Max(s, -eps), eps))), zero);
                left = Vector256.ConditionalSelect(inside & negative, k, left);
                right = Vector256.ConditionalSelect(inside & ~negative, k, right);
            }
        }

        // A point strictly inside (left, right), either end possibly infinite.
        private static Vector256<float> Inside(Vector256<float> left, Vector256<float> right)
        {
            var noLeft = Vector256.Equals(left, NegativeInfinity);
            var noRight = Vector256.Equals(right, PositiveInfinity);
            var one = Vector256.Create(1f);
            var belowRight = right - one - Vector256.Abs(right);
            var aboveLeft = left + one + Vector256.Abs(left);
            var middle = (left + right) * 0.5f;
            return Vector256.ConditionalSelect(noLeft,
                Vector256.ConditionalSelect(noRight, Vector256<float>.Zero, belowRight),
                Vector256.ConditionalSelect(noRight, aboveLeft, middle));
        }

        private static void Split(Vector256<float> k, Vector256<float> g, Vector256<float> lo, Vector256<float> hi, ref Vector256<float> s0, ref Vector256<float> s1)
        {
            var c = k * g;
            var below = Vector256.LessThan(c, lo);
            var above = Vector256.GreaterThan(c, hi);
            s0 += Vector256.ConditionalSelect(below, g * lo, Vector256.ConditionalSelect(above, g * hi, Vector256<float>.Zero));
            s1 += Vector256.ConditionalSelect(below | above, Vector256<float>.Zero, g * g);
        }
    }
}
