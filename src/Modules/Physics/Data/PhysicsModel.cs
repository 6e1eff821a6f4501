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
                SignedConstraints(t, "physics_calibrations");
                t.HasCheckConstraint("ck_physics_calibrations_pressure_positive", "pressure_kpa > 0");
                // ADR 0056: one table for both codes of practice, each with its own beam quality specifier.
                t.HasCheckConstraint("ck_physics_calibrations_pddx_range", "pddx IS NULL OR (pddx >= 63 AND pddx <= 86)");
                t.HasCheckConstraint("ck_physics_calibrations_tpr2010_range", "tpr2010 IS NULL OR (tpr2010 >= 0.5 AND tpr2010 <= 0.84)");
                // ADR 0093: electron worksheets (TG-51 only) carry R50 instead of either photon beam quality.
                t.HasCheckConstraint("ck_physics_calibrations_protocol",
                    "(protocol = 'TG-51' AND modality = 'photon' AND pddx IS NOT NULL AND tpr2010 IS NULL AND r50_cm IS NULL)"
                    + " OR (protocol = 'TRS-398' AND modality = 'photon' AND tpr2010 IS NOT NULL AND pddx IS NULL AND r50_cm IS NULL)"
                    + " OR (protocol = 'TG-51' AND modality = 'electron' AND r50_cm IS NOT NULL AND i50_cm IS NOT NULL AND pgr IS NOT NULL AND kecal IS NOT NULL AND pddx IS NULL AND tpr2010 IS NULL)");
                t.HasCheckConstraint("ck_physics_calibrations_r50_range", "r50_cm IS NULL OR (r50_cm >= 2 AND r50_cm <= 9)");
                t.HasCheckConstraint("ck_physics_calibrations_monitor_units_positive", "monitor_units > 0");
                t.HasCheckConstraint("ck_physics_calibrations_tolerance_positive", "tolerance_percent > 0");
                t.HasCheckConstraint("ck_physics_calibrations_polarity", "polarity IN ('negative', 'positive')");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            Signed(e);
            e.Property(x => x.Protocol).HasColumnName("protocol").HasMaxLength(10).HasDefaultValue(Tg51Calibration.Tg51Protocol);
            e.Property(x => x.Machine).HasColumnName("machine").HasMaxLength(100);
            e.Property(x => x.BeamEnergy).HasColumnName("beam_energy").HasMaxLength(30);
            e.Property(x => x.Chamber).HasColumnName("chamber").HasMaxLength(40);
            e.Property(x => x.Modality).HasColumnName("modality").HasMaxLength(10).HasDefaultValue(Tg51Calibration.PhotonModality);
            e.Property(x => x.I50Cm).HasColumnName("i50_cm");
            e.Property(x => x.ReadingShifted).HasColumnName("reading_shifted");
            e.Property(x => x.Kecal).HasColumnName("kecal");
            e.Property(x => x.R50Cm).HasColumnName("r50_cm");
            e.Property(x => x.DrefCm).HasColumnName("dref_cm");
            e.Property(x => x.Pgr).HasColumnName("pgr");
            e.Property(x => x.KPrimeR50).HasColumnName("k_prime_r50");
            e.Ignore(x => x.IsElectron);
            e.Ignore(x => x.ProtocolLabel);
            e.Ignore(x => x.ElectronFigures);
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
            e.Ignore(x => x.IsTrs398);
            e.Ignore(x => x.Figures);
            e.Ignore(x => x.Trs398Figures);
            e.HasIndex(x => new { x.Machine, x.PerformedAt }).HasDatabaseName("ix_physics_calibrations_machine_performed");
        });

        modelBuilder.Entity<MuCheck>(e =>
        {
            e.ToTable("physics_mu_checks", t =>
            {
                SignedConstraints(t, "physics_mu_checks");
                t.HasCheckConstraint("ck_physics_mu_checks_set_up", "set_up IN ('SSD', 'SAD')");
                t.HasCheckConstraint("ck_physics_mu_checks_mu_positive", "mu > 0 AND planning_system_mu > 0");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            Signed(e);
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
            e.Property(x => x.OffAxisCm).HasColumnName("off_axis_cm");
            e.Property(x => x.OffAxisTable).HasColumnName("off_axis_table").HasMaxLength(200000);
            e.Property(x => x.OffAxisRatio).HasColumnName("off_axis_ratio");
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
            // ADR 0090: the stored beam data version an MU check used (restrict: a version that was used is never deleted).
            e.Property(x => x.BeamDataSetId).HasColumnName("beam_data_set_id");
            e.Property(x => x.BeamDataNumber).HasColumnName("beam_data_number");
            e.Property(x => x.Wedge).HasColumnName("wedge").HasMaxLength(40);
            e.Property(x => x.Tray).HasColumnName("tray").HasMaxLength(40);
            e.HasOne<BeamDataSet>().WithMany().HasForeignKey(x => x.BeamDataSetId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(x => x.Figures);
        });

        ConfigureMachines(modelBuilder);
        ConfigureQa(modelBuilder);
        ConfigureGamma(modelBuilder);
    }

    private static void Signed<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e)
        where T : CheckedResult
    {
        e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        e.Property(x => x.PerformedById).HasColumnName("performed_by_id").HasMaxLength(200);
        e.Property(x => x.PerformedByName).HasColumnName("performed_by_name").HasMaxLength(200);
        e.Property(x => x.CheckedById).HasColumnName("checked_by_id").HasMaxLength(200);
        e.Property(x => x.CheckedByName).HasColumnName("checked_by_name").HasMaxLength(200);
        e.Property(x => x.CheckedAt).HasColumnName("checked_at");
        e.Property(x => x.PerformedAt).HasColumnName("performed_at");
        e.Ignore(x => x.IsFinal);
    }

    private static void SignedConstraints(Microsoft.EntityFrameworkCore.Metadata.Builders.TableBuilder t, string table)
    {
        t.HasCheckConstraint($"ck_{table}" + CheckerNotPerformerSuffix, "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
        // A check is whole or absent: who and when together.
        t.HasCheckConstraint($"ck_{table}_check_complete",
            "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
        t.HasCheckConstraint($"ck_{table}_version_positive", "version >= 1");
    }

    private static void ConfigureMachines(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LinacMachine>(e =>
        {
            e.ToTable("physics_machines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.Description).HasColumnName("description").HasMaxLength(200);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_physics_machines_name");
            e.HasMany(x => x.Beams).WithOne(b => b.Machine).HasForeignKey(b => b.MachineId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<TreatmentBeam>(e =>
        {
            e.ToTable("physics_beams", t => t.HasCheckConstraint("ck_physics_beams_modality", "modality IN ('photon', 'electron')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.Energy).HasColumnName("energy").HasMaxLength(30);
            e.Property(x => x.Modality).HasColumnName("modality").HasMaxLength(10);
            e.Ignore(x => x.Label);
            e.HasIndex(x => new { x.MachineId, x.Energy }).IsUnique().HasDatabaseName("ux_physics_beams_machine_energy");
        });

        modelBuilder.Entity<BeamDataSet>(e =>
        {
            e.ToTable("physics_beam_data", t =>
            {
                SignedConstraints(t, "physics_beam_data");
                t.HasCheckConstraint("ck_physics_beam_data_number_positive", "number >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.BeamId).HasColumnName("beam_id");
            e.Property(x => x.Number).HasColumnName("number");
            e.Property(x => x.FileName).HasColumnName("file_name").HasMaxLength(200);
            e.Property(x => x.Csv).HasColumnName("csv").HasMaxLength(CommissioningCsv.MaxBytes);
            e.Property(x => x.Sha256).HasColumnName("sha256").HasMaxLength(64);
            e.Property(x => x.Summary).HasColumnName("summary").HasMaxLength(200);
            Signed(e);
            e.Ignore(x => x.Data);
            e.HasOne(x => x.Beam).WithMany().HasForeignKey(x => x.BeamId).OnDelete(DeleteBehavior.Restrict);
            // Versions are numbered per beam; two imports racing for the same number: one is refused.
            e.HasIndex(x => new { x.BeamId, x.Number }).IsUnique().HasDatabaseName("ux_physics_beam_data_beam_number");
        });
    }

    private static void ConfigureQa(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LinacQaSession>(e =>
        {
            e.ToTable("physics_qa_sessions", t =>
            {
                SignedConstraints(t, "physics_qa_sessions");
                t.HasCheckConstraint("ck_physics_qa_sessions_frequency", "frequency IN ('daily', 'monthly', 'annual')");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.Frequency).HasColumnName("frequency").HasMaxLength(10);
            e.Property(x => x.AllPassed).HasColumnName("all_passed");
            e.Property(x => x.Notes).HasColumnName("notes").HasMaxLength(1000);
            Signed(e);
            e.HasOne(x => x.Machine).WithMany().HasForeignKey(x => x.MachineId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Results).WithOne().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.MachineId, x.PerformedAt }).HasDatabaseName("ix_physics_qa_sessions_machine_performed");
        });

        modelBuilder.Entity<LinacQaResult>(e =>
        {
            e.ToTable("physics_qa_results", t =>
            {
                // A numeric check has its value and tolerance; a functional one has neither.
                t.HasCheckConstraint("ck_physics_qa_results_value", "(unit = '' AND value IS NULL AND tolerance IS NULL) OR (unit <> '' AND value IS NOT NULL AND tolerance > 0)");
                t.HasCheckConstraint("ck_physics_qa_results_passed", "value IS NULL OR passed = (abs(value) <= tolerance)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.MachineId).HasColumnName("machine_id");
            e.Property(x => x.Check).HasColumnName("check_code").HasMaxLength(20);
            e.Property(x => x.BeamId).HasColumnName("beam_id");
            e.Property(x => x.BeamEnergy).HasColumnName("beam_energy").HasMaxLength(30);
            e.Property(x => x.Measured).HasColumnName("measured");
            e.Property(x => x.Baseline).HasColumnName("baseline");
            e.Property(x => x.Value).HasColumnName("value");
            e.Property(x => x.Tolerance).HasColumnName("tolerance");
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(4);
            e.Property(x => x.Passed).HasColumnName("passed");
            e.Property(x => x.PerformedAt).HasColumnName("performed_at");
            e.HasOne<LinacMachine>().WithMany().HasForeignKey(x => x.MachineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<TreatmentBeam>().WithMany().HasForeignKey(x => x.BeamId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.MachineId, x.Check, x.PerformedAt }).HasDatabaseName("ix_physics_qa_results_machine_check_performed");
        });
    }

    private static void ConfigureGamma(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GammaAnalysis>(e =>
        {
            e.ToTable("physics_gamma_analyses", t =>
            {
                SignedConstraints(t, "physics_gamma_analyses");
                t.HasCheckConstraint("ck_physics_gamma_analyses_criteria", "dose_percent > 0 AND distance_mm > 0 AND cutoff_percent >= 0 AND cutoff_percent < 100");
                t.HasCheckConstraint("ck_physics_gamma_analyses_counts", "passed_points >= 0 AND passed_points <= evaluated_points");
                t.HasCheckConstraint("ck_physics_gamma_analyses_pass_rate", "pass_rate_percent >= 0 AND pass_rate_percent <= 100");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Plan).HasColumnName("plan").HasMaxLength(100);
            e.Property(x => x.ReferenceName).HasColumnName("reference_name").HasMaxLength(200);
            e.Property(x => x.EvaluatedName).HasColumnName("evaluated_name").HasMaxLength(200);
            e.Property(x => x.ReferenceSha256).HasColumnName("reference_sha256").HasMaxLength(64);
            e.Property(x => x.EvaluatedSha256).HasColumnName("evaluated_sha256").HasMaxLength(64);
            e.Property(x => x.Shape).HasColumnName("shape").HasMaxLength(40);
            e.Property(x => x.DosePercent).HasColumnName("dose_percent");
            e.Property(x => x.DistanceMm).HasColumnName("distance_mm");
            e.Property(x => x.Local).HasColumnName("local");
            e.Property(x => x.CutoffPercent).HasColumnName("cutoff_percent");
            e.Property(x => x.TolerancePassRatePercent).HasColumnName("tolerance_pass_rate_percent");
            e.Property(x => x.PassRatePercent).HasColumnName("pass_rate_percent");
            e.Property(x => x.EvaluatedPoints).HasColumnName("evaluated_points");
            e.Property(x => x.PassedPoints).HasColumnName("passed_points");
            e.Property(x => x.MaxReferenceDose).HasColumnName("max_reference_dose");
            e.Property(x => x.Pass).HasColumnName("pass");
            e.Property(x => x.MapSlice).HasColumnName("map_slice").HasMaxLength(200);
            e.Property(x => x.MapSvg).HasColumnName("map_svg").HasMaxLength(4 * 1024 * 1024);
            e.Property(x => x.EngineVersion).HasColumnName("engine_version").HasMaxLength(200);
            Signed(e);
            e.Ignore(x => x.Criteria);
            e.HasIndex(x => new { x.PatientId, x.PerformedAt }).HasDatabaseName("ix_physics_gamma_analyses_patient_performed");
        });
    }
}
