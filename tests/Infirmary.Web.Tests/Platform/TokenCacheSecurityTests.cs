using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Infirmary.Web.Platform;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Platform;

/// <summary>The cache of validated bearer tokens (ADR 0122) on its own, with a clock the test moves.</summary>
public sealed class TokenCacheSecurityTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static ClaimsPrincipal Principal(string subject) =>
        new(new ClaimsIdentity([new Claim("sub", subject)], "test"));

    [Fact]
    public void GivenACachedToken_WhenItsExpiryPasses_ThenItIsNoLongerServed()
    {
        var clock = new Clock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var cache = new ValidatedTokenCache(clock);
        cache.Add("token-a", Principal("a"), clock.Now.AddMinutes(60));

        clock.Now = clock.Now.AddMinutes(59);
        Assert.True(cache.TryGet("token-a", out var principal));
        Assert.Equal("a", principal.FindFirst("sub")?.Value);

        clock.Now = clock.Now.AddMinutes(1);
        Assert.False(cache.TryGet("token-a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void GivenAnAlreadyExpiredToken_WhenAdded_ThenItIsNotKept()
    {
        var clock = new Clock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var cache = new ValidatedTokenCache(clock);
        cache.Add("token-a", Principal("a"), clock.Now);
        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void GivenACachedToken_WhenAnotherTokenIsLookedUp_ThenNothingIsServed()
    {
        var clock = new Clock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var cache = new ValidatedTokenCache(clock);
        cache.Add("eyJhbGciOiJSUzI1NiJ9.payload.signature", Principal("a"), clock.Now.AddHours(1));
        Assert.False(cache.TryGet("eyJhbGciOiJSUzI1NiJ9.payload.signaturf", out _));
        Assert.False(cache.TryGet("eyJhbGciOiJSUzI1NiJ9.payload.signature ", out _));
        Assert.True(cache.TryGet("eyJhbGciOiJSUzI1NiJ9.payload.signature", out _));
    }

    [Fact]
    public void GivenMoreTokensThanTheBound_WhenAdded_ThenTheCacheStaysWithinIt()
    {
        var clock = new Clock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var cache = new ValidatedTokenCache(clock);
        for (var i = 0; i < ValidatedTokenCache.MaxEntries + 5; i++)
        {
            cache.Add($"token-{i}", Principal("a"), clock.Now.AddHours(1));
            Assert.True(cache.Count <= ValidatedTokenCache.MaxEntries);
        }

        // The newest is always kept.
        Assert.True(cache.TryGet($"token-{ValidatedTokenCache.MaxEntries + 4}", out _));
    }
}

/// <summary>Bearer tokens through the real host with the cache in front of OpenIddict, on SQLite and on PostgreSQL.</summary>
public abstract class TokenCacheHostSecurityTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenACachedToken_WhenItIsTampered_ThenTheTamperedOneIsRefused()
    {
        var client = factory.CreateClient();
        var token = await Clients.TokenAsync(client, DemoData.DemoClientId, DemoData.DemoClientSecret, "system/Patient.read");
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client, token));
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client, token));

        // One character of the signature changed, and a payload claiming more (the signature no longer matches).
        var parts = token.Split('.');
        var at = token.Length - (parts[2].Length / 2);
        var tampered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        Assert.Equal(HttpStatusCode.Unauthorized, await SearchAsync(client, tampered));
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url(parts[1]))
            .Replace("system/Patient.read", "system/Patient.write", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, await SearchAsync(client, forged));

        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client, token));
    }

    [Fact]
    public async Task GivenACachedToken_WhenAnotherTokenWithOtherScopesIsSent_ThenItGetsItsOwnPermissions()
    {
        var client = factory.CreateClient();
        var reader = await Clients.TokenAsync(client, DemoData.DemoClientId, DemoData.DemoClientSecret, "system/Patient.read");
        var auditor = await Clients.TokenAsync(client, DemoData.DemoClientId, DemoData.DemoClientSecret, "system/AuditEvent.read");
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client, reader));
        Assert.Equal(HttpStatusCode.Forbidden, await SearchAsync(client, auditor));
        Assert.Equal(HttpStatusCode.Forbidden, await SearchAsync(client, auditor));
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client, reader));

        var cache = factory.Services.GetRequiredService<ValidatedTokenCache>();
        Assert.True(cache.TryGet(reader, out var readerPrincipal));
        Assert.True(cache.TryGet(auditor, out var auditorPrincipal));
        Assert.NotSame(readerPrincipal, auditorPrincipal);
    }

    [Fact]
    public async Task GivenACachedTokenWithoutThePermission_WhenRefused_ThenTheRefusalIsOpenIddictsAndIsAudited()
    {
        // The first call validates the token through OpenIddict; the next ones are authenticated from the cache without
        // OpenIddict's request dispatch (ADR 0157), and their refusals must still be OpenIddict's, and audited.
        var client = factory.CreateClient();
        var auditor = await Clients.TokenAsync(client, DemoData.DemoClientId, DemoData.DemoClientSecret, "system/AuditEvent.read");
        var first = await SendAsync(client, auditor);
        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        var cache = factory.Services.GetRequiredService<ValidatedTokenCache>();
        Assert.True(cache.Contains(auditor));

        var path = $"/fhir/Patient?family={TestData.Family()}";
        var cached = await SendAsync(client, auditor, path);
        Assert.Equal(HttpStatusCode.Forbidden, cached.StatusCode);
        Assert.Equal(first.Headers.WwwAuthenticate.ToString(), cached.Headers.WwwAuthenticate.ToString());
        Assert.Contains(cached.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(first.Content.Headers.ContentType?.MediaType, cached.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Infirmary.Platform.Data.InfirmaryDbContext>();
        var refusal = await db.AuditEvents.AsNoTracking().Where(a => a.Entity == $"GET {path.Split('?')[0]}" && a.Outcome == "denied"
            && a.AgentId == DemoData.DemoClientId).OrderByDescending(a => a.OccurredAt).FirstOrDefaultAsync();
        Assert.NotNull(refusal);
        Assert.Equal("HTTP 403", refusal.Detail);
    }

    [Fact]
    public async Task GivenACachedToken_WhenItsRequestIsServed_ThenItIsAuthenticatedAsTheValidatedClient()
    {
        var client = factory.CreateClient();
        var token = await Clients.TokenAsync(client, DemoData.DemoClientId, DemoData.DemoClientSecret, "system/Patient.read");
        var family = TestData.Family();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, token, $"/fhir/Patient?family={family}")).StatusCode);

        // The cached call's audit names the client the token was issued to.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Infirmary.Platform.Data.InfirmaryDbContext>();
        var search = await db.AuditEvents.AsNoTracking().Where(a => a.Detail == "search by family; no matches" && a.AgentId == DemoData.DemoClientId)
            .OrderByDescending(a => a.OccurredAt).FirstOrDefaultAsync();
        Assert.NotNull(search);
        Assert.Equal("system", search.AgentType);
    }

    [Fact]
    public async Task GivenNoOrAMalformedBearerToken_WhenSearching_ThenUnauthorisedWithOpenIddictsChallenge()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await SearchAsync(client, "not-a-token"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Patient?family=Smith");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        var response = await client.SendAsync(request);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string token, string path = "/fhir/Patient?family=Smith")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> SearchAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Patient?family=Smith");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static byte[] Base64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + ((4 - (b.Length % 4)) % 4), '='));
    }
}

public sealed class TokenCacheHostSecurityTests_Sqlite(SqliteFactory factory) : TokenCacheHostSecurityTests(factory), IClassFixture<SqliteFactory>;

public sealed class TokenCacheHostSecurityTests_Postgres(PostgresFactory factory) : TokenCacheHostSecurityTests(factory), IClassFixture<PostgresFactory>;
