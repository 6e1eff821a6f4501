using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infirmary.Web.Platform;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Infirmary.Web.Tests.Infrastructure;

public static partial class Clients
{
    /// <summary>A client holding a bearer token for the demo system client (all scopes unless given).</summary>
    public static async Task<HttpClient> SystemAsync(InfirmaryFactory factory, string? scope = null)
    {
        var client = factory.CreateClient();
        var token = await TokenAsync(client, DemoData.DemoClientId, DemoData.DemoClientSecret, scope);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token request failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A browser-like client signed in through the real login page (and the TOTP page if needed).</summary>
    public static async Task<HttpClient> UserAsync(InfirmaryFactory factory, string userName, string? password = null, string? totpSecret = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await LoginAsync(client, userName, password ?? DemoData.DemoPassword);
        if (LocalTarget(response).StartsWith("/account/login-2fa", StringComparison.Ordinal))
        {
            Assert.NotNull(totpSecret);
            response = await PostFormAsync(client, LocalTarget(response), "login-2fa",
                new() { ["Input.Code"] = Totp(totpSecret!, DateTimeOffset.UtcNow) });
        }

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {userName} failed: {(int)response.StatusCode}");
        Assert.DoesNotContain("/account/login", LocalTarget(response), StringComparison.Ordinal);
        return client;
    }

    /// <summary>Where a redirect points, as a local path and query (Blazor writes absolute URLs).</summary>
    public static string LocalTarget(HttpResponseMessage response) => response.Headers.Location switch
    {
        null => string.Empty,
        { IsAbsoluteUri: true } u => u.PathAndQuery,
        var u => u.OriginalString,
    };

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password) =>
        PostFormAsync(client, "/account/login", "login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>Posts a static-rendered Blazor form as a browser would: antiforgery token and handler name included.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryPattern().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {url}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        fields["_handler"] = formName;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    /// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps compute it.</summary>
    public static string Totp(string base32Secret, DateTimeOffset at)
    {
        var key = Base32(base32Secret);
        var counter = at.ToUnixTimeSeconds() / 30;
        Span<byte> message = stackalloc byte[8];
        for (var i = 7; i >= 0; i--)
        {
            message[i] = (byte)(counter & 0xff);
            counter >>= 8;
        }

#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; authenticator apps use it.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string s)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in s.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((value >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }

        return [.. output];
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static StringContent Fhir(string json) => new(json, System.Text.Encoding.UTF8, "application/fhir+json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);
}
