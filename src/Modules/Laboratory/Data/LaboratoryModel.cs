using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Data;

/// <summary>The Laboratory module's tables: the analyser interface (inbound messages, error log) and the catalogue.</summary>
public sealed partial class LaboratoryModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        ConfigureCatalogue(modelBuilder, provider);
        ConfigureOrders(modelBuilder);
        ConfigureResults(modelBuilder);
        ConfigureWork(modelBuilder, provider);
        ConfigureLogs(modelBuilder, provider);
        modelBuilder.Entity<InboundMessage>(e =>
        {
            e.ToTable("lab_inbound_messages", t =>
            {
                t.HasCheckConstraint("ck_lab_inbound_messages_channel", "channel IN ('mllp', 'http')");
                t.HasCheckConstraint("ck_lab_inbound_messages_status", "status IN ('stored', 'processed', 'error')");
                t.HasCheckConstraint("ck_lab_inbound_messages_control_id", "control_id <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(10);
            e.Property(x => x.RemoteAddress).HasColumnName("remote_address").HasMaxLength(100);
            e.Property(x => x.SendingApplication).HasColumnName("sending_application").HasMaxLength(InboundMessage.MaxSenderLength);
            e.Property(x => x.SendingFacility).HasColumnName("sending_facility").HasMaxLength(InboundMessage.MaxSenderLength);
            e.Property(x => x.MessageType).HasColumnName("message_type").HasMaxLength(50);
            e.Property(x => x.ControlId).HasColumnName("control_id").HasMaxLength(InboundMessage.MaxControlIdLength);
            e.Property(x => x.RawText).HasColumnName("raw_text");
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(10);
            e.Property(x => x.Error).HasColumnName("error").HasMaxLength(2000);
            // A resent message (same sender and control id) is refused by the database, whichever node or
            // connection it arrives on, so it can never be stored twice.
            e.HasIndex(x => new { x.SendingApplication, x.SendingFacility, x.ControlId }).IsUnique()
                .HasDatabaseName("ux_lab_inbound_messages_sender_control_id");
            e.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_lab_inbound_messages_received_at");
        });

        modelBuilder.Entity<InterfaceError>(e =>
        {
            e.ToTable("lab_interface_errors", t =>
                t.HasCheckConstraint("ck_lab_interface_errors_channel", "channel IN ('mllp', 'http')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(10);
            e.Property(x => x.RemoteAddress).HasColumnName("remote_address").HasMaxLength(100);
            e.Property(x => x.Error).HasColumnName("error").HasMaxLength(2000);
            e.Property(x => x.Excerpt).HasColumnName("excerpt").HasMaxLength(InterfaceError.MaxExcerptLength);
            e.HasIndex(x => x.OccurredAt).HasDatabaseName("ix_lab_interface_errors_occurred_at");
        });
    }

    /// <summary>SQLite keeps decimals as text: compare them as numbers in check constraints.</summary>
    private static string Num(string column, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? $"CAST({column} AS REAL)" : column;

    private static void ConfigureCatalogue(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<LabTest>(e =>
        {
            e.ToTable("lab_tests", t =>
            {
                t.HasCheckConstraint("ck_lab_tests_kind", "kind IN ('numeric', 'text')");
                t.HasCheckConstraint("ck_lab_tests_units", "kind = 'text' OR units IS NOT NULL");
                t.HasCheckConstraint("ck_lab_tests_critical", $"critical_low IS NULL OR critical_high IS NULL OR {Num("critical_low", provider)} < {Num("critical_high", provider)}");
                t.HasCheckConstraint("ck_lab_tests_volume", $"{Num("volume_ml", provider)} > 0");
                t.HasCheckConstraint("ck_lab_tests_turnaround", "turnaround_hours > 0");
            });
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.LoincCode).HasColumnName("loinc_code").HasMaxLength(10);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(10);
            e.Property(x => x.Units).HasColumnName("units").HasMaxLength(30);
            e.Property(x => x.SpecimenType).HasColumnName("specimen_type").HasMaxLength(50);
            e.Property(x => x.Container).HasColumnName("container").HasMaxLength(50);
            e.Property(x => x.VolumeMl).HasColumnName("volume_ml").HasPrecision(6, 2);
            e.Property(x => x.TurnaroundHours).HasColumnName("turnaround_hours");
            e.Property(x => x.CriticalLow).HasColumnName("critical_low").HasPrecision(12, 4);
            e.Property(x => x.CriticalHigh).HasColumnName("critical_high").HasPrecision(12, 4);
            e.HasIndex(x => x.LoincCode).IsUnique().HasDatabaseName("ux_lab_tests_loinc_code");
            e.HasMany(x => x.Ranges).WithOne().HasForeignKey(r => r.TestCode).OnDelete(DeleteBehavior.Restrict);
            e.HasData(CatalogueSeed.Tests);
        });

        modelBuilder.Entity<ReferenceRange>(e =>
        {
            e.ToTable("lab_reference_ranges", t =>
            {
                t.HasCheckConstraint("ck_lab_reference_ranges_sex", "sex IN ('Any', 'Male', 'Female')");
                t.HasCheckConstraint("ck_lab_reference_ranges_age", "age_from_days >= 0 AND (age_to_days IS NULL OR age_to_days > age_from_days)");
                t.HasCheckConstraint("ck_lab_reference_ranges_limits", $"(low IS NOT NULL OR high IS NOT NULL) AND (low IS NULL OR high IS NULL OR {Num("low", provider)} < {Num("high", provider)})");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.TestCode).HasColumnName("test_code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.Sex).HasColumnName("sex").HasMaxLength(10);
            e.Property(x => x.AgeFromDays).HasColumnName("age_from_days");
            e.Property(x => x.AgeToDays).HasColumnName("age_to_days");
            e.Property(x => x.Low).HasColumnName("low").HasPrecision(12, 4);
            e.Property(x => x.High).HasColumnName("high").HasPrecision(12, 4);
            e.HasIndex(x => new { x.TestCode, x.Sex, x.AgeFromDays }).IsUnique().HasDatabaseName("ux_lab_reference_ranges_band");
            e.HasData(CatalogueSeed.Ranges);
        });

        modelBuilder.Entity<LabPanel>(e =>
        {
            e.ToTable("lab_panels");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.LoincCode).HasColumnName("loinc_code").HasMaxLength(10);
            e.Property(x => x.TurnaroundHours).HasColumnName("turnaround_hours");
            e.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.PanelCode).OnDelete(DeleteBehavior.Restrict);
            e.HasData(CatalogueSeed.Panels);
        });

        modelBuilder.Entity<LabPanelMember>(e =>
        {
            e.ToTable("lab_panel_members");
            e.HasKey(x => new { x.PanelCode, x.TestCode });
            e.Property(x => x.PanelCode).HasColumnName("panel_code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.TestCode).HasColumnName("test_code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.Position).HasColumnName("position");
            e.HasOne<LabTest>().WithMany().HasForeignKey(x => x.TestCode).OnDelete(DeleteBehavior.Restrict);
            e.HasData(CatalogueSeed.Members);
        });
    }

    private static void ConfigureOrders(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LabOrder>(e =>
        {
            e.ToTable("lab_orders", t =>
            {
                t.HasCheckConstraint("ck_lab_orders_priority", "priority IN ('routine', 'urgent')");
                t.HasCheckConstraint("ck_lab_orders_location", "location <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Number).HasColumnName("number").HasMaxLength(20);
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.PatientSex).HasColumnName("patient_sex").HasMaxLength(10);
            e.Property(x => x.PatientBirthDate).HasColumnName("patient_birth_date");
            e.Property(x => x.PatientNhsNumber).HasColumnName("patient_nhs_number").HasMaxLength(10);
            e.Property(x => x.RequestedById).HasColumnName("requested_by_id").HasMaxLength(200);
            e.Property(x => x.RequestedByName).HasColumnName("requested_by_name").HasMaxLength(200);
            e.Property(x => x.Location).HasColumnName("location").HasMaxLength(100);
            e.Property(x => x.Priority).HasColumnName("priority").HasMaxLength(10);
            e.Property(x => x.ClinicalDetails).HasColumnName("clinical_details").HasMaxLength(LabOrder.MaxClinicalDetails);
            e.Property(x => x.RequestedAt).HasColumnName("requested_at");
            e.HasIndex(x => x.Number).IsUnique().HasDatabaseName("ux_lab_orders_number");
            e.HasIndex(x => new { x.PatientId, x.RequestedAt }).HasDatabaseName("ix_lab_orders_patient");
            e.HasIndex(x => new { x.RequestedById, x.RequestedAt }).HasDatabaseName("ix_lab_orders_requester");
            e.HasMany(x => x.Tests).WithOne().HasForeignKey(t => t.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Specimens).WithOne().HasForeignKey(t => t.OrderId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<OrderedTest>(e =>
        {
            e.ToTable("lab_order_tests");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.TestCode).HasColumnName("test_code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.OrderedAs).HasColumnName("ordered_as").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.SpecimenId).HasColumnName("specimen_id");
            e.Property(x => x.Position).HasColumnName("position");
            e.HasIndex(x => new { x.OrderId, x.TestCode }).IsUnique().HasDatabaseName("ux_lab_order_tests_test");
            e.HasOne<LabTest>().WithMany().HasForeignKey(x => x.TestCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Specimen>().WithMany().HasForeignKey(x => x.SpecimenId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Specimen>(e =>
        {
            var reasons = string.Join(", ", RejectionReasons.All.Keys.Select(k => $"'{k}'"));
            e.ToTable("lab_specimens", t =>
            {
                t.HasCheckConstraint("ck_lab_specimens_status", "status IN ('awaiting-collection', 'collected', 'received', 'rejected')");
                t.HasCheckConstraint("ck_lab_specimens_collected", "status NOT IN ('collected', 'received') OR (collected_at IS NOT NULL AND collected_by IS NOT NULL)");
                t.HasCheckConstraint("ck_lab_specimens_received", "status <> 'received' OR (received_at IS NOT NULL AND received_by IS NOT NULL)");
                t.HasCheckConstraint("ck_lab_specimens_rejected", "status <> 'rejected' OR (rejection_reason IS NOT NULL AND rejected_at IS NOT NULL AND rejected_by IS NOT NULL)");
                t.HasCheckConstraint("ck_lab_specimens_reason", $"rejection_reason IS NULL OR rejection_reason IN ({reasons})");
                t.HasCheckConstraint("ck_lab_specimens_storage", "(storage_rack IS NULL) = (storage_position IS NULL) AND (storage_rack IS NULL OR status = 'received')");
                t.HasCheckConstraint("ck_lab_specimens_parent", "parent_specimen_id IS NULL OR parent_specimen_id <> id");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Accession).HasColumnName("accession").HasMaxLength(20);
            e.Property(x => x.SpecimenType).HasColumnName("specimen_type").HasMaxLength(50);
            e.Property(x => x.Container).HasColumnName("container").HasMaxLength(50);
            e.Property(x => x.VolumeMl).HasColumnName("volume_ml").HasPrecision(6, 2);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.CollectedAt).HasColumnName("collected_at");
            e.Property(x => x.CollectedBy).HasColumnName("collected_by").HasMaxLength(200);
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.ReceivedBy).HasColumnName("received_by").HasMaxLength(200);
            e.Property(x => x.RejectedAt).HasColumnName("rejected_at");
            e.Property(x => x.RejectedBy).HasColumnName("rejected_by").HasMaxLength(200);
            e.Property(x => x.RejectionReason).HasColumnName("rejection_reason").HasMaxLength(20);
            e.Property(x => x.RejectionNote).HasColumnName("rejection_note").HasMaxLength(500);
            e.Property(x => x.ParentSpecimenId).HasColumnName("parent_specimen_id");
            e.Property(x => x.RejectionSeenAt).HasColumnName("rejection_seen_at");
            e.Property(x => x.StorageRack).HasColumnName("storage_rack").HasMaxLength(Specimen.MaxRack);
            e.Property(x => x.StoragePosition).HasColumnName("storage_position").HasMaxLength(Specimen.MaxPosition);
            e.Property(x => x.StoredAt).HasColumnName("stored_at");
            e.Property(x => x.StoredBy).HasColumnName("stored_by").HasMaxLength(200);
            e.Property(x => x.RetrievedAt).HasColumnName("retrieved_at");
            e.Property(x => x.RetrievedBy).HasColumnName("retrieved_by").HasMaxLength(200);
            e.HasOne<Specimen>().WithMany().HasForeignKey(x => x.ParentSpecimenId).OnDelete(DeleteBehavior.Restrict);
            // One tube per rack position, whichever bench stores it (NULLs, i.e. not stored, never collide).
            e.HasIndex(x => new { x.StorageRack, x.StoragePosition }).IsUnique().HasDatabaseName("ux_lab_specimens_storage");
            e.HasIndex(x => x.ParentSpecimenId).HasDatabaseName("ix_lab_specimens_parent");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            // The barcode on the tube identifies one specimen, whichever node printed it: the database guarantees it.
            e.HasIndex(x => x.Accession).IsUnique().HasDatabaseName("ux_lab_specimens_accession");
            e.HasIndex(x => new { x.Status, x.OrderId }).HasDatabaseName("ix_lab_specimens_status");
        });
    }

    private static void ConfigureResults(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LabReport>(e =>
        {
            e.ToTable("lab_reports", t =>
            {
                t.HasCheckConstraint("ck_lab_reports_status", "status IN ('awaiting-validation', 'validated', 'authorised')");
                t.HasCheckConstraint("ck_lab_reports_validated", "status = 'awaiting-validation' OR (validated_by_id IS NOT NULL AND validated_at IS NOT NULL)");
                t.HasCheckConstraint("ck_lab_reports_authorised", "status <> 'authorised' OR (authorised_by_id IS NOT NULL AND authorised_at IS NOT NULL)");
                // Two-person rule: whoever validated a report cannot authorise it.
                t.HasCheckConstraint("ck_lab_reports_two_people", "authorised_by_id IS NULL OR authorised_by_id <> validated_by_id");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SpecimenId).HasColumnName("specimen_id");
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.FirstFiledAt).HasColumnName("first_filed_at");
            e.Property(x => x.LastFiledAt).HasColumnName("last_filed_at");
            e.Property(x => x.ValidatedById).HasColumnName("validated_by_id").HasMaxLength(200);
            e.Property(x => x.ValidatedBy).HasColumnName("validated_by").HasMaxLength(200);
            e.Property(x => x.ValidatedAt).HasColumnName("validated_at");
            e.Property(x => x.AuthorisedById).HasColumnName("authorised_by_id").HasMaxLength(200);
            e.Property(x => x.AuthorisedBy).HasColumnName("authorised_by").HasMaxLength(200);
            e.Property(x => x.AuthorisedAt).HasColumnName("authorised_at");
            e.Property(x => x.Amended).HasColumnName("amended");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.HasIndex(x => x.SpecimenId).IsUnique().HasDatabaseName("ux_lab_reports_specimen");
            e.HasIndex(x => new { x.Status, x.LastFiledAt }).HasDatabaseName("ix_lab_reports_status");
            e.HasIndex(x => x.PatientId).HasDatabaseName("ix_lab_reports_patient");
            e.HasOne<Specimen>().WithMany().HasForeignKey(x => x.SpecimenId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Results).WithOne().HasForeignKey(r => r.ReportId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<LabResult>(e =>
        {
            e.ToTable("lab_results", t =>
                t.HasCheckConstraint("ck_lab_results_flag", "flag IS NULL OR flag IN ('N', 'L', 'H', 'LL', 'HH')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ReportId).HasColumnName("report_id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.TestCode).HasColumnName("test_code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(250);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.Value).HasColumnName("value").HasMaxLength(4000);
            e.Property(x => x.NumericValue).HasColumnName("numeric_value").HasPrecision(18, 6);
            e.Property(x => x.Units).HasColumnName("units").HasMaxLength(60);
            e.Property(x => x.ReferenceRange).HasColumnName("reference_range").HasMaxLength(60);
            e.Property(x => x.Flag).HasColumnName("flag").HasMaxLength(2);
            e.Property(x => x.AnalyserFlag).HasColumnName("analyser_flag").HasMaxLength(20);
            e.Property(x => x.Note).HasColumnName("note").HasMaxLength(300);
            e.Property(x => x.PreviousValue).HasColumnName("previous_value").HasPrecision(18, 6);
            e.Property(x => x.PreviousAt).HasColumnName("previous_at");
            e.Property(x => x.ObservedAt).HasColumnName("observed_at");
            e.Property(x => x.FiledAt).HasColumnName("filed_at");
            e.Property(x => x.InboundMessageId).HasColumnName("inbound_message_id");
            e.Property(x => x.Superseded).HasColumnName("superseded");
            e.Property(x => x.SupersededById).HasColumnName("superseded_by_id");
            e.Property(x => x.SupersededBy).HasColumnName("superseded_by").HasMaxLength(200);
            e.Property(x => x.SupersededAt).HasColumnName("superseded_at");
            e.Property(x => x.AmendmentReason).HasColumnName("amendment_reason").HasMaxLength(500);
            e.Ignore(x => x.Delta);
            e.HasIndex(x => new { x.PatientId, x.TestCode, x.FiledAt }).HasDatabaseName("ix_lab_results_patient_test");
            e.HasOne<LabTest>().WithMany().HasForeignKey(x => x.TestCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<InboundMessage>().WithMany().HasForeignKey(x => x.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<UnmatchedResult>(e =>
        {
            e.ToTable("lab_unmatched_results");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.InboundMessageId).HasColumnName("inbound_message_id");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.PlacerNumber).HasColumnName("placer_number").HasMaxLength(200);
            e.Property(x => x.FillerNumber).HasColumnName("filler_number").HasMaxLength(200);
            e.Property(x => x.PatientText).HasColumnName("patient_text").HasMaxLength(300);
            e.Property(x => x.Service).HasColumnName("service").HasMaxLength(300);
            e.Property(x => x.ObservationCount).HasColumnName("observation_count");
            e.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(500);
            e.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_lab_unmatched_results_received_at");
            e.HasOne<InboundMessage>().WithMany().HasForeignKey(x => x.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
