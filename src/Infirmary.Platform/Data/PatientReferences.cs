using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infirmary.Platform.Data;

/// <summary>What a patient merge does with a column that holds a patient's id.</summary>
public enum OnPatientMerge
{
    /// <summary>The row belongs to the person: it is moved to the surviving record (and moved back by an unmerge).</summary>
    Move,

    /// <summary>
    /// The row is about the record itself, not the person (its version history, the audit trail, a break-glass
    /// grant, the merge record): it stays where it is.
    /// </summary>
    Keep,
}

/// <summary>
/// Marks the columns that hold a patient's id. Modules reference patients by id only (no foreign key across
/// modules), so the model alone cannot tell that <c>physics_mu_checks.patient_id</c> points at a patient: the owning
/// module says so with <see cref="IsPatientReference{T}"/>. A patient merge finds every column to move from these
/// annotations and from real foreign keys to the patients table; a model test fails when a column named like
/// <c>patient_id</c> is neither, so a new table cannot be forgotten (ADR 0031).
/// </summary>
public static class PatientReferences
{
    public const string Annotation = "Infirmary:PatientReference";

    public static PropertyBuilder<T> IsPatientReference<T>(this PropertyBuilder<T> property, OnPatientMerge onMerge = OnPatientMerge.Move)
    {
        property.HasAnnotation(Annotation, onMerge.ToString());
        return property;
    }

    /// <summary>The merge rule a module declared on this property, or null when it declared none.</summary>
    public static OnPatientMerge? DeclaredPatientReference(this IReadOnlyProperty property) =>
        property.FindAnnotation(Annotation)?.Value is string s && Enum.TryParse<OnPatientMerge>(s, out var rule) ? rule : null;
}
