using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Patients, requests and specimens for laboratory tests, made through the real REST surface.</summary>
public static class LabTestSupport
{
    public static async Task<Guid> PatientAsync(InfirmaryFactory factory, string sex = "Female", string birthDate = "1984-03-27")
    {
        var client = await Clients.UserAsync(factory, "reception");
        var response = await client.PostAsJsonAsync("/api/v1/patients", new
        {
            nhsNumber = TestData.NhsNumber(),
            givenName = "Jane",
            familyName = TestData.Family(),
            birthDate,
            sex,
            addressLine1 = "1 Park Row",
            town = "Leeds",
            postcode = "LS1 5HD",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.JsonAsync()).GetProperty("id").GetString()!);
    }

    public static async Task<JsonElement> OrderAsync(HttpClient client, Guid patientId, params string[] tests)
    {
        var response = await client.PostAsJsonAsync("/api/v1/laboratory/orders", new
        {
            patientId, tests, location = "Ward 7", priority = "urgent", clinicalDetails = "Breathless, ?sepsis",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static string Accession(JsonElement order, string container) =>
        order.GetProperty("specimens").EnumerateArray().Single(s => s.GetProperty("container").GetString() == container).GetProperty("accession").GetString()!;

    /// <summary>Collects and receives a specimen as the laboratory assistant.</summary>
    public static async Task CollectAndReceiveAsync(InfirmaryFactory factory, string accession)
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsJsonAsync($"/api/v1/laboratory/specimens/{accession}/collect", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsync($"/api/v1/laboratory/specimens/{accession}/receive", null)).StatusCode);
    }
}
