using System.Security.Claims;
using System.Security.Cryptography;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Permissions = Infirmary.Platform.Security.Permissions;
using Microsoft.AspNetCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Infirmary.Web.Platform;

/// <summary>
/// OAuth 2.0 for systems: OpenIddict issues bearer tokens by the client-credentials grant at /connect/token and
/// validates them on /api and /fhir. Scopes are SMART-style (<c>system/Patient.read</c>) and map to permissions.
/// </summary>
public static class Tokens
{
    public const string AgentTypeClaim = "agent_type";

    public static IServiceCollection AddInfirmaryTokens(this IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        var keyFolder = config[$"{InfirmaryOptions.Section}:{nameof(InfirmaryOptions.KeyFolder)}"] ?? "data/keys";
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<InfirmaryDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("connect/token");
                o.AllowClientCredentialsFlow();
                o.RegisterScopes([.. Permissions.ByScope.Keys]);
                o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                // Keys live in a folder every web node shares, so a token issued by one node is valid on all.
                o.AddSigningKey(LoadOrCreateKey(keyFolder, "token-signing.pem"));
                o.AddEncryptionKey(LoadOrCreateKey(keyFolder, "token-encryption.pem"));
                // Signed, not encrypted: resource servers and auditors can read the claims of a token they hold.
                o.DisableAccessTokenEncryption();
                var aspnet = o.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!env.IsProduction())
                {
                    aspnet.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });
        return services;
    }

    private static RsaSecurityKey LoadOrCreateKey(string folder, string file)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, file);
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            var pem = rsa.ExportRSAPrivateKeyPem();
            File.WriteAllText(path, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] };
    }

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", Issue).AllowAnonymous().RequireRateLimiting(PlatformSetup.LoginRateLimit).ExcludeFromDescription();
    }

    private static async Task<IResult> Issue(HttpContext http, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict request is missing.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Results.Forbid(
                new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.UnsupportedGrantType,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "Only the client_credentials grant is supported.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        // OpenIddict has already authenticated the client and checked the requested scopes against its permissions.
        var client = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("The client vanished after authentication.");
        var granted = request.GetScopes();
        if (granted.IsEmpty)
        {
            var permissions = await applications.GetPermissionsAsync(client);
            granted = [.. permissions.Where(p => p.StartsWith(OpenIddictConstants.Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[OpenIddictConstants.Permissions.Prefixes.Scope.Length..])];
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(client) ?? request.ClientId);
        identity.SetClaim(AgentTypeClaim, "system");
        foreach (var permission in granted.SelectMany(s => Permissions.ByScope.TryGetValue(s, out var p) ? p : []).Distinct())
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission));
        }

        identity.SetScopes(granted);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Registers (or updates) a system client allowed the client-credentials grant and the given scopes.</summary>
    public static async Task EnsureClientAsync(IOpenIddictApplicationManager apps, string clientId, string secret, string displayName, IEnumerable<string> scopes, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = displayName,
            ClientType = ClientTypes.Confidential,
        };
        descriptor.Permissions.Add(OpenIddictConstants.Permissions.Endpoints.Token);
        descriptor.Permissions.Add(OpenIddictConstants.Permissions.GrantTypes.ClientCredentials);
        foreach (var scope in scopes)
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + scope);
        }

        if (await apps.FindByClientIdAsync(clientId, ct) is null)
        {
            await apps.CreateAsync(descriptor, ct);
        }
    }
}
