using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Data;

/// <summary>The Patients module's tables. Other modules refer to a patient by its Guid id only.</summary>
public sealed class PatientsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<Patient>(e =>
        {
            e.ToTable("patients", t =>
            {
                // The database refuses what the code would never write: a malformed NHS number or a future-less check.
                t.HasCheckConstraint("ck_patients_nhs_number_digits",
                    provider == DatabaseProvider.Postgres
                        ? "nhs_number IS NULL OR nhs_number ~ '^[0-9]{10}$'"
                        : "nhs_number IS NULL OR (length(nhs_number) = 10 AND nhs_number NOT GLOB '*[^0-9]*')");
                t.HasCheckConstraint("ck_patients_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.NhsNumber).HasColumnName("nhs_number").HasMaxLength(10);
            // One record per NHS number, enforced here so two clerks registering at once cannot both succeed.
            e.HasIndex(x => x.NhsNumber).IsUnique().HasDatabaseName("ux_patients_nhs_number");
            e.Property(x => x.Title).HasColumnName("title").HasMaxLength(20);
            e.Property(x => x.GivenName).HasColumnName("given_name").HasMaxLength(100);
            e.Property(x => x.FamilyName).HasColumnName("family_name").HasMaxLength(100);
            e.Property(x => x.GivenNameSearch).HasColumnName("given_name_search").HasMaxLength(100);
            e.Property(x => x.FamilyNameSearch).HasColumnName("family_name_search").HasMaxLength(100);
            e.HasIndex(x => new { x.FamilyNameSearch, x.BirthDate }).HasDatabaseName("ix_patients_family_birth");
            e.HasIndex(x => x.BirthDate).HasDatabaseName("ix_patients_birth_date");
            e.Property(x => x.BirthDate).HasColumnName("birth_date");
            e.Property(x => x.Sex).HasColumnName("sex").HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.AddressLine1).HasColumnName("address_line1").HasMaxLength(100);
            e.Property(x => x.AddressLine2).HasColumnName("address_line2").HasMaxLength(100);
            e.Property(x => x.Town).HasColumnName("town").HasMaxLength(60);
            e.Property(x => x.Postcode).HasColumnName("postcode").HasMaxLength(8);
            e.Property(x => x.Phone).HasColumnName("phone").HasMaxLength(20);
            e.Property(x => x.GpPracticeOds).HasColumnName("gp_practice_ods").HasMaxLength(6);
            e.Property(x => x.Sensitive).HasColumnName("sensitive");
            e.Property(x => x.Active).HasColumnName("active");
            e.Property(x => x.DateOfDeath).HasColumnName("date_of_death");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Ignore(x => x.DisplayName);
        });

        modelBuilder.Entity<PatientVersion>(e =>
        {
            e.ToTable("patient_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PatientId).HasColumnName("patient_id");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(200);
            e.Property(x => x.Snapshot).HasColumnName("snapshot");
            e.HasIndex(x => new { x.PatientId, x.Version }).IsUnique();
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
