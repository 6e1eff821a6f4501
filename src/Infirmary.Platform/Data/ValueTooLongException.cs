using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Infirmary.Platform.Data;

/// <summary>
/// A text value longer than its column, refused before anything is written (ADR 0174). Features check typed text at
/// the edge and name the field in their own words; this is the net under a check that was missed, and it makes SQLite,
/// which ignores column lengths, refuse what PostgreSQL refuses, so the embedded database never keeps a value the
/// production one would not. The message names the record and the field but never the value.
/// </summary>
public sealed class ValueTooLongException(string record, string field, int length, int limit)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"The {record}'s {field} is {length} characters long; keep it to {limit}. Nothing was saved."))
{
    public string Record { get; } = record;

    public string Field { get; } = field;

    public int Length { get; } = length;

    public int Limit { get; } = limit;

    /// <summary>
    /// Throws for the first text value of a row about to be written that is longer than its column's declared length:
    /// every text property of an added row, and the changed ones of a modified row. Only text columns with a declared
    /// length are looked at, so no other value is read (or boxed) on the way.
    /// </summary>
    internal static void ThrowIfTooLong(EntityEntry entry)
    {
        if (entry.State is not (EntityState.Added or EntityState.Modified)) return;
        foreach (var metadata in entry.Metadata.GetProperties())
        {
            if (metadata.ClrType != typeof(string) || metadata.GetMaxLength() is not { } limit) continue;
            var property = entry.Property(metadata);
            if (entry.State == EntityState.Modified && !property.IsModified) continue;
            if (property.CurrentValue is string value && value.Length > limit)
            {
                throw new ValueTooLongException(Words(entry.Metadata.ShortName()), Words(metadata.Name), value.Length, limit);
            }
        }
    }

    // "RotaChange" → "rota change", "NhsNumber" → "nhs number": the model's names (short: no namespace or generic
    // arguments) in words, since that is all there is to name the field by here.
    private static string Words(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
