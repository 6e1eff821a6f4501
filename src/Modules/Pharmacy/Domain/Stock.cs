namespace Infirmary.Pharmacy.Domain;

/// <summary>
/// dm+d AMPP/VMPP-like pack: what is bought and scanned, with its GTIN. A pack holds <see cref="Size"/> units of
/// <see cref="Unit"/> (28 tablets, 100 ml). Stock is counted in those units, never in packs, so a part-used pack,
/// a ward issue of a whole pack and a 14-tablet dispensing are all exact integers.
/// </summary>
public sealed class Pack
{
    public Guid Id { get; set; }

    public Guid VmpId { get; set; }

    /// <summary>The brand, when the pack is a branded one; null for a generic (VMPP-like) pack.</summary>
    public Guid? AmpId { get; set; }

    /// <summary>GTIN-14 as carried in AI (01) of the pack's DataMatrix. Unique.</summary>
    public required string Gtin { get; set; }

    /// <summary>As a person would say it: "Paracetamol 500mg tablets, 32 tablet pack".</summary>
    public required string Description { get; set; }

    /// <summary>Units in one pack (&gt; 0).</summary>
    public int Size { get; set; }

    /// <summary>The unit stock is counted in: tablet, capsule, ml, ampoule.</summary>
    public required string Unit { get; set; }

    /// <summary>Legal category of the pack (dm+d AMPP LEGAL_CATCD): GSL, P or POM; null when not known.</summary>
    public string? LegalCategory { get; set; }

    /// <summary>Retail price of one pack over the counter, in pence; null when the pack is not sold over the counter.</summary>
    public int? PricePence { get; set; }
}

/// <summary>Medicines Act 1968 legal categories as dm+d names them on packs.</summary>
public static class LegalCategory
{
    public const string GeneralSale = "GSL";
    public const string Pharmacy = "P";
    public const string PrescriptionOnly = "POM";

    public static readonly IReadOnlyList<string> All = [GeneralSale, Pharmacy, PrescriptionOnly];
}

public static class LocationKind
{
    public const string Store = "store";
    public const string Ward = "ward";
    public const string Clinic = "clinic";

    public static readonly IReadOnlyList<string> All = [Store, Ward, Clinic];

    public static string Display(string kind) => kind switch
    {
        Store => "Pharmacy store",
        Ward => "Ward",
        Clinic => "Clinic",
        _ => kind,
    };
}

/// <summary>A place stock is held: the pharmacy store, a ward, a clinic.</summary>
public sealed class StockLocation
{
    public Guid Id { get; set; }

    /// <summary>Short unique code ("PHARM", "WARD-7").</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }
}

/// <summary>
/// One batch of one pack at one location. <see cref="Quantity"/> is in the pack's units and is never negative: the
/// database refuses it (check constraint), and every decrement is a conditional UPDATE
/// (<c>quantity = quantity - n WHERE quantity &gt;= n</c>) in the same transaction as its ledger row.
/// </summary>
public sealed class StockBatch
{
    public Guid Id { get; set; }

    public Guid PackId { get; set; }

    public required string BatchNumber { get; set; }

    /// <summary>Usable up to and including this day.</summary>
    public DateOnly Expiry { get; set; }

    public Guid LocationId { get; set; }

    public int Quantity { get; set; }

    /// <summary>Quarantined stock cannot be issued, transferred or dispensed.</summary>
    public bool Quarantined { get; set; }

    public string? QuarantineReason { get; set; }

    public DateTime ReceivedAt { get; set; }

    public bool IsExpired(DateOnly today) => Expiry < today;
}

public static class MovementKind
{
    public const string Receipt = "receipt";
    public const string TransferOut = "transfer-out";
    public const string TransferIn = "transfer-in";
    public const string Issue = "issue";
    public const string Dispense = "dispense";
    public const string Quarantine = "quarantine";
    public const string StockTake = "stock-take";
    public const string Sale = "sale";

    /// <summary>An ingredient used in an extemporaneous preparation.</summary>
    public const string CompoundingUse = "compounding";

    /// <summary>A checked extemporaneous preparation entering stock as a batch.</summary>
    public const string Compounded = "compounded";

    public static readonly IReadOnlyList<string> All = [Receipt, TransferOut, TransferIn, Issue, Dispense, Quarantine, StockTake, Sale, CompoundingUse, Compounded];

    public static string Display(string kind) => kind switch
    {
        Receipt => "Goods received",
        TransferOut => "Transferred out",
        TransferIn => "Transferred in",
        Issue => "Issued",
        Dispense => "Dispensed",
        Quarantine => "Quarantined",
        StockTake => "Stock-take adjustment",
        Sale => "Sold over the counter",
        CompoundingUse => "Used in a preparation",
        Compounded => "Prepared (extemporaneous)",
        _ => kind,
    };
}

/// <summary>
/// The stock ledger: one row per movement of one batch, written in the same transaction as the change. Append-only
/// by use (nothing updates or deletes it). <see cref="Change"/> is signed (units); <see cref="Balance"/> is the batch's
/// quantity straight after the change, read inside the transaction that made it.
/// </summary>
public sealed class StockMovement
{
    /// <summary>Database-assigned, increasing: within one batch, the order the changes were made.</summary>
    public long Id { get; set; }

    public Guid BatchId { get; set; }

    public required string Kind { get; set; }

    public int Change { get; set; }

    public int Balance { get; set; }

    public DateTime At { get; set; }

    public required string ById { get; set; }

    public required string ByName { get; set; }

    /// <summary>Why: the reason given, or what it is for ("Transfer to Ward 7", "Prescription …").</summary>
    public required string Reason { get; set; }

    /// <summary>Links the two rows of a transfer, or the dispensing a row belongs to.</summary>
    public Guid? Reference { get; set; }
}
