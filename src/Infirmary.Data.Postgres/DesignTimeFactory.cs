using Infirmary.Data;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Infirmary.Data.Postgres;

/// <summary>Used by <c>dotnet ef migrations add</c>. Lists every module's model: add a new module here and in Sqlite.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<InfirmaryDbContext>
{
    public InfirmaryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<InfirmaryDbContext>();
        DataServiceCollectionExtensions.Configure(options, DatabaseProvider.Postgres, "Host=localhost;Database=design_time");
        return new InfirmaryDbContext(options.Options, ModuleModels.All);
    }
}
