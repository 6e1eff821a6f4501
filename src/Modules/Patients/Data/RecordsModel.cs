using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Data;

/// <summary>
/// Health records tables beside the patient record: other patient identifiers (hospital number, imported ids) and
/// the generic FHIR resource store that keeps what no module models yet (ADR 0045).
/// </summary>
public sealed class RecordsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<PatientIdentifier>(e =>
        {
            e.ToTable("patient_identifiers");
            e.HasKey(x => x.Id);
            // A real foreign key inside the module: the identifiers are the person's, so a merge carries them across.
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_identifiers_patient");
            e.HasIndex(x => x.PatientId).HasDatabaseName("ix_patient_identifiers_patient");
            e.Property(x => x.System).HasMaxLength(200);
            e.Property(x => x.Value).HasMaxLength(100);
            e.Property(x => x.TypeText).HasMaxLength(100);
            // One system and value names one patient, in the database as well as the code.
            e.HasIndex(x => new { x.System, x.Value }).IsUnique().HasDatabaseName("ux_patient_identifiers_system_value");
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<PatientNumberCounter>(e =>
        {
            // One row per counter; HospitalNumbers moves it on with a single atomic UPDATE ... RETURNING.
            e.ToTable("patient_number_counters", t => t.HasCheckConstraint("ck_patient_number_counters_next_positive", "next_value >= 1"));
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(40);
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<StoredResource>(e =>
        {
            e.ToTable("fhir_resources", t =>
            {
                t.HasCheckConstraint("ck_fhir_resources_version_positive", "version >= 1");
                t.HasCheckConstraint("ck_fhir_resources_not_patient", "resource_type <> 'Patient'");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.ResourceType).HasMaxLength(64);
            // The person the resource is about: a merge moves it to the survivor (and an unmerge back).
            e.Property(x => x.PatientId).IsPatientReference(OnPatientMerge.Move);
            e.HasIndex(x => new { x.PatientId, x.ResourceType }).HasDatabaseName("ix_fhir_resources_patient_type");
            e.HasIndex(x => new { x.ResourceType, x.UpdatedAt }).HasDatabaseName("ix_fhir_resources_type_updated");
            e.Property(x => x.Version).IsConcurrencyToken();
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<StoredResourceVersion>(e =>
        {
            e.ToTable("fhir_resource_versions");
            e.HasKey(x => x.Id);
            e.HasOne<StoredResource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_fhir_resource_versions_resource");
            e.HasIndex(x => new { x.ResourceId, x.Version }).IsUnique().HasDatabaseName("ux_fhir_resource_versions_version");
            e.Property(x => x.RecordedBy).HasMaxLength(200);
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<StoredResourceIdentifier>(e =>
        {
            e.ToTable("fhir_resource_identifiers");
            e.HasKey(x => x.Id);
            e.HasOne<StoredResource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_fhir_resource_identifiers_resource");
            e.Property(x => x.ResourceType).HasMaxLength(64);
            e.Property(x => x.System).HasMaxLength(200);
            e.Property(x => x.Value).HasMaxLength(200);
            e.HasIndex(x => new { x.ResourceType, x.System, x.Value }).HasDatabaseName("ix_fhir_resource_identifiers_lookup");
            e.HasIndex(x => x.ResourceId).HasDatabaseName("ix_fhir_resource_identifiers_resource");
            e.SnakeCaseColumns();
        });
        modelBuilder.Entity<AccessRequest>(e =>
        {
            e.ToTable("patient_access_requests", t =>
            {
                t.HasCheckConstraint("ck_patient_access_requests_status",
                    "status IN ('Received', 'IdentityVerified', 'InProgress', 'Disclosed', 'Refused', 'Withdrawn')");
                t.HasCheckConstraint("ck_patient_access_requests_extension",
                    "(extension_months = 0 AND extension_reason IS NULL) OR (extension_months BETWEEN 1 AND 2 AND extension_reason IS NOT NULL)");
                t.HasCheckConstraint("ck_patient_access_requests_due", "due_on > received_on");
                t.HasCheckConstraint("ck_patient_access_requests_disclosed",
                    "status <> 'Disclosed' OR (disclosure_note IS NOT NULL AND disclosed_export IS NOT NULL)");
                t.HasCheckConstraint("ck_patient_access_requests_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            // A real foreign key inside the module: the request is the person's, so a merge carries it to the survivor.
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_access_requests_patient");
            e.HasIndex(x => x.PatientId).HasDatabaseName("ix_patient_access_requests_patient");
            e.HasIndex(x => new { x.Status, x.DueOn }).HasDatabaseName("ix_patient_access_requests_status_due");
            e.Property(x => x.RequesterName).HasMaxLength(200);
            e.Property(x => x.Relationship).HasMaxLength(100);
            e.Property(x => x.Scope).HasMaxLength(1000);
            e.Property(x => x.ExtensionReason).HasMaxLength(1000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.StatusNote).HasMaxLength(1000);
            e.Property(x => x.DisclosureNote).HasMaxLength(2000);
            e.Property(x => x.CreatedById).HasMaxLength(200);
            e.Property(x => x.CreatedByName).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.EffectiveDueOn);
            e.Ignore(x => x.Open);
            e.SnakeCaseColumns();
        });
    }
}
