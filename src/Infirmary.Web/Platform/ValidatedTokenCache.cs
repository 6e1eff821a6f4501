using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Infirmary.Web.Platform;

/// <summary>
/// The principals of bearer tokens OpenIddict has already validated, kept until each token expires (ADR 0122), so a
/// system sending the same token on every call pays for its validation once, not on every request.
/// </summary>
/// <remarks>
/// Entries are keyed by the SHA-256 of the whole token: a token differing in any character (a tampered signature, another
/// client's token) is not found and goes through OpenIddict's validation. An entry is used only before the expiry the
/// token itself states. The cache is bounded: when full, expired entries are dropped, and if it is still full it is
/// emptied (every token then validates once more). Tokens here are self-contained signed JWTs that OpenIddict checks
/// without consulting its token store, so there is no revocation for the cache to miss.
/// </remarks>
public sealed class ValidatedTokenCache(TimeProvider clock)
{
    /// <summary>Most tokens remembered at once.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<Key, Entry> _entries = new();

    public int Count => _entries.Count;

    /// <summary>The principal a token was validated as, if it was and has not expired.</summary>
    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        var key = KeyOf(token);
        if (_entries.TryGetValue(key, out var entry))
        {
            if (clock.GetUtcNow() < entry.Expires)
            {
                principal = entry.Principal;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
        }

        principal = null!;
        return false;
    }

    /// <summary>Whether a token was validated and has not expired (an empty token never was).</summary>
    public bool Contains(string token) => token.Length > 0 && TryGet(token, out _);

    /// <summary>Remembers a validated token until <paramref name="expires"/> (the token's own expiry).</summary>
    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        if (expires <= now)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            foreach (var (k, e) in _entries)
            {
                if (e.Expires <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[KeyOf(token)] = new Entry(principal, expires);
    }

    private static Key KeyOf(string token)
    {
        var length = Encoding.UTF8.GetByteCount(token);
        var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(token, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        var parts = MemoryMarshal.Cast<byte, ulong>(hash);
        return new Key(parts[0], parts[1], parts[2], parts[3]);
    }

    private readonly record struct Key(ulong A, ulong B, ulong C, ulong D);

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);
}

/// <summary>
/// Authenticates a bearer token from <see cref="ValidatedTokenCache"/> when it was validated before, and otherwise through
/// OpenIddict's validation handler, remembering the result until the token expires. Challenges and refusals are
/// OpenIddict's, so clients see the same WWW-Authenticate answers as before.
/// </summary>
public sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ValidatedTokenCache cache,
    IAuthenticationHandlerProvider handlers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "InfirmaryBearer";

    private const string Prefix = "Bearer ";

    /// <summary>The bearer token a request carries, or an empty string.</summary>
    public static string TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : string.Empty;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (token.Length > 0 && cache.TryGet(token, out var known))
        {
            // Each request gets its own copy: nothing a request does to its principal reaches another's.
            return AuthenticateResult.Success(new AuthenticationTicket(known.Clone(), Scheme.Name));
        }

        var openIddict = await OpenIddictAsync();
        var result = await openIddict.AuthenticateAsync();
        if (!result.Succeeded)
        {
            return result;
        }

        if (token.Length > 0 && result.Principal.GetExpirationDate() is { } expires)
        {
            cache.Add(token, result.Principal.Clone(), expires);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, result.Properties, Scheme.Name));
    }

    /// <summary>A challenge (401) is OpenIddict's, with its <c>WWW-Authenticate</c> header.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await OpenIddictAsync();
        await Context.ChallengeAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, properties);
    }

    /// <summary>A refusal (403) is OpenIddict's, with its <c>WWW-Authenticate</c> header.</summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await OpenIddictAsync();
        await Context.ForbidAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, properties);
    }

    /// <summary>
    /// OpenIddict's validation handler, with its per-request transaction. The transaction is made when the handler processes
    /// the request at the start of the pipeline; a request authenticated from the cache skipped that
    /// (<see cref="BearerAuthenticationMiddleware"/>), so it is done here, once, when OpenIddict is needed after all.
    /// </summary>
    private async Task<IAuthenticationHandler> OpenIddictAsync()
    {
        var openIddict = await handlers.GetHandlerAsync(Context, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            ?? throw new InvalidOperationException("OpenIddict's validation handler is not registered.");
        if (Context.Features.Get<OpenIddictValidationAspNetCoreFeature>() is null && openIddict is IAuthenticationRequestHandler requests)
        {
            await requests.HandleRequestAsync();
        }

        return openIddict;
    }
}
