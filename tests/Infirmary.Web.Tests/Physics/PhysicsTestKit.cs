using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Physics;

/// <summary>
/// What the physics tests share instead of repeating it per test: recording a result and reading its id and ETag, the
/// second physicist's check with If-Match, asserting a validation problem names its field, numbers as the form posts
/// them, a patient to attach results to, and a machine with a photon beam whose commissioning data are checked.
/// </summary>
internal static class PhysicsTestKit
{
    public static string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Name(string prefix = "LA") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Posts a body that must be created; returns the new id, its ETag and the response JSON.</summary>
    public static async Task<(string Id, string ETag, JsonElement Json)> RecordAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetString()!, response.Headers.ETag?.ToString() ?? string.Empty, json);
    }

    /// <summary>The second physicist's check of a result at <paramref name="url"/> (…/{id}/check) with the ETag read.</summary>
    public static Task<HttpResponseMessage> CheckAsync(HttpClient client, string url, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }

    /// <summary>Asserts a 400 RFC 9457 validation problem naming <paramref name="field"/>; returns that field's messages.</summary>
    public static async Task<string[]> AssertProblemNamesAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.True(doc.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"errors should name {field}: {body}");
        return [.. messages.EnumerateArray().Select(m => m.GetString()!)];
    }

    public static async Task<Guid> PatientAsync(InfirmaryFactory factory)
    {
        var system = await Clients.SystemAsync(factory);
        var created = await (await system.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: TestData.Family()))).JsonAsync();
        return Guid.Parse(created.GetProperty("id").GetString()!);
    }

    /// <summary>A new machine with one photon beam (and an electron beam), returned by id.</summary>
    public static async Task<(Guid Machine, string Name, Guid Photon, Guid Electron)> MachineAsync(HttpClient physicist)
    {
        var name = Name();
        var (machineId, _, _) = await RecordAsync(physicist, "/api/v1/physics/machines", new { name, description = "Test linac" });
        var (photon, _, _) = await RecordAsync(physicist, $"/api/v1/physics/machines/{machineId}/beams", new { energy = "6 MV", modality = "photon" });
        var (electron, _, _) = await RecordAsync(physicist, $"/api/v1/physics/machines/{machineId}/beams", new { energy = "9 MeV", modality = "electron" });
        return (Guid.Parse(machineId), name, Guid.Parse(photon), Guid.Parse(electron));
    }

    public static Task<HttpResponseMessage> ImportCsvAsync(HttpClient client, Guid beam, string csv, string fileName = "6MV.csv") =>
        client.PostAsync($"/api/v1/physics/beams/{beam}/data?fileName={fileName}", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

    /// <summary>Imports <paramref name="csv"/> as the beam's next data version and has a second physicist check it.</summary>
    public static async Task<(string Id, int Number)> CheckedDataAsync(InfirmaryFactory factory, HttpClient physicist, Guid beam, string csv)
    {
        var response = await ImportCsvAsync(physicist, beam, csv);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        var second = await Clients.UserAsync(factory, "physicist2");
        var checkedResponse = await CheckAsync(second, $"/api/v1/physics/beam-data/{id}/check", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, checkedResponse.StatusCode);
        return (id, json.GetProperty("dataVersion").GetInt32());
    }
}
