using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infirmary.Platform.Security;

/// <summary>
/// A recorded "break glass": a user opened a sensitive record, giving a reason. It grants that user access to that
/// patient for <see cref="BreakGlass.Validity"/>, and stays on the Caldicott Guardian's worklist until reviewed.
/// </summary>
public sealed class BreakGlassAccess
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid PatientId { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string UserName { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public DateTime GrantedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? ReviewedAt { get; set; }

    public string? ReviewedBy { get; set; }

    public string? ReviewNote { get; set; }

    internal static void Configure(EntityTypeBuilder<BreakGlassAccess> e)
    {
        e.ToTable("break_glass_accesses");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.UserId, x.PatientId, x.ExpiresAt });
        e.HasIndex(x => x.ReviewedAt);
        // A grant was given for that record, with a reason; the Caldicott Guardian reviews it as it was.
        e.Property(x => x.PatientId).IsPatientReference(OnPatientMerge.Keep);
        e.Property(x => x.UserId).HasMaxLength(200);
        e.Property(x => x.UserName).HasMaxLength(200);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.ReviewedBy).HasMaxLength(200);
        e.Property(x => x.ReviewNote).HasMaxLength(1000);
    }
}
