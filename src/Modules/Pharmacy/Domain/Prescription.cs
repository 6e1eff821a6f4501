namespace Infirmary.Pharmacy.Domain;

public static class PrescriptionType
{
    public const string Inpatient = "inpatient";
    public const string Discharge = "discharge";
    public const string Outpatient = "outpatient";

    public static readonly IReadOnlyList<string> All = [Inpatient, Discharge, Outpatient];

    public static string Display(string type) => type switch
    {
        Inpatient => "Inpatient",
        Discharge => "Discharge (TTO)",
        Outpatient => "Outpatient",
        _ => type,
    };
}

public static class PrescriptionStatus
{
    public const string AwaitingCheck = "awaiting-check";
    public const string Queried = "queried";
    public const string Approved = "approved";

    public static readonly IReadOnlyList<string> All = [AwaitingCheck, Queried, Approved];

    public static string Display(string status) => status switch
    {
        AwaitingCheck => "Awaiting clinical check",
        Queried => "Queried with the prescriber",
        Approved => "Clinically checked",
        _ => status,
    };
}

/// <summary>
/// A prescription for one patient: inpatient order, discharge (TTO) or outpatient. Screened when written; a
/// pharmacist's clinical check approves, queries or amends it. <see cref="Version"/> is a concurrency token bumped by
/// every change, so an approval never lands on a prescription that changed after the pharmacist read it.
/// </summary>
public sealed class Prescription
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public required string Type { get; set; }

    public required string Status { get; set; }

    public required string PrescriberId { get; set; }

    public required string PrescriberName { get; set; }

    public DateTime WrittenAt { get; set; }

    /// <summary>The patient's allergies as given with the prescription (one per line), screened against it.</summary>
    public string? Allergies { get; set; }

    /// <summary>Other current medicines (one per line), screened against the new ones.</summary>
    public string? CurrentMedicines { get; set; }

    public double? WeightKg { get; set; }

    public double? AgeYears { get; set; }

    public string? CheckedById { get; set; }

    public string? CheckedByName { get; set; }

    public DateTime? CheckedAt { get; set; }

    /// <summary>The pharmacist's question to the prescriber while queried.</summary>
    public string? Query { get; set; }

    public int Version { get; set; }

    public List<PrescriptionItem> Items { get; set; } = [];

    public List<PrescriptionAlert> Alerts { get; set; } = [];

    public IReadOnlyList<string> AllergyList => Lines(Allergies);

    public IReadOnlyList<string> CurrentMedicineList => Lines(CurrentMedicines);

    private static string[] Lines(string? text) =>
        text is null ? [] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One medicine on a prescription: a formulary product, dose, route, frequency, directions and quantity.</summary>
public sealed class PrescriptionItem
{
    public Guid Id { get; set; }

    public Guid PrescriptionId { get; set; }

    public int Position { get; set; }

    public Guid VmpId { get; set; }

    /// <summary>The code as prescribed (VMP, or a brand's AMP code).</summary>
    public required string ProductCode { get; set; }

    public required string ProductName { get; set; }

    /// <summary>Dose in mg of the first ingredient per administration.</summary>
    public double DoseMg { get; set; }

    public required string Route { get; set; }

    /// <summary>Frequency code (OD, BD, TDS, QDS, ON, WEEKLY, PRN …); see <see cref="Frequencies"/>.</summary>
    public required string Frequency { get; set; }

    public required string Directions { get; set; }

    /// <summary>Quantity to supply, in the product's units (tablets, capsules, ml).</summary>
    public int Quantity { get; set; }

    public required string QuantityUnit { get; set; }
}

/// <summary>
/// A screening alert raised on a prescription. Alerts at <c>severe</c> or <c>contraindicated</c> must be overridden —
/// reason, who, when — before the prescription can be approved. The database keeps the override all-or-nothing.
/// </summary>
public sealed class PrescriptionAlert
{
    public Guid Id { get; set; }

    public Guid PrescriptionId { get; set; }

    /// <summary>The engine's stable alert id (same rule, same medicines → same id), so an override survives re-screening.</summary>
    public required string AlertId { get; set; }

    public required string RuleId { get; set; }

    public required string Kind { get; set; }

    /// <summary>1 minor, 2 moderate, 3 severe, 4 contraindicated (the engine's <c>Severity</c>).</summary>
    public int Severity { get; set; }

    public required string Summary { get; set; }

    public required string Mechanism { get; set; }

    public required string Advice { get; set; }

    public required string Source { get; set; }

    public string? OverrideReason { get; set; }

    public string? OverriddenById { get; set; }

    public string? OverriddenByName { get; set; }

    public DateTime? OverriddenAt { get; set; }

    public bool NeedsOverride => Severity >= 3;

    public bool Overridden => OverrideReason is not null;
}

/// <summary>The clinical-check history of a prescription: screened, overridden, queried, amended, approved.</summary>
public sealed class PrescriptionEvent
{
    public long Id { get; set; }

    public Guid PrescriptionId { get; set; }

    public required string Action { get; set; }

    public required string ById { get; set; }

    public required string ByName { get; set; }

    public DateTime At { get; set; }

    public string? Note { get; set; }
}

/// <summary>Frequency codes as written on UK drug charts, with doses per day for the dose-range check.</summary>
public static class Frequencies
{
    private static readonly Dictionary<string, (string Text, double? PerDay)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OD"] = ("once a day", 1),
        ["OM"] = ("every morning", 1),
        ["ON"] = ("at night", 1),
        ["BD"] = ("twice a day", 2),
        ["TDS"] = ("three times a day", 3),
        ["QDS"] = ("four times a day", 4),
        ["4H"] = ("every 4 hours", 6),
        ["6H"] = ("every 6 hours", 4),
        ["WEEKLY"] = ("once a week", 1.0 / 7),
        ["STAT"] = ("once, now", 1),
        ["PRN"] = ("when required", null),
    };

    public static IReadOnlyCollection<string> Codes => Known.Keys;

    public static bool IsKnown(string? code) => code is not null && Known.ContainsKey(code.Trim());

    public static string Text(string code) => Known.TryGetValue(code, out var f) ? f.Text : code;

    public static double? PerDay(string code) => Known.TryGetValue(code, out var f) ? f.PerDay : null;

    public static string Normalise(string code) => code.Trim().ToUpperInvariant();
}
