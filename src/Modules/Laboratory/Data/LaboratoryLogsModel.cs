using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Data;

/// <summary>The laboratory's logs (ADR 0086): solution preparation, cleaning and sterilisation, waste.</summary>
public sealed partial class LaboratoryModel
{
    private static void ConfigureLogs(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<SolutionPreparation>(e =>
        {
            e.ToTable("lab_solution_preparations", t =>
            {
                t.HasCheckConstraint("ck_lab_solution_preparations_solution", "solution <> ''");
                t.HasCheckConstraint("ck_lab_solution_preparations_quantity", "quantity <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Solution).HasColumnName("solution").HasMaxLength(SolutionPreparation.MaxName);
            e.Property(x => x.LotNumber).HasColumnName("lot_number").HasMaxLength(30);
            e.Property(x => x.Quantity).HasColumnName("quantity").HasMaxLength(50);
            e.Property(x => x.PreparedAt).HasColumnName("prepared_at");
            e.Property(x => x.PreparedById).HasColumnName("prepared_by_id").HasMaxLength(200);
            e.Property(x => x.PreparedBy).HasColumnName("prepared_by").HasMaxLength(200);
            e.Property(x => x.ExpiresOn).HasColumnName("expires_on");
            e.Property(x => x.Notes).HasColumnName("notes").HasMaxLength(1000);
            e.HasIndex(x => x.LotNumber).IsUnique().HasDatabaseName("ux_lab_solution_preparations_lot");
            e.HasIndex(x => x.PreparedAt).HasDatabaseName("ix_lab_solution_preparations_prepared");
            e.HasMany(x => x.Ingredients).WithOne().HasForeignKey(i => i.PreparationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<SolutionIngredient>(e =>
        {
            e.ToTable("lab_solution_ingredients", t =>
            {
                t.HasCheckConstraint("ck_lab_solution_ingredients_name", "name <> ''");
                t.HasCheckConstraint("ck_lab_solution_ingredients_lot", "lot_number <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PreparationId).HasColumnName("preparation_id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.LotNumber).HasColumnName("lot_number").HasMaxLength(StockLot.MaxLot);
            e.Property(x => x.Amount).HasColumnName("amount").HasMaxLength(50);
            // Tracing a faulty ingredient lot to the solutions made from it.
            e.HasIndex(x => x.LotNumber).HasDatabaseName("ix_lab_solution_ingredients_lot");
            e.HasIndex(x => x.PreparationId).HasDatabaseName("ix_lab_solution_ingredients_preparation");
        });

        modelBuilder.Entity<CleaningEntry>(e =>
        {
            var kinds = string.Join(", ", CleaningKind.All.Select(k => $"'{k}'"));
            e.ToTable("lab_cleaning_log", t =>
            {
                t.HasCheckConstraint("ck_lab_cleaning_log_kind", $"kind IN ({kinds})");
                // A sterilisation is not logged without its indicator result; other kinds have none.
                t.HasCheckConstraint("ck_lab_cleaning_log_indicator", "(kind = 'sterilisation') = (indicator_passed IS NOT NULL)");
                t.HasCheckConstraint("ck_lab_cleaning_log_item", "item <> '' AND method <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Item).HasColumnName("item").HasMaxLength(100);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(x => x.Method).HasColumnName("method").HasMaxLength(200);
            e.Property(x => x.AgentLot).HasColumnName("agent_lot").HasMaxLength(StockLot.MaxLot);
            e.Property(x => x.Cycle).HasColumnName("cycle").HasMaxLength(30);
            e.Property(x => x.IndicatorPassed).HasColumnName("indicator_passed");
            e.Property(x => x.PerformedAt).HasColumnName("performed_at");
            e.Property(x => x.PerformedById).HasColumnName("performed_by_id").HasMaxLength(200);
            e.Property(x => x.PerformedBy).HasColumnName("performed_by").HasMaxLength(200);
            e.Property(x => x.Notes).HasColumnName("notes").HasMaxLength(1000);
            e.HasIndex(x => x.PerformedAt).HasDatabaseName("ix_lab_cleaning_log_performed");
        });

        modelBuilder.Entity<WasteEntry>(e =>
        {
            var all = string.Join(", ", WasteCategory.All.Select(c => $"'{c.Code}'"));
            var nonHazardous = string.Join(", ", WasteCategory.All.Where(c => !c.Hazardous).Select(c => $"'{c.Code}'"));
            var units = string.Join(", ", WasteCategory.Units.Select(u => $"'{u}'"));
            e.ToTable("lab_waste_log", t =>
            {
                t.HasCheckConstraint("ck_lab_waste_log_category", $"category IN ({all})");
                t.HasCheckConstraint("ck_lab_waste_log_unit", $"unit IN ({units})");
                t.HasCheckConstraint("ck_lab_waste_log_quantity", $"{Num("quantity", provider)} > 0");
                // Hazardous waste does not leave without a consignment note.
                t.HasCheckConstraint("ck_lab_waste_log_consignment", $"category IN ({nonHazardous}) OR (consignment_note IS NOT NULL AND consignment_note <> '')");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Category).HasColumnName("category").HasMaxLength(30);
            e.Property(x => x.Quantity).HasColumnName("quantity").HasPrecision(12, 3);
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(20);
            e.Property(x => x.ConsignmentNote).HasColumnName("consignment_note").HasMaxLength(WasteEntry.MaxConsignmentNote);
            e.Property(x => x.Carrier).HasColumnName("carrier").HasMaxLength(100);
            e.Property(x => x.CollectedAt).HasColumnName("collected_at");
            e.Property(x => x.RecordedById).HasColumnName("recorded_by_id").HasMaxLength(200);
            e.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(200);
            e.Property(x => x.Notes).HasColumnName("notes").HasMaxLength(1000);
            e.HasIndex(x => x.CollectedAt).HasDatabaseName("ix_lab_waste_log_collected");
            e.HasIndex(x => x.ConsignmentNote).HasDatabaseName("ix_lab_waste_log_consignment");
        });
    }
}
