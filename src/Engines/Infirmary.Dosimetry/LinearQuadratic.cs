namespace Infirmary.Dosimetry;

/// <summary>
/// Linear-quadratic model of fractionated radiotherapy (Fowler, Br J Radiol 62 (1989) 679; Dale, Br J Radiol 58
/// (1985) 515). Doses in Gy, times in days.
/// </summary>
public static class LinearQuadratic
{
    /// <summary>Biologically effective dose BED = n·d·(1 + d/(α/β)) (Fowler 1989).</summary>
    /// <param name="totalDoseGy">Total physical dose n·d in Gy.</param>
    /// <param name="fractions">Number of fractions n (≥ 1).</param>
    /// <param name="alphaBeta">α/β ratio of the tissue in Gy.</param>
    public static double Bed(double totalDoseGy, int fractions, double alphaBeta)
    {
        Guard.NonNegative(totalDoseGy, nameof(totalDoseGy));
        CheckFractions(fractions);
        Guard.Positive(alphaBeta, nameof(alphaBeta));
        var d = totalDoseGy / fractions;
        return totalDoseGy * (1.0 + (d / alphaBeta));
    }

    /// <summary>Equivalent dose in 2 Gy fractions EQD2 = BED / (1 + 2/(α/β)) (Withers et al. 1983; Fowler 1989).</summary>
    public static double Eqd2(double totalDoseGy, int fractions, double alphaBeta) =>
        Bed(totalDoseGy, fractions, alphaBeta) / (1.0 + (2.0 / alphaBeta));

    /// <summary>EQD2 of a given BED: EQD2 = BED / (1 + 2/(α/β)).</summary>
    public static double Eqd2FromBed(double bed, double alphaBeta)
    {
        Guard.NonNegative(bed, nameof(bed));
        Guard.Positive(alphaBeta, nameof(alphaBeta));
        return bed / (1.0 + (2.0 / alphaBeta));
    }

    /// <summary>
    /// BED with tumour repopulation, BED = n·d·(1 + d/(α/β)) − D_prolif·max(0, T − T_k)
    /// (Dale 1989; the form used in RCR, "Timely delivery of radical radiotherapy", 4th edn 2019), where
    /// D_prolif = ln 2/(α·T_pot) is the dose per day needed to offset repopulation after the kick-off time T_k.
    /// </summary>
    public static double BedWithRepopulation(double totalDoseGy, int fractions, double alphaBeta, double overallTimeDays, double kickoffDays, double dprolifGyPerDay)
    {
        Guard.NonNegative(overallTimeDays, nameof(overallTimeDays));
        Guard.NonNegative(kickoffDays, nameof(kickoffDays));
        Guard.NonNegative(dprolifGyPerDay, nameof(dprolifGyPerDay));
        return Bed(totalDoseGy, fractions, alphaBeta) - (dprolifGyPerDay * Math.Max(0.0, overallTimeDays - kickoffDays));
    }

