using NetArchTest.Rules;

namespace Infirmary.Web.Tests.Physics;

/// <summary>The Physics module keeps to its boundaries: no host, CLI or migrations code, and no other module's types.</summary>
public sealed class PhysicsArchitectureTests
{
    private static readonly System.Reflection.Assembly Physics = typeof(Infirmary.Physics.PhysicsModule).Assembly;

    [Fact]
    public void GivenThePhysicsModule_WhenItsDependenciesAreInspected_ThenItReachesNoHostCliMigrationsOrPatientTables()
    {
        var result = Types.InAssembly(Physics).Should()
            .NotHaveDependencyOnAny("Infirmary.Web", "Infirmary.Cli", "Infirmary.Data.Sqlite", "Infirmary.Data.Postgres",
                "Infirmary.Patients.Domain", "Infirmary.Patients.Data")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void GivenPhysicsTypes_WhenNamespacesAreInspected_ThenAllLiveUnderTheModuleNamespace()
    {
        var strays = Physics.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Infirmary.Physics", StringComparison.Ordinal)
                                                   && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal) && !t.Namespace.StartsWith("System.", StringComparison.Ordinal)
                                                   && t.Namespace != "Microsoft.CodeAnalysis" && !t.Namespace.StartsWith("__Blazor", StringComparison.Ordinal) && !t.Name.StartsWith('<')).ToList();
        Assert.Empty(strays.Select(t => t.FullName));
    }
}
