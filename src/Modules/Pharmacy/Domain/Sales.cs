namespace Infirmary.Pharmacy.Domain;

/// <summary>
/// An over-the-counter sale of General Sales List and Pharmacy medicines: a chargeable item (prices in pence) for the
/// billing module to read, with the P-medicine sale protocol answers (WWHAM) when a P medicine is in it. Written once,
/// in the same transaction as the stock it took; never changed afterwards.
/// </summary>
public sealed class Sale
{
    /// <summary>Also its till receipt reference: the first 8 hex digits ("OTC-1A2B3C4D").</summary>
    public Guid Id { get; set; }

    public DateTime SoldAt { get; set; }

    public required string SoldById { get; set; }

    public required string SoldByName { get; set; }

    /// <summary>The patient, when the sale is linked to one (optional).</summary>
    public Guid? PatientId { get; set; }

    /// <summary>True when a Pharmacy (P) medicine is in the sale, so the protocol answers below are required.</summary>
    public bool ProtocolRequired { get; set; }

    public string? ForWhom { get; set; }

    public string? Symptoms { get; set; }

    public string? Duration { get; set; }

    public string? ActionTaken { get; set; }

    public string? OtherMedicines { get; set; }

    /// <summary>More than two packs of painkillers, allowed by the pharmacist named below for the reason recorded.</summary>
    public bool Exceptional { get; set; }

    public string? ExceptionalReason { get; set; }

    public string? SupervisedById { get; set; }

    public string? SupervisedByName { get; set; }

    public int TotalPence { get; set; }

    /// <summary>"unbilled" until the billing module takes it.</summary>
    public required string BillingStatus { get; set; }

    public List<SaleLine> Lines { get; set; } = [];

    public string Reference => $"OTC-{Id.ToString("N")[..8].ToUpperInvariant()}";
}

/// <summary>Whole packs of one batch sold, at the pack's price when sold.</summary>
public sealed class SaleLine
{
    public Guid Id { get; set; }

    public Guid SaleId { get; set; }

    public Guid PackId { get; set; }

    public Guid BatchId { get; set; }

    public required string Description { get; set; }

    /// <summary>GSL or P, as the pack was classified at the time of sale.</summary>
    public required string LegalCategory { get; set; }

    public int Packs { get; set; }

    /// <summary>Packs × pack size, in the pack's unit: what left stock.</summary>
    public int Units { get; set; }

    public int UnitPricePence { get; set; }

    /// <summary>Packs × unit price (held by a check constraint).</summary>
    public int LinePence { get; set; }
}

public static class BillingStatus
{
    public const string Unbilled = "unbilled";
    public const string Billed = "billed";

    public static readonly IReadOnlyList<string> All = [Unbilled, Billed];
}
