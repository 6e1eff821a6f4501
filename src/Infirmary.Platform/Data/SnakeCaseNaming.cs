using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infirmary.Platform.Data;

/// <summary>
/// Every table names its columns in snake_case. A module can spell each one out with <c>HasColumnName</c> (the older
/// modules do) or call <see cref="SnakeCaseColumns{T}"/> once at the end of an entity's configuration.
/// </summary>
public static class SnakeCaseNaming
{
    /// <summary>Names every property declared so far on <paramref name="entity"/> in snake_case (<c>StartMinute</c> → <c>start_minute</c>).</summary>
    public static EntityTypeBuilder<T> SnakeCaseColumns<T>(this EntityTypeBuilder<T> entity)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var p in entity.Metadata.GetDeclaredProperties())
        {
            p.SetColumnName(ToSnakeCase(p.Name));
        }

        return entity;
    }

    public static string ToSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}
