using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Patients, requests and specimens for laboratory tests, made through the real REST surface.</summary>
public static class LabTestSupport
{
    public static async Task<Guid> PatientAsync(InfirmaryFactory factory, string sex = "Female", string birthDate = "1984-03-27", string? family = null, string? nhsNumber = null, string given = "Jane")
    {
        var client = await Clients.UserAsync(factory, "reception");
        var response = await client.PostAsJsonAsync("/api/v1/patients", new
        {
            nhsNumber = nhsNumber ?? TestData.NhsNumber(),
            givenName = given,
            familyName = family ?? TestData.Family(),
            birthDate,
            sex,
            addressLine1 = "1 Park Row",
            town = "Leeds",
            postcode = "LS1 5HD",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.JsonAsync()).GetProperty("id").GetString()!);
    }

    public static Task<JsonElement> OrderAsync(HttpClient client, Guid patientId, params string[] tests) =>
        OrderAtAsync(client, patientId, "Ward 7", "urgent", tests);

    public static async Task<JsonElement> OrderAtAsync(HttpClient client, Guid patientId, string location, string priority, params string[] tests)
    {
        var response = await client.PostAsJsonAsync("/api/v1/laboratory/orders", new
        {
            patientId, tests, location, priority, clinicalDetails = "Breathless, ?sepsis",
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

/// <summary>ORU^R01 messages for specimens made in a test, as an analyser would send them.</summary>
public static class LabOru
{
    public static string Message(string controlId, string placer, string? nhs, params (string Loinc, string Name, string Value, string Units)[] results)
    {
        var lines = new List<string>
        {
            $"MSH|^~\\&|ANALYSER|BLOODSCI|INFIRMARY|LAB|20261125120000||ORU^R01^ORU_R01|{controlId}|P|2.5.1",
            $"PID|1||{nhs ?? "X123"}^^^{(nhs is null ? "LOCAL^MR" : "NHS^NH")}||DOE^JANE||19840327|F",
            $"OBR|1|{placer}||58410-2^Full blood count^LN|||20261125110000",
        };
        lines.AddRange(results.Select((r, i) => $"OBX|{i + 1}|NM|{r.Loinc}^{r.Name}^LN||{r.Value}|{r.Units}|||||F|||20261125113000"));
        return string.Join('\r', lines) + "\r";
    }

    public static async Task<Infirmary.Hl7v2.Hl7AckInfo> SendAsync(HttpClient system, string message)
    {
        var content = new StringContent(message, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/hl7-v2");
        var response = await system.PostAsync("/api/v1/hl7v2", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Hl7TestSupport.ReadAck(await response.Content.ReadAsStringAsync());
    }
}
