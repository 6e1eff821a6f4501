using System.ComponentModel.DataAnnotations;

namespace Infirmary.Web.Platform;

/// <summary>Settings under <c>Infirmary</c>, validated on start.</summary>
public sealed class InfirmaryOptions
{
    public const string Section = "Infirmary";

    /// <summary>Load the demo hospital (staff of every role, patients, GP practices). Refused in Production.</summary>
    public bool Demo { get; set; }

    /// <summary>Where the token signing and encryption keys live. Every web node must see the same folder.</summary>
    [Required]
    public string KeyFolder { get; set; } = "data/keys";

    [Range(1, 100_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    [Range(1, 5000)]
    public int DemoPatients { get; set; } = 400;
}
