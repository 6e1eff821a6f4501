namespace Infirmary.Pharmacy.Domain;

/// <summary>
/// One line of the controlled drugs register: a page per drug, strength and form at each location, with a running
/// balance in units. Written in the same transaction as the stock movement, always with a witness (a second member
/// of staff who signed with their own password). Append-only by use; read-only in the interface.
/// </summary>
public sealed class CdRegisterEntry
{
    public long Id { get; set; }

    public Guid VmpId { get; set; }

    public Guid LocationId { get; set; }

    public required string Drug { get; set; }

    public required string Strength { get; set; }

    public required string Form { get; set; }

    /// <summary>A <see cref="MovementKind"/>: receipt, issue, transfer in or out, dispense.</summary>
    public required string Kind { get; set; }

    public int Change { get; set; }

    /// <summary>Running balance of this drug, strength and form at this location after the entry.</summary>
    public int Balance { get; set; }

    public required string Unit { get; set; }

    public Guid BatchId { get; set; }

    public required string BatchNumber { get; set; }

    public DateTime At { get; set; }

    public required string ById { get; set; }

    public required string ByName { get; set; }

    public required string WitnessId { get; set; }

    public required string WitnessName { get; set; }

    /// <summary>From whom received or to whom supplied (supplier, ward, patient's prescription).</summary>
    public required string Detail { get; set; }

    public Guid? Reference { get; set; }
}
