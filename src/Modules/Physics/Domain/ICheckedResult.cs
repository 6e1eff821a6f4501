namespace Infirmary.Physics.Domain;

/// <summary>
/// A physics result under the two-person rule: performed by one person, final only when checked by a different one.
/// </summary>
public interface ICheckedResult
{
    Guid Id { get; }

    int Version { get; set; }

    string PerformedById { get; }

    string PerformedByName { get; }

    string? CheckedById { get; set; }

    string? CheckedByName { get; set; }

    DateTime? CheckedAt { get; set; }

    bool IsFinal { get; }
}

/// <summary>
/// The sign-off every checked physics result carries, written once: who performed it and when, who checked it and
/// when, and the optimistic concurrency version the second check increments.
/// </summary>
public abstract class CheckedResult : ICheckedResult
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; set; } = 1;

    public string PerformedById { get; set; } = string.Empty;

    public string PerformedByName { get; set; } = string.Empty;

    public DateTime PerformedAt { get; set; }

    public string? CheckedById { get; set; }

    public string? CheckedByName { get; set; }

    public DateTime? CheckedAt { get; set; }

    public bool IsFinal => CheckedById is not null;
}
