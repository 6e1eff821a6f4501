using Infirmary.Platform.Audit;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Infirmary.Web.Platform;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Sign-out is a POST with an antiforgery token, so a link on another site cannot sign people out.
        app.MapPost("/account/logout", async (SignInManager<StaffUser> signIn, AuditTrail audit) =>
        {
            await audit.RecordAsync("logout", "Session");
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization().ExcludeFromDescription();
    }
}
