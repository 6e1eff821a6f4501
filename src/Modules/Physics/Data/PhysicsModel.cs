using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Data;

/// <summary>The Physics module's tables.</summary>
public sealed class PhysicsModel : IModelContributor
{
    /// <summary>The two-person rule, held by the database as well as the handler.</summary>
    public const string CheckerNotPerformerConstraint = "ck_physics_calibrations_checker_not_performer";

    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<Tg51Calibration>(e =>
        {
            e.ToTable("physics_calibrations", t =>
            {
                t.HasCheckConstraint(CheckerNotPerformerConstraint, "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                // A check is whole or absent: who and when together.
                t.HasCheckConstraint("ck_physics_calibrations_check_complete",
                    "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                t.HasCheckConstraint("ck_physics_calibrations_pressure_positive", "pressure_kpa > 0");
                t.HasCheckConstraint("ck_physics_calibrations_pddx_range", "pddx >= 63 AND pddx <= 86");
                t.HasCheckConstraint("ck_physics_calibrations_monitor_units_positive", "monitor_units > 0");
                t.HasCheckConstraint("ck_physics_calibrations_tolerance_positive", "tolerance_percent > 0");
                t.HasCheckConstraint("ck_physics_calibrations_polarity", "polarity IN ('negative', 'positive')");
                t.HasCheckConstraint("ck_physics_calibrations_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(x => x.Machine).HasColumnName("machine").HasMaxLength(100);
            e.Property(x => x.BeamEnergy).HasColumnName("beam_energy").HasMaxLength(30);
            e.Property(x => x.Chamber).HasColumnName("chamber").HasMaxLength(40);
            e.Property(x => x.PddxMeasured).HasColumnName("pddx_measured");
            e.Property(x => x.PddPb).HasColumnName("pdd_pb");
            e.Property(x => x.LeadFoilCm).HasColumnName("lead_foil_cm");
            e.Property(x => x.TemperatureC).HasColumnName("temperature_c");
            e.Property(x => x.PressureKpa).HasColumnName("pressure_kpa");
            e.Property(x => x.ReadingPositive).HasColumnName("reading_positive");
            e.Property(x => x.ReadingNegative).HasColumnName("reading_negative");
            e.Property(x => x.Polarity).HasColumnName("polarity").HasMaxLength(10);
            e.Property(x => x.VoltageHigh).HasColumnName("voltage_high");
            e.Property(x => x.VoltageLow).HasColumnName("voltage_low");
            e.Property(x => x.ReadingLow).HasColumnName("reading_low");
            e.Property(x => x.Pelec).HasColumnName("pelec");
            e.Property(x => x.Ndw).HasColumnName("ndw");
            e.Property(x => x.MonitorUnits).HasColumnName("monitor_units");
            e.Property(x => x.ExpectedDosePerMuCGy).HasColumnName("expected_dose_per_mu_cgy");
            e.Property(x => x.TolerancePercent).HasColumnName("tolerance_percent");
            e.Property(x => x.Pddx).HasColumnName("pddx");
            e.Property(x => x.Ptp).HasColumnName("ptp");
            e.Property(x => x.Ppol).HasColumnName("ppol");
            e.Property(x => x.Pion).HasColumnName("pion");
            e.Property(x => x.Kq).HasColumnName("kq");
            e.Property(x => x.CorrectedReadingNc).HasColumnName("corrected_reading_nc");
            e.Property(x => x.DoseGy).HasColumnName("dose_gy");
            e.Property(x => x.DosePerMuCGy).HasColumnName("dose_per_mu_cgy");
            e.Property(x => x.DeviationPercent).HasColumnName("deviation_percent");
            e.Property(x => x.Pass).HasColumnName("pass");
            e.Property(x => x.EngineVersion).HasColumnName("engine_version").HasMaxLength(200);
            e.Property(x => x.PerformedById).HasColumnName("performed_by_id").HasMaxLength(200);
            e.Property(x => x.PerformedByName).HasColumnName("performed_by_name").HasMaxLength(200);
            e.Property(x => x.PerformedAt).HasColumnName("performed_at");
            e.Property(x => x.CheckedById).HasColumnName("checked_by_id").HasMaxLength(200);
            e.Property(x => x.CheckedByName).HasColumnName("checked_by_name").HasMaxLength(200);
            e.Property(x => x.CheckedAt).HasColumnName("checked_at");
            e.Ignore(x => x.IsFinal);
            e.Ignore(x => x.Figures);
            e.HasIndex(x => new { x.Machine, x.PerformedAt }).HasDatabaseName("ix_physics_calibrations_machine_performed");
        });
    }
}
