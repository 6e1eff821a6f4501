using System.Net;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>The test catalogue (seeded by the migrations) through REST and its page, on SQLite and PostgreSQL.</summary>
public abstract class CatalogueTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenAFreshDatabase_WhenAClinicianReadsTheCatalogue_ThenFbcAndItsTestsAreThereWithLoincContainerUnitsAndRanges()
    {
        var client = await Clients.UserAsync(factory, "clinician");
        var body = await (await client.GetAsync("/api/v1/laboratory/catalogue")).JsonAsync();

        var fbc = body.GetProperty("panels").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "FBC");
        Assert.Equal("58410-2", fbc.GetProperty("loinc").GetString());
        Assert.Equal(["HB", "WBC", "PLT"], fbc.GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
        var ue = body.GetProperty("panels").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "UE");
        Assert.Equal(["NA", "K", "UREA", "CREAT"], ue.GetProperty("tests").EnumerateArray().Select(t => t.GetString()));

        var hb = body.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "HB");
        Assert.Equal("718-7", hb.GetProperty("loinc").GetString());
        Assert.Equal("g/L", hb.GetProperty("units").GetString());
        Assert.Equal(Containers.EdtaPurple, hb.GetProperty("container").GetString());
        Assert.Equal(70m, hb.GetProperty("criticalLow").GetDecimal());
        var male = hb.GetProperty("referenceRanges").EnumerateArray().Single(r => r.GetProperty("sex").GetString() == "Male");
        Assert.Equal(130m, male.GetProperty("low").GetDecimal());
        Assert.Equal(180m, male.GetProperty("high").GetDecimal());
        Assert.Equal(18 * 365, male.GetProperty("ageFromDays").GetInt32());

        var inr = body.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "INR");
        Assert.Equal(Containers.CitrateBlue, inr.GetProperty("container").GetString());
        var culture = body.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "URCUL");
        Assert.Equal("text", culture.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task GivenAnUnknownTestCode_WhenRead_Then404ProblemNamingIt()
    {
        var client = await Clients.UserAsync(factory, "biomed");
        var response = await client.GetAsync("/api/v1/laboratory/catalogue/tests/NOPE");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'NOPE'", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var crp = await (await client.GetAsync("/api/v1/laboratory/catalogue/tests/crp")).JsonAsync();
        Assert.Equal("1988-5", crp.GetProperty("loinc").GetString());
    }

    [Fact]
    public async Task GivenALabAssistant_WhenOpeningTheCataloguePage_ThenPanelsContainersAndRangesAreShown()
    {
        var client = await Clients.UserAsync(factory, "labassist");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/laboratory/catalogue"));
        Assert.Contains("Full blood count", page, StringComparison.Ordinal);
        Assert.Contains("Sodium citrate (light blue)", page, StringComparison.Ordinal);
        Assert.Contains("Female, 18 y and over: 115–165", page, StringComparison.Ordinal);
        Assert.Contains("≤ 2.5 or ≥ 6.5", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAReceptionist_WhenReadingTheCatalogue_ThenForbidden()
    {
        var client = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/laboratory/catalogue")).StatusCode);
    }

    [Fact]
    public async Task GivenARangeWithLowAboveHigh_WhenSaved_ThenTheDatabaseRefusesIt()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        db.Add(new ReferenceRange { Id = 9001, TestCode = "CRP", Sex = "Male", AgeFromDays = 0, Low = 10m, High = 5m });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

public sealed class CatalogueTests_Sqlite(SqliteFactory factory) : CatalogueTests(factory), IClassFixture<SqliteFactory>;

public sealed class CatalogueTests_Postgres(PostgresFactory factory) : CatalogueTests(factory), IClassFixture<PostgresFactory>;
