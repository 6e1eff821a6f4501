namespace Infirmary.Pharmacy.Domain;

/// <summary>
/// A stock-take of one location, posted in one transaction: per batch, what the system held (expected) and what was
/// counted; every variance carries a reason and went through the ledger as a <see cref="MovementKind.StockTake"/> row.
/// </summary>
public sealed class StockTake
{
    public Guid Id { get; set; }

    public Guid LocationId { get; set; }

    public DateTime At { get; set; }

    public required string ById { get; set; }

    public required string ByName { get; set; }

    public List<StockTakeLine> Lines { get; set; } = [];
}

public sealed class StockTakeLine
{
    public Guid Id { get; set; }

    public Guid StockTakeId { get; set; }

    public Guid BatchId { get; set; }

    /// <summary>Units the system held when the stock-take was posted.</summary>
    public int Expected { get; set; }

    /// <summary>Units counted (never negative).</summary>
    public int Counted { get; set; }

    public int Variance => Counted - Expected;

    /// <summary>Why the count differs (required when it does).</summary>
    public string? Reason { get; set; }
}

/// <summary>Reorder level of a pack at a location, in packs: below it, the pack is listed for ordering.</summary>
public sealed class ReorderLevel
{
    public Guid Id { get; set; }

    public Guid PackId { get; set; }

    public Guid LocationId { get; set; }

    /// <summary>Reorder when usable stock falls below this many packs.</summary>
    public int LevelPacks { get; set; }

    /// <summary>How many packs to order when it does.</summary>
    public int OrderPacks { get; set; }
}

public static class PurchaseOrderStatus
{
    public const string Draft = "draft";
    public const string Sent = "sent";
    public const string Received = "received";

    public static readonly IReadOnlyList<string> All = [Draft, Sent, Received];
}

/// <summary>A simple purchase order: draft → sent → received. Goods arrive through the ordinary goods receipt.</summary>
public sealed class PurchaseOrder
{
    /// <summary>Database-assigned order number ("PO-000012").</summary>
    public long Id { get; set; }

    public required string Supplier { get; set; }

    /// <summary>Where the goods are delivered.</summary>
    public Guid LocationId { get; set; }

    public required string Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? ReceivedAt { get; set; }

    public List<PurchaseOrderLine> Lines { get; set; } = [];

    public string Reference => $"PO-{Id:D6}";
}

public sealed class PurchaseOrderLine
{
    public Guid Id { get; set; }

    public long PurchaseOrderId { get; set; }

    public Guid PackId { get; set; }

    public int OrderedPacks { get; set; }

    public int ReceivedPacks { get; set; }
}
