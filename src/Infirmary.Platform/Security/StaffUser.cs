using Microsoft.AspNetCore.Identity;

namespace Infirmary.Platform.Security;

/// <summary>A member of staff who signs in. Their job (role) decides their permissions.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    public string? JobTitle { get; set; }
}

public sealed class StaffRole : IdentityRole<Guid>
{
    public StaffRole()
    {
    }

    public StaffRole(string name)
        : base(name)
    {
        NormalizedName = name.ToUpperInvariant();
    }
}
