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
    }
}
