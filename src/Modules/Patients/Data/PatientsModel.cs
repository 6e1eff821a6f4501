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
                t.HasCheckConstraint("ck_patients_replaced_by_inactive", "replaced_by_id IS NULL OR (active = " + False(provider) + " AND replaced_by_id <> id)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.NhsNumber).HasColumnName("nhs_number").HasMaxLength(10);
            // One record per NHS number, enforced here so two clerks registering at once cannot both succeed.
            e.HasIndex(x => x.NhsNumber).IsUnique().HasDatabaseName("ux_patients_nhs_number");
            // Issued by HospitalNumbers; unique here too, so no two records can ever carry the same number.
            e.Property(x => x.HospitalNumber).HasColumnName("hospital_number").HasMaxLength(12);
            e.HasIndex(x => x.HospitalNumber).IsUnique().HasDatabaseName("ux_patients_hospital_number");
            e.Property(x => x.Title).HasColumnName("title").HasMaxLength(20);
            e.Property(x => x.GivenName).HasColumnName("given_name").HasMaxLength(100);
            e.Property(x => x.FamilyName).HasColumnName("family_name").HasMaxLength(100);
            e.Property(x => x.GivenNameSearch).HasColumnName("given_name_search").HasMaxLength(100);
            e.Property(x => x.FamilyNameSearch).HasColumnName("family_name_search").HasMaxLength(100);
            e.HasIndex(x => new { x.FamilyNameSearch, x.BirthDate }).HasDatabaseName("ix_patients_family_birth");
            // A search by name and date of birth (ADR 0158): the date, then the family name, so the name's prefix is a range
            // within the date; on PostgreSQL the name is ordered byte-wise (collation "C") whatever the database's collation,
            // so that range holds every name with the prefix. Serves searches by date of birth alone as well.
            var birthFamily = e.HasIndex(x => new { x.BirthDate, x.FamilyNameSearch }).HasDatabaseName("ix_patients_birth_family");
            if (provider == DatabaseProvider.Postgres)
            {
                birthFamily.UseCollation(null!, "C");
            }
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
            // The survivor of a merge. A record merged into another is inactive; the link is about this record, so a
            // later merge leaves it where it is.
            e.Property(x => x.ReplacedById).HasColumnName("replaced_by_id").IsPatientReference(OnPatientMerge.Keep);
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.ReplacedById).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patients_replaced_by");
            e.HasIndex(x => x.ReplacedById).HasDatabaseName("ix_patients_replaced_by");
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
            // A snapshot of this record's own history: it stays with the record through a merge.
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference(OnPatientMerge.Keep);
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(200);
            e.Property(x => x.Snapshot).HasColumnName("snapshot");
            e.HasIndex(x => new { x.PatientId, x.Version }).IsUnique();
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<PatientMerge>(e =>
        {
            e.ToTable("patient_merges", t =>
            {
                t.HasCheckConstraint("ck_patient_merges_not_self", "source_patient_id <> target_patient_id");
                t.HasCheckConstraint("ck_patient_merges_status",
                    $"status IN ('{MergeStatus.Proposed}', '{MergeStatus.Completed}', '{MergeStatus.Rejected}', '{MergeStatus.Unmerged}')");
                // Two-person rule, held by the database as well as the code: whoever decides is not who proposed.
                t.HasCheckConstraint("ck_patient_merges_second_person", "decided_by_id IS NULL OR decided_by_id <> proposed_by_id");
                t.HasCheckConstraint("ck_patient_merges_decided",
                    $"(status = '{MergeStatus.Proposed}' AND decided_by_id IS NULL) OR (status <> '{MergeStatus.Proposed}' AND decided_by_id IS NOT NULL AND decided_at IS NOT NULL)");
                t.HasCheckConstraint("ck_patient_merges_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            // The merge record names both records as they were; it is never itself moved by a later merge.
            e.Property(x => x.SourcePatientId).HasColumnName("source_patient_id").IsPatientReference(OnPatientMerge.Keep);
            e.Property(x => x.TargetPatientId).HasColumnName("target_patient_id").IsPatientReference(OnPatientMerge.Keep);
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.SourcePatientId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_merges_source");
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.TargetPatientId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_merges_target");
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(12);
            e.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(1000);
            e.Property(x => x.ProposedById).HasColumnName("proposed_by_id").HasMaxLength(200);
            e.Property(x => x.ProposedByName).HasColumnName("proposed_by_name").HasMaxLength(200);
            e.Property(x => x.ProposedAt).HasColumnName("proposed_at");
            e.Property(x => x.DecidedById).HasColumnName("decided_by_id").HasMaxLength(200);
            e.Property(x => x.DecidedByName).HasColumnName("decided_by_name").HasMaxLength(200);
            e.Property(x => x.DecidedAt).HasColumnName("decided_at");
            e.Property(x => x.DecisionNote).HasColumnName("decision_note").HasMaxLength(1000);
            e.Property(x => x.UnmergedById).HasColumnName("unmerged_by_id").HasMaxLength(200);
            e.Property(x => x.UnmergedByName).HasColumnName("unmerged_by_name").HasMaxLength(200);
            e.Property(x => x.UnmergedAt).HasColumnName("unmerged_at");
            e.Property(x => x.UnmergeReason).HasColumnName("unmerge_reason").HasMaxLength(1000);
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            // One open proposal per duplicate record, and a record is merged away at most once at a time.
            e.HasIndex(x => x.SourcePatientId).IsUnique().HasFilter($"status IN ('{MergeStatus.Proposed}', '{MergeStatus.Completed}')")
                .HasDatabaseName("ux_patient_merges_source_open");
            e.HasIndex(x => x.TargetPatientId).HasDatabaseName("ix_patient_merges_target");
            e.HasIndex(x => new { x.Status, x.ProposedAt }).HasDatabaseName("ix_patient_merges_status");
        });

        modelBuilder.Entity<PatientMergeMove>(e =>
        {
            e.ToTable("patient_merge_moves");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.MergeId).HasColumnName("merge_id");
            e.HasOne<PatientMerge>().WithMany().HasForeignKey(x => x.MergeId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_merge_moves_merge");
            e.Property(x => x.TableName).HasColumnName("table_name").HasMaxLength(128);
            e.Property(x => x.KeyColumn).HasColumnName("key_column").HasMaxLength(128);
            e.Property(x => x.ColumnName).HasColumnName("column_name").HasMaxLength(128);
            e.Property(x => x.RowKey).HasColumnName("row_key").HasMaxLength(100);
            e.Property(x => x.Fingerprint).HasColumnName("fingerprint").HasMaxLength(64);
            e.HasIndex(x => new { x.MergeId, x.TableName, x.ColumnName, x.RowKey }).IsUnique().HasDatabaseName("ux_patient_merge_moves_row");
        });

        modelBuilder.Entity<CaseNoteLocation>(e =>
        {
            e.ToTable("patient_case_note_locations", t =>
                t.HasCheckConstraint("ck_patient_case_note_locations_kind",
                    "kind IN ('Library', 'Clinic', 'Ward', 'SecretaryOffice', 'OffSiteStore')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(20);
            e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_patient_case_note_locations_code");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Active).HasColumnName("active");
            e.Ignore(x => x.IsHome);
            e.HasData(CaseNoteLocation.Seed.Select(l => new { l.Id, l.Code, l.Name, l.Kind, l.Active }));
        });

        modelBuilder.Entity<CaseNoteVolume>(e =>
        {
            e.ToTable("patient_case_note_volumes", t =>
            {
                t.HasCheckConstraint("ck_patient_case_note_volumes_number", "volume_number >= 1");
                t.HasCheckConstraint("ck_patient_case_note_volumes_version_positive", "version >= 1");
                t.HasCheckConstraint("ck_patient_case_note_volumes_missing",
                    "(missing = " + False(provider) + " AND missing_since IS NULL) OR (missing <> " + False(provider) + " AND missing_since IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            // A real foreign key inside the module: a merge carries the volumes to the survivor (ADR 0031). There is no
            // unique (patient, volume number): after a merge the survivor may hold two "volume 1"s, told apart by barcode.
            e.Property(x => x.PatientId).HasColumnName("patient_id");
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_case_note_volumes_patient");
            e.HasIndex(x => x.PatientId).HasDatabaseName("ix_patient_case_note_volumes_patient");
            e.Property(x => x.VolumeNumber).HasColumnName("volume_number");
            e.Property(x => x.Barcode).HasColumnName("barcode").HasMaxLength(30);
            e.HasIndex(x => x.Barcode).IsUnique().HasDatabaseName("ux_patient_case_note_volumes_barcode");
            e.Property(x => x.LocationId).HasColumnName("location_id");
            e.HasOne<CaseNoteLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_case_note_volumes_location");
            e.Property(x => x.Holder).HasColumnName("holder").HasMaxLength(100);
            e.Property(x => x.LocationSince).HasColumnName("location_since");
            e.HasIndex(x => new { x.LocationId, x.LocationSince }).HasDatabaseName("ix_patient_case_note_volumes_location_since");
            e.Property(x => x.Missing).HasColumnName("missing");
            e.Property(x => x.MissingSince).HasColumnName("missing_since");
            e.Property(x => x.MissingNote).HasColumnName("missing_note").HasMaxLength(500);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        });

        modelBuilder.Entity<CaseNoteMovement>(e =>
        {
            e.ToTable("patient_case_note_movements", t =>
                t.HasCheckConstraint("ck_patient_case_note_movements_method", "method IN ('created', 'scan', 'click', 'missing')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.VolumeId).HasColumnName("volume_id");
            e.HasOne<CaseNoteVolume>().WithMany().HasForeignKey(x => x.VolumeId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_case_note_movements_volume");
            e.HasIndex(x => new { x.VolumeId, x.MovedAt }).HasDatabaseName("ix_patient_case_note_movements_volume");
            e.Property(x => x.FromLocationId).HasColumnName("from_location_id");
            e.HasOne<CaseNoteLocation>().WithMany().HasForeignKey(x => x.FromLocationId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_case_note_movements_from");
            e.Property(x => x.ToLocationId).HasColumnName("to_location_id");
            e.HasOne<CaseNoteLocation>().WithMany().HasForeignKey(x => x.ToLocationId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_patient_case_note_movements_to");
            e.Property(x => x.Holder).HasColumnName("holder").HasMaxLength(100);
            e.Property(x => x.MovedAt).HasColumnName("moved_at");
            e.Property(x => x.MovedById).HasColumnName("moved_by_id").HasMaxLength(200);
            e.Property(x => x.MovedByName).HasColumnName("moved_by_name").HasMaxLength(200);
            e.Property(x => x.Method).HasColumnName("method").HasMaxLength(10);
            e.Property(x => x.Note).HasColumnName("note").HasMaxLength(500);
        });
    }

    private static string False(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "false" : "0";
}