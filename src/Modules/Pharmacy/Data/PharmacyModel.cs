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
            e.ToTable("pharmacy_vmps", t => t.HasCheckConstraint("ck_pharmacy_vmps_code", CodeCheck("code")));
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
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.VmpId).HasColumnName("vmp_id");
            e.Property(x => x.AmpId).HasColumnName("amp_id");
            e.Property(x => x.Gtin).HasColumnName("gtin").HasMaxLength(14);
            e.Property(x => x.Description).HasColumnName("description").HasMaxLength(300);
            e.Property(x => x.Size).HasColumnName("size");
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(40);
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
