using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Patients;

/// <summary>FHIR transaction bundles (Synthea output) on POST /fhir, on SQLite and on PostgreSQL (ADR 0045).</summary>
public abstract class FhirTransactionTests(InfirmaryFactory factory)
{
    private const string Clemente = "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json";
    private const string Liz = "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json";
    private const string Edward = "Edward_Gulgowski_43481611-2459-44f5-ab20-4b142dac160f.json";

    /// <summary>A Synthea bundle whose patient identifiers are made unique, so each test imports a new person.</summary>
    internal static JsonObject Synthea(string file, string? family = null)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Patients", "Synthea", file)))!.AsObject();
        var patient = bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Patient");
        foreach (var id in patient["identifier"]!.AsArray())
        {
            id!["value"] = $"{(string?)id["value"]}-{Guid.NewGuid():N}";
        }

        if (family is not null)
        {
            patient["name"]![0]!["family"] = family;
        }

        return bundle;
    }

    private static async Task<JsonElement> Post(HttpClient client, JsonObject bundle, HttpStatusCode expected)
    {
        var response = await client.PostAsync("/fhir", Clients.Fhir(bundle.ToJsonString()));
        var body = await response.JsonAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task GivenSyntheaBundle_WhenPosted_ThenEveryEntryIsStoredAndReadableWithReferencesRewritten()
    {
        var client = await Clients.SystemAsync(factory);
        var family = TestData.Family();
        var bundle = Synthea(Clemente, family);
        var entries = bundle["entry"]!.AsArray();
        var response = await Post(client, bundle, HttpStatusCode.OK);

        Assert.Equal("transaction-response", response.GetProperty("type").GetString());
        var results = response.GetProperty("entry").EnumerateArray().ToList();
        Assert.Equal(entries.Count, results.Count);
        Assert.All(results, r => Assert.Equal("201 Created", r.GetProperty("response").GetProperty("status").GetString()));
        var locations = results.Select(r => r.GetProperty("response").GetProperty("location").GetString()!).ToList();
        Assert.StartsWith("Patient/", locations[0], StringComparison.Ordinal);
        var patientId = locations[0].Split('/')[1];

        // The patient: no NHS number, the US identifiers kept, a hospital number issued, the US postcode kept in the address.
        var patient = await (await client.GetAsync($"/fhir/Patient/{patientId}")).JsonAsync();
        var identifiers = patient.GetProperty("identifier").EnumerateArray()
            .Select(i => (System: i.GetProperty("system").GetString(), Value: i.GetProperty("value").GetString())).ToList();
        Assert.DoesNotContain(identifiers, i => i.System == "https://fhir.nhs.uk/Id/nhs-number");
        Assert.Contains(identifiers, i => i.System == "http://hl7.org/fhir/sid/us-ssn");
        Assert.Contains(identifiers, i => i.System!.EndsWith("/Id/hospital-number", StringComparison.Ordinal) && i.Value!.StartsWith('H'));
        Assert.Equal(family, patient.GetProperty("name")[0].GetProperty("family").GetString());
        var address = patient.GetProperty("address")[0];
        Assert.False(address.TryGetProperty("postalCode", out _));
        var original = entries[0]!["resource"]!["address"]![0]!;
        Assert.Contains((string)original["postalCode"]!, address.GetProperty("line").EnumerateArray().Last().GetString(), StringComparison.Ordinal);

        // Every other entry reads back at its location (also the types the laboratory and pharmacy serve, ADR 0071), its
        // urn:uuid references now pointing at our ids.
        for (var i = 1; i < entries.Count; i++)
        {
            var type = (string)entries[i]!["resource"]!["resourceType"]!;
            var id = locations[i].Split('/')[1];
            var stored = await (await client.GetAsync($"/fhir/{type}/{id}")).JsonAsync();
            Assert.Equal(id, stored.GetProperty("id").GetString());
            Assert.DoesNotContain("urn:uuid:", stored.GetRawText(), StringComparison.Ordinal);
            if (stored.TryGetProperty("subject", out var subject) || stored.TryGetProperty("patient", out subject))
            {
                Assert.Equal($"Patient/{patientId}", subject.GetProperty("reference").GetString());
            }
        }

        // A type nothing models (Claim) comes back unchanged apart from id, meta and references.
        var claimIndex = Enumerable.Range(0, entries.Count).First(i => (string?)entries[i]!["resource"]!["resourceType"] == "Claim");
        var claim = await (await client.GetAsync($"/fhir/{locations[claimIndex].Split("/_history")[0]}")).JsonAsync();
        Assert.Equal(entries[claimIndex]!["resource"]!["total"]!.ToJsonString(), claim.GetProperty("total").GetRawText());
        Assert.Equal(entries[claimIndex]!["resource"]!["item"]!.AsArray().Count, claim.GetProperty("item").GetArrayLength());

        // Search by patient: every Encounter and Condition of this patient, and the count matches the bundle.
        foreach (var type in new[] { "Encounter", "Condition", "Immunization", "Procedure" })
        {
            var expected = entries.Count(e => (string?)e!["resource"]!["resourceType"] == type);
            var found = await (await client.GetAsync($"/fhir/{type}?patient=Patient/{patientId}")).JsonAsync();
            Assert.Equal(expected, found.GetProperty("total").GetInt32());
        }

        var encounterId = locations[entries.ToList().FindIndex(e => (string?)e!["resource"]!["resourceType"] == "Encounter")].Split('/')[1];
        var encounter = await client.GetAsync($"/fhir/Encounter/{encounterId}");
        Assert.Equal(HttpStatusCode.OK, encounter.StatusCode);
        Assert.Equal("W/\"1\"", encounter.Headers.ETag?.ToString());

        // Audited: one event for the bundle and one for the patient.
        var audit = await (await client.GetAsync($"/fhir/AuditEvent?patient=Patient/{patientId}")).JsonAsync();
        Assert.Contains(audit.GetProperty("entry").EnumerateArray(), e =>
            e.GetProperty("resource").GetProperty("subtype")[0].GetProperty("code").GetString() == "create");
    }

    [Fact]
    public async Task GivenAnInvalidEntry_WhenPosted_ThenWholeBundleRejectedNamingTheEntryAndNothingStored()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read system/Patient.write");
        var family = TestData.Family();
        var bundle = Synthea(Liz, family);
        var entries = bundle["entry"]!.AsArray();
        var bad = Enumerable.Range(0, entries.Count).Last(i => (string?)entries[i]!["resource"]!["resourceType"] == "Observation");
        entries[bad]!["resource"]!["status"] = "fnord";

        var outcome = await Post(client, bundle, HttpStatusCode.BadRequest);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains($"Bundle.entry[{bad}]", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);

        var search = await (await client.GetAsync($"/fhir/Patient?family={family}")).JsonAsync();
        Assert.Equal(0, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GivenAReferenceToNoEntry_WhenPosted_ThenRejectedNamingTheEntry()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read system/Patient.write");
        var bundle = Synthea(Edward);
        var entries = bundle["entry"]!.AsArray();
        var index = Enumerable.Range(0, entries.Count).First(i => (string?)entries[i]!["resource"]!["resourceType"] == "Condition");
        entries[index]!["resource"]!["subject"]!["reference"] = $"urn:uuid:{Guid.NewGuid()}";

        var outcome = await Post(client, bundle, HttpStatusCode.BadRequest);
        Assert.Contains($"Bundle.entry[{index}]", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenConditionalCreateAndConditionalReference_WhenPostedTwice_ThenOnePatientAndBothObservationsOnIt()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read system/Patient.write");
        var nhs = TestData.NhsNumber();
        string Bundle(string status) => $$"""
            {
              "resourceType": "Bundle", "type": "transaction",
              "entry": [
                { "fullUrl": "urn:uuid:0b8b1e1c-2a6e-4f5a-9a55-5d3a1f1f0001",
                  "resource": {{TestData.FhirPatient(nhs)}},
                  "request": { "method": "POST", "url": "Patient", "ifNoneExist": "identifier=https://fhir.nhs.uk/Id/nhs-number|{{nhs}}" } },
                { "resource": { "resourceType": "Observation", "status": "{{status}}", "code": { "text": "Weight" },
                    "subject": { "reference": "Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{{nhs}}" },
                    "valueQuantity": { "value": 70.5, "unit": "kg" } },
                  "request": { "method": "POST", "url": "Observation" } }
              ]
            }
            """;

        var first = await Post(client, JsonNode.Parse(Bundle("final"))!.AsObject(), HttpStatusCode.OK);
        var second = await Post(client, JsonNode.Parse(Bundle("amended"))!.AsObject(), HttpStatusCode.OK);
        var patientId = first.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!.Split('/')[1];
        Assert.Equal("200 OK", second.GetProperty("entry")[0].GetProperty("response").GetProperty("status").GetString());
        Assert.Equal($"Patient/{patientId}", second.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString());

        var observations = await (await client.GetAsync($"/fhir/Observation?subject=Patient/{patientId}")).JsonAsync();
        Assert.Equal(2, observations.GetProperty("total").GetInt32());
        Assert.Equal(["amended", "final"], observations.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource").GetProperty("status").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GivenAnImportedPatient_WhenEverythingIsAsked_ThenTheRecordEveryResourceAboutThemAndWhatTheyReferToComeBack()
    {
        var client = await Clients.SystemAsync(factory);
        var bundle = Synthea(Liz);
        var entries = bundle["entry"]!.AsArray();
        var response = await Post(client, bundle, HttpStatusCode.OK);
        var patientId = response.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!.Split('/')[1];

        var everything = await (await client.GetAsync($"/fhir/Patient/{patientId}/$everything")).JsonAsync();
        var types = everything.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()!).ToList();
        Assert.Equal("Patient", types[0]);
        Assert.Equal(1, types.Count(t => t == "Patient"));
        foreach (var type in new[] { "Observation", "Encounter", "Claim", "ExplanationOfBenefit", "Condition" })
        {
            Assert.Equal(entries.Count(e => (string?)e!["resource"]!["resourceType"] == type), types.Count(t => t == type));
        }

        // The encounters' practitioner and organisation, which belong to no patient, come along because they are referred to.
        Assert.Contains("Practitioner", types);
        Assert.Contains("Organization", types);
        Assert.Equal(types.Count, everything.GetProperty("total").GetInt32());

        var audit = await (await client.GetAsync($"/fhir/AuditEvent?patient=Patient/{patientId}&entity=Patient/{patientId}/$everything")).JsonAsync();
        Assert.True(audit.GetProperty("entry").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task GivenAnUpdatedPatient_WhenHistoryIsAsked_ThenEveryVersionNewestFirst()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var created = await (await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(nhs, "Ashworth")))).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var changed = JsonNode.Parse(TestData.FhirPatient(nhs, "Ashworth-Lee"))!.AsObject();
        changed["id"] = id;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Patient/{id}") { Content = Clients.Fhir(changed.ToJsonString()) };
        put.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);

        var history = await (await client.GetAsync($"/fhir/Patient/{id}/_history")).JsonAsync();
        Assert.Equal("history", history.GetProperty("type").GetString());
        var versions = history.GetProperty("entry").EnumerateArray().Select(e => (
            Version: e.GetProperty("resource").GetProperty("meta").GetProperty("versionId").GetString(),
            Family: e.GetProperty("resource").GetProperty("name")[0].GetProperty("family").GetString(),
            Method: e.GetProperty("request").GetProperty("method").GetString())).ToList();
        Assert.Equal([("2", "Ashworth-Lee", "PUT"), ("1", "Ashworth", "POST")], versions);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/fhir/Patient/{Guid.NewGuid()}/_history")).StatusCode);
    }

    [Fact]
    public async Task GivenARegisteredPatient_WhenMatchedWithTheSameDetails_ThenFoundWithAScoreAndACertainGrade()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var family = TestData.Family();
        var created = await (await client.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient(nhs, family, "1971-06-02")))).JsonAsync();
        var id = created.GetProperty("id").GetString();
        string Parameters(string patient) =>
            $$"""{ "resourceType": "Parameters", "parameter": [ { "name": "resource", "resource": {{patient}} }, { "name": "count", "valueInteger": 3 } ] }""";

        var match = await client.PostAsync("/fhir/Patient/$match", Clients.Fhir(Parameters(TestData.FhirPatient(nhs, family, "1971-06-02"))));
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);
        var bundle = await match.JsonAsync();
        var first = bundle.GetProperty("entry")[0];
        Assert.Equal(id, first.GetProperty("resource").GetProperty("id").GetString());
        Assert.True(first.GetProperty("search").GetProperty("score").GetDecimal() > 0.9m);
        var grade = first.GetProperty("search").GetProperty("extension")[0];
        Assert.Equal("http://hl7.org/fhir/StructureDefinition/match-grade", grade.GetProperty("url").GetString());
        Assert.Equal("certain", grade.GetProperty("valueCode").GetString());

        // Someone else (different name, sex, birth date, address and NHS number) is not offered as this patient.
        var stranger = $$"""
            { "resourceType": "Patient", "identifier": [{ "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "{{TestData.NhsNumber()}}" }],
              "name": [{ "family": "{{TestData.Family()}}", "given": ["Zebedee"] }], "gender": "male", "birthDate": "1950-01-30",
              "address": [{ "line": ["9 Long Lane"], "city": "York", "postalCode": "YO1 7HH" }] }
            """;
        var other = await (await client.PostAsync("/fhir/Patient/$match", Clients.Fhir(Parameters(stranger)))).JsonAsync();
        Assert.DoesNotContain(other.TryGetProperty("entry", out var entries) ? entries.EnumerateArray() : [],
            e => e.GetProperty("resource").GetProperty("id").GetString() == id);

        var noResource = await client.PostAsync("/fhir/Patient/$match", Clients.Fhir("""{ "resourceType": "Parameters" }"""));
        Assert.Equal(HttpStatusCode.BadRequest, noResource.StatusCode);
    }

    [Fact]
    public async Task GivenAnImportedPatientMergedIntoAnother_WhenReadBack_ThenTheirResourcesNameTheSurvivorUntilUnmerged()
    {
        var system = await Clients.SystemAsync(factory);
        var response = await Post(system, Synthea(Edward), HttpStatusCode.OK);
        var source = response.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!.Split('/')[1];
        var created = await (await system.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient()))).JsonAsync();
        var target = created.GetProperty("id").GetString()!;
        var before = (await (await system.GetAsync($"/fhir/Encounter?patient=Patient/{source}")).JsonAsync()).GetProperty("total").GetInt32();
        Assert.True(before > 0);

        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var proposed = await records.PostJsonAsync("/api/v1/patients/merges",
            new { sourcePatientId = source, targetPatientId = target, reason = "Imported twice under two names" });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var merge = (await proposed.JsonAsync()).GetProperty("id").GetGuid();
        var confirmed = await records2.PostJsonAsync($"/api/v1/patients/merges/{merge}/confirm", new { note = "Checked" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var moved = await (await system.GetAsync($"/fhir/Encounter?patient=Patient/{target}")).JsonAsync();
        Assert.Equal(before, moved.GetProperty("total").GetInt32());
        Assert.All(moved.GetProperty("entry").EnumerateArray(), e =>
            Assert.Equal($"Patient/{target}", e.GetProperty("resource").GetProperty("subject").GetProperty("reference").GetString()));
        Assert.Equal(0, (await (await system.GetAsync($"/fhir/Encounter?patient=Patient/{source}")).JsonAsync()).GetProperty("total").GetInt32());

        var unmerged = await records.PostJsonAsync($"/api/v1/patients/merges/{merge}/unmerge", new { reason = "Different people" });
        Assert.Equal(HttpStatusCode.OK, unmerged.StatusCode);
        var back = await (await system.GetAsync($"/fhir/Encounter?patient=Patient/{source}")).JsonAsync();
        Assert.Equal(before, back.GetProperty("total").GetInt32());
        Assert.Equal($"Patient/{source}", back.GetProperty("entry")[0].GetProperty("resource").GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task GivenReadOnlyClient_WhenPostingABundle_ThenForbidden()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read");
        var response = await client.PostAsync("/fhir", Clients.Fhir(Synthea(Edward).ToJsonString()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"x\"}},\"request\":{\"method\":\"DELETE\",\"url\":\"Basic/1\"}}]}")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Nonsense\"},\"request\":{\"method\":\"POST\",\"url\":\"Nonsense\"}}]}")]
    public async Task GivenMalformedBundle_WhenPosted_ThenBadRequestOperationOutcome(string body)
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read system/Patient.write");
        var response = await client.PostAsync("/fhir", Clients.Fhir(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (await response.JsonAsync()).GetProperty("resourceType").GetString());
    }
}

public sealed class FhirTransactionTests_Sqlite(SqliteFactory factory) : FhirTransactionTests(factory), IClassFixture<SqliteFactory>;

public sealed class FhirTransactionTests_Postgres(PostgresFactory factory) : FhirTransactionTests(factory), IClassFixture<PostgresFactory>;
