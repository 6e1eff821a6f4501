using System.Reflection;
using NetArchTest.Rules;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>The Laboratory module's boundaries (kept beside the module's tests so merges with other modules do not collide).</summary>
public sealed class LaboratoryArchitectureTests
{
    private static readonly Assembly Laboratory = typeof(Infirmary.Laboratory.LaboratoryModule).Assembly;

    [Fact]
    public void GivenTheLaboratoryModule_WhenItsDependenciesAreInspected_ThenNoHostCliMigrationsOrPatientsInternals()
    {
        var result = Types.InAssembly(Laboratory).Should()
            .NotHaveDependencyOnAny("Infirmary.Web", "Infirmary.Cli", "Infirmary.Data.Sqlite", "Infirmary.Data.Postgres",
                "Infirmary.Patients.Domain", "Infirmary.Patients.Data", "Infirmary.Patients.Features")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void GivenThePlatform_WhenItsDependenciesAreInspected_ThenItDoesNotKnowTheLaboratory()
    {
        var result = Types.InAssembly(typeof(Infirmary.Platform.Data.InfirmaryDbContext).Assembly).Should()
            .NotHaveDependencyOn("Infirmary.Laboratory")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void GivenLaboratoryTypes_WhenNamespacesAreInspected_ThenAllLiveUnderTheModuleNamespace()
    {
        var strays = Laboratory.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Infirmary.Laboratory", StringComparison.Ordinal)
                                                      && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal) && !t.Namespace.StartsWith("System.", StringComparison.Ordinal)
                                                      && t.Namespace != "Microsoft.CodeAnalysis" && !t.Namespace.StartsWith("__Blazor", StringComparison.Ordinal) && !t.Name.StartsWith('<')).ToList();
        Assert.Empty(strays.Select(t => t.FullName));
    }
}
