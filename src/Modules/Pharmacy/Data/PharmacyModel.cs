using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Data;

/// <summary>The Pharmacy module's tables: the formulary shaped like dm+d (VTM → VMP → AMP).</summary>
public sealed class PharmacyModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        // dm+d identifiers are SNOMED CT ids: 6 to 18 digits.
        string CodeCheck(string column) => provider == DatabaseProvider.Postgres
            ? $"{column} ~ '^[0-9]{{6,18}}$'"
            : $"length({column}) BETWEEN 6 AND 18 AND {column} NOT GLOB '*[^0-9]*'";

        modelBuilder.Entity<Vtm>(e =>
        {
            e.ToTable("pharmacy_vtms", t => t.HasCheckConstraint("ck_pharmacy_vtms_code", CodeCheck("code")));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(18);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_pharmacy_vtms_code");
            e.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_pharmacy_vtms_name");
        });

        modelBuilder.Entity<Vmp>(e =>
        {
            e.ToTable("pharmacy_vmps", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_vmps_code", CodeCheck("code"));
                t.HasCheckConstraint("ck_pharmacy_vmps_cd_schedule", "cd_schedule IS NULL OR cd_schedule BETWEEN 1 AND 5");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(18);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(300);
            e.Property(x => x.VtmId).HasColumnName("vtm_id");
            e.Property(x => x.Strength).HasColumnName("strength").HasMaxLength(100);
            e.Property(x => x.Form).HasColumnName("form").HasMaxLength(100);
            e.Property(x => x.Route).HasColumnName("route").HasMaxLength(60);
            e.Property(x => x.UnitDose).HasColumnName("unit_dose").HasMaxLength(60);
            e.Property(x => x.BnfClass).HasColumnName("bnf_class").HasMaxLength(100);
            e.Property(x => x.ControlledDrugSchedule).HasColumnName("cd_schedule");
            e.Property(x => x.BnfLabelNumbers).HasColumnName("bnf_labels").HasMaxLength(40);
            e.Ignore(x => x.NeedsCdRegister);
            e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_pharmacy_vmps_code");
            e.HasIndex(x => x.Name).HasDatabaseName("ix_pharmacy_vmps_name");
            e.HasIndex(x => x.BnfClass).HasDatabaseName("ix_pharmacy_vmps_bnf_class");
            e.HasOne<Vtm>().WithMany().HasForeignKey(x => x.VtmId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Ingredients).WithOne().HasForeignKey(x => x.VmpId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VmpIngredient>(e =>
        {
            e.ToTable("pharmacy_vmp_ingredients", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_vmp_ingredients_strength", "strength_mg > 0");
                t.HasCheckConstraint("ck_pharmacy_vmp_ingredients_position", "position >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.VmpId).HasColumnName("vmp_id");
            e.Property(x => x.Position).HasColumnName("position");
            e.HasIndex(x => new { x.VmpId, x.Position }).IsUnique().HasDatabaseName("ux_pharmacy_vmp_ingredients_position");
            e.Property(x => x.Substance).HasColumnName("substance").HasMaxLength(200);
            e.Property(x => x.StrengthMg).HasColumnName("strength_mg");
            e.HasIndex(x => new { x.VmpId, x.Substance }).IsUnique().HasDatabaseName("ux_pharmacy_vmp_ingredients_substance");
        });

        modelBuilder.Entity<Amp>(e =>
        {
            e.ToTable("pharmacy_amps", t => t.HasCheckConstraint("ck_pharmacy_amps_code", CodeCheck("code")));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(18);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(300);
            e.Property(x => x.Brand).HasColumnName("brand").HasMaxLength(100);
            e.Property(x => x.Supplier).HasColumnName("supplier").HasMaxLength(200);
            e.Property(x => x.VmpId).HasColumnName("vmp_id");
            e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_pharmacy_amps_code");
            e.HasIndex(x => x.VmpId).HasDatabaseName("ix_pharmacy_amps_vmp");
            e.HasOne<Vmp>().WithMany().HasForeignKey(x => x.VmpId).OnDelete(DeleteBehavior.Restrict);
        });

        ConfigureStock(modelBuilder, provider);
        ConfigurePrescriptions(modelBuilder);
        ConfigureDispensing(modelBuilder);
        ConfigureCdRegister(modelBuilder);
        ConfigureStockControl(modelBuilder);
        ConfigureSales(modelBuilder);
        ConfigureCompounding(modelBuilder);
        modelBuilder.Entity<AdverseReaction>(e =>
        {
            e.ToTable("pharmacy_adverse_reactions", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_adverse_reactions_outcome", In("outcome", ReactionOutcome.All));
                t.HasCheckConstraint("ck_pharmacy_adverse_reactions_type", In("type", ["allergy", "intolerance"]));
                t.HasCheckConstraint("ck_pharmacy_adverse_reactions_serious", "serious = (serious_reason IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.PatientId).IsPatientReference();
            e.Property(x => x.Substance).HasMaxLength(200);
            e.Property(x => x.Reaction).HasMaxLength(1000);
            e.Property(x => x.SeriousReason).HasMaxLength(200);
            e.Property(x => x.Outcome).HasMaxLength(30);
            e.Property(x => x.Type).HasMaxLength(20);
            e.Property(x => x.ReporterId).HasMaxLength(200);
            e.Property(x => x.ReporterName).HasMaxLength(200);
            e.HasOne<Vmp>().WithMany().HasForeignKey(x => x.VmpId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.PatientId);
            e.SnakeCaseColumns();
        });
    }

    private static void ConfigureCdRegister(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CdRegisterEntry>(e =>
        {
            e.ToTable("pharmacy_cd_register", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_cd_register_balance", "balance >= 0");
                // Every entry is witnessed by a second member of staff.
                t.HasCheckConstraint("ck_pharmacy_cd_register_witness", "witness_id IS NOT NULL AND witness_id <> by_id");
                t.HasCheckConstraint("ck_pharmacy_cd_register_kind", In("kind", MovementKind.All));
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.VmpId).HasColumnName("vmp_id");
            e.Property(x => x.LocationId).HasColumnName("location_id");
            e.Property(x => x.Drug).HasColumnName("drug").HasMaxLength(200);
            e.Property(x => x.Strength).HasColumnName("strength").HasMaxLength(100);
            e.Property(x => x.Form).HasColumnName("form").HasMaxLength(100);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(x => x.Change).HasColumnName("change");
            e.Property(x => x.Balance).HasColumnName("balance");
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(40);
            e.Property(x => x.BatchId).HasColumnName("batch_id");
            e.Property(x => x.BatchNumber).HasColumnName("batch_number").HasMaxLength(20);
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.ById).HasColumnName("by_id").HasMaxLength(200);
            e.Property(x => x.ByName).HasColumnName("by_name").HasMaxLength(200);
            e.Property(x => x.WitnessId).HasColumnName("witness_id").HasMaxLength(200);
            e.Property(x => x.WitnessName).HasColumnName("witness_name").HasMaxLength(200);
            e.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(500);
            e.Property(x => x.Reference).HasColumnName("reference");
            e.HasIndex(x => new { x.VmpId, x.LocationId, x.Id }).HasDatabaseName("ix_pharmacy_cd_register_drug_location");
            e.HasOne<Vmp>().WithMany().HasForeignKey(x => x.VmpId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>Stock-takes, reorder levels and purchase orders (ADR 0062).</summary>
    private static void ConfigureStockControl(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StockTake>(e =>
        {
            e.ToTable("pharmacy_stock_takes");
            e.HasKey(x => x.Id);
            e.Property(x => x.ById).HasMaxLength(200);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.StockTakeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.LocationId, x.At });
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<StockTakeLine>(e =>
        {
            e.ToTable("pharmacy_stock_take_lines", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_stock_take_lines_counts", "counted >= 0 AND expected >= 0");
                t.HasCheckConstraint("ck_pharmacy_stock_take_lines_reason", "counted = expected OR length(reason) >= 3");
            });
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Variance);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.StockTakeId, x.BatchId }).IsUnique();
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<ReorderLevel>(e =>
        {
            e.ToTable("pharmacy_reorder_levels", t => t.HasCheckConstraint("ck_pharmacy_reorder_levels_packs", "level_packs >= 1 AND order_packs >= 1"));
            e.HasKey(x => x.Id);
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PackId, x.LocationId }).IsUnique();
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<PurchaseOrder>(e =>
        {
            e.ToTable("pharmacy_purchase_orders", t => t.HasCheckConstraint("ck_pharmacy_purchase_orders_status", In("status", PurchaseOrderStatus.All)));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Supplier).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Ignore(x => x.Reference);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.PurchaseOrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.Status);
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<PurchaseOrderLine>(e =>
        {
            e.ToTable("pharmacy_purchase_order_lines", t => t.HasCheckConstraint("ck_pharmacy_purchase_order_lines_packs",
                "ordered_packs >= 1 AND received_packs >= 0 AND received_packs <= ordered_packs"));
            e.HasKey(x => x.Id);
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PurchaseOrderId, x.PackId }).IsUnique();
            e.SnakeCaseColumns();
        });
    }

    /// <summary>Over-the-counter sales: chargeable items with the P protocol answers (ADR 0080).</summary>
    private static void ConfigureSales(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Sale>(e =>
        {
            e.ToTable("pharmacy_sales", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_sales_total", "total_pence >= 0");
                t.HasCheckConstraint("ck_pharmacy_sales_billing", In("billing_status", BillingStatus.All));
                // A sale holding a P medicine carries the protocol answers, always.
                t.HasCheckConstraint("ck_pharmacy_sales_protocol",
                    "NOT protocol_required OR (for_whom IS NOT NULL AND symptoms IS NOT NULL AND duration IS NOT NULL AND other_medicines IS NOT NULL)");
                t.HasCheckConstraint("ck_pharmacy_sales_exceptional",
                    "NOT exceptional OR (length(exceptional_reason) >= 10 AND supervised_by_id IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Reference);
            e.Property(x => x.SoldById).HasMaxLength(200);
            e.Property(x => x.SoldByName).HasMaxLength(200);
            e.Property(x => x.PatientId).IsPatientReference();
            e.Property(x => x.ForWhom).HasMaxLength(200);
            e.Property(x => x.Symptoms).HasMaxLength(500);
            e.Property(x => x.Duration).HasMaxLength(200);
            e.Property(x => x.ActionTaken).HasMaxLength(500);
            e.Property(x => x.OtherMedicines).HasMaxLength(500);
            e.Property(x => x.ExceptionalReason).HasMaxLength(500);
            e.Property(x => x.SupervisedById).HasMaxLength(200);
            e.Property(x => x.SupervisedByName).HasMaxLength(200);
            e.Property(x => x.BillingStatus).HasMaxLength(20);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.SaleId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.SoldAt);
            e.HasIndex(x => x.PatientId);
            e.HasIndex(x => new { x.BillingStatus, x.SoldAt });
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<SaleLine>(e =>
        {
            e.ToTable("pharmacy_sale_lines", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_sale_lines_packs", "packs >= 1 AND units >= packs");
                t.HasCheckConstraint("ck_pharmacy_sale_lines_price", "unit_price_pence >= 0 AND line_pence = packs * unit_price_pence");
                // Never a prescription-only medicine over the counter.
                t.HasCheckConstraint("ck_pharmacy_sale_lines_category", "legal_category IN ('GSL', 'P')");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Description).HasMaxLength(300);
            e.Property(x => x.LegalCategory).HasMaxLength(3);
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
            e.SnakeCaseColumns();
        });
    }

    /// <summary>Suffix of the check constraint that keeps the compounding checker apart from the preparer.</summary>
    public const string CheckerNotPreparerSuffix = "_checker_not_preparer";

    /// <summary>Extemporaneous preparation worksheets and ward imprest levels (ADR 0081, 0082).</summary>
    private static void ConfigureCompounding(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Compounding>(e =>
        {
            e.ToTable("pharmacy_compoundings", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_compoundings_quantity", "quantity > 0");
                t.HasCheckConstraint("ck_pharmacy_compoundings_status", In("status", CompoundingStatus.All));
                // Checked by a second person: never the one who prepared it.
                t.HasCheckConstraint("ck_pharmacy_compoundings" + CheckerNotPreparerSuffix, "checked_by_id IS NULL OR checked_by_id <> prepared_by_id");
                t.HasCheckConstraint("ck_pharmacy_compoundings_released",
                    "status <> 'released' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL AND batch_id IS NOT NULL)");
                t.HasCheckConstraint("ck_pharmacy_compoundings_rejected",
                    "status <> 'rejected' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL AND rejection_reason IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Reference);
            e.Property(x => x.BatchNumber).HasMaxLength(20);
            e.Property(x => x.Method).HasMaxLength(4000);
            e.Property(x => x.Storage).HasMaxLength(300);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.PreparedById).HasMaxLength(200);
            e.Property(x => x.PreparedByName).HasMaxLength(200);
            e.Property(x => x.CheckedById).HasMaxLength(200);
            e.Property(x => x.CheckedByName).HasMaxLength(200);
            e.Property(x => x.RejectionReason).HasMaxLength(500);
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.ProductPackId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Ingredients).WithOne().HasForeignKey(x => x.CompoundingId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Status, x.PreparedAt });
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<CompoundingIngredient>(e =>
        {
            e.ToTable("pharmacy_compounding_ingredients", t => t.HasCheckConstraint("ck_pharmacy_compounding_ingredients_units", "units > 0 AND position >= 1"));
            e.HasKey(x => x.Id);
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.CompoundingId, x.Position }).IsUnique();
            e.SnakeCaseColumns();
        });

        modelBuilder.Entity<ImprestLevel>(e =>
        {
            e.ToTable("pharmacy_imprest_levels", t => t.HasCheckConstraint("ck_pharmacy_imprest_levels_packs", "level_packs >= 1"));
            e.HasKey(x => x.Id);
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.LocationId, x.PackId }).IsUnique();
            e.SnakeCaseColumns();
        });
    }

    /// <summary>Suffix of the check constraint that keeps the accuracy checker apart from the dispenser.</summary>
    public const string CheckerNotDispenserSuffix = "_checker_not_dispenser";

    private static void ConfigureDispensing(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Dispensing>(e =>
        {
            e.ToTable("pharmacy_dispensings", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_dispensings_quantity", "quantity > 0");
                t.HasCheckConstraint("ck_pharmacy_dispensings_status", In("status", DispensingStatus.All));
                // The final accuracy check is a second person's: never the dispenser, and always named when checked.
                t.HasCheckConstraint("ck_pharmacy_dispensings" + CheckerNotDispenserSuffix,
                    "checked_by_id IS NULL OR checked_by_id <> dispensed_by_id");
                t.HasCheckConstraint("ck_pharmacy_dispensings_checked",
                    "status <> 'checked' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PrescriptionId).HasColumnName("prescription_id");
            e.Property(x => x.ItemId).HasColumnName("item_id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.BatchId).HasColumnName("batch_id");
            e.Property(x => x.Quantity).HasColumnName("quantity");
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(40);
            e.Property(x => x.Rounding).HasColumnName("rounding").HasMaxLength(300);
            e.Property(x => x.ScannedSerial).HasColumnName("scanned_serial").HasMaxLength(20);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.DispensedById).HasColumnName("dispensed_by_id").HasMaxLength(200);
            e.Property(x => x.DispensedByName).HasColumnName("dispensed_by_name").HasMaxLength(200);
            e.Property(x => x.DispensedAt).HasColumnName("dispensed_at");
            e.Property(x => x.CheckedById).HasColumnName("checked_by_id").HasMaxLength(200);
            e.Property(x => x.CheckedByName).HasColumnName("checked_by_name").HasMaxLength(200);
            e.Property(x => x.CheckedAt).HasColumnName("checked_at");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.HasIndex(x => x.ItemId).IsUnique().HasDatabaseName("ux_pharmacy_dispensings_item");
            e.HasIndex(x => new { x.Status, x.DispensedAt }).HasDatabaseName("ix_pharmacy_dispensings_status");
            e.HasOne<Prescription>().WithMany().HasForeignKey(x => x.PrescriptionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PrescriptionItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private static string In(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v}'"))})";

    /// <summary>Prescriptions, their items and screening alerts, and the clinical-check history.</summary>
    private static void ConfigurePrescriptions(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Prescription>(e =>
        {
            e.ToTable("pharmacy_prescriptions", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_prescriptions_type", In("type", PrescriptionType.All));
                t.HasCheckConstraint("ck_pharmacy_prescriptions_status", In("status", PrescriptionStatus.All));
                // Approved means checked: by whom and when, always.
                t.HasCheckConstraint("ck_pharmacy_prescriptions_checked",
                    "status <> 'approved' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL)");
                t.HasCheckConstraint("ck_pharmacy_prescriptions_weight", "weight_kg IS NULL OR (weight_kg > 0 AND weight_kg <= 500)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Type).HasColumnName("type").HasMaxLength(20);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.PrescriberId).HasColumnName("prescriber_id").HasMaxLength(200);
            e.Property(x => x.PrescriberName).HasColumnName("prescriber_name").HasMaxLength(200);
            e.Property(x => x.WrittenAt).HasColumnName("written_at");
            e.Property(x => x.Allergies).HasColumnName("allergies").HasMaxLength(2000);
            e.Property(x => x.CurrentMedicines).HasColumnName("current_medicines").HasMaxLength(4000);
            e.Property(x => x.WeightKg).HasColumnName("weight_kg");
            e.Property(x => x.AgeYears).HasColumnName("age_years");
            e.Property(x => x.CheckedById).HasColumnName("checked_by_id").HasMaxLength(200);
            e.Property(x => x.CheckedByName).HasColumnName("checked_by_name").HasMaxLength(200);
            e.Property(x => x.CheckedAt).HasColumnName("checked_at");
            e.Property(x => x.Query).HasColumnName("query").HasMaxLength(1000);
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Ignore(x => x.AllergyList);
            e.Ignore(x => x.CurrentMedicineList);
            e.HasIndex(x => new { x.Status, x.WrittenAt }).HasDatabaseName("ix_pharmacy_prescriptions_status");
            e.HasIndex(x => x.PatientId).HasDatabaseName("ix_pharmacy_prescriptions_patient");
            e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.PrescriptionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Alerts).WithOne().HasForeignKey(x => x.PrescriptionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PrescriptionItem>(e =>
        {
            e.ToTable("pharmacy_prescription_items", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_prescription_items_dose", "dose_mg > 0");
                t.HasCheckConstraint("ck_pharmacy_prescription_items_quantity", "quantity > 0");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PrescriptionId).HasColumnName("prescription_id");
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.VmpId).HasColumnName("vmp_id");
            e.Property(x => x.ProductCode).HasColumnName("product_code").HasMaxLength(18);
            e.Property(x => x.ProductName).HasColumnName("product_name").HasMaxLength(300);
            e.Property(x => x.DoseMg).HasColumnName("dose_mg");
            e.Property(x => x.Route).HasColumnName("route").HasMaxLength(60);
            e.Property(x => x.Frequency).HasColumnName("frequency").HasMaxLength(20);
            e.Property(x => x.Directions).HasColumnName("directions").HasMaxLength(500);
            e.Property(x => x.Quantity).HasColumnName("quantity");
            e.Property(x => x.QuantityUnit).HasColumnName("quantity_unit").HasMaxLength(40);
            e.HasIndex(x => new { x.PrescriptionId, x.Position }).IsUnique().HasDatabaseName("ux_pharmacy_prescription_items_position");
            e.HasOne<Vmp>().WithMany().HasForeignKey(x => x.VmpId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<PrescriptionAlert>(e =>
        {
            e.ToTable("pharmacy_prescription_alerts", t =>
            {
                // An override is all or nothing: a reason of substance, who gave it and when.
                t.HasCheckConstraint("ck_pharmacy_prescription_alerts_override",
                    "(override_reason IS NULL AND overridden_by_id IS NULL AND overridden_at IS NULL) OR " +
                    "(length(override_reason) >= 10 AND overridden_by_id IS NOT NULL AND overridden_by_name IS NOT NULL AND overridden_at IS NOT NULL)");
                t.HasCheckConstraint("ck_pharmacy_prescription_alerts_severity", "severity BETWEEN 1 AND 4");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PrescriptionId).HasColumnName("prescription_id");
            e.Property(x => x.AlertId).HasColumnName("alert_id").HasMaxLength(300);
            e.Property(x => x.RuleId).HasColumnName("rule_id").HasMaxLength(200);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(x => x.Severity).HasColumnName("severity");
            e.Property(x => x.Summary).HasColumnName("summary").HasMaxLength(200);
            e.Property(x => x.Mechanism).HasColumnName("mechanism").HasMaxLength(2000);
            e.Property(x => x.Advice).HasColumnName("advice").HasMaxLength(2000);
            e.Property(x => x.Source).HasColumnName("source").HasMaxLength(1000);
            e.Property(x => x.OverrideReason).HasColumnName("override_reason").HasMaxLength(1000);
            e.Property(x => x.OverriddenById).HasColumnName("overridden_by_id").HasMaxLength(200);
            e.Property(x => x.OverriddenByName).HasColumnName("overridden_by_name").HasMaxLength(200);
            e.Property(x => x.OverriddenAt).HasColumnName("overridden_at");
            e.Ignore(x => x.NeedsOverride);
            e.Ignore(x => x.Overridden);
            e.HasIndex(x => new { x.PrescriptionId, x.AlertId }).IsUnique().HasDatabaseName("ux_pharmacy_prescription_alerts_alert");
        });

        modelBuilder.Entity<PrescriptionEvent>(e =>
        {
            e.ToTable("pharmacy_prescription_events", t => t.HasCheckConstraint("ck_pharmacy_prescription_events_action",
                "action IN ('written', 'override', 'query', 'amend', 'approve')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.PrescriptionId).HasColumnName("prescription_id");
            e.Property(x => x.Action).HasColumnName("action").HasMaxLength(20);
            e.Property(x => x.ById).HasColumnName("by_id").HasMaxLength(200);
            e.Property(x => x.ByName).HasColumnName("by_name").HasMaxLength(200);
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.Note).HasColumnName("note").HasMaxLength(1000);
            e.HasIndex(x => new { x.PrescriptionId, x.Id }).HasDatabaseName("ix_pharmacy_prescription_events_prescription");
            e.HasOne<Prescription>().WithMany().HasForeignKey(x => x.PrescriptionId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>Packs, locations, batches and the stock ledger. The invariants are the database's, not only the code's.</summary>
    private static void ConfigureStock(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        var gtinCheck = provider == DatabaseProvider.Postgres
            ? "gtin ~ '^[0-9]{14}$'"
            : "length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*'";

        modelBuilder.Entity<Pack>(e =>
        {
            e.ToTable("pharmacy_packs", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_packs_gtin", gtinCheck);
                t.HasCheckConstraint("ck_pharmacy_packs_size", "size > 0");
                t.HasCheckConstraint("ck_pharmacy_packs_legal_category", "legal_category IS NULL OR " + In("legal_category", LegalCategory.All));
                t.HasCheckConstraint("ck_pharmacy_packs_price", "price_pence IS NULL OR price_pence >= 0");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.VmpId).HasColumnName("vmp_id");
            e.Property(x => x.AmpId).HasColumnName("amp_id");
            e.Property(x => x.Gtin).HasColumnName("gtin").HasMaxLength(14);
            e.Property(x => x.Description).HasColumnName("description").HasMaxLength(300);
            e.Property(x => x.Size).HasColumnName("size");
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(40);
            e.Property(x => x.LegalCategory).HasColumnName("legal_category").HasMaxLength(3);
            e.Property(x => x.PricePence).HasColumnName("price_pence");
            e.HasIndex(x => x.Gtin).IsUnique().HasDatabaseName("ux_pharmacy_packs_gtin");
            e.HasIndex(x => x.VmpId).HasDatabaseName("ix_pharmacy_packs_vmp");
            e.HasOne<Vmp>().WithMany().HasForeignKey(x => x.VmpId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Amp>().WithMany().HasForeignKey(x => x.AmpId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockLocation>(e =>
        {
            e.ToTable("pharmacy_stock_locations", t => t.HasCheckConstraint("ck_pharmacy_stock_locations_kind",
                $"kind IN ({string.Join(", ", LocationKind.All.Select(k => $"'{k}'"))})"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(20);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_pharmacy_stock_locations_code");
        });

        modelBuilder.Entity<StockBatch>(e =>
        {
            e.ToTable("pharmacy_stock_batches", t =>
            {
                // Never negative, whatever the code or the concurrency: the database refuses it.
                t.HasCheckConstraint("ck_pharmacy_stock_batches_quantity", "quantity >= 0");
                t.HasCheckConstraint("ck_pharmacy_stock_batches_batch_number", "length(batch_number) BETWEEN 1 AND 20");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PackId).HasColumnName("pack_id");
            e.Property(x => x.BatchNumber).HasColumnName("batch_number").HasMaxLength(20);
            e.Property(x => x.Expiry).HasColumnName("expiry");
            e.Property(x => x.LocationId).HasColumnName("location_id");
            e.Property(x => x.Quantity).HasColumnName("quantity");
            e.Property(x => x.Quarantined).HasColumnName("quarantined");
            e.Property(x => x.QuarantineReason).HasColumnName("quarantine_reason").HasMaxLength(500);
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            // One row per batch of a pack at a location: a second receipt adds to it.
            e.HasIndex(x => new { x.PackId, x.BatchNumber, x.LocationId }).IsUnique().HasDatabaseName("ux_pharmacy_stock_batches_pack_batch_location");
            e.HasIndex(x => new { x.LocationId, x.Expiry }).HasDatabaseName("ix_pharmacy_stock_batches_location_expiry");
            e.HasOne<Pack>().WithMany().HasForeignKey(x => x.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StockLocation>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockMovement>(e =>
        {
            e.ToTable("pharmacy_stock_movements", t =>
            {
                t.HasCheckConstraint("ck_pharmacy_stock_movements_balance", "balance >= 0");
                t.HasCheckConstraint("ck_pharmacy_stock_movements_kind",
                    $"kind IN ({string.Join(", ", MovementKind.All.Select(k => $"'{k}'"))})");
                t.HasCheckConstraint("ck_pharmacy_stock_movements_reason", "length(reason) >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.BatchId).HasColumnName("batch_id");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(20);
            e.Property(x => x.Change).HasColumnName("change");
            e.Property(x => x.Balance).HasColumnName("balance");
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.ById).HasColumnName("by_id").HasMaxLength(200);
            e.Property(x => x.ByName).HasColumnName("by_name").HasMaxLength(200);
            e.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(500);
            e.Property(x => x.Reference).HasColumnName("reference");
            e.HasIndex(x => new { x.BatchId, x.Id }).HasDatabaseName("ix_pharmacy_stock_movements_batch");
            e.HasIndex(x => x.Reference).HasDatabaseName("ix_pharmacy_stock_movements_reference");
            e.HasOne<StockBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
