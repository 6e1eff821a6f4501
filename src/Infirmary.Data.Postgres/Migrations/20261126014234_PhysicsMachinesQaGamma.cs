using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PhysicsMachinesQaGamma : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations");

            migrationBuilder.AddColumn<int>(
                name: "beam_data_number",
                table: "physics_mu_checks",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "beam_data_set_id",
                table: "physics_mu_checks",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tray",
                table: "physics_mu_checks",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "wedge",
                table: "physics_mu_checks",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "dref_cm",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "i50_cm",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "k_prime_r50",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "kecal",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "modality",
                table: "physics_calibrations",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "photon");

            migrationBuilder.AddColumn<double>(
                name: "pgr",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "r50_cm",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "reading_shifted",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "physics_gamma_analyses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reference_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    evaluated_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reference_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    evaluated_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    shape = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    dose_percent = table.Column<double>(type: "double precision", nullable: false),
                    distance_mm = table.Column<double>(type: "double precision", nullable: false),
                    local = table.Column<bool>(type: "boolean", nullable: false),
                    cutoff_percent = table.Column<double>(type: "double precision", nullable: false),
                    tolerance_pass_rate_percent = table.Column<double>(type: "double precision", nullable: false),
                    pass_rate_percent = table.Column<double>(type: "double precision", nullable: false),
                    evaluated_points = table.Column<int>(type: "integer", nullable: false),
                    passed_points = table.Column<int>(type: "integer", nullable: false),
                    max_reference_dose = table.Column<double>(type: "double precision", nullable: false),
                    pass = table.Column<bool>(type: "boolean", nullable: false),
                    map_slice = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    map_svg = table.Column<string>(type: "character varying(4194304)", maxLength: 4194304, nullable: false),
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
                    table.PrimaryKey("PK_physics_gamma_analyses", x => x.id);
                    table.CheckConstraint("ck_physics_gamma_analyses_check_complete", "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_physics_gamma_analyses_checker_not_performer", "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                    table.CheckConstraint("ck_physics_gamma_analyses_counts", "passed_points >= 0 AND passed_points <= evaluated_points");
                    table.CheckConstraint("ck_physics_gamma_analyses_criteria", "dose_percent > 0 AND distance_mm > 0 AND cutoff_percent >= 0 AND cutoff_percent < 100");
                    table.CheckConstraint("ck_physics_gamma_analyses_pass_rate", "pass_rate_percent >= 0 AND pass_rate_percent <= 100");
                    table.CheckConstraint("ck_physics_gamma_analyses_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "physics_machines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_machines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "physics_beams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    machine_id = table.Column<Guid>(type: "uuid", nullable: false),
                    energy = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    modality = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_beams", x => x.id);
                    table.CheckConstraint("ck_physics_beams_modality", "modality IN ('photon', 'electron')");
                    table.ForeignKey(
                        name: "FK_physics_beams_physics_machines_machine_id",
                        column: x => x.machine_id,
                        principalTable: "physics_machines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "physics_qa_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    machine_id = table.Column<Guid>(type: "uuid", nullable: false),
                    frequency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    all_passed = table.Column<bool>(type: "boolean", nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    performed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    checked_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_qa_sessions", x => x.id);
                    table.CheckConstraint("ck_physics_qa_sessions_check_complete", "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_physics_qa_sessions_checker_not_performer", "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                    table.CheckConstraint("ck_physics_qa_sessions_frequency", "frequency IN ('daily', 'monthly', 'annual')");
                    table.CheckConstraint("ck_physics_qa_sessions_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "FK_physics_qa_sessions_physics_machines_machine_id",
                        column: x => x.machine_id,
                        principalTable: "physics_machines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "physics_beam_data",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    beam_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    csv = table.Column<string>(type: "character varying(1048576)", maxLength: 1048576, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    summary = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    checked_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_beam_data", x => x.id);
                    table.CheckConstraint("ck_physics_beam_data_check_complete", "(checked_by_id IS NULL AND checked_by_name IS NULL AND checked_at IS NULL) OR (checked_by_id IS NOT NULL AND checked_by_name IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_physics_beam_data_checker_not_performer", "checked_by_id IS NULL OR checked_by_id <> performed_by_id");
                    table.CheckConstraint("ck_physics_beam_data_number_positive", "number >= 1");
                    table.CheckConstraint("ck_physics_beam_data_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "FK_physics_beam_data_physics_beams_beam_id",
                        column: x => x.beam_id,
                        principalTable: "physics_beams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "physics_qa_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    machine_id = table.Column<Guid>(type: "uuid", nullable: false),
                    check_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    beam_id = table.Column<Guid>(type: "uuid", nullable: true),
                    beam_energy = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    measured = table.Column<double>(type: "double precision", nullable: true),
                    baseline = table.Column<double>(type: "double precision", nullable: true),
                    value = table.Column<double>(type: "double precision", nullable: true),
                    tolerance = table.Column<double>(type: "double precision", nullable: true),
                    unit = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    passed = table.Column<bool>(type: "boolean", nullable: false),
                    performed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_qa_results", x => x.id);
                    table.CheckConstraint("ck_physics_qa_results_passed", "value IS NULL OR passed = (abs(value) <= tolerance)");
                    table.CheckConstraint("ck_physics_qa_results_value", "(unit = '' AND value IS NULL AND tolerance IS NULL) OR (unit <> '' AND value IS NOT NULL AND tolerance > 0)");
                    table.ForeignKey(
                        name: "FK_physics_qa_results_physics_beams_beam_id",
                        column: x => x.beam_id,
                        principalTable: "physics_beams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_physics_qa_results_physics_machines_machine_id",
                        column: x => x.machine_id,
                        principalTable: "physics_machines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_physics_qa_results_physics_qa_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "physics_qa_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_physics_mu_checks_beam_data_set_id",
                table: "physics_mu_checks",
                column: "beam_data_set_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations",
                sql: "(protocol = 'TG-51' AND modality = 'photon' AND pddx IS NOT NULL AND tpr2010 IS NULL AND r50_cm IS NULL) OR (protocol = 'TRS-398' AND modality = 'photon' AND tpr2010 IS NOT NULL AND pddx IS NULL AND r50_cm IS NULL) OR (protocol = 'TG-51' AND modality = 'electron' AND r50_cm IS NOT NULL AND i50_cm IS NOT NULL AND pgr IS NOT NULL AND kecal IS NOT NULL AND pddx IS NULL AND tpr2010 IS NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_r50_range",
                table: "physics_calibrations",
                sql: "r50_cm IS NULL OR (r50_cm >= 2 AND r50_cm <= 9)");

            migrationBuilder.CreateIndex(
                name: "ux_physics_beam_data_beam_number",
                table: "physics_beam_data",
                columns: new[] { "beam_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_physics_beams_machine_energy",
                table: "physics_beams",
                columns: new[] { "machine_id", "energy" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_physics_gamma_analyses_patient_performed",
                table: "physics_gamma_analyses",
                columns: new[] { "patient_id", "performed_at" });

            migrationBuilder.CreateIndex(
                name: "ux_physics_machines_name",
                table: "physics_machines",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_physics_qa_results_beam_id",
                table: "physics_qa_results",
                column: "beam_id");

            migrationBuilder.CreateIndex(
                name: "ix_physics_qa_results_machine_check_performed",
                table: "physics_qa_results",
                columns: new[] { "machine_id", "check_code", "performed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_physics_qa_results_session_id",
                table: "physics_qa_results",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_physics_qa_sessions_machine_performed",
                table: "physics_qa_sessions",
                columns: new[] { "machine_id", "performed_at" });

            migrationBuilder.AddForeignKey(
                name: "FK_physics_mu_checks_physics_beam_data_beam_data_set_id",
                table: "physics_mu_checks",
                column: "beam_data_set_id",
                principalTable: "physics_beam_data",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_physics_mu_checks_physics_beam_data_beam_data_set_id",
                table: "physics_mu_checks");

            migrationBuilder.DropTable(
                name: "physics_beam_data");

            migrationBuilder.DropTable(
                name: "physics_gamma_analyses");

            migrationBuilder.DropTable(
                name: "physics_qa_results");

            migrationBuilder.DropTable(
                name: "physics_beams");

            migrationBuilder.DropTable(
                name: "physics_qa_sessions");

            migrationBuilder.DropTable(
                name: "physics_machines");

            migrationBuilder.DropIndex(
                name: "IX_physics_mu_checks_beam_data_set_id",
                table: "physics_mu_checks");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_r50_range",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "beam_data_number",
                table: "physics_mu_checks");

            migrationBuilder.DropColumn(
                name: "beam_data_set_id",
                table: "physics_mu_checks");

            migrationBuilder.DropColumn(
                name: "tray",
                table: "physics_mu_checks");

            migrationBuilder.DropColumn(
                name: "wedge",
                table: "physics_mu_checks");

            migrationBuilder.DropColumn(
                name: "dref_cm",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "i50_cm",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "k_prime_r50",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "kecal",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "modality",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "pgr",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "r50_cm",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "reading_shifted",
                table: "physics_calibrations");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations",
                sql: "(protocol = 'TG-51' AND pddx IS NOT NULL AND tpr2010 IS NULL) OR (protocol = 'TRS-398' AND tpr2010 IS NOT NULL AND pddx IS NULL)");
        }
    }
}
