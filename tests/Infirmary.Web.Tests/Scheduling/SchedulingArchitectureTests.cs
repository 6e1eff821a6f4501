using NetArchTest.Rules;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>The Scheduling module keeps to its boundaries: no host, CLI or migrations code, and patients only through IPatientDirectory.</summary>
public sealed class SchedulingArchitectureTests
{
    private static readonly System.Reflection.Assembly Scheduling = typeof(Infirmary.Scheduling.SchedulingModule).Assembly;

    [Fact]
    public void GivenTheSchedulingModule_WhenItsDependenciesAreInspected_ThenItReachesNoHostCliMigrationsOrPatientInternals()
    {
        var result = Types.InAssembly(Scheduling).Should()
            .NotHaveDependencyOnAny("Infirmary.Web", "Infirmary.Cli", "Infirmary.Data.Sqlite", "Infirmary.Data.Postgres",
                "Infirmary.Patients.Domain", "Infirmary.Patients.Data", "Infirmary.Patients.Features", "Infirmary.Physics", "Infirmary.Pharmacy")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void GivenSchedulingTypes_WhenNamespacesAreInspected_ThenAllLiveUnderTheModuleNamespace()
    {
        var strays = Scheduling.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Infirmary.Scheduling", StringComparison.Ordinal)
                                                      && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal) && !t.Namespace.StartsWith("System.", StringComparison.Ordinal)
                                                      && t.Namespace != "Microsoft.CodeAnalysis" && !t.Namespace.StartsWith("__Blazor", StringComparison.Ordinal) && !t.Name.StartsWith('<')).ToList();
        Assert.Empty(strays.Select(t => t.FullName));
    }
}
