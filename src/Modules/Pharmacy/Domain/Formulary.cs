namespace Infirmary.Pharmacy.Domain;

/// <summary>dm+d Virtual Therapeutic Moiety: the substance ("Simvastatin", or "Co-amoxiclav" for a combination).</summary>
public sealed class Vtm
{
    public Guid Id { get; set; }

    /// <summary>SNOMED CT-style identifier (dm+d VTMID). Unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
}

/// <summary>
/// dm+d Virtual Medicinal Product: the generic product a prescriber orders ("Simvastatin 40mg tablets") with its
/// form, route, unit dose and BNF-style therapeutic class. Screening works on its ingredients.
/// </summary>
public sealed class Vmp
{
    public Guid Id { get; set; }

    /// <summary>SNOMED CT-style identifier (dm+d VPID). Unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public Guid VtmId { get; set; }

    /// <summary>Strength as written ("500mg/125mg").</summary>
    public required string Strength { get; set; }

    public required string Form { get; set; }

    public required string Route { get; set; }

    public required string UnitDose { get; set; }

    public required string BnfClass { get; set; }

    /// <summary>
    /// Misuse of Drugs Regulations 2001 schedule (2 for morphine injection, oxycodone), or null when not a controlled
    /// drug. Receipts, issues, transfers and dispensings of schedule 2 products are written in the CD register.
    /// </summary>
    public int? ControlledDrugSchedule { get; set; }

    public bool NeedsCdRegister => ControlledDrugSchedule == 2;

    /// <summary>BNF cautionary and advisory label numbers for the dispensing label, e.g. "29;30" (see <see cref="BnfLabels"/>).</summary>
    public string? BnfLabelNumbers { get; set; }

    public List<VmpIngredient> Ingredients { get; set; } = [];
}

/// <summary>dm+d Virtual Product Ingredient: a substance and its strength in milligrams per unit dose.</summary>
public sealed class VmpIngredient
{
    public Guid Id { get; set; }

    public Guid VmpId { get; set; }

    /// <summary>1 for the first ingredient: dose checks are on the first ingredient, so order matters.</summary>
    public int Position { get; set; }

    public required string Substance { get; set; }

    public double StrengthMg { get; set; }
}

/// <summary>dm+d Actual Medicinal Product: a brand or supplier's version of a VMP ("Zocor 40mg tablets").</summary>
public sealed class Amp
{
    public Guid Id { get; set; }

    /// <summary>SNOMED CT-style identifier (dm+d APID). Unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The brand alone ("Zocor"), so text such as "Zocor 40mg" resolves.</summary>
    public required string Brand { get; set; }

    public required string Supplier { get; set; }

    public Guid VmpId { get; set; }
}

/// <summary>
/// BNF Appendix 3 cautionary and advisory labels used by the seeded formulary (wording of the 2012 revision of the
/// labels). A product lists its numbers in <see cref="Vmp.BnfLabelNumbers"/>; the dispensing label prints the texts.
/// </summary>
public static class BnfLabels
{
    public static readonly IReadOnlyDictionary<int, string> Text = new Dictionary<int, string>
    {
        [1] = "Warning: This medicine may make you sleepy. If this happens, do not drive or use tools or machines.",
        [2] = "Warning: This medicine may make you sleepy. If this happens, do not drive or use tools or machines. Do not drink alcohol.",
        [4] = "Warning: Do not drink alcohol.",
        [9] = "Space the doses evenly throughout the day. Keep taking this medicine until the course is finished, unless you are told to stop.",
        [10] = "Warning: Read the additional information given with this medicine.",
        [21] = "Take with or just after food, or a meal.",
        [25] = "Swallow this medicine whole. Do not chew or crush.",
        [29] = "Do not take more than 2 at any one time. Do not take more than 8 in 24 hours.",
        [30] = "Contains paracetamol. Do not take anything else containing paracetamol while you are taking this medicine. Talk to a doctor at once if you take too much of this medicine, even if you feel well.",
    };

    /// <summary>The numbers in "29;30", known ones only, in order.</summary>
    public static IReadOnlyList<int> Parse(string? numbers) =>
        [.. (numbers ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.TryParse(n, out var v) ? v : 0).Where(Text.ContainsKey).Order()];
}
