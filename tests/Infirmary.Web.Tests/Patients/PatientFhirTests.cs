using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Patients;

/// <summary>FHIR R4 Patient over /fhir with a system client's bearer token, on SQLite and on PostgreSQL.</summary>
public abstract class PatientFhirTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenSystemClient_WhenCreatingReadingAndSearching_ThenETagsMatchAndAuditShowsEachCall()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var created = await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(nhs)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/fhir+json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal("W/\"1\"", created.Headers.ETag?.ToString());
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        Assert.EndsWith($"/fhir/Patient/{id}/_history/1", created.Headers.Location?.ToString(), StringComparison.Ordinal);

        var read = await client.GetAsync($"/fhir/Patient/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());
        var patient = await read.JsonAsync();
        Assert.Equal(nhs, patient.GetProperty("identifier")[0].GetProperty("value").GetString());
        Assert.Equal("https://fhir.nhs.uk/Id/nhs-number", patient.GetProperty("identifier")[0].GetProperty("system").GetString());

        var bundle = await (await client.GetAsync($"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}")).JsonAsync();
        Assert.Equal("searchset", bundle.GetProperty("type").GetString());
        Assert.Equal(1, bundle.GetProperty("total").GetInt32());
        Assert.Equal(id, bundle.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString());

        var audit = await (await client.GetAsync($"/fhir/AuditEvent?patient=Patient/{id}&agent=demo-integration")).JsonAsync();
        var actions = audit.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource").GetProperty("subtype")[0].GetProperty("code").GetString()).ToList();
        Assert.Contains("create", actions);
        Assert.Contains("read", actions);
        Assert.Contains("search", actions);
    }

    [Fact]
    public async Task GivenIfNoneExist_WhenPatientAlreadyExists_ThenExistingReturnedAndNoSecondRecord()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var first = await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(nhs)));
        var firstId = (await first.JsonAsync()).GetProperty("id").GetString();

        var again = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = Clients.Fhir(TestData.FhirPatient(nhs)) };
        again.Headers.Add("If-None-Exist", $"identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}");
        var response = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(firstId, (await response.JsonAsync()).GetProperty("id").GetString());

        var bundle = await (await client.GetAsync($"/fhir/Patient?identifier={nhs}")).JsonAsync();
        Assert.Equal(1, bundle.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GivenUnknownElement_WhenCreated_ThenOperationOutcomeNamesIt()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/fhir/Patient", Clients.Fhir("{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await response.JsonAsync();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("favouriteColour", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}")]
    [InlineData("{\"resourceType\":\"Patient\",\"birthDate\":\"1984-13-45\"}")]
    public async Task GivenMalformedBody_WhenCreated_ThenBadRequestOperationOutcome(string body)
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/fhir/Patient", Clients.Fhir(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (await response.JsonAsync()).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task GivenInvalidNhsNumber_WhenCreated_ThenOutcomeExpressionIsIdentifier()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient("9434765918")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var issue = (await response.JsonAsync()).GetProperty("issue")[0];
        Assert.Equal("Patient.identifier", issue.GetProperty("expression")[0].GetString());
    }

    [Fact]
    public async Task GivenWrongContentType_WhenCreated_Then415OperationOutcome()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/fhir/Patient", new StringContent("<Patient/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("OperationOutcome", (await response.JsonAsync()).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task GivenStaleIfMatch_WhenUpdated_Then412AndVersionUnchanged()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var family = TestData.Family();
        var created = await (await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(nhs, family)))).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        string WithId(string json) => json.Replace("\"resourceType\": \"Patient\",", $"\"resourceType\": \"Patient\", \"id\": \"{id}\",", StringComparison.Ordinal);

        var update = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Patient/{id}") { Content = Clients.Fhir(WithId(TestData.FhirPatient(nhs, family, "1984-03-28"))) };
        update.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", true));
        var ok = await client.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("W/\"2\"", ok.Headers.ETag?.ToString());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Patient/{id}") { Content = Clients.Fhir(WithId(TestData.FhirPatient(nhs, family, "1999-09-09"))) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", true));
        var refused = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("OperationOutcome", (await refused.JsonAsync()).GetProperty("resourceType").GetString());

        var current = await (await client.GetAsync($"/fhir/Patient/{id}")).JsonAsync();
        Assert.Equal("2", current.GetProperty("meta").GetProperty("versionId").GetString());
        Assert.Equal("1984-03-28", current.GetProperty("birthDate").GetString());

        var v1 = await (await client.GetAsync($"/fhir/Patient/{id}/_history/1")).JsonAsync();
        Assert.Equal("1984-03-27", v1.GetProperty("birthDate").GetString());
    }

    [Fact]
    public async Task GivenPreferMinimal_WhenCreated_ThenNoBodyButLocationAndETag()
    {
        var client = await Clients.SystemAsync(factory);
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = Clients.Fhir(TestData.FhirPatient()) };
        request.Headers.Add("Prefer", "return=minimal");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.Location);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task GivenNoToken_WhenReadingFhir_Then401OperationOutcome()
    {
        var response = await factory.CreateClient().GetAsync("/fhir/Patient?family=Smith");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("OperationOutcome", (await response.JsonAsync()).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task GivenReadOnlyScope_WhenCreating_ThenForbidden()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read");
        var response = await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GivenWrongClientSecret_WhenRequestingToken_ThenRefused()
    {
        var response = await factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "demo-integration", ["client_secret"] = "wrong",
        }));
        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task GivenUnsupportedSearchParameter_WhenSearching_ThenOutcomeNamesIt()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.GetAsync("/fhir/Patient?shoeSize=9");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("shoeSize", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenMetadata_WhenRead_ThenR4CapabilityStatementListsPatientSearch()
    {
        var statement = await (await factory.CreateClient().GetAsync("/fhir/metadata")).JsonAsync();
        Assert.Equal("CapabilityStatement", statement.GetProperty("resourceType").GetString());
        Assert.Equal("4.0.1", statement.GetProperty("fhirVersion").GetString());
        var patient = statement.GetProperty("rest")[0].GetProperty("resource").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "Patient");
        var names = patient.GetProperty("searchParam").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["identifier", "family", "given", "birthdate"], names);
        Assert.True(patient.GetProperty("conditionalCreate").GetBoolean());
        var system = statement.GetProperty("rest")[0].GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Equal(["transaction", "batch"], system);
    }

    [Fact]
    public async Task GivenSmartDiscovery_WhenRead_ThenTokenEndpointAndClientCredentialsAdvertised()
    {
        var smart = await (await factory.CreateClient().GetAsync("/fhir/.well-known/smart-configuration")).JsonAsync();
        Assert.EndsWith("/connect/token", smart.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Contains("client_credentials", smart.GetProperty("grant_types_supported").EnumerateArray().Select(x => x.GetString()));
    }
}

public sealed class PatientFhirTests_Sqlite(SqliteFactory factory) : PatientFhirTests(factory), IClassFixture<SqliteFactory>;

public sealed class PatientFhirTests_Postgres(PostgresFactory factory) : PatientFhirTests(factory), IClassFixture<PostgresFactory>;
