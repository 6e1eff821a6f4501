using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Platform.Security;

/// <summary>Identity set-up shared by the web host and the command line, so both apply the same password rules.</summary>
public static class StaffAccounts
{
    public static void ConfigureIdentity(IdentityOptions o)
    {
        // NCSC guidance: length and a block-list beat composition rules.
        o.Password.RequiredLength = 12;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 4;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = false;
        o.SignIn.RequireConfirmedAccount = false;
    }

    public static async Task EnsureRolesAsync(RoleManager<StaffRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new StaffRole(role));
            }
        }
    }

    /// <summary>Generates a new TOTP secret for the user, turns two-step verification on and returns the secret.</summary>
    public static async Task<string> EnableTotpAsync(UserManager<StaffUser> users, StaffUser user, string? secret = null)
    {
        if (secret is null)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            secret = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was generated.");
        }
        else
        {
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", secret);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return secret;
    }
}
