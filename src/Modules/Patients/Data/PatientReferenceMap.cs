using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Infirmary.Patients.Data;

/// <summary>One column, somewhere in the database, that holds a patient's id and is moved by a merge.</summary>
public sealed record PatientReferenceColumn(
    string Entity,
    string Table,
    string? Schema,
    string KeyColumn,
    string Column,
    string? IntegerTokenColumn,
    IProperty Property)
{
    public override string ToString() => $"{Table}.{Column}";
}

/// <summary>
/// Finds, from the EF model at run time, every column that refers to a patient: real foreign keys to the patients
/// table, and columns that modules declare with <see cref="PatientReferences.IsPatientReference{T}"/> (modules hold
/// patient ids without a foreign key across module boundaries). Columns declared <see cref="OnPatientMerge.Keep"/>
/// are about the record rather than the person and are left alone.
/// </summary>
public static class PatientReferenceMap
{
    public static IReadOnlyList<PatientReferenceColumn> ToMove(IModel model)
    {
        var patient = model.FindEntityType(typeof(Patient)) ?? throw new InvalidOperationException("Patient is not in the model.");
        var result = new List<PatientReferenceColumn>();
        foreach (var entity in TableEntities(model))
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetDeclaredProperties())
            {
                var declared = property.DeclaredPatientReference();
                if (declared == OnPatientMerge.Keep || (declared is null && !IsForeignKeyToPatient(property, patient)))
                {
                    continue;
                }

                var key = entity.FindPrimaryKey();
                if (key is null || key.Properties.Count != 1)
                {
                    throw new InvalidOperationException(
                        $"{table}.{property.GetColumnName(store)} refers to a patient, but {table} has no single-column primary key, so a merge could not record which rows it moved.");
                }

                var token = entity.GetProperties().FirstOrDefault(p => p.IsConcurrencyToken && p.ValueGenerated == ValueGenerated.Never
                                                                       && (p.ClrType == typeof(int) || p.ClrType == typeof(long)));
                result.Add(new PatientReferenceColumn(
                    entity.DisplayName(), table, entity.GetSchema(), key.Properties[0].GetColumnName(store)!,
                    property.GetColumnName(store)!, token?.GetColumnName(store), property));
            }
        }

        return result;
    }

    /// <summary>
    /// Columns that look as if they hold a patient's id (the name says so) but are neither a foreign key to the
    /// patients table nor declared: a merge would silently leave them behind. Must always be empty.
    /// </summary>
    public static IReadOnlyList<string> Unclassified(IModel model)
    {
        var patient = model.FindEntityType(typeof(Patient))!;
        var result = new List<string>();
        foreach (var entity in TableEntities(model))
        {
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetDeclaredProperties())
            {
                var column = property.GetColumnName(store) ?? property.Name;
                if (LooksLikePatientId(column) || LooksLikePatientId(property.Name))
                {
                    if (property.DeclaredPatientReference() is null && !IsForeignKeyToPatient(property, patient))
                    {
                        result.Add($"{entity.GetTableName()}.{column} ({entity.DisplayName()}.{property.Name})");
                    }
                }
            }
        }

        return result;
    }

    private static bool LooksLikePatientId(string name) =>
        name.Replace("_", string.Empty, StringComparison.Ordinal).Contains("patientid", StringComparison.OrdinalIgnoreCase);

    private static bool IsForeignKeyToPatient(IProperty property, IEntityType patient) =>
        property.GetContainingForeignKeys().Any(fk => fk.PrincipalEntityType == patient);

    private static IEnumerable<IEntityType> TableEntities(IModel model) =>
        model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned() && e.GetViewName() is null);
}
