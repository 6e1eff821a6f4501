using Microsoft.EntityFrameworkCore;

namespace Infirmary.Platform.Data;

/// <summary>
/// A module adds its own tables to the one database through this. The module owns the entity types it
/// configures here; other modules must not map or query them.
/// </summary>
public interface IModelContributor
{
    void Configure(ModelBuilder modelBuilder, DatabaseProvider provider);
}
