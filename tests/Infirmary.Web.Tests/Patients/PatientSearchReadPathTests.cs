using Infirmary.Patients.Domain;
using Infirmary.Patients.Features;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>
/// The search's own read path (plain SQL read by hand, ADR 0121) gives exactly the FHIR resources the records give
/// when loaded through EF Core and mapped, on SQLite and on PostgreSQL.
/// </summary>
public abstract class PatientSearchReadPathTests(InfirmaryFactory factory)
{
    private static readonly DateTime Updated = new DateTime(2026, 11, 20, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4560);

    [Fact]
    public async Task GivenAPatientWithEveryFieldSet_WhenFoundBySearch_ThenTheResourceIsTheOneTheRecordMapsTo()
    {
        var family = TestData.Family();
        var patient = await AddAsync(family, "Beatrix", Sex.Other, p =>
        {
            p.Title = "Dr";
            p.AddressLine1 = "Flat 3";
            p.AddressLine2 = "14 Headingley Lane";
            p.Town = "Leeds";
            p.Postcode = "LS6 1BN";
            p.Phone = "0113 496 0000";
            p.GpPracticeOds = "B86001";
            p.HospitalNumber = "H" + Random.Shared.Next(9_000_000, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            p.Version = 3;
            p.DateOfDeath = new DateOnly(2026, 1, 2);
        });
        var client = await Clients.SystemAsync(factory);

        foreach (var query in new[]
                 {
                     $"identifier=https://fhir.nhs.uk/Id/nhs-number|{patient.NhsNumber}",
                     $"family={family.ToLowerInvariant()}&given=bea&birthdate=1961-07-04",
                     $"identifier=https://infirmary.nhs.example/Id/hospital-number|{patient.HospitalNumber}",
                 })
        {
            var bundle = await (await client.GetAsync($"/fhir/Patient?{query}")).JsonAsync();
            var entry = Assert.Single(bundle.GetProperty("entry").EnumerateArray());
            Assert.Equal(await MappedAsync(patient.Id), entry.GetProperty("resource").GetRawText());
        }

        // And the same as a read of the record (which also loads it through EF Core).
        var read = await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).Content.ReadAsStringAsync();
        Assert.Equal(await MappedAsync(patient.Id), read);
    }

    [Fact]
    public async Task GivenARecordMergedIntoAnother_WhenSearched_ThenTheSurvivorCarriesItsReplacesLinkAndTheOldRecordIsNotFound()
    {
        var family = TestData.Family();
        var survivor = await AddAsync(family, "Agnes", Sex.Female);
        var old = await AddAsync(family, "Agnes", Sex.Female, p =>
        {
            p.Active = false;
            p.ReplacedById = survivor.Id;
        });
        var client = await Clients.SystemAsync(factory);

        var bundle = await (await client.GetAsync($"/fhir/Patient?family={family}")).JsonAsync();
        var resource = Assert.Single(bundle.GetProperty("entry").EnumerateArray()).GetProperty("resource");
        Assert.Equal(survivor.Id.ToString(), resource.GetProperty("id").GetString());
        Assert.Equal($"Patient/{old.Id}", resource.GetProperty("link")[0].GetProperty("other").GetProperty("reference").GetString());
        Assert.Equal(await MappedAsync(survivor.Id), resource.GetRawText());

        var byOldNumber = await (await client.GetAsync($"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{old.NhsNumber}")).JsonAsync();
        Assert.Equal(0, byOldNumber.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GivenMoreMatchesThanTheCount_WhenSearched_ThenTheFirstInNameOrderAreReturned()
    {
        var family = TestData.Family();
        // Added out of order: the search orders by family name, then given name, then date of birth.
        var c = await AddAsync(family, "Cora", Sex.Female);
        var a2 = await AddAsync(family, "Alma", Sex.Female, p => p.BirthDate = new DateOnly(1990, 1, 1));
        var a1 = await AddAsync(family, "Alma", Sex.Female, p => p.BirthDate = new DateOnly(1950, 1, 1));
        var b = await AddAsync(family, "Bess", Sex.Female);
        await AddAsync(family, "Anne", Sex.Female, p => p.Active = false);
        var client = await Clients.SystemAsync(factory);

        async Task<List<string>> IdsAsync(string query)
        {
            var bundle = await (await client.GetAsync($"/fhir/Patient?{query}")).JsonAsync();
            var ids = bundle.TryGetProperty("entry", out var entries)
                ? entries.EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()!).ToList()
                : [];
            Assert.Equal(ids.Count, bundle.GetProperty("total").GetInt32());
            return ids;
        }

        Assert.Equal([a1.Id.ToString(), a2.Id.ToString()], await IdsAsync($"family={family}&_count=2"));
        Assert.Equal([a1.Id.ToString(), a2.Id.ToString(), b.Id.ToString()], await IdsAsync($"family={family}&_count=3"));
        Assert.Equal([a1.Id.ToString(), a2.Id.ToString(), b.Id.ToString(), c.Id.ToString()], await IdsAsync($"family={family}"));
        Assert.Equal([a1.Id.ToString(), a2.Id.ToString()], await IdsAsync($"family={family}&given=a"));
        Assert.Equal([a2.Id.ToString()], await IdsAsync($"family={family}&given=alma&birthdate=1990-01-01"));
    }

    [Fact]
    public async Task GivenASearchByNhsNumberOrName_WhenAnswered_ThenItIsAuditedWithoutConstructingTheRequestsContextOnPostgres()
    {
        var family = TestData.Family();
        var patient = await AddAsync(family, "Edith", Sex.Female);
        foreach (var query in new[] { new PatientQuery { NhsNumber = patient.NhsNumber }, new PatientQuery { Family = family, BirthDate = patient.BirthDate } })
        {
            await using var scope = factory.Scope();
            var result = await scope.ServiceProvider.GetRequiredService<SearchPatients>().HandleAsync(query, CancellationToken.None);
            Assert.Equal(patient.Id, Assert.Single(result.Patients).Id);

            // PostgreSQL: the query has a connection of its own and the read audit its group commit (ADR 0156); SQLite
            // reads on the context's connection.
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            Assert.Equal(factory.Provider == DatabaseProvider.Postgres, unit.Created is null);
        }

        await using var check = factory.Scope();
        var events = await check.ServiceProvider.GetRequiredService<InfirmaryDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.PatientId == patient.Id && a.Action == "search").ToListAsync();
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task GivenNamesEitherSideOfAPrefixsEnd_WhenSearchedByNameAndBirthDate_ThenExactlyThoseWithThePrefixAreFound()
    {
        // The name's prefix is also sent as a byte-order range (ADR 0158); the range must never lose or add a match.
        var family = TestData.Family();
        var accented = await AddAsync(family + "É", "Ada", Sex.Female);
        var longer = await AddAsync(family + "ÉZ", "Ada", Sex.Female);
        var next = await AddAsync(family + "Ê", "Ada", Sex.Female);
        var plain = await AddAsync(family + "E", "Ada", Sex.Female);
        var client = await Clients.SystemAsync(factory);

        async Task<HashSet<string>> IdsAsync(string name)
        {
            var bundle = await (await client.GetAsync($"/fhir/Patient?family={Uri.EscapeDataString(name)}&birthdate=1961-07-04")).JsonAsync();
            return bundle.TryGetProperty("entry", out var entries)
                ? entries.EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()!).ToHashSet()
                : [];
        }

        Assert.Equal([accented.Id.ToString(), longer.Id.ToString()], await IdsAsync((family + "é").ToLowerInvariant()));
        Assert.Equal([longer.Id.ToString()], await IdsAsync(family + "ÉZ"));
        Assert.Equal([next.Id.ToString()], await IdsAsync(family + "ê"));
        Assert.Equal([accented.Id.ToString(), longer.Id.ToString(), next.Id.ToString(), plain.Id.ToString()], await IdsAsync(family));
        Assert.Equal([plain.Id.ToString()], await IdsAsync(family + "E"));
    }

