using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Web.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Infirmary.Web.Platform;

/// <summary>Composition of the shared platform: data, identity, tokens, authorisation, APIs, UI and operations.</summary>
public static class PlatformSetup
{
    public const string AuthScheme = "Infirmary";
    public const string LoginRateLimit = "login";

    /// <summary>What <c>UseAuthentication()</c> records on the application so the host does not add the middleware again.</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static WebApplicationBuilder AddInfirmaryPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddOptions<InfirmaryOptions>().Bind(config.GetSection(InfirmaryOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddInfirmaryData(config);

        // People: ASP.NET Core Identity with cookies, lockout and TOTP.
        services.AddIdentity<StaffUser, StaffRole>(StaffAccounts.ConfigureIdentity)
            .AddEntityFrameworkStores<InfirmaryDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PermissionClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "infirmary.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            // APIs answer 401/403; only people at a browser are sent to the login page.
            o.Events.OnRedirectToLogin = ctx => Deny(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });

        // One default scheme that picks bearer tokens for systems and the cookie for people.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthScheme;
                o.DefaultAuthenticateScheme = AuthScheme;
                o.DefaultChallengeScheme = AuthScheme;
                o.DefaultForbidScheme = AuthScheme;
            })
            .AddPolicyScheme(AuthScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? CachedBearerHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            // Bearer tokens: OpenIddict validates each token once; its principal is reused until the token expires
            // (ADR 0122). Challenges and refusals stay OpenIddict's (the handler passes them on).
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(CachedBearerHandler.SchemeName, _ => { });
        services.AddSingleton<ValidatedTokenCache>();

        services.AddInfirmaryTokens(builder.Configuration, builder.Environment);

        // Deny by default: every endpoint and page needs a signed-in caller unless it says otherwise, and each
        // feature names the permission it needs.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPermissionPolicies();
        services.AddCascadingAuthenticationState();
        // We send X-Frame-Options: DENY ourselves; antiforgery would add a second, weaker SAMEORIGIN.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);

        services.AddDataProtection().SetApplicationName("Infirmary").PersistKeysToDbContext<InfirmaryDbContext>();

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Infirmary API";
            doc.Info.Description = "REST API of Infirmary. FHIR R4 is served separately at /fhir.";
            return Task.CompletedTask;
        }));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx =>
            {
                var limit = ctx.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<InfirmaryOptions>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });

        services.AddHealthChecks().AddDbContextCheck<InfirmaryDbContext>("database", tags: ["ready"]);

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService("infirmary"));
        // Traces are recorded only when there is somewhere to send them: with no exporter each request would still
        // build and tag an activity that nobody reads (ADR 0124).
        if (!string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"));
                t.AddHttpClientInstrumentation();
                t.AddOtlpExporter();
            });
        }

        telemetry
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());

        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddInfirmaryDemoData();
        return builder;
    }

    private static Task Deny(HttpContext ctx, string redirectUri, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/fhir") ||
            ctx.Request.Path.StartsWithSegments("/connect") || ctx.Request.Path.StartsWithSegments(Infirmary.Platform.Fhir.KnownRoutes.CdsServices))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Items[DeniedAuditMiddleware.DeniedItem] = true;
        ctx.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }

    private static Microsoft.AspNetCore.Authorization.AuthorizationBuilder AddPermissionPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder auth)
    {
        foreach (var permission in Permissions.All)
        {
            auth.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireClaim(Permissions.ClaimType, permission));
        }

        return auth;
    }

    public static WebApplication UseInfirmaryPlatform(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorResponses.HandleExceptionAsync });
        app.UseMiddleware<ErrorBodyMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();
        // UseAuthentication(), less OpenIddict's request dispatch for an API call whose token is already validated (ADR 0157).
        // The key is the one UseAuthentication() sets: without it the host would add the framework's middleware as well.
        app.UseMiddleware<BearerAuthenticationMiddleware>();
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseMiddleware<DeniedAuditMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapInfirmaryPlatform(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Infirmary API")).AllowAnonymous();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapTokenEndpoint();
        app.MapFhirPlatform();
        app.MapAccountEndpoints();
        return app;
    }

    public static WebApplication MapInfirmaryPages(this WebApplication app)
    {
        app.MapRazorComponents<App>()
            // Our Content-Security-Policy already says frame-ancestors 'none'; Blazor would add a second, laxer one.
            .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null)
            .AddAdditionalAssemblies(typeof(Infirmary.Patients.PatientsModule).Assembly, typeof(Infirmary.Laboratory.LaboratoryModule).Assembly,
                typeof(Infirmary.Pharmacy.PharmacyModule).Assembly, typeof(Infirmary.Physics.PhysicsModule).Assembly,
                typeof(Infirmary.Workforce.WorkforceModule).Assembly,
                typeof(Infirmary.Scheduling.SchedulingModule).Assembly);
        return app;
    }
}
