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
