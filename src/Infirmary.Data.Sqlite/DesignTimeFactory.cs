using Infirmary.Data;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Infirmary.Data.Sqlite;

/// <summary>Used by <c>dotnet ef migrations add</c>. Lists every module's model: add a new module here and in Postgres.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<InfirmaryDbContext>
{
    public InfirmaryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<InfirmaryDbContext>();
        DataServiceCollectionExtensions.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new InfirmaryDbContext(options.Options, ModuleModels.All);
    }
}
