namespace Infirmary.Pharmacy.Domain;

public static class CompoundingStatus
{
    /// <summary>Made, ingredients taken from stock, waiting for the second person's check.</summary>
    public const string Prepared = "prepared";

    /// <summary>Checked by a second person: the product is a dispensable stock batch.</summary>
    public const string Released = "released";

    /// <summary>Refused at the check: the ingredients stay used; nothing enters stock.</summary>
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Prepared, Released, Rejected];
}

/// <summary>
/// An extemporaneous preparation worksheet: the product made (a formulary pack), the formula (ingredient batches and
/// quantities taken from stock), the method, storage and a short assigned expiry, prepared by one person and checked
/// by another. On release the product becomes a stock batch at the pharmacy store and is dispensed like any other.
/// </summary>
public sealed class Compounding
{
    public Guid Id { get; set; }

    /// <summary>The pack of the product made (its VMP is what prescriptions name).</summary>
    public Guid ProductPackId { get; set; }

    /// <summary>Where it is made and where its batch is held: the pharmacy store.</summary>
    public Guid LocationId { get; set; }

    /// <summary>Units made, in the product pack's unit (ml, capsule).</summary>
    public int Quantity { get; set; }

    public required string BatchNumber { get; set; }

    /// <summary>Assigned expiry: never later than the earliest ingredient's.</summary>
    public DateOnly Expiry { get; set; }

    public required string Method { get; set; }

    public required string Storage { get; set; }

    public required string Status { get; set; }

    public required string PreparedById { get; set; }

    public required string PreparedByName { get; set; }

    public DateTime PreparedAt { get; set; }

    public string? CheckedById { get; set; }

    public string? CheckedByName { get; set; }

    public DateTime? CheckedAt { get; set; }

    public string? RejectionReason { get; set; }

    /// <summary>The stock batch the product became on release.</summary>
    public Guid? BatchId { get; set; }

    public List<CompoundingIngredient> Ingredients { get; set; } = [];

    public string Reference => $"EXT-{Id.ToString("N")[..8].ToUpperInvariant()}";
}

/// <summary>One ingredient of the formula: a quantity taken from one stock batch.</summary>
public sealed class CompoundingIngredient
{
    public Guid Id { get; set; }

    public Guid CompoundingId { get; set; }

    public int Position { get; set; }

    public Guid PackId { get; set; }

    public Guid BatchId { get; set; }

    public int Units { get; set; }
}

/// <summary>A ward or clinic's agreed stock level (imprest) of one pack, in packs: the top-up sends it back up to this.</summary>
public sealed class ImprestLevel
{
    public Guid Id { get; set; }

    public Guid LocationId { get; set; }

    public Guid PackId { get; set; }

    public int LevelPacks { get; set; }
}
