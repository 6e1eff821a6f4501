using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Data;

/// <summary>Tables for the laboratory's day-to-day work beyond filing: critical-result calls.</summary>
public sealed partial class LaboratoryModel
{
    private static void ConfigureWork(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        ConfigureOperations(modelBuilder, provider);
        modelBuilder.Entity<CriticalCall>(e =>
        {
            e.ToTable("lab_critical_calls", t =>
            {
                // A call is a record that the result was read back; an unconfirmed call is not logged, it is repeated.
                t.HasCheckConstraint("ck_lab_critical_calls_read_back", "read_back_confirmed = TRUE");
                t.HasCheckConstraint("ck_lab_critical_calls_phoned_to", "phoned_to <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ResultId).HasColumnName("result_id");
            e.Property(x => x.ReportId).HasColumnName("report_id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.PhonedById).HasColumnName("phoned_by_id").HasMaxLength(200);
            e.Property(x => x.PhonedBy).HasColumnName("phoned_by").HasMaxLength(200);
            e.Property(x => x.PhonedTo).HasColumnName("phoned_to").HasMaxLength(CriticalCall.MaxPhonedTo);
            e.Property(x => x.ReadBackConfirmed).HasColumnName("read_back_confirmed");
            e.Property(x => x.CalledAt).HasColumnName("called_at");
            e.Property(x => x.LoggedAt).HasColumnName("logged_at");
            e.Property(x => x.Note).HasColumnName("note").HasMaxLength(CriticalCall.MaxNote);
            e.HasIndex(x => x.ResultId).IsUnique().HasDatabaseName("ux_lab_critical_calls_result");
            e.HasIndex(x => x.ReportId).HasDatabaseName("ix_lab_critical_calls_report");
            e.HasOne<LabResult>().WithMany().HasForeignKey(x => x.ResultId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LabReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private static void ConfigureOperations(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<StockItem>(e =>
        {
            e.ToTable("lab_stock_items", t =>
            {
                t.HasCheckConstraint("ck_lab_stock_items_kind", "kind IN ('reagent', 'consumable')");
                t.HasCheckConstraint("ck_lab_stock_items_reorder", "reorder_level >= 0");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(StockItem.MaxName);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(50);
            e.Property(x => x.ReorderLevel).HasColumnName("reorder_level");
            e.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_lab_stock_items_name");
            e.HasMany(x => x.Lots).WithOne().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockLot>(e =>
        {
            // Stock is never negative, whatever writes the row.
            e.ToTable("lab_stock_lots", t => t.HasCheckConstraint("ck_lab_stock_lots_quantity", "quantity >= 0"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ItemId).HasColumnName("item_id");
            e.Property(x => x.LotNumber).HasColumnName("lot_number").HasMaxLength(StockLot.MaxLot);
            e.Property(x => x.ExpiresOn).HasColumnName("expires_on");
            e.Property(x => x.Quantity).HasColumnName("quantity");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.HasIndex(x => new { x.ItemId, x.LotNumber }).IsUnique().HasDatabaseName("ux_lab_stock_lots_lot");
        });

        modelBuilder.Entity<StockMovement>(e =>
        {
            e.ToTable("lab_stock_movements", t => t.HasCheckConstraint("ck_lab_stock_movements_change", "change <> 0"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.LotId).HasColumnName("lot_id");
            e.Property(x => x.Change).HasColumnName("change");
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.By).HasColumnName("by").HasMaxLength(200);
            e.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(200);
            e.HasIndex(x => new { x.LotId, x.At }).HasDatabaseName("ix_lab_stock_movements_lot");
            e.HasOne<StockLot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<QcTarget>(e =>
        {
            e.ToTable("lab_qc_targets", t =>
            {
                t.HasCheckConstraint("ck_lab_qc_targets_sd", $"{Num("sd", provider)} > 0");
                t.HasCheckConstraint("ck_lab_qc_targets_level", "level BETWEEN 1 AND 3");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Analyser).HasColumnName("analyser").HasMaxLength(QcTarget.MaxAnalyser);
            e.Property(x => x.TestCode).HasColumnName("test_code").HasMaxLength(LabTest.MaxCodeLength);
            e.Property(x => x.Level).HasColumnName("level");
            e.Property(x => x.Mean).HasColumnName("mean").HasPrecision(12, 4);
            e.Property(x => x.Sd).HasColumnName("sd").HasPrecision(12, 4);
            e.HasIndex(x => new { x.Analyser, x.TestCode, x.Level }).IsUnique().HasDatabaseName("ux_lab_qc_targets");
            e.HasOne<LabTest>().WithMany().HasForeignKey(x => x.TestCode).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<QcResult>(e =>
        {
            e.ToTable("lab_qc_results", t => t.HasCheckConstraint("ck_lab_qc_results_status", "status IN ('accept', 'warning', 'reject')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TargetId).HasColumnName("target_id");
            e.Property(x => x.Value).HasColumnName("value").HasPrecision(12, 4);
            e.Property(x => x.MeasuredAt).HasColumnName("measured_at");
            e.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(200);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(10);
            e.Property(x => x.Rules).HasColumnName("rules").HasMaxLength(100);
            e.HasIndex(x => new { x.TargetId, x.MeasuredAt }).HasDatabaseName("ix_lab_qc_results_target");
            e.HasOne<QcTarget>().WithMany().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<MaintenanceEntry>(e =>
        {
            var kinds = string.Join(", ", MaintenanceEntry.Kinds.Select(k => $"'{k}'"));
            e.ToTable("lab_maintenance_log", t => t.HasCheckConstraint("ck_lab_maintenance_log_kind", $"kind IN ({kinds})"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Analyser).HasColumnName("analyser").HasMaxLength(QcTarget.MaxAnalyser);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(x => x.PerformedAt).HasColumnName("performed_at");
            e.Property(x => x.PerformedBy).HasColumnName("performed_by").HasMaxLength(200);
            e.Property(x => x.Notes).HasColumnName("notes").HasMaxLength(1000);
            e.HasIndex(x => new { x.Analyser, x.PerformedAt }).HasDatabaseName("ix_lab_maintenance_log_analyser");
        });
    }
}
