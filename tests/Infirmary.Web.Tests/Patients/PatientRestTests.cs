using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>Registration, search and edit over /api/v1/patients, run on SQLite and on PostgreSQL.</summary>
public abstract class PatientRestTests(InfirmaryFactory factory)
{
    private async Task<int> CountAsync(string nhs)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<Patient>().CountAsync(p => p.NhsNumber == nhs);
    }

    [Fact]
    public async Task GivenValidDetails_WhenRegistered_ThenCreatedWithETagAndFoundByNhsNumber()
    {
        var client = await Clients.UserAsync(factory, "reception");
        var nhs = TestData.NhsNumber();
        var response = await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        var created = await response.JsonAsync();
        Assert.Equal("LS1 5HD", created.GetProperty("postcode").GetString());

        var spaced = $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}";
        var found = await (await client.GetAsync($"/api/v1/patients?nhsNumber={Uri.EscapeDataString(spaced)}")).JsonAsync();
        Assert.Equal(1, found.GetArrayLength());
        Assert.Equal(created.GetProperty("id").GetString(), found[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task GivenFamilyNameAndBirthDate_WhenSearched_ThenOnlyMatchingPatientsReturned()
    {
        var client = await Clients.SystemAsync(factory);
        var family = TestData.Family();
        (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: family, birthDate: "1950-01-01"))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: family, birthDate: "1960-06-15"))).EnsureSuccessStatusCode();

        var byName = await (await client.GetAsync($"/api/v1/patients?family={family.ToLowerInvariant()[..8]}")).JsonAsync();
        Assert.True(byName.ValueKind == System.Text.Json.JsonValueKind.Array, byName.ToString());
        Assert.Equal(2, byName.GetArrayLength());
        var both = await (await client.GetAsync($"/api/v1/patients?family={family}&birthDate=1960-06-15")).JsonAsync();
        Assert.Equal(1, both.GetArrayLength());
        Assert.Equal("1960-06-15", both[0].GetProperty("birthDate").GetString());
    }

    [Theory]
    [InlineData("nhsNumber", "9434765918")]
    [InlineData("nhsNumber", "12345")]
    [InlineData("birthDate", "2999-01-01")]
    [InlineData("postcode", "NOT A POSTCODE")]
    [InlineData("gpPracticeOds", "12")]
    public async Task GivenInvalidField_WhenRegistered_ThenProblemNamesFieldAndNothingIsWritten(string field, string value)
    {
        var client = await Clients.SystemAsync(factory);
        var family = TestData.Family();
        var body = new Dictionary<string, object?>
        {
            ["nhsNumber"] = TestData.NhsNumber(), ["givenName"] = "Ann", ["familyName"] = family,
            ["birthDate"] = "1970-01-01", ["sex"] = "Female", ["postcode"] = "LS1 4AP", ["gpPracticeOds"] = "B86001",
        };
        body[field] = value;
        var response = await client.PostAsJsonAsync("/api/v1/patients", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        var search = await (await client.GetAsync($"/api/v1/patients?family={family}")).JsonAsync();
        Assert.Equal(0, search.GetArrayLength());
    }

    [Fact]
    public async Task GivenOversizedName_WhenRegistered_ThenBadRequest()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsJsonAsync("/api/v1/patients", new { givenName = new string('a', 101), familyName = "X", birthDate = "1970-01-01", sex = "Male" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("givenName", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"givenName\": \"Ann\", ", "application/json")]
    [InlineData("{\"givenName\":\"Ann\",\"familyName\":\"B\",\"birthDate\":\"1970-01-01\",\"sex\":\"Female\",\"shoeSize\":9}", "application/json")]
    [InlineData("{\"givenName\":\"Ann\",\"familyName\":\"B\",\"birthDate\":\"1970-02-30\",\"sex\":\"Female\"}", "application/json")]
    public async Task GivenMalformedJson_WhenRegistered_ThenBadRequestProblem(string json, string contentType)
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/api/v1/patients", new StringContent(json, Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenWrongContentType_WhenRegistered_Then415()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/api/v1/patients", new StringContent("givenName=Ann", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task GivenRegisteredNhsNumber_WhenRegisteredAgain_ThenConflictAndOneRecord()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs))).EnsureSuccessStatusCode();
        var again = await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await CountAsync(nhs));
    }

    [Fact]
    public async Task GivenTwelveConcurrentRegistrations_WhenSameNhsNumber_ThenExactlyOnePatient()
    {
        var nhs = TestData.NhsNumber();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Clients.SystemAsync(factory)));
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            clients[i % clients.Length].PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await CountAsync(nhs));
    }

    [Fact]
    public async Task GivenStaleIfMatch_WhenUpdated_Then412AndRecordUnchanged()
    {
        var client = await Clients.SystemAsync(factory);
        var created = await (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson())).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var body = TestData.PatientJson(created.GetProperty("nhsNumber").GetString(), created.GetProperty("familyName").GetString());

        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = JsonContent.Create(body) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", isWeak: true));
        var ok = await client.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("W/\"2\"", ok.Headers.ETag?.ToString());

        var changed = new Dictionary<string, object?>
        {
            ["nhsNumber"] = created.GetProperty("nhsNumber").GetString(), ["givenName"] = "Changed", ["familyName"] = "Changed",
            ["birthDate"] = "1984-03-27", ["sex"] = "Female",
        };
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = JsonContent.Create(changed) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", isWeak: true));
        var refused = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);

        var now = await (await client.GetAsync($"/api/v1/patients/{id}")).JsonAsync();
        Assert.Equal(2, now.GetProperty("version").GetInt32());
        Assert.Equal("Jane", now.GetProperty("givenName").GetString());
    }

    [Fact]
    public async Task GivenNoCredentials_WhenApiCalled_Then401ProblemAndDenialAudited()
    {
        var anonymous = factory.CreateClient();
        var response = await anonymous.GetAsync("/api/v1/patients?family=Smith");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Outcome == AuditOutcome.Denied && a.Entity == "GET /api/v1/patients"));
    }

    [Fact]
    public async Task GivenClinicalEngineer_WhenSearchingPatients_ThenForbidden()
    {
        var engineer = await Clients.UserAsync(factory, "engineer");
        var response = await engineer.GetAsync("/api/v1/patients?family=Smith");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GivenPharmacist_WhenRegistering_ThenForbiddenAndNothingWritten()
    {
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        var nhs = TestData.NhsNumber();
        var response = await pharmacist.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountAsync(nhs));
    }

    [Fact]
    public async Task GivenFailedRegistration_WhenDuplicate_ThenNoCreateEventIsAudited()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var first = await (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs))).JsonAsync();
        (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs))).StatusCode.ToString();
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var createdIds = await db.AuditEvents.Where(a => a.Action == AuditAction.Create && a.PatientId != null).Select(a => a.PatientId!.Value).ToListAsync();
        var patientIds = (await db.Set<Patient>().Select(p => p.Id).ToListAsync()).ToHashSet();
        // Every create event names a stored patient: the refused duplicate left neither a record nor an event.
        Assert.All(createdIds, id => Assert.Contains(id, patientIds));
        Assert.Equal(createdIds.Count, createdIds.Distinct().Count());
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Patient/{first.GetProperty("id").GetString()}" && a.Action == AuditAction.Create));
    }
}

public sealed class PatientRestTests_Sqlite(SqliteFactory factory) : PatientRestTests(factory), IClassFixture<SqliteFactory>;

public sealed class PatientRestTests_Postgres(PostgresFactory factory) : PatientRestTests(factory), IClassFixture<PostgresFactory>;