    [Theory]
    [InlineData("ABC", "ABD")]
    [InlineData("É", "Ê")]
    [InlineData("A\u00FF", "A\u0100")]
    [InlineData("A\uD7FF", null)]
    [InlineData("A\uFFFF", null)]
    [InlineData("A\uD83D\uDE00", null)]
    public void GivenAPrefix_WhenItsEndIsTaken_ThenEveryStringWithThePrefixSortsBeforeIt(string prefix, string? end)
    {
        prefix = System.Text.RegularExpressions.Regex.Unescape(prefix);
        end = end is null ? null : System.Text.RegularExpressions.Regex.Unescape(end);
        Assert.Equal(end, SearchPatients.PrefixEnd(prefix));
        if (end is not null)
        {
            // Byte order of UTF-8, as PostgreSQL's collation "C" and SQLite's BINARY compare.
            foreach (var s in new[] { prefix, prefix + "A", prefix + "\uFFFD", prefix + char.ConvertFromUtf32(0x1F600) })
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Unescape(s));
                Assert.True(bytes.AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(end)) < 0);
                Assert.True(bytes.AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(prefix)) >= 0);
            }
        }
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("_")]
    [InlineData("Test_")]
    public async Task GivenAWildcardCharacterInAName_WhenSearched_ThenItIsTakenLiterally(string family)
    {
        await AddAsync(TestData.Family(), "Dora", Sex.Female);
        var client = await Clients.SystemAsync(factory);
        var bundle = await (await client.GetAsync($"/fhir/Patient?family={family}")).JsonAsync();
        Assert.Equal(0, bundle.GetProperty("total").GetInt32());
    }

    private async Task<Patient> AddAsync(string family, string given, Sex sex, Action<Patient>? change = null)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var patient = new Patient { CreatedAt = Updated.AddDays(-1), UpdatedAt = Updated };
        patient.Apply(new PatientDetails
        {
            NhsNumber = TestData.NhsNumber(), GivenName = given, FamilyName = family, BirthDate = new DateOnly(1961, 7, 4), Sex = sex,
        });
        change?.Invoke(patient);
        db.Set<Patient>().Add(patient);
        await db.SaveChangesAsync();
        return patient;
    }

    /// <summary>The record loaded as a whole entity through EF Core and mapped, as the search did before ADR 0121.</summary>
    private async Task<string> MappedAsync(Guid id)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var record = await db.Set<Patient>().AsNoTracking().SingleAsync(p => p.Id == id);
        var replaces = await db.Set<Patient>().AsNoTracking().Where(p => p.ReplacedById == id).Select(p => p.Id).ToListAsync();
        return FhirJson.Serialize(PatientFhirMapper.ToFhir(record, replaces));
    }
}

public sealed class PatientSearchReadPathTests_Sqlite(SqliteFactory factory) : PatientSearchReadPathTests(factory), IClassFixture<SqliteFactory>;

public sealed class PatientSearchReadPathTests_Postgres(PostgresFactory factory) : PatientSearchReadPathTests(factory), IClassFixture<PostgresFactory>;
