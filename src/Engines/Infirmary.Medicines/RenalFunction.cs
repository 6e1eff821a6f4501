namespace Infirmary.Medicines;

/// <summary>Renal function estimates used for dose adjustment.</summary>
public static class RenalFunction
{
    /// <summary>
    /// Cockcroft–Gault creatinine clearance in mL/min from serum creatinine in µmol/L:
    /// CrCl = (140 − age) × weight(kg) × F / creatinine, F = 1.23 for men and 1.04 for women (the SI-unit form of
    /// Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16:31-41).
    /// Unknown sex uses the female constant, the lower and therefore safer estimate. BNF: use actual body weight
    /// unless the patient is obese or at extremes of weight.
    /// </summary>
    public static double CockcroftGault(double ageYears, double weightKg, Sex sex, double creatinineMicromolPerL)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(creatinineMicromolPerL);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weightKg);
        var factor = sex == Sex.Male ? 1.23 : 1.04;
        return Math.Max(0, 140 - ageYears) * weightKg * factor / creatinineMicromolPerL;
    }
}
