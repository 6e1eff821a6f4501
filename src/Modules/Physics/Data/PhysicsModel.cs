using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Data;

/// <summary>The Physics module's tables.</summary>
public sealed class PhysicsModel : IModelContributor
{
    /// <summary>The two-person rule, held by the database as well as the handler, on every checked table.</summary>
    public const string CheckerNotPerformerSuffix = "_checker_not_performer";

    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<Tg51Calibration>(e =>
        {
            e.ToTable("physics_calibrations", t =>
            {
                t.HasCheckConstraint("ck_physics_calibrations" + CheckerNotPerformerSuffix, "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                // A check is whole or absent: who and when together.
                t.HasCheckConstraint("ck_physics_calibrations_check_complete",
                    "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                t.HasCheckConstraint("ck_physics_calibrations_pressure_positive", "pressure_kpa > 0");
                // ADR 0056: one table for both codes of practice, each with its own beam quality specifier.
                t.HasCheckConstraint("ck_physics_calibrations_pddx_range", "pddx IS NULL OR (pddx >= 63 AND pddx <= 86)");
                t.HasCheckConstraint("ck_physics_calibrations_tpr2010_range", "tpr2010 IS NULL OR (tpr2010 >= 0.5 AND tpr2010 <= 0.84)");
                t.HasCheckConstraint("ck_physics_calibrations_protocol",
                    "(protocol = 'TG-51' AND pddx IS NOT NULL AND tpr2010 IS NULL) OR (protocol = 'TRS-398' AND tpr2010 IS NOT NULL AND pddx IS NULL)");
                t.HasCheckConstraint("ck_physics_calibrations_monitor_units_positive", "monitor_units > 0");
                t.HasCheckConstraint("ck_physics_calibrations_tolerance_positive", "tolerance_percent > 0");
                t.HasCheckConstraint("ck_physics_calibrations_polarity", "polarity IN ('negative', 'positive')");
                t.HasCheckConstraint("ck_physics_calibrations_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(x => x.Protocol).HasColumnName("protocol").HasMaxLength(10).HasDefaultValue(Tg51Calibration.Tg51Protocol);
            e.Property(x => x.Machine).HasColumnName("machine").HasMaxLength(100);
            e.Property(x => x.BeamEnergy).HasColumnName("beam_energy").HasMaxLength(30);
            e.Property(x => x.Chamber).HasColumnName("chamber").HasMaxLength(40);
            e.Property(x => x.Tpr2010).HasColumnName("tpr2010");
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
            e.Ignore(x => x.IsTrs398);
            e.Ignore(x => x.Figures);
            e.Ignore(x => x.Trs398Figures);
            e.HasIndex(x => new { x.Machine, x.PerformedAt }).HasDatabaseName("ix_physics_calibrations_machine_performed");
        });

        modelBuilder.Entity<MuCheck>(e =>
        {
            e.ToTable("physics_mu_checks", t =>
            {
                t.HasCheckConstraint("ck_physics_mu_checks" + CheckerNotPerformerSuffix, "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                t.HasCheckConstraint("ck_physics_mu_checks_check_complete",
                    "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                t.HasCheckConstraint("ck_physics_mu_checks_set_up", "set_up IN ('SSD', 'SAD')");
                t.HasCheckConstraint("ck_physics_mu_checks_mu_positive", "mu > 0 AND planning_system_mu > 0");
                t.HasCheckConstraint("ck_physics_mu_checks_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            // A patient by id only: no foreign key into the Patients module's table.
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.HasIndex(x => new { x.PatientId, x.PerformedAt }).HasDatabaseName("ix_physics_mu_checks_patient_performed");
            e.Property(x => x.Machine).HasColumnName("machine").HasMaxLength(100);
            e.Property(x => x.BeamEnergy).HasColumnName("beam_energy").HasMaxLength(30);
            e.Property(x => x.SetUp).HasColumnName("set_up").HasMaxLength(3);
            e.Property(x => x.ReferenceDoseRateCGyPerMu).HasColumnName("reference_dose_rate_cgy_per_mu");
            e.Property(x => x.ReferenceDepthCm).HasColumnName("reference_depth_cm");
            e.Property(x => x.ReferenceSsdCm).HasColumnName("reference_ssd_cm");
            e.Property(x => x.SadCm).HasColumnName("sad_cm");
            e.Property(x => x.ScTable).HasColumnName("sc_table").HasMaxLength(20000);
            e.Property(x => x.SpTable).HasColumnName("sp_table").HasMaxLength(20000);
            e.Property(x => x.DepthTable).HasColumnName("depth_table").HasMaxLength(200000);
            e.Property(x => x.DoseCGy).HasColumnName("dose_cgy");
            e.Property(x => x.FieldXCm).HasColumnName("field_x_cm");
            e.Property(x => x.FieldYCm).HasColumnName("field_y_cm");
            e.Property(x => x.DepthCm).HasColumnName("depth_cm");
            e.Property(x => x.SsdCm).HasColumnName("ssd_cm");
            e.Property(x => x.PlanningSystemMu).HasColumnName("planning_system_mu");
            e.Property(x => x.WedgeFactor).HasColumnName("wedge_factor");
            e.Property(x => x.TrayFactor).HasColumnName("tray_factor");
            e.Property(x => x.ActionLevelPercent).HasColumnName("action_level_percent");
            e.Property(x => x.Mu).HasColumnName("mu");
            e.Property(x => x.PercentDifference).HasColumnName("percent_difference");
            e.Property(x => x.WithinActionLevel).HasColumnName("within_action_level");
            e.Property(x => x.CollimatorEquivalentSquareCm).HasColumnName("collimator_equivalent_square_cm");
            e.Property(x => x.PhantomEquivalentSquareCm).HasColumnName("phantom_equivalent_square_cm");
            e.Property(x => x.Sc).HasColumnName("sc");
            e.Property(x => x.Sp).HasColumnName("sp");
            e.Property(x => x.DepthFactor).HasColumnName("depth_factor");
            e.Property(x => x.InverseSquareFactor).HasColumnName("inverse_square_factor");
            e.Property(x => x.EngineVersion).HasColumnName("engine_version").HasMaxLength(200);
            e.Property(x => x.PerformedById).HasColumnName("performed_by_id").HasMaxLength(200);
            e.Property(x => x.PerformedByName).HasColumnName("performed_by_name").HasMaxLength(200);
            e.Property(x => x.PerformedAt).HasColumnName("performed_at");
            e.Property(x => x.CheckedById).HasColumnName("checked_by_id").HasMaxLength(200);
            e.Property(x => x.CheckedByName).HasColumnName("checked_by_name").HasMaxLength(200);
            e.Property(x => x.CheckedAt).HasColumnName("checked_at");
            e.Ignore(x => x.IsFinal);
            e.Ignore(x => x.Figures);
        });
    }
}
