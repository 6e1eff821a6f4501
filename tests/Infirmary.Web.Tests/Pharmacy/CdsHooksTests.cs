using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Pharmacy;

/// <summary>Medicines screening as a CDS Hooks 1.0 service, through the real pipeline on SQLite and PostgreSQL.</summary>
public abstract class CdsHooksTests(InfirmaryFactory factory)
{
    private const string Sign = "/cds-services/medicines-screening-sign";
    private const string Select = "/cds-services/medicines-screening-select";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static Dictionary<string, object> Medication(string? code, string? text, string status = "draft")
    {
        var concept = new Dictionary<string, object>();
        if (code is not null)
        {
            concept["coding"] = new[] { new { system = "http://snomed.info/sct", code, display = text } };
        }

        if (text is not null)
        {
            concept["text"] = text;
        }

        return new()
        {
            ["resourceType"] = "MedicationRequest",
            ["status"] = status,
            ["intent"] = "order",
            ["subject"] = new { reference = "Patient/example" },
            ["medicationCodeableConcept"] = concept,
        };
    }

    private static object Allergy(string substance) => new
    {
        resourceType = "AllergyIntolerance",
        clinicalStatus = new { coding = new[] { new { system = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code = "active" } } },
        code = new { text = substance },
        patient = new { reference = "Patient/example" },
    };

    private static object Bundle(params object[] resources) => new
    {
        resourceType = "Bundle",
        type = "collection",
        entry = resources.Select(r => new { resource = r }).ToArray(),
    };

    private static StringContent Body(object request) =>
        new(JsonSerializer.Serialize(request, Json), Encoding.UTF8, "application/json");

    private static Dictionary<string, object?> Hook(string hook, string patientId, object draftOrders, object? prefetch = null) => new Dictionary<string, object?>
    {
        ["hookInstance"] = Guid.NewGuid().ToString(),
        ["hook"] = hook,
        ["context"] = new { userId = "Practitioner/example", patientId, draftOrders },
        ["prefetch"] = prefetch,
    };

