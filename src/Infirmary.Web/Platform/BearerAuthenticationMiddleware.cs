using Infirmary.Platform.Fhir;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Infirmary.Web.Platform;

/// <summary>
/// ASP.NET Core's authentication middleware, with one shortcut (ADR 0157): a call to the API routes (<c>/fhir</c>,
/// <c>/api/v1</c>, <c>/cds-services</c>) whose bearer token is already in <see cref="ValidatedTokenCache"/> does not run
/// the schemes' request handlers — OpenIddict's server and validation dispatch, which only build a transaction and find
/// that the request is not for one of OpenIddict's endpoints. It is then authenticated exactly as any other request: by
/// the default scheme (<see cref="CachedBearerHandler"/>, which finds the token in the cache). Everything else — sign-in
/// pages, cookies, the token endpoint, a token not yet validated — goes through the framework's middleware unchanged.
/// </summary>
public sealed class BearerAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider schemes, ValidatedTokenCache cache)
{
    private readonly AuthenticationMiddleware _standard = new(next, schemes);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsApiRoute(context.Request.Path) || !cache.Contains(CachedBearerHandler.TokenOf(context.Request)))
        {
            await _standard.Invoke(context);
            return;
        }

        // As AuthenticationMiddleware does, less the request handlers.
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = context.Request.Path,
            OriginalPathBase = context.Request.PathBase,
        });
        if (await schemes.GetDefaultAuthenticateSchemeAsync() is { } scheme)
        {
            var result = await context.AuthenticateAsync(scheme.Name);
            if (result.Principal is not null)
            {
                context.User = result.Principal;
            }

            if (result.Succeeded)
            {
                var features = new Authenticated(result);
                context.Features.Set<IHttpAuthenticationFeature>(features);
                context.Features.Set<IAuthenticateResultFeature>(features);
            }
        }

        await next(context);
    }

    private static bool IsApiRoute(PathString path) => path.StartsWithSegments(KnownRoutes.Fhir) || path.StartsWithSegments(KnownRoutes.Api)
        || path.StartsWithSegments(KnownRoutes.CdsServices);

    /// <summary>The authentication result, as the framework's middleware exposes it.</summary>
    private sealed class Authenticated(AuthenticateResult result) : IHttpAuthenticationFeature, IAuthenticateResultFeature
    {
        private AuthenticateResult? _result = result;
        private System.Security.Claims.ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public System.Security.Claims.ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
