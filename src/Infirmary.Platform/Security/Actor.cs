using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Infirmary.Platform.Security;

/// <summary>Who is asking: a signed-in member of staff or a system client with a bearer token.</summary>
public sealed record Actor(string Id, string Name, string Type, string? Roles, string? ClientAddress, ClaimsPrincipal Principal)
{
    public bool IsSystem => Type == "system";

    public bool Has(string permission) => Principal.HasClaim(Permissions.ClaimType, permission);

    public static Actor From(HttpContext context)
    {
        var user = context.User;
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (user.Identity?.IsAuthenticated != true)
        {
            return new Actor("anonymous", "anonymous", "user", null, address, user);
        }

        var subject = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? "unknown";
        // Client-credentials tokens are marked as a system's and carry the client id as their subject.
        if (user.FindFirstValue("agent_type") == "system")
        {
            return new Actor(subject, user.FindFirstValue("name") ?? subject, "system", null, address, user);
        }

        var roles = string.Join(',', user.FindAll(ClaimTypes.Role).Select(c => c.Value).Concat(user.FindAll("role").Select(c => c.Value)).Distinct());
        var name = user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue("name") ?? subject;
        return new Actor(subject, name, "user", roles.Length == 0 ? null : roles, address, user);
    }
}

/// <summary>Scoped accessor so services need not thread HttpContext through every call.</summary>
public sealed class ActorAccessor(IHttpContextAccessor accessor)
{
    private Actor? _override;

    public Actor Current => _override ?? (accessor.HttpContext is { } ctx
        ? Actor.From(ctx)
        : new Actor("system:local", "Infirmary command line", "system", null, "local", new ClaimsPrincipal()));

    /// <summary>For work that runs outside a request (command line, background jobs).</summary>
    public void Use(Actor actor) => _override = actor;
}