    private static async Task<JsonElement> CardsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("cards");
    }

    [Fact]
    public async Task GivenAPharmacist_WhenDiscoveryIsRead_ThenOrderSelectAndOrderSignServicesWithPatientPrefetch()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var response = await client.GetAsync("/cds-services");
        var root = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var services = root.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(["order-select", "order-sign"], services.Select(s => s.GetProperty("hook").GetString()!).Order().ToArray());
        foreach (var s in services)
        {
            Assert.False(string.IsNullOrEmpty(s.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("description").GetString()));
            var prefetch = s.GetProperty("prefetch");
            Assert.Contains("{{context.patientId}}", prefetch.GetProperty("medications").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("AllergyIntolerance?patient=", prefetch.GetProperty("allergies").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GivenMethotrexateAndTrimethoprimDrafts_WhenOrderSignIsCalled_ThenACriticalCardCitingItsSourceAndTheCallIsAudited()
    {
        var client = await Clients.SystemAsync(factory, "system/MedicationRequest.read");
        var patientId = Guid.NewGuid();
        var request = Hook("order-sign", patientId.ToString(), Bundle(
            Medication("9100007", "Methotrexate 2.5mg tablets"),
            Medication(null, "Trimethoprim 200mg tablets")));

        var cards = (await CardsAsync(await client.PostAsync(Sign, Body(request)))).EnumerateArray().ToList();

        var card = Assert.Single(cards, c => c.GetProperty("summary").GetString()!.Contains("Methotrexate", StringComparison.Ordinal)
                                             && c.GetProperty("summary").GetString()!.Contains("Trimethoprim", StringComparison.Ordinal));
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.Contains("BNF appendix 1: methotrexate", card.GetProperty("source").GetProperty("label").GetString(), StringComparison.Ordinal);
        Assert.Contains("bone-marrow", card.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(card.GetProperty("summary").GetString()!.Length <= 140);
        Assert.True(Guid.TryParse(card.GetProperty("uuid").GetString(), out _));

        // The same finding keeps the same card id on the next call (an override can be recorded against it).
        var again = (await CardsAsync(await client.PostAsync(Sign, Body(request)))).EnumerateArray()
            .Single(c => c.GetProperty("summary").GetString() == card.GetProperty("summary").GetString());
        Assert.Equal(card.GetProperty("uuid").GetString(), again.GetProperty("uuid").GetString());

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.PatientId == patientId && a.Action == AuditAction.Execute
                                                           && a.Entity == "cds-services/medicines-screening-sign"));
    }

    [Fact]
    public async Task GivenAPenicillinAllergyInPrefetch_WhenAmoxicillinIsSelected_ThenAnAllergyCard()
    {
        var client = await Clients.UserAsync(factory, "clinician");
        var request = Hook("order-select", Guid.NewGuid().ToString(), Bundle(Medication(null, "Amoxicillin 500mg capsules")),
            new Dictionary<string, object?>
            {
                ["allergies"] = Bundle(Allergy("Penicillin")),
                ["medications"] = null,
            });

        var cards = (await CardsAsync(await client.PostAsync(Select, Body(request)))).EnumerateArray().ToList();

        var card = Assert.Single(cards);
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.Contains("allergy", card.GetProperty("summary").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Amoxicillin", card.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("BNF", card.GetProperty("source").GetProperty("label").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenACurrentWarfarinInPrefetch_WhenIbuprofenIsSigned_ThenTheInteractionWithTheCurrentMedicineIsCarded()
    {
        var client = await Clients.SystemAsync(factory);
        var request = Hook("order-sign", "external-123", Bundle(Medication(null, "Ibuprofen 400mg tablets")),
            new { medications = Bundle(Medication(null, "Warfarin 5mg tablets", "active"), Medication(null, "Simvastatin 40mg tablets", "stopped")) });

        var cards = (await CardsAsync(await client.PostAsync(Sign, Body(request)))).EnumerateArray().ToList();

        Assert.Contains(cards, c => c.GetProperty("summary").GetString()!.Contains("Warfarin", StringComparison.Ordinal)
                                    && c.GetProperty("indicator").GetString() == "critical");
        // A stopped medicine is not screened.
        Assert.DoesNotContain(cards, c => c.GetProperty("summary").GetString()!.Contains("Simvastatin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenTenGramsOfDigoxinDailyForAnAdultInPrefetch_WhenSigned_ThenACriticalDoseCard()
    {
        var client = await Clients.SystemAsync(factory);
        var digoxin = Medication("9100039", "Digoxin 125microgram tablets");
        digoxin["dosageInstruction"] = new[]
        {
            new
            {
                timing = new { repeat = new { frequency = 1, period = 1, periodUnit = "d" } },
                doseAndRate = new[] { new { doseQuantity = new { value = 10, unit = "g", system = "http://unitsofmeasure.org", code = "g" } } },
            },
        };
        var request = Hook("order-sign", Guid.NewGuid().ToString(), Bundle(digoxin),
            new { patient = new { resourceType = "Patient", birthDate = "1950-01-01" } });

        var cards = (await CardsAsync(await client.PostAsync(Sign, Body(request)))).EnumerateArray().ToList();

        var dose = Assert.Single(cards, c => c.GetProperty("summary").GetString()!.StartsWith("Dose check: Digoxin 125microgram tablets: Daily dose", StringComparison.Ordinal));
        Assert.Single(cards, c => c.GetProperty("summary").GetString()!.StartsWith("Dose check: Digoxin 125microgram tablets: Single dose", StringComparison.Ordinal));
        Assert.Equal("critical", dose.GetProperty("indicator").GetString());
        Assert.Contains("BNF: digoxin", dose.GetProperty("source").GetProperty("label").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenASafePair_WhenOrderSignIsCalled_ThenNoCards()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var request = Hook("order-sign", Guid.NewGuid().ToString(), Bundle(
            Medication("9100042", "Paracetamol 500mg tablets"),
            Medication(null, "Amlodipine 5mg tablets")));

        var cards = await CardsAsync(await client.PostAsync(Sign, Body(request)));

        Assert.Equal(0, cards.GetArrayLength());
    }

    [Fact]
    public async Task GivenATextOnlyMedicineThatCannotBeResolved_WhenScreened_ThenAWarningCardSaysSoWithSuggestions()
    {
        var client = await Clients.UserAsync(factory, "pharmacist");
        var request = Hook("order-sign", Guid.NewGuid().ToString(), Bundle(Medication(null, "Simvastatn 40mg tablets"), Medication(null, "Zorblaxin 10mg tablets")));

        var cards = (await CardsAsync(await client.PostAsync(Sign, Body(request)))).EnumerateArray().ToList();

        var unknown = Assert.Single(cards, c => c.GetProperty("summary").GetString()!.Contains("Zorblaxin", StringComparison.Ordinal));
        Assert.Equal("warning", unknown.GetProperty("indicator").GetString());
        Assert.Contains("not recognised", unknown.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("not been screened", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var misspelt = Assert.Single(cards, c => c.GetProperty("summary").GetString()!.Contains("Simvastatn", StringComparison.Ordinal));
        Assert.True(misspelt.GetProperty("detail").GetString()!.Contains("Did you mean", StringComparison.Ordinal) &&
                    misspelt.GetProperty("detail").GetString()!.Contains("Simvastatin", StringComparison.OrdinalIgnoreCase),
            misspelt.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"hook\":\"order-sign\",\"context\":{\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\"}}}", "hookInstance")]
    [InlineData("{\"hookInstance\":\"x\",\"hook\":\"patient-view\",\"context\":{\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\"}}}", "patient-view")]
    [InlineData("{\"hookInstance\":\"x\",\"hook\":\"order-sign\"}", "context")]
    [InlineData("{\"hookInstance\":\"x\",\"hook\":\"order-sign\",\"context\":{\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Patient\",\"gender\":\"female\"}}}", "expected a FHIR Bundle; got Patient")]
    [InlineData("{\"hookInstance\":\"x\",\"hook\":\"order-sign\",\"context\":{\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"MedicationRequest\",\"status\":\"draft\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p\"}}}]}}}", "resource.medication' with minimum cardinality 1")]
    public async Task GivenAMalformedHookRequest_WhenPosted_ThenBadRequestNamingTheProblem(string body, string expected)
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync(Sign, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.True(text.Contains(expected, StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GivenABodyOverOneMebibyte_WhenPostedWithOrWithoutContentLength_ThenPayloadTooLargeAndNotScreened(bool withLength)
    {
        var client = await Clients.SystemAsync(factory);
        // A valid hook request padded past the limit by one long string: the size alone refuses it.
        var request = Hook("order-sign", "p", Bundle(Medication(null, "Paracetamol 500mg tablets")));
        request["hookInstance"] = new string('x', CdsHooksLimit);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        HttpContent content = withLength ? new ByteArrayContent(bytes) : new UnsizedContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync(Sign, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1024 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABodyThatIsNotUtf8_WhenPosted_ThenBadRequestSayingItIsNotJson()
    {
        var client = await Clients.SystemAsync(factory);
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"hookInstance\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\",\"hook\":\"order-sign\"}")]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync(Sign, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const int CdsHooksLimit = 1024 * 1024;

    /// <summary>A body sent without Content-Length (chunked), so the server must stop reading at the limit itself.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task GivenAnUnknownServiceId_WhenPosted_ThenNotFoundListingTheServices()
    {
        var client = await Clients.SystemAsync(factory);
        var response = await client.PostAsync("/cds-services/no-such-service",
            Body(Hook("order-sign", "p", Bundle(Medication(null, "Paracetamol 500mg tablets")))));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("medicines-screening-sign", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAReceptionist_WhenCallingTheService_ThenForbiddenAndTheDenialAudited()
    {
        var client = await Clients.UserAsync(factory, "reception");
        var discovery = await client.GetAsync("/cds-services");
        var call = await client.PostAsync(Sign, Body(Hook("order-sign", Guid.NewGuid().ToString(), Bundle(Medication(null, "Paracetamol 500mg tablets")))));
        Assert.Equal(HttpStatusCode.Forbidden, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Outcome == AuditOutcome.Denied && a.Entity == "POST " + Sign));
    }

    [Fact]
    public async Task GivenASystemWithoutTheMedicationScope_WhenCallingTheService_ThenForbidden()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read");
        var response = await client.PostAsync(Sign, Body(Hook("order-sign", "p", Bundle(Medication(null, "Paracetamol 500mg tablets")))));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class CdsHooksTests_Sqlite(SqliteFactory factory) : CdsHooksTests(factory), IClassFixture<SqliteFactory>;

public sealed class CdsHooksTests_Postgres(PostgresFactory factory) : CdsHooksTests(factory), IClassFixture<PostgresFactory>;