    /// <summary>
    /// Gap compensation: the dose per fraction for the remaining fractions that restores the planned tumour BED
    /// after an unscheduled interruption, allowing for repopulation over the extra days beyond T_k
    /// (RCR 2019 guidance; Dale et al., Br J Radiol 75 (2002) 1). Solves
    /// k·d'·(1 + d'/(α/β)) = BED_planned − BED_delivered + D_prolif·[max(0, T_new − T_k) − max(0, T_planned − T_k)]
    /// for d'. The organ-at-risk EQD2 of the new schedule is reported so the physicist sees the cost.
    /// </summary>
    public static GapCompensation CompensateGap(GapCompensationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckFractions(request.PlannedFractions);
        Guard.Positive(request.PlannedDosePerFractionGy, nameof(request.PlannedDosePerFractionGy));
        Guard.Positive(request.TumourAlphaBeta, nameof(request.TumourAlphaBeta));
        Guard.Positive(request.OrganAtRiskAlphaBeta, nameof(request.OrganAtRiskAlphaBeta));
        Guard.NonNegative(request.PlannedOverallTimeDays, nameof(request.PlannedOverallTimeDays));
        Guard.NonNegative(request.NewOverallTimeDays, nameof(request.NewOverallTimeDays));
        Guard.NonNegative(request.KickoffDays, nameof(request.KickoffDays));
        Guard.NonNegative(request.DprolifGyPerDay, nameof(request.DprolifGyPerDay));
        if (request.FractionsDelivered < 0 || request.FractionsDelivered >= request.PlannedFractions)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.FractionsDelivered, "FractionsDelivered must be at least 0 and fewer than the planned fractions.");
        }

        if (request.RemainingFractions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.RemainingFractions, "RemainingFractions must be at least 1.");
        }

        var ab = request.TumourAlphaBeta;
        var d = request.PlannedDosePerFractionGy;
        var plannedBed = request.PlannedFractions * d * (1 + (d / ab));
        var delivered = request.FractionsDelivered * d * (1 + (d / ab));
        var extraRepopulation = request.DprolifGyPerDay *
            (Math.Max(0, request.NewOverallTimeDays - request.KickoffDays) - Math.Max(0, request.PlannedOverallTimeDays - request.KickoffDays));
        var needed = plannedBed - delivered + extraRepopulation;
        var k = request.RemainingFractions;

        // k·d'(1 + d'/ab) = needed  →  d'² /ab + d' − needed/k = 0, positive root.
        var dNew = (-1.0 + Math.Sqrt(1.0 + (4.0 * needed / (k * ab)))) * ab / 2.0;
        var oarAb = request.OrganAtRiskAlphaBeta;
        var oarPlanned = Eqd2FromBed(request.PlannedFractions * d * (1 + (d / oarAb)), oarAb);
        var oarNew = Eqd2FromBed((request.FractionsDelivered * d * (1 + (d / oarAb))) + (k * dNew * (1 + (dNew / oarAb))), oarAb);
        return new GapCompensation(dNew, k * dNew, needed, oarPlanned, oarNew);
    }

    /// <summary>
    /// Cumulative EQD2 to an organ at risk over several courses, Σ n_i·d_i·(1 + d_i/(α/β)) / (1 + 2/(α/β)), compared
    /// with the organ's limit from <see cref="OrganTolerances"/>. No recovery between courses is assumed (conservative).
    /// </summary>
    public static RetreatmentAssessment AssessRetreatment(string organ, IReadOnlyList<Course> courses)
    {
        ArgumentNullException.ThrowIfNull(organ);
        ArgumentNullException.ThrowIfNull(courses);
        var tolerance = OrganTolerances.Find(organ);
        if (courses.Count == 0)
        {
            throw new ArgumentException("At least one course is needed.", nameof(courses));
        }

        var per = courses.Select(c => Eqd2(c.TotalDoseGy, c.Fractions, tolerance.AlphaBeta)).ToArray();
        var total = per.Sum();
        var warnings = new List<string>();
        if (total > tolerance.CumulativeEqd2LimitGy)
        {
            warnings.Add($"Cumulative EQD2 {total:0.0} Gy to {tolerance.Organ} exceeds the commonly quoted limit of {tolerance.CumulativeEqd2LimitGy:0.0} Gy ({tolerance.Source}).");
        }

        for (var i = 0; i < per.Length; i++)
        {
            if (per[i] > tolerance.SingleCourseEqd2LimitGy)
            {
                warnings.Add($"Course {i + 1} alone gives {per[i]:0.0} Gy EQD2 to {tolerance.Organ}, above the single-course limit of {tolerance.SingleCourseEqd2LimitGy:0.0} Gy.");
            }
        }

        return new RetreatmentAssessment(tolerance, per, total, warnings);
    }

    private static void CheckFractions(int fractions)
    {
        if (fractions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fractions), fractions, "fractions must be at least 1.");
        }
    }
}

