using System.Reflection;
using NetArchTest.Rules;

namespace Infirmary.Web.Tests.Architecture;

/// <summary>
/// Module boundaries, checked on the compiled assemblies: engines stay free of web and database code, the platform
/// knows no module, and a module never reaches into the host.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Platform = typeof(Infirmary.Platform.Data.InfirmaryDbContext).Assembly;
    private static readonly Assembly Patients = typeof(Infirmary.Patients.PatientsModule).Assembly;
    private static readonly Assembly Pharmacy = typeof(Infirmary.Pharmacy.PharmacyModule).Assembly;

    public static TheoryData<string> Modules() => ["Infirmary.Patients", "Infirmary.Pharmacy"];

    private static Assembly Module(string name) => name == "Infirmary.Patients" ? Patients : Pharmacy;

    public static TheoryData<string> EngineAssemblies()
    {
        var data = new TheoryData<string>();
        var folder = AppContext.BaseDirectory;
        foreach (var name in new[] { "Infirmary.Matching", "Infirmary.Hl7v2", "Infirmary.Dosimetry", "Infirmary.Rostering", "Infirmary.Medicines" })
        {
            if (File.Exists(Path.Combine(folder, name + ".dll")))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EngineAssemblies))]
    public void GivenAnEngine_WhenItsDependenciesAreInspected_ThenNoWebOrDatabaseCode(string engine)
    {
        var assembly = Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, engine + ".dll"));
        var result = Types.InAssembly(assembly).Should()
            .NotHaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System.CommandLine", "Infirmary.Platform", "Npgsql", "Microsoft.Data.Sqlite")
            .GetResult();
        Assert.True(result.IsSuccessful, $"{engine} depends on web/database code: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void GivenThePlatform_WhenItsDependenciesAreInspected_ThenItKnowsNoModuleOrHost()
    {
        var result = Types.InAssembly(Platform).Should()
            .NotHaveDependencyOnAny("Infirmary.Patients", "Infirmary.Pharmacy", "Infirmary.Scheduling", "Infirmary.Web", "Infirmary.Cli")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void GivenAModule_WhenItsDependenciesAreInspected_ThenItDoesNotReachIntoTheHostOrCli(string module)
    {
        var result = Types.InAssembly(Module(module)).Should()
            .NotHaveDependencyOnAny("Infirmary.Web", "Infirmary.Cli", "Infirmary.Data.Sqlite", "Infirmary.Data.Postgres")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void GivenPharmacy_WhenItsDependenciesAreInspected_ThenItDoesNotUsePatientsInternals()
    {
        // Pharmacy names patients by id only; anything else goes through IPatientDirectory.
        var result = Types.InAssembly(Pharmacy).Should()
            .NotHaveDependencyOnAny("Infirmary.Patients.Domain", "Infirmary.Patients.Data", "Infirmary.Patients.Features")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void GivenModuleTypes_WhenNamespacesAreInspected_ThenAllLiveUnderTheModuleNamespace(string module)
    {
        var strays = Module(module).GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith(module, StringComparison.Ordinal)
                                                    && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal) && !t.Namespace.StartsWith("System.", StringComparison.Ordinal)
                                                    && t.Namespace != "Microsoft.CodeAnalysis" && !t.Namespace.StartsWith("__Blazor", StringComparison.Ordinal) && !t.Name.StartsWith('<')).ToList();
        Assert.Empty(strays.Select(t => t.FullName));
    }
}
