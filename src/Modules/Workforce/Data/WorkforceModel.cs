using Infirmary.Platform.Data;
using Infirmary.Workforce.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infirmary.Workforce.Data;

/// <summary>The Workforce module's tables (<c>wf_</c>): teams, shifts, cover, staff, leave, requests, rotas.</summary>
public sealed class WorkforceModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<Team>(e =>
        {
            e.ToTable("wf_teams");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasMany(x => x.Shifts).WithOne().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Cover).WithOne().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
            SnakeCase(e);
        });
        modelBuilder.Entity<ShiftDefinition>(e =>
        {
            e.ToTable("wf_shift_definitions", t =>
            {
                t.HasCheckConstraint("ck_wf_shift_definitions_start", "start_minute >= 0 AND start_minute < 1440");
                t.HasCheckConstraint("ck_wf_shift_definitions_length", "length_minutes > 0 AND length_minutes <= 1440");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(4);
            e.Property(x => x.Name).HasMaxLength(60);
            e.Property(x => x.ForbiddenFollowers).HasMaxLength(100);
            e.HasIndex(x => new { x.TeamId, x.Code }).IsUnique();
            SnakeCase(e);
        });
        modelBuilder.Entity<CoverRule>(e =>
        {
            e.ToTable("wf_cover_rules", t => t.HasCheckConstraint("ck_wf_cover_rules_numbers", "minimum >= 0 AND preferred >= minimum"));
            e.HasKey(x => x.Id);
            e.Property(x => x.ShiftCode).HasMaxLength(4);
            e.Property(x => x.Skill).HasMaxLength(60);
            SnakeCase(e);
        });
        modelBuilder.Entity<StaffMember>(e =>
        {
            e.ToTable("wf_staff", t =>
            {
                t.HasCheckConstraint("ck_wf_staff_contract", "contracted_minutes_per_week >= 0 AND contracted_minutes_per_week <= 4800");
                t.HasCheckConstraint("ck_wf_staff_leave", "annual_leave_days >= 0 AND annual_leave_days <= 60");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.JobRole).HasMaxLength(60);
            e.Property(x => x.Band).HasMaxLength(20);
            e.Property(x => x.Email).HasMaxLength(200);
            e.Property(x => x.Phone).HasMaxLength(30);
            // One staff record per login.
            e.HasIndex(x => x.UserName).IsUnique().HasFilter("user_name IS NOT NULL");
            e.HasIndex(x => x.TeamId);
            e.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Skills).WithOne().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
            SnakeCase(e);
        });
        modelBuilder.Entity<StaffSkill>(e =>
        {
            e.ToTable("wf_staff_skills");
            e.HasKey(x => x.Id);
            e.Property(x => x.Skill).HasMaxLength(60);
            e.HasIndex(x => new { x.StaffMemberId, x.Skill }).IsUnique();
            SnakeCase(e);
        });
        modelBuilder.Entity<LeaveRequest>(e =>
        {
            e.ToTable("wf_leave", t =>
            {
                t.HasCheckConstraint("ck_wf_leave_dates", "last_day >= first_day");
                t.HasCheckConstraint("ck_wf_leave_kind", "kind IN ('annual', 'sickness', 'study')");
                t.HasCheckConstraint("ck_wf_leave_status", "status IN ('requested', 'approved', 'declined')");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.DecidedBy).HasMaxLength(100);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.StaffMemberId, x.FirstDay });
            e.Ignore(x => x.Days);
            SnakeCase(e);
        });
        modelBuilder.Entity<ShiftPreference>(e =>
        {
            e.ToTable("wf_shift_preferences", t => t.HasCheckConstraint("ck_wf_shift_preferences_priority", "priority BETWEEN 1 AND 3"));
            e.HasKey(x => x.Id);
            e.Property(x => x.ShiftCode).HasMaxLength(4);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.StaffMemberId, x.Date });
            SnakeCase(e);
        });
        modelBuilder.Entity<Rota>(e =>
        {
            e.ToTable("wf_rotas", t =>
            {
                t.HasCheckConstraint("ck_wf_rotas_days", "days BETWEEN 1 AND 84");
                t.HasCheckConstraint("ck_wf_rotas_status", "status IN ('draft', 'published')");
                t.HasCheckConstraint("ck_wf_rotas_published", "(status = 'published') = (published_at IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.SolverStatus).HasMaxLength(20);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.PublishedBy).HasMaxLength(100);
            e.Ignore(x => x.EndDate);
            e.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Shifts).WithOne().HasForeignKey(x => x.RotaId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.TeamId, x.StartDate });
            SnakeCase(e);
        });
        modelBuilder.Entity<RotaBuild>(e =>
        {
            e.ToTable("wf_rota_builds", t =>
            {
                t.HasCheckConstraint("ck_wf_rota_builds_status", "status IN ('queued', 'running', 'done', 'refused')");
                t.HasCheckConstraint("ck_wf_rota_builds_weeks", "weeks BETWEEN 1 AND 12");
                t.HasCheckConstraint("ck_wf_rota_builds_outcome", "(status = 'refused') = (problem IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.RequestedBy).HasMaxLength(100);
            e.Property(x => x.Problem).HasMaxLength(2000);
            e.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
            // The rota may be replaced by a later build; the build's record of what happened stays.
            e.HasOne<Rota>().WithMany().HasForeignKey(x => x.RotaId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(x => new { x.Status, x.RequestedAt });
            SnakeCase(e);
        });
        modelBuilder.Entity<RotaShift>(e =>
        {
            e.ToTable("wf_rota_shifts");
            e.HasKey(x => x.Id);
            e.Property(x => x.ShiftCode).HasMaxLength(4);
            // One shift per person per day on a rota, whatever the code does.
            e.HasIndex(x => new { x.RotaId, x.StaffMemberId, x.Date }).IsUnique();
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
            SnakeCase(e);
        });
        modelBuilder.Entity<RotaChange>(e =>
        {
            e.ToTable("wf_rota_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.By).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(500);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasOne<Rota>().WithMany().HasForeignKey(x => x.RotaId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.RotaId, x.At });
            SnakeCase(e);
        });
        modelBuilder.Entity<SwapRequest>(e =>
        {
            e.ToTable("wf_swap_requests", t =>
            {
                t.HasCheckConstraint("ck_wf_swap_requests_status", "status IN ('requested', 'approved', 'declined')");
                t.HasCheckConstraint("ck_wf_swap_requests_two_people", "requester_id <> other_id");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.DecidedBy).HasMaxLength(100);
            e.Property(x => x.DecisionReason).HasMaxLength(500);
            e.HasOne<Rota>().WithMany().HasForeignKey(x => x.RotaId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.OtherId).OnDelete(DeleteBehavior.Restrict);
            SnakeCase(e);
        });
    }

    /// <summary>Column names in snake_case like every other table; ids are made by the code.</summary>
    private static void SnakeCase<T>(EntityTypeBuilder<T> e)
        where T : class
    {
        // Ids are made by the code (Guid.NewGuid) so rows added to a loaded rota are inserted, not taken for updates.
        e.Property("Id").ValueGeneratedNever();
        e.SnakeCaseColumns();
    }
}
