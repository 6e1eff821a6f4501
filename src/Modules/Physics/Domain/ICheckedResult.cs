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
