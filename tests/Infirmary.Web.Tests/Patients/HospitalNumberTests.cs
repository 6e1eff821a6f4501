using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Infirmary.Patients.Domain;
using Infirmary.Patients.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>Hospital numbers issued at registration and import from one counter (ADR 0070), on SQLite and PostgreSQL.</summary>
public abstract partial class HospitalNumberTests(InfirmaryFactory factory)
{
    private const string HospitalNumberSystem = "https://infirmary.nhs.example/Id/hospital-number";

    [GeneratedRegex("^H[0-9]{7}$")]
    private static partial Regex Format();

    private static async Task<string> RegisterAsync(HttpClient client, string? family = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(TestData.NhsNumber(), family));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("hospitalNumber").GetString()!;
    }

    [Fact]
    public async Task GivenParallelRegistrations_WhenEachIsCreated_ThenEveryOneHasItsOwnHospitalNumber()
    {
        var client = await Clients.SystemAsync(factory);
        var numbers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => RegisterAsync(client)));

        Assert.All(numbers, n => Assert.Matches(Format(), n));
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
    }

    [Fact]
    public async Task GivenParallelCallsToTheAllocator_WhenBlocksAreIssued_ThenNoNumberIsIssuedTwice()
    {
        async Task<IReadOnlyList<string>> Issue(int count)
        {
            await using var scope = factory.Scope();
            return await scope.ServiceProvider.GetRequiredService<HospitalNumbers>().IssueAsync(count, CancellationToken.None);
        }

        var blocks = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Issue(i % 4 + 1)));
        var all = blocks.SelectMany(b => b).ToList();
        Assert.Equal(blocks.Sum(b => b.Count), all.Distinct().Count());
        // A block is consecutive numbers.
        Assert.All(blocks, b => Assert.Equal(
            Enumerable.Range(0, b.Count).Select(i => PatientIdentifiers.ParseHospitalNumber(b[0])!.Value + i),
            b.Select(n => PatientIdentifiers.ParseHospitalNumber(n)!.Value)));
    }

    [Fact]
    public async Task GivenTwoRecordsWithOneHospitalNumber_WhenSaved_ThenTheDatabaseRefusesTheSecond()
    {
        var client = await Clients.SystemAsync(factory);
        var taken = await RegisterAsync(client);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var now = DateTime.UtcNow;
        var copy = new Patient { CreatedAt = now, UpdatedAt = now, HospitalNumber = taken };
        copy.Apply(new PatientDetails { GivenName = "Ada", FamilyName = TestData.Family(), BirthDate = new DateOnly(1980, 1, 1), Sex = Sex.Female });
        db.Set<Patient>().Add(copy);
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DbErrors.IsUniqueViolation(e), e.ToString());
    }

    [Fact]
    public async Task GivenARegisteredPatient_WhenSearchedByHospitalNumber_ThenFoundOverRestFhirAndThePageShowsIt()
    {
        var records = await Clients.UserAsync(factory, "records");
        var family = TestData.Family();
        var number = await RegisterAsync(records, family);

        var rest = await (await records.GetAsync($"/api/v1/patients?hospitalNumber={number.ToLowerInvariant()}")).JsonAsync();
        Assert.Equal(1, rest.GetArrayLength());
        Assert.Equal(number, rest[0].GetProperty("hospitalNumber").GetString());
        var id = rest[0].GetProperty("id").GetString();

        var system = await Clients.SystemAsync(factory);
        var fhir = await (await system.GetAsync($"/fhir/Patient?identifier={Uri.EscapeDataString($"{HospitalNumberSystem}|{number}")}")).JsonAsync();
        Assert.Equal(1, fhir.GetProperty("total").GetInt32());
        var identifiers = fhir.GetProperty("entry")[0].GetProperty("resource").GetProperty("identifier").EnumerateArray().ToList();
        Assert.Single(identifiers, i => i.GetProperty("system").GetString() == HospitalNumberSystem && i.GetProperty("value").GetString() == number);

        var page = await records.GetStringAsync($"/patients/{id}");
        Assert.Contains($"data-testid=\"banner-hospital-number\">{number}<", page, StringComparison.Ordinal);
        var search = await records.GetStringAsync($"/patients?hn={number}");
        Assert.Contains($"/patients/{id}", search, StringComparison.Ordinal);
        Assert.Contains("1 patient found", search, StringComparison.Ordinal);

        var bad = await records.GetAsync("/api/v1/patients?hospitalNumber=X12");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("hospitalNumber", out _));
    }

    [Fact]
    public async Task GivenAnImportAndARegistration_WhenBothIssueNumbers_ThenTheyComeFromOneCounterWithoutClashing()
    {
        var system = await Clients.SystemAsync(factory);
        var import = await system.PostAsync("/fhir", Clients.Fhir(FhirTransactionTests.Synthea("Edward_Gulgowski_43481611-2459-44f5-ab20-4b142dac160f.json").ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var patientId = (await import.JsonAsync()).GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!.Split('/')[1];
        var imported = await (await system.GetAsync($"/fhir/Patient/{patientId}")).JsonAsync();
        var importedNumber = imported.GetProperty("identifier").EnumerateArray()
            .Single(i => i.GetProperty("system").GetString() == HospitalNumberSystem).GetProperty("value").GetString()!;
        var registered = await RegisterAsync(system);

        Assert.Matches(Format(), importedNumber);
        Assert.True(PatientIdentifiers.ParseHospitalNumber(registered) > PatientIdentifiers.ParseHospitalNumber(importedNumber));
    }

    [Fact]
    public async Task GivenARecordMergedIntoAnother_WhenSearchedByItsOldHospitalNumber_ThenTheSurvivorIsFound()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var family = TestData.Family();
        var oldNumber = await RegisterAsync(records, family);
        var keptNumber = await RegisterAsync(records, family);
        var found = await (await records.GetAsync($"/api/v1/patients?family={family}")).JsonAsync();
        string IdOf(string number) => found.EnumerateArray().Single(p => p.GetProperty("hospitalNumber").GetString() == number).GetProperty("id").GetString()!;

        var proposed = await records.PostJsonAsync("/api/v1/patients/merges",
            new { sourcePatientId = IdOf(oldNumber), targetPatientId = IdOf(keptNumber), reason = "Registered twice" });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var merge = (await proposed.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await records2.PostJsonAsync($"/api/v1/patients/merges/{merge}/confirm", new { note = "Checked" })).StatusCode);

        var byOld = await (await records.GetAsync($"/api/v1/patients?hospitalNumber={oldNumber}")).JsonAsync();
        Assert.Equal(IdOf(keptNumber), byOld[0].GetProperty("id").GetString());
        Assert.Equal(keptNumber, byOld[0].GetProperty("hospitalNumber").GetString());
    }
}

public sealed class HospitalNumberTests_Sqlite(SqliteFactory factory) : HospitalNumberTests(factory), IClassFixture<SqliteFactory>;

public sealed class HospitalNumberTests_Postgres(PostgresFactory factory) : HospitalNumberTests(factory), IClassFixture<PostgresFactory>;