/// <summary>One delivered or planned course: total physical dose and number of fractions.</summary>
public sealed record Course(double TotalDoseGy, int Fractions);

/// <summary>Inputs of <see cref="LinearQuadratic.CompensateGap"/>.</summary>
public sealed record GapCompensationRequest(
    int PlannedFractions,
    double PlannedDosePerFractionGy,
    double PlannedOverallTimeDays,
    int FractionsDelivered,
    int RemainingFractions,
    double NewOverallTimeDays,
    double TumourAlphaBeta = 10.0,
    double KickoffDays = 21.0,
    double DprolifGyPerDay = 0.9,
    double OrganAtRiskAlphaBeta = 3.0);

/// <summary>Result of gap compensation: new dose per fraction and the organ-at-risk EQD2 before and after.</summary>
public sealed record GapCompensation(double DosePerFractionGy, double RemainingDoseGy, double RemainingBedGy, double OrganAtRiskEqd2PlannedGy, double OrganAtRiskEqd2NewGy);

/// <summary>Cumulative EQD2 for an organ at risk with any warnings.</summary>
public sealed record RetreatmentAssessment(OrganTolerance Tolerance, IReadOnlyList<double> CourseEqd2Gy, double CumulativeEqd2Gy, IReadOnlyList<string> Warnings)
{
    /// <summary>True when no limit is exceeded.</summary>
    public bool WithinTolerance => Warnings.Count == 0;
}

/// <summary>A commonly quoted organ-at-risk EQD2 limit with the α/β used to convert to it.</summary>
public sealed record OrganTolerance(string Organ, double AlphaBeta, double SingleCourseEqd2LimitGy, double CumulativeEqd2LimitGy, string Source);

/// <summary>
/// A small table of commonly quoted organ-at-risk limits in EQD2. Local protocols override these; they are here
/// so a re-treatment check warns rather than stays silent.
/// </summary>
public static class OrganTolerances
{
    private static readonly OrganTolerance[] Table =
    [
        // Spinal cord: Dmax 50 Gy in 2 Gy fractions ≈ 0.2 % myelopathy (QUANTEC, Kirkpatrick et al. IJROBP 76 (2010) S42);
        // re-irradiation: cumulative BED ≤ 135.5 Gy₂ (EQD2 67.75 Gy) with an interval ≥ 6 months (Nieder et al. IJROBP 66 (2006) 1446).
        new("spinal cord", 2.0, 50.0, 67.75, "QUANTEC 2010; Nieder et al. 2006"),
        // Brainstem: Dmax < 54 Gy (QUANTEC, Mayo et al. IJROBP 76 (2010) S36).
        new("brainstem", 2.0, 54.0, 54.0, "QUANTEC, Mayo et al. 2010"),
        // Optic nerves and chiasm: Dmax < 55 Gy (QUANTEC, Mayo et al. IJROBP 76 (2010) S28).
        new("optic chiasm", 2.0, 55.0, 55.0, "QUANTEC, Mayo et al. 2010"),
        new("optic nerve", 2.0, 55.0, 55.0, "QUANTEC, Mayo et al. 2010"),
        // Brachial plexus: Dmax 66 Gy (RTOG 0619 / commonly quoted in QUANTEC-era protocols).
        new("brachial plexus", 2.0, 66.0, 66.0, "RTOG head and neck protocols"),
    ];

    /// <summary>All organs in the table.</summary>
    public static IReadOnlyList<OrganTolerance> All => Table;

    /// <summary>Finds an organ by name (case-insensitive).</summary>
    public static OrganTolerance Find(string organ)
    {
        ArgumentNullException.ThrowIfNull(organ);
        return Table.FirstOrDefault(t => string.Equals(t.Organ, organ.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Organ '{organ}' has no tolerance in the table. Known organs: {string.Join(", ", Table.Select(t => t.Organ))}.", nameof(organ));
    }
}
