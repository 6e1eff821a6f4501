namespace Infirmary.Medicines;

/// <summary>How serious an alert is. Higher values are more serious so comparisons read naturally.</summary>
public enum Severity
{
    Minor = 1,
    Moderate = 2,
    Severe = 3,
    Contraindicated = 4,
}

/// <summary>What kind of check raised an alert. The order is the tie-break order after severity.</summary>
public enum AlertKind
{
    Unresolved = 0,
    Allergy = 1,
    Interaction = 2,
    Dose = 3,
    Duplicate = 4,
    Food = 5,
}

/// <summary>Patient sex as used by Cockcroft–Gault.</summary>
public enum Sex
{
    Unknown = 0,
    Female = 1,
    Male = 2,
}

/// <summary>A VTM-like substance: UK name, synonyms (US names, old BANs) and BNF-style classes.</summary>
public sealed record Substance(int Id, string Name, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Classes);

/// <summary>An active ingredient of a product with its strength per unit dose in milligrams.</summary>
public sealed record Ingredient(string Substance, double StrengthMg);

/// <summary>
/// A VMP-like product ("Simvastatin 40mg tablets"): code (dm+d VMP / SNOMED id), form, route, unit dose and
/// ingredients. Brand names (AMP-like) are kept only so text such as "Zocor" can be resolved.
/// </summary>
public sealed record Product(
    string Code,
    string Name,
    string Form,
    string Route,
    string UnitDose,
    IReadOnlyList<Ingredient> Ingredients,
    IReadOnlyList<string>? BrandNames = null);

/// <summary>
/// One medicine on the list: coded (<see cref="Code"/>), text only (<see cref="Text"/>), or both (code wins).
/// <see cref="DoseMg"/> is milligrams of the first ingredient per administration; dose checks need it and
/// <see cref="DosesPerDay"/>. For once-weekly medicines (methotrexate) give the weekly dose with DosesPerDay 1.
/// </summary>
public sealed record MedicineOrder(string? Code = null, string? Text = null)
{
    public double? DoseMg { get; init; }
    public double? DosesPerDay { get; init; }

    /// <summary>Route if different from the product's (e.g. "intravenous"); otherwise the product route is used.</summary>
    public string? Route { get; init; }
}

/// <summary>Everything the engine needs to screen a prescription. All lists may be empty.</summary>
public sealed record ScreeningRequest
{
    /// <summary>Medicines the patient already takes.</summary>
    public IReadOnlyList<MedicineOrder> CurrentMedicines { get; init; } = [];

    /// <summary>The new orders being prescribed; every check involves at least one of these.</summary>
    public IReadOnlyList<MedicineOrder> DraftOrders { get; init; } = [];

    /// <summary>Allergy record entries: a substance ("amoxicillin") or a class ("penicillins", "sulfa").</summary>
    public IReadOnlyList<string> Allergies { get; init; } = [];

    /// <summary>Foods to consider ("grapefruit juice", "alcohol", "milk"); see Data/food-aliases.csv.</summary>
    public IReadOnlyList<string> Foods { get; init; } = [];

    public double? AgeYears { get; init; }
    public double? WeightKg { get; init; }
    public Sex Sex { get; init; }

    /// <summary>Serum creatinine in µmol/L; with age, weight and sex gives Cockcroft–Gault creatinine clearance.</summary>
    public double? SerumCreatinineMicromolPerL { get; init; }

    /// <summary>Measured or already calculated creatinine clearance (mL/min); overrides the calculation.</summary>
    public double? CreatinineClearanceMlPerMin { get; init; }

    /// <summary>eGFR in mL/min/1.73 m².</summary>
    public double? EgfrMlPerMin { get; init; }

    /// <summary>Also screen current medicines against each other (a full medication review). Off by default.</summary>
    public bool ScreenCurrentAgainstCurrent { get; init; }
}

/// <summary>One side of an alert: a medicine (with product code when resolved), a food or an allergy entry.</summary>
public sealed record AlertItem(string Label, string? Code = null);

/// <summary>
/// A screening finding. <see cref="Id"/> is stable for the same rule and the same items (whatever their order or
/// position in the list) so the caller can record an override against it.
/// </summary>
public sealed record Alert(
    string Id,
    AlertKind Kind,
    Severity Severity,
    AlertItem ItemA,
    AlertItem? ItemB,
    string RuleId,
    string Mechanism,
    string Advice,
    string Source);
