using System.Net.Http.Headers;
using System.Text.Json;

namespace Infirmary.Bench;

/// <summary>
/// What every load driver against a running Infirmary needs: a client-credentials bearer token and latency
/// percentiles. Linked into each benchmark project (bench/*/*.csproj) so the drivers measure the same way.
/// </summary>
internal static class LoadKit
{
    /// <summary>The demo integration client (README) that every benchmark signs in as.</summary>
    public const string DemoClientId = "demo-integration";
    public const string DemoClientSecret = "demo-integration-secret";

    /// <summary>Gets a token for <paramref name="scope"/> from <c>/connect/token</c> and sets it on the client.</summary>
    public static async Task AuthoriseAsync(HttpClient http, string scope, string clientId = DemoClientId, string secret = DemoClientSecret)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", doc.RootElement.GetProperty("access_token").GetString());
    }

    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/> (q from 0 to 1); 0 when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
