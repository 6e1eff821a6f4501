namespace Infirmary.Laboratory.Domain;

/// <summary>A reagent or consumable the laboratory keeps, with the level at which it is reordered.</summary>
public sealed class StockItem
{
    public const int MaxName = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; init; }

    /// <summary>"reagent" or "consumable".</summary>
    public required string Kind { get; init; }

    /// <summary>What one counts in ("kit", "box of 100", "bottle").</summary>
    public required string Unit { get; init; }

    public int ReorderLevel { get; set; }

    public List<StockLot> Lots { get; init; } = [];
}

/// <summary>One lot of a stock item: its number, expiry and how many units are left (never below zero — CHECK too).</summary>
public sealed class StockLot
{
    public const int MaxLot = 50;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ItemId { get; init; }

    public required string LotNumber { get; init; }

    public DateOnly ExpiresOn { get; init; }

    public int Quantity { get; set; }

    public DateTime ReceivedAt { get; init; }

    public int Version { get; set; }
}

/// <summary>Every change to a lot's quantity: received (+) or used (−), by whom and why.</summary>
public sealed class StockMovement
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid LotId { get; init; }

    public int Change { get; init; }

    public DateTime At { get; init; }

    public required string By { get; init; }

    public string? Reason { get; init; }
}

/// <summary>The target mean and SD of one control material level on one analyser for one test.</summary>
public sealed class QcTarget
{
    public const int MaxAnalyser = 50;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Analyser { get; init; }

    public required string TestCode { get; init; }

    /// <summary>Control level (1 = low, 2 = normal, 3 = high).</summary>
    public int Level { get; init; }

    public decimal Mean { get; init; }

    public decimal Sd { get; init; }
}

/// <summary>One QC measurement and how the Westgard rules judged it when it was recorded.</summary>
public sealed class QcResult
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TargetId { get; init; }

    public decimal Value { get; init; }

    public DateTime MeasuredAt { get; init; }

    public required string RecordedBy { get; init; }

    /// <summary>accept, warning or reject.</summary>
    public required string Status { get; init; }

    /// <summary>The rules broken, comma-separated ("2-2s, 4-1s"); empty when accepted.</summary>
    public required string Rules { get; init; }
}

/// <summary>An entry in an analyser's maintenance log.</summary>
public sealed class MaintenanceEntry
{
    public static readonly string[] Kinds = ["daily", "weekly", "monthly", "calibration", "service", "repair"];

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Analyser { get; init; }

    public required string Kind { get; init; }

    public DateTime PerformedAt { get; init; }

    public required string PerformedBy { get; init; }

    public string? Notes { get; init; }
}
