namespace Infirmary.Pharmacy.Domain;

public static class DispensingStatus
{
    public const string AwaitingCheck = "awaiting-check";
    public const string Checked = "checked";

    public static readonly IReadOnlyList<string> All = [AwaitingCheck, Checked];
}

/// <summary>
/// One prescription item dispensed from one batch at the pharmacy store, after its pack's GS1 code was scanned and
/// verified; final once a second person (never the dispenser — the database refuses it) has done the accuracy check.
/// </summary>
public sealed class Dispensing
{
    public Guid Id { get; set; }

    public Guid PrescriptionId { get; set; }

    /// <summary>Unique: an item is dispensed once.</summary>
    public Guid ItemId { get; set; }

    public Guid PatientId { get; set; }

    public Guid BatchId { get; set; }

    /// <summary>Units dispensed (after pack rounding).</summary>
    public int Quantity { get; set; }

    public required string Unit { get; set; }

    /// <summary>What pack rounding did, in words ("30 tablets prescribed; 28 (1 original pack) supplied").</summary>
    public string? Rounding { get; set; }

    /// <summary>The serial number (AI 21) of the pack scanned, when it had one.</summary>
    public string? ScannedSerial { get; set; }

    public required string Status { get; set; }

    public required string DispensedById { get; set; }

    public required string DispensedByName { get; set; }

    public DateTime DispensedAt { get; set; }

    public string? CheckedById { get; set; }

    public string? CheckedByName { get; set; }

    public DateTime? CheckedAt { get; set; }

    public int Version { get; set; }
}
