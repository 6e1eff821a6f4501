namespace Infirmary.Laboratory.Domain;

/// <summary>
/// A solution made up in the laboratory (a buffer, a stain, a working reagent): what it is, its own lot number for
/// the bottle's label, how much, who made it and when, when it expires, and the lot of every ingredient — so a
/// faulty ingredient lot can be traced to every solution made from it.
/// </summary>
public sealed class SolutionPreparation
{
    public const int MaxName = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Solution { get; init; }

    /// <summary>The prepared solution's own lot number (SP-yyyyMMdd-XXXX), unique; printed on the bottle.</summary>
    public required string LotNumber { get; init; }

    /// <summary>How much was made, as written on the bottle ("500 mL").</summary>
    public required string Quantity { get; init; }

    public DateTime PreparedAt { get; init; }

    public required string PreparedById { get; init; }

    public required string PreparedBy { get; init; }

    public DateOnly ExpiresOn { get; init; }

    public string? Notes { get; init; }

    public List<SolutionIngredient> Ingredients { get; init; } = [];
}

/// <summary>One ingredient of a prepared solution, with the lot it came from.</summary>
public sealed class SolutionIngredient
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PreparationId { get; init; }

    public required string Name { get; init; }

    public required string LotNumber { get; init; }

    /// <summary>How much of it went in ("5.84 g"); optional.</summary>
    public string? Amount { get; init; }
}

/// <summary>What kind of cleaning an entry records.</summary>
public static class CleaningKind
{
    public const string Cleaning = "cleaning";
    public const string Disinfection = "disinfection";
    public const string Sterilisation = "sterilisation";

    public static readonly string[] All = [Cleaning, Disinfection, Sterilisation];
}

/// <summary>
/// An entry in the cleaning and sterilisation log: what was cleaned, how (agent or autoclave cycle), by whom and when.
/// A sterilisation records its cycle and whether the indicator passed (the database insists on the indicator).
/// </summary>
public sealed class CleaningEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The equipment or area ("Class II cabinet 2", "Centrifuge bowl", "Bench 3").</summary>
    public required string Item { get; init; }

    public required string Kind { get; init; }

    /// <summary>The agent and strength, or the autoclave programme ("1% Virkon", "121 °C for 15 minutes").</summary>
    public required string Method { get; init; }

    /// <summary>The lot of the disinfectant used, where there is one.</summary>
    public string? AgentLot { get; init; }

    /// <summary>Autoclave cycle number (sterilisation only).</summary>
    public string? Cycle { get; init; }

    /// <summary>Whether the chemical/biological indicator passed (sterilisation only; required there).</summary>
    public bool? IndicatorPassed { get; init; }

    public DateTime PerformedAt { get; init; }

    public required string PerformedById { get; init; }

    public required string PerformedBy { get; init; }

    public string? Notes { get; init; }
}

/// <summary>Waste categories, after the colour-coded segregation of HTM 07-01, and whether each is hazardous.</summary>
public static class WasteCategory
{
    public static readonly IReadOnlyList<(string Code, string Label, bool Hazardous)> All =
    [
        ("infectious-orange", "Infectious, for alternative treatment (orange)", true),
        ("infectious-yellow", "Infectious, for incineration (yellow)", true),
        ("sharps", "Sharps", true),
        ("cytotoxic", "Cytotoxic and cytostatic (purple)", true),
        ("anatomical", "Anatomical (red)", true),
        ("chemical", "Hazardous chemical", true),
        ("offensive", "Offensive (yellow and black)", false),
        ("domestic", "Domestic (black)", false),
    ];

    public static readonly string[] Units = ["kg", "L", "containers"];

    public static bool IsHazardous(string code) => All.Any(c => c.Code == code && c.Hazardous);

    public static string Label(string code) => All.FirstOrDefault(c => c.Code == code).Label ?? code;
}

/// <summary>
/// Waste consigned from the laboratory: category, quantity and the consignment note that goes with hazardous waste
/// (required for hazardous categories — the database insists too), the carrier, when it was collected and who logged it.
/// </summary>
public sealed class WasteEntry
{
    public const int MaxConsignmentNote = 30;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Category { get; init; }

    public decimal Quantity { get; init; }

    public required string Unit { get; init; }

    public string? ConsignmentNote { get; init; }

    public string? Carrier { get; init; }

    public DateTime CollectedAt { get; init; }

    public required string RecordedById { get; init; }

    public required string RecordedBy { get; init; }

    public string? Notes { get; init; }
}
