using Infirmary.Cli;
using Infirmary.Pharmacy.Domain;
using Infirmary.Pharmacy.Features;
using Infirmary.Pharmacy.Features.Formulary;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>
/// The dm+d XML importer on the fixture release in Pharmacy/DmdFixture (made-up 999xxxxxx codes), on SQLite and
/// PostgreSQL: products land in the formulary and screen, malformed records are named by file and line and skipped.
/// </summary>
public abstract class DmdImportTests(InfirmaryFactory factory)
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Pharmacy", "DmdFixture");

    private async Task<DmdImportResult> ImportAsync(string folder)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<ImportDmd>().HandleAsync(folder, null, CancellationToken.None);
    }

    [Fact]
    public async Task GivenTheFixtureRelease_WhenImported_ThenVtmVmpAmpAndPacksAreStoredAndMalformedRecordsNamedByLine()
    {
        var result = await ImportAsync(Fixture);

        Assert.Equal(3, result.Vtms.Added + result.Vtms.Updated);
        Assert.Equal(4, result.Vmps.Added + result.Vmps.Updated);
        Assert.Equal(2, result.Amps.Added + result.Amps.Updated);
        Assert.Equal(1, result.Packs.Added + result.Packs.Updated);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("f_vtm2_0000001.xml line 23: VTM: VTMID 'ABC'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("f_vmp2_0000001.xml line 40: VMP: VPID '12X'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("f_vmp2_0000001.xml line 45: VMP 999000116: refers to VTM 999000099", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("f_vmp2_0000001.xml line 54: VMP: VMP 999000118 has UDFS 'lots'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("f_amp2_0000001.xml line 19: AMP 999000213: refers to VMP 999000999", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("f_gtin2_0_0000001.xml line 10: AMPP: GTIN '2900999000021'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("f_ampp2_0000001.xml line 8: AMPP: AMPP 999000414: pack quantity 2.5", StringComparison.Ordinal));
        Assert.Equal(7, errors.Count);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var tablets = await db.Set<Vmp>().Include(v => v.Ingredients).SingleAsync(v => v.Code == "999000111");
        Assert.Equal("Flecainide 100mg tablets", tablets.Name);
        Assert.Equal(("tablet", "oral", "tablet", "100mg"), (tablets.Form, tablets.Route, tablets.UnitDose, tablets.Strength));
        Assert.Null(tablets.ControlledDrugSchedule);
        var ingredient = Assert.Single(tablets.Ingredients);
        Assert.Equal(("flecainide", 100.0), (ingredient.Substance, ingredient.StrengthMg)); // "Flecainide acetate" mapped to the knowledge base
        Assert.NotEqual("Unclassified", tablets.BnfClass);

        // 10mg/1ml in a 15 ml ampoule: 150 mg per ampoule. 50mg/5ml oral solution: 10 mg per ml.
        var ampoule = await db.Set<Vmp>().Include(v => v.Ingredients).SingleAsync(v => v.Code == "999000112");
        Assert.Equal(("solution for injection", "intravenous", "ampoule", "10mg/ml"), (ampoule.Form, ampoule.Route, ampoule.UnitDose, ampoule.Strength));
        Assert.Equal(150.0, Assert.Single(ampoule.Ingredients).StrengthMg, 6);
        var solution = await db.Set<Vmp>().Include(v => v.Ingredients).SingleAsync(v => v.Code == "999000113");
        Assert.Equal(10.0, Assert.Single(solution.Ingredients).StrengthMg, 6);
        var diamorphine = await db.Set<Vmp>().SingleAsync(v => v.Code == "999000114");
        Assert.Equal(2, diamorphine.ControlledDrugSchedule);
        Assert.True(diamorphine.NeedsCdRegister);
        Assert.False(await db.Set<Vmp>().AnyAsync(v => v.Code == "999000117")); // no VTM (a dressing): skipped
        Assert.False(await db.Set<Vtm>().AnyAsync(v => v.Code == "999000014")); // flagged INVALID

        var brand = await db.Set<Amp>().SingleAsync(a => a.Code == "999000211");
        Assert.Equal(("Tambofix", "Fixture Pharma Ltd", tablets.Id), (brand.Brand, brand.Supplier, brand.VmpId));
        var pack = await db.Set<Pack>().SingleAsync(p => p.Gtin == "02900999000013");
        Assert.Equal((60, "tablet", "POM", brand.Id, tablets.Id), (pack.Size, pack.Unit, pack.LegalCategory, pack.AmpId, pack.VmpId));
        Assert.False(await db.Set<Pack>().AnyAsync(p => p.Gtin == "02900999000037")); // ended GTIN

        // The imported products screen: the brand resolves by text to its VMP, the code to itself.
        var engine = scope.ServiceProvider.GetRequiredService<FormularyEngine>();
        var snapshot = await engine.GetAsync(CancellationToken.None);
        Assert.Equal("999000111", snapshot.Engine.Resolve(new Infirmary.Medicines.MedicineOrder(Text: "Tambofix 100mg tablets")).Product?.Code);
        Assert.Equal("999000114", snapshot.Engine.Resolve(new Infirmary.Medicines.MedicineOrder(Code: "999000114")).Product?.Code);

        // A second run of the same release changes nothing new: every stored record is an update.
        var again = await ImportAsync(Fixture);
        Assert.Equal((0, 0, 0, 0), (again.Vtms.Added, again.Vmps.Added, again.Amps.Added, again.Packs.Added));
        Assert.Equal(7, again.Errors.Count);
    }

    [Fact]
    public async Task GivenAFileThatIsNotWellFormed_WhenImported_ThenTheLineIsNamedAndEarlierRecordsStand()
    {
        var folder = Directory.CreateTempSubdirectory("dmd-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "f_vtm2_0000002.xml"),
                "<?xml version=\"1.0\"?>\n<VIRTUAL_THERAPEUTIC_MOIETIES>\n  <VTM><VTMID>999000051</VTMID><NM>Fixture moiety fifty-one</NM></VTM>\n" +
                "  <VTM><VTMID>999000052</VTMID><NM>Broken</VTM>\n</VIRTUAL_THERAPEUTIC_MOIETIES>\n");
            var result = await ImportAsync(folder);
            var error = Assert.Single(result.Errors);
            Assert.Equal(("f_vtm2_0000002.xml", 4), (error.File, error.Line));
            Assert.Contains("not well-formed", error.Message, StringComparison.Ordinal);

            await using var scope = factory.Scope();
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.True(await db.Set<Vtm>().AnyAsync(v => v.Code == "999000051"));
            Assert.False(await db.Set<Vtm>().AnyAsync(v => v.Code == "999000052"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task GivenTheCommandLine_WhenImportDmdRuns_ThenProgressOnStandardErrorAndSkippedRecordsWithLines()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(
            ["pharmacy", "import-dmd", Fixture, "--provider", factory.Provider.ToString(), "--connection", factory.Database.ConnectionString], output, error);
        Assert.Equal(3, code); // some records skipped
        Assert.Contains("reading f_vmp2_0000001.xml", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("skipped: f_vmp2_0000001.xml line 40: VMP: VPID '12X'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("7 error(s).", output.ToString(), StringComparison.Ordinal);

        var missing = await CliApp.RunAsync(["pharmacy", "import-dmd", Path.Combine(Fixture, "nowhere"), "--connection", factory.Database.ConnectionString], output, error);
        Assert.Equal(1, missing);
        Assert.Contains("does not exist", error.ToString(), StringComparison.Ordinal);
    }
}

public sealed class DmdImportTests_Sqlite(SqliteFactory factory) : DmdImportTests(factory), IClassFixture<SqliteFactory>;

public sealed class DmdImportTests_Postgres(PostgresFactory factory) : DmdImportTests(factory), IClassFixture<PostgresFactory>;
