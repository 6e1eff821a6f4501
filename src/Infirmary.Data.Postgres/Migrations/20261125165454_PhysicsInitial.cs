using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PhysicsInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "physics_calibrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    machine = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    beam_energy = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    chamber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    pddx_measured = table.Column<double>(type: "double precision", nullable: true),
                    pdd_pb = table.Column<double>(type: "double precision", nullable: true),
                    lead_foil_cm = table.Column<int>(type: "integer", nullable: true),
                    temperature_c = table.Column<double>(type: "double precision", nullable: false),
                    pressure_kpa = table.Column<double>(type: "double precision", nullable: false),
                    reading_positive = table.Column<double>(type: "double precision", nullable: false),
                    reading_negative = table.Column<double>(type: "double precision", nullable: false),
                    polarity = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    voltage_high = table.Column<double>(type: "double precision", nullable: false),
                    voltage_low = table.Column<double>(type: "double precision", nullable: false),
                    reading_low = table.Column<double>(type: "double precision", nullable: false),
                    pelec = table.Column<double>(type: "double precision", nullable: false),
                    ndw = table.Column<double>(type: "double precision", nullable: false),
                    monitor_units = table.Column<double>(type: "double precision", nullable: false),
                    expected_dose_per_mu_cgy = table.Column<double>(type: "double precision", nullable: false),
                    tolerance_percent = table.Column<double>(type: "double precision", nullable: false),
                    pddx = table.Column<double>(type: "double precision", nullable: false),
                    ptp = table.Column<double>(type: "double precision", nullable: false),
                    ppol = table.Column<double>(type: "double precision", nullable: false),
                    pion = table.Column<double>(type: "double precision", nullable: false),
                    kq = table.Column<double>(type: "double precision", nullable: false),
                    corrected_reading_nc = table.Column<double>(type: "double precision", nullable: false),
                    dose_gy = table.Column<double>(type: "double precision", nullable: false),
                    dose_per_mu_cgy = table.Column<double>(type: "double precision", nullable: false),
                    deviation_percent = table.Column<double>(type: "double precision", nullable: false),
                    pass = table.Column<bool>(type: "boolean", nullable: false),
                    engine_version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    checked_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_calibrations", x => x.id);
                    table.CheckConstraint("ck_physics_calibrations_check_complete", "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_physics_calibrations_checker_not_performer", "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                    table.CheckConstraint("ck_physics_calibrations_monitor_units_positive", "monitor_units > 0");
                    table.CheckConstraint("ck_physics_calibrations_pddx_range", "pddx >= 63 AND pddx <= 86");
                    table.CheckConstraint("ck_physics_calibrations_polarity", "polarity IN ('negative', 'positive')");
                    table.CheckConstraint("ck_physics_calibrations_pressure_positive", "pressure_kpa > 0");
                    table.CheckConstraint("ck_physics_calibrations_tolerance_positive", "tolerance_percent > 0");
                    table.CheckConstraint("ck_physics_calibrations_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "physics_mu_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    machine = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    beam_energy = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    set_up = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    reference_dose_rate_cgy_per_mu = table.Column<double>(type: "double precision", nullable: false),
                    reference_depth_cm = table.Column<double>(type: "double precision", nullable: false),
                    reference_ssd_cm = table.Column<double>(type: "double precision", nullable: false),
                    sad_cm = table.Column<double>(type: "double precision", nullable: false),
                    sc_table = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    sp_table = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    depth_table = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: false),
                    dose_cgy = table.Column<double>(type: "double precision", nullable: false),
                    field_x_cm = table.Column<double>(type: "double precision", nullable: false),
                    field_y_cm = table.Column<double>(type: "double precision", nullable: false),
                    depth_cm = table.Column<double>(type: "double precision", nullable: false),
                    ssd_cm = table.Column<double>(type: "double precision", nullable: false),
                    planning_system_mu = table.Column<double>(type: "double precision", nullable: false),
                    wedge_factor = table.Column<double>(type: "double precision", nullable: false),
                    tray_factor = table.Column<double>(type: "double precision", nullable: false),
                    action_level_percent = table.Column<double>(type: "double precision", nullable: false),
                    mu = table.Column<double>(type: "double precision", nullable: false),
                    percent_difference = table.Column<double>(type: "double precision", nullable: false),
                    within_action_level = table.Column<bool>(type: "boolean", nullable: false),
                    collimator_equivalent_square_cm = table.Column<double>(type: "double precision", nullable: false),
                    phantom_equivalent_square_cm = table.Column<double>(type: "double precision", nullable: false),
                    sc = table.Column<double>(type: "double precision", nullable: false),
                    sp = table.Column<double>(type: "double precision", nullable: false),
                    depth_factor = table.Column<double>(type: "double precision", nullable: false),
                    inverse_square_factor = table.Column<double>(type: "double precision", nullable: false),
                    engine_version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    checked_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_mu_checks", x => x.id);
                    table.CheckConstraint("ck_physics_mu_checks_check_complete", "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_physics_mu_checks_checker_not_performer", "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                    table.CheckConstraint("ck_physics_mu_checks_mu_positive", "mu > 0 AND planning_system_mu > 0");
                    table.CheckConstraint("ck_physics_mu_checks_set_up", "set_up IN ('SSD', 'SAD')");
                    table.CheckConstraint("ck_physics_mu_checks_version_positive", "version >= 1");
                });

            migrationBuilder.CreateIndex(
                name: "ix_physics_calibrations_machine_performed",
                table: "physics_calibrations",
                columns: new[] { "machine", "performed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_physics_mu_checks_patient_performed",
                table: "physics_mu_checks",
                columns: new[] { "patient_id", "performed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "physics_calibrations");

            migrationBuilder.DropTable(
                name: "physics_mu_checks");
        }
    }
}
