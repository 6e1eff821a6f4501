using System.Net;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Pharmacy.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>The dm+d-shaped formulary seeded for the demo: REST search, on SQLite and PostgreSQL.</summary>
public abstract class FormularyTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenTheDemoFormulary_WhenSearchingSimvastatin_ThenItsVmpsWithVtmAndBrandsAreFound()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var response = await client.GetAsync("/api/v1/formulary?name=SIMVA");
        var found = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = found.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Simvastatin 10mg tablets", "Simvastatin 20mg tablets", "Simvastatin 40mg tablets"], names);
        var forty = found[2];
        Assert.Equal("9100003", forty.GetProperty("code").GetString());
        Assert.Equal("40mg", forty.GetProperty("strength").GetString());
        Assert.Equal("statin", forty.GetProperty("bnfClass").GetString());
        Assert.Equal("Simvastatin", forty.GetProperty("vtmName").GetString());
        Assert.Equal("Zocor 40mg tablets", Assert.Single(forty.GetProperty("brands").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task GivenABrandName_WhenSearched_ThenItsGenericProductIsFound()
    {
        var client = await Clients.SystemAsync(factory, "system/MedicationRequest.read");
        var found = await (await client.GetAsync("/api/v1/formulary?name=augmentin")).JsonAsync();
        Assert.Equal("Co-amoxiclav 500mg/125mg tablets", Assert.Single(found.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task GivenABnfClass_WhenSearched_ThenOnlyThatClassIsReturned()
    {
        var client = await Clients.UserAsync(factory, "pharmtech");
        var found = await (await client.GetAsync("/api/v1/formulary?class=PPI")).JsonAsync();
        Assert.True(found.GetArrayLength() >= 2);
        Assert.All(found.EnumerateArray(), p => Assert.Equal("PPI", p.GetProperty("bnfClass").GetString()));
    }

    [Fact]
    public async Task GivenNoSearchTerm_WhenSearched_ThenValidationProblem()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var response = await client.GetAsync("/api/v1/formulary");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheSeededHospitalFormulary_WhenEveryProductIsResolvedByCodeAndByName_ThenItIsFoundAndEverySubstanceIsKnown()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var vmps = await db.Set<Vmp>().AsNoTracking().Select(v => new { v.Code, v.Name }).ToListAsync();
        Assert.True(vmps.Count >= 400, $"only {vmps.Count} products seeded");
        Assert.Contains(vmps, v => v.Name == "Adrenaline (epinephrine) 300micrograms/0.3ml auto-injectors");
        var snapshot = await scope.ServiceProvider.GetRequiredService<FormularyEngine>().GetAsync(CancellationToken.None);
        Assert.Empty(snapshot.Engine.UnknownSubstances);
        var wrong = vmps.Where(v =>
            snapshot.Engine.Resolve(new MedicineOrder(Code: v.Code)).Product?.Code != v.Code ||
            snapshot.Engine.Resolve(new MedicineOrder(Text: v.Name)).Product?.Code != v.Code).Select(v => v.Name).ToList();
        Assert.Empty(wrong);
        var insulin = await db.Set<Vmp>().SingleAsync(v => v.Name.StartsWith("Insulin glargine"));
        Assert.Equal("100units/ml", insulin.Strength);
        Assert.Equal(2, (await db.Set<Vmp>().SingleAsync(v => v.Name == "Oxycodone 10mg capsules")).ControlledDrugSchedule);
    }

    [Fact]
    public async Task GivenAReceptionist_WhenSearchingTheFormulary_ThenForbidden()
    {
        var client = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/formulary?name=simvastatin")).StatusCode);
    }
}

public sealed class FormularyTests_Sqlite(SqliteFactory factory) : FormularyTests(factory), IClassFixture<SqliteFactory>;

public sealed class FormularyTests_Postgres(PostgresFactory factory) : FormularyTests(factory), IClassFixture<PostgresFactory>;
