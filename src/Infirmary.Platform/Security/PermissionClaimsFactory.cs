using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Infirmary.Platform.Security;

/// <summary>Stamps the permissions of the user's roles into the sign-in cookie, so checks need no database round trip.</summary>
public sealed class PermissionClaimsFactory(
    UserManager<StaffUser> users,
    RoleManager<StaffRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, StaffRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var roleNames = await UserManager.GetRolesAsync(user);
        foreach (var permission in Permissions.ForRoles(roleNames))
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim("display_name", user.DisplayName));
        }

        return identity;
    }
}

public static class PermissionEndpointExtensions
{
    /// <summary>Every endpoint names the permission it needs; policies are named after permissions.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(permission);
}
