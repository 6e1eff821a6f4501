using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RecordsSchedulingLabPharmacyPhysicsWorkforceAdditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

            migrationBuilder.AddColumn<Guid>(
                name: "referral_id",
                table: "sched_appointments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "pddx",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL");

            migrationBuilder.AddColumn<string>(
                name: "protocol",
                table: "physics_calibrations",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "TG-51");

            migrationBuilder.AddColumn<double>(
                name: "tpr2010",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "legal_category",
                table: "pharmacy_packs",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_specimen_id",
                table: "lab_specimens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "rejection_seen_at",
                table: "lab_specimens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "retrieved_at",
                table: "lab_specimens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retrieved_by",
                table: "lab_specimens",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "storage_position",
                table: "lab_specimens",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "storage_rack",
                table: "lab_specimens",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "stored_at",
                table: "lab_specimens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stored_by",
                table: "lab_specimens",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "fhir_resources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resource_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_resources", x => x.id);
                    table.CheckConstraint("ck_fhir_resources_not_patient", "resource_type <> 'Patient'");
                    table.CheckConstraint("ck_fhir_resources_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "lab_critical_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    result_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    report_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    phoned_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    phoned_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    phoned_to = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    read_back_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    called_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    logged_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_critical_calls", x => x.id);
                    table.CheckConstraint("ck_lab_critical_calls_phoned_to", "phoned_to <> ''");
                    table.CheckConstraint("ck_lab_critical_calls_read_back", "read_back_confirmed = TRUE");
                    table.ForeignKey(
                        name: "FK_lab_critical_calls_lab_reports_report_id",
                        column: x => x.report_id,
                        principalTable: "lab_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_critical_calls_lab_results_result_id",
                        column: x => x.result_id,
                        principalTable: "lab_results",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_maintenance_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    analyser = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    performed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    performed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_maintenance_log", x => x.id);
                    table.CheckConstraint("ck_lab_maintenance_log_kind", "kind IN ('daily', 'weekly', 'monthly', 'calibration', 'service', 'repair')");
                });

            migrationBuilder.CreateTable(
                name: "lab_qc_targets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    analyser = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    test_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    mean = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    sd = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_qc_targets", x => x.id);
                    table.CheckConstraint("ck_lab_qc_targets_level", "level BETWEEN 1 AND 3");
                    table.CheckConstraint("ck_lab_qc_targets_sd", "CAST(sd AS REAL) > 0");
                    table.ForeignKey(
                        name: "FK_lab_qc_targets_lab_tests_test_code",
                        column: x => x.test_code,
                        principalTable: "lab_tests",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_stock_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    reorder_level = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_stock_items", x => x.id);
                    table.CheckConstraint("ck_lab_stock_items_kind", "kind IN ('reagent', 'consumable')");
                    table.CheckConstraint("ck_lab_stock_items_reorder", "reorder_level >= 0");
                });

            migrationBuilder.CreateTable(
                name: "patient_access_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    requester_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    relationship = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    extension_months = table.Column<int>(type: "INTEGER", nullable: false),
                    extension_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    disclosure_note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    disclosed_export = table.Column<string>(type: "TEXT", nullable: true),
                    created_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_access_requests", x => x.id);
                    table.CheckConstraint("ck_patient_access_requests_disclosed", "status <> 'Disclosed' OR (disclosure_note IS NOT NULL AND disclosed_export IS NOT NULL)");
                    table.CheckConstraint("ck_patient_access_requests_due", "due_on > received_on");
                    table.CheckConstraint("ck_patient_access_requests_extension", "(extension_months = 0 AND extension_reason IS NULL) OR (extension_months BETWEEN 1 AND 2 AND extension_reason IS NOT NULL)");
                    table.CheckConstraint("ck_patient_access_requests_status", "status IN ('Received', 'IdentityVerified', 'InProgress', 'Disclosed', 'Refused', 'Withdrawn')");
                    table.CheckConstraint("ck_patient_access_requests_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "fk_patient_access_requests_patient",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "patient_identifiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    system = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type_text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_patient_identifiers_patient",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_adverse_reactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    substance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reaction = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    onset_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    serious = table.Column<bool>(type: "INTEGER", nullable: false),
                    serious_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reporter_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reporter_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_adverse_reactions", x => x.id);
                    table.CheckConstraint("ck_pharmacy_adverse_reactions_outcome", "outcome IN ('recovered', 'recovering', 'continuing', 'recovered-with-sequelae', 'fatal', 'unknown')");
                    table.CheckConstraint("ck_pharmacy_adverse_reactions_serious", "serious = (serious_reason IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_adverse_reactions_type", "type IN ('allergy', 'intolerance')");
                    table.ForeignKey(
                        name: "FK_pharmacy_adverse_reactions_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_purchase_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    supplier = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_purchase_orders", x => x.id);
                    table.CheckConstraint("ck_pharmacy_purchase_orders_status", "status IN ('draft', 'sent', 'received')");
                    table.ForeignKey(
                        name: "FK_pharmacy_purchase_orders_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_reorder_levels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level_packs = table.Column<int>(type: "INTEGER", nullable: false),
                    order_packs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_reorder_levels", x => x.id);
                    table.CheckConstraint("ck_pharmacy_reorder_levels_packs", "level_packs >= 1 AND order_packs >= 1");
                    table.ForeignKey(
                        name: "FK_pharmacy_reorder_levels_pharmacy_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_reorder_levels_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_stock_takes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_stock_takes", x => x.id);
                    table.ForeignKey(
                        name: "FK_pharmacy_stock_takes_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sched_referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    specialty = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    referrer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    clock_stopped_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    stop_reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    stop_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    stopped_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    stopped_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    added_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    added_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    added_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_referrals", x => x.id);
                    table.CheckConstraint("ck_sched_referrals_priority", "priority IN ('routine', 'urgent', 'two-week-wait')");
                    table.CheckConstraint("ck_sched_referrals_stop_after_receipt", "clock_stopped_on IS NULL OR clock_stopped_on >= received_on");
                    table.CheckConstraint("ck_sched_referrals_stop_complete", "(clock_stopped_on IS NULL AND stop_reason IS NULL AND stopped_by_id IS NULL) OR (clock_stopped_on IS NOT NULL AND stop_reason IS NOT NULL AND stopped_by_id IS NOT NULL AND stopped_by_name IS NOT NULL)");
                    table.CheckConstraint("ck_sched_referrals_stop_reason", "stop_reason IS NULL OR stop_reason IN ('treated', 'not-treating', 'active-monitoring', 'patient-declined', 'did-not-attend', 'no-longer-needed', 'deceased', 'transferred')");
                    table.CheckConstraint("ck_sched_referrals_text", "specialty <> '' AND referrer <> ''");
                    table.CheckConstraint("ck_sched_referrals_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "sched_reminder_opt_outs",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_reminder_opt_outs", x => new { x.patient_id, x.channel });
                    table.CheckConstraint("ck_sched_reminder_opt_outs_channel", "channel IN ('sms', 'email', 'letter')");
                });

            migrationBuilder.CreateTable(
                name: "sched_reminders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    appointment_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    days_before = table.Column<int>(type: "INTEGER", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    claimed_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    notify_id = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_reminders", x => x.id);
                    table.CheckConstraint("ck_sched_reminders_attempts", "attempts >= 0");
                    table.CheckConstraint("ck_sched_reminders_channel", "channel IN ('sms', 'email', 'letter')");
                    table.CheckConstraint("ck_sched_reminders_claim", "status <> 'sending' OR (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)");
                    table.CheckConstraint("ck_sched_reminders_sent_with_id", "status <> 'sent' OR (notify_id IS NOT NULL AND sent_at IS NOT NULL)");
                    table.CheckConstraint("ck_sched_reminders_status", "status IN ('pending', 'sending', 'sent', 'failed', 'withdrawn', 'suppressed')");
                    table.ForeignKey(
                        name: "FK_sched_reminders_sched_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalTable: "sched_appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "wf_rota_builds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    weeks = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    time_limit_seconds = table.Column<double>(type: "REAL", nullable: false),
                    elapsed_seconds = table.Column<double>(type: "REAL", nullable: false),
                    solutions = table.Column<int>(type: "INTEGER", nullable: false),
                    objective = table.Column<long>(type: "INTEGER", nullable: true),
                    bound = table.Column<long>(type: "INTEGER", nullable: true),
                    problem = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rota_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_rota_builds", x => x.id);
                    table.CheckConstraint("ck_wf_rota_builds_outcome", "(status = 'refused') = (problem IS NOT NULL)");
                    table.CheckConstraint("ck_wf_rota_builds_status", "status IN ('queued', 'running', 'done', 'refused')");
                    table.CheckConstraint("ck_wf_rota_builds_weeks", "weeks BETWEEN 1 AND 12");
                    table.ForeignKey(
                        name: "FK_wf_rota_builds_wf_rotas_rota_id",
                        column: x => x.rota_id,
                        principalTable: "wf_rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_wf_rota_builds_wf_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "wf_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "fhir_resource_identifiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resource_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    system = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_resource_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_fhir_resource_identifiers_resource",
                        column: x => x.resource_id,
                        principalTable: "fhir_resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "fhir_resource_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_resource_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_fhir_resource_versions_resource",
                        column: x => x.resource_id,
                        principalTable: "fhir_resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_qc_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    target_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    measured_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    rules = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_qc_results", x => x.id);
                    table.CheckConstraint("ck_lab_qc_results_status", "status IN ('accept', 'warning', 'reject')");
                    table.ForeignKey(
                        name: "FK_lab_qc_results_lab_qc_targets_target_id",
                        column: x => x.target_id,
                        principalTable: "lab_qc_targets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_stock_lots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lot_number = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    expires_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_stock_lots", x => x.id);
                    table.CheckConstraint("ck_lab_stock_lots_quantity", "quantity >= 0");
                    table.ForeignKey(
                        name: "FK_lab_stock_lots_lab_stock_items_item_id",
                        column: x => x.item_id,
                        principalTable: "lab_stock_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_purchase_order_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    purchase_order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordered_packs = table.Column<int>(type: "INTEGER", nullable: false),
                    received_packs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_purchase_order_lines", x => x.id);
                    table.CheckConstraint("ck_pharmacy_purchase_order_lines_packs", "ordered_packs >= 1 AND received_packs >= 0 AND received_packs <= ordered_packs");
                    table.ForeignKey(
                        name: "FK_pharmacy_purchase_order_lines_pharmacy_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_purchase_order_lines_pharmacy_purchase_orders_purchase_order_id",
                        column: x => x.purchase_order_id,
                        principalTable: "pharmacy_purchase_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_stock_take_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    stock_take_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    expected = table.Column<int>(type: "INTEGER", nullable: false),
                    counted = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_stock_take_lines", x => x.id);
                    table.CheckConstraint("ck_pharmacy_stock_take_lines_counts", "counted >= 0 AND expected >= 0");
                    table.CheckConstraint("ck_pharmacy_stock_take_lines_reason", "counted = expected OR length(reason) >= 3");
                    table.ForeignKey(
                        name: "FK_pharmacy_stock_take_lines_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_stock_take_lines_pharmacy_stock_takes_stock_take_id",
                        column: x => x.stock_take_id,
                        principalTable: "pharmacy_stock_takes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lab_stock_movements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lot_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    change = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_stock_movements", x => x.id);
                    table.CheckConstraint("ck_lab_stock_movements_change", "change <> 0");
                    table.ForeignKey(
                        name: "FK_lab_stock_movements_lab_stock_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lab_stock_lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments",
                column: "referral_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations",
                sql: "pddx IS NULL OR (pddx >= 63 AND pddx <= 86)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations",
                sql: "(protocol = 'TG-51' AND pddx IS NOT NULL AND tpr2010 IS NULL) OR (protocol = 'TRS-398' AND tpr2010 IS NOT NULL AND pddx IS NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_tpr2010_range",
                table: "physics_calibrations",
                sql: "tpr2010 IS NULL OR (tpr2010 >= 0.5 AND tpr2010 <= 0.84)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_packs_legal_category",
                table: "pharmacy_packs",
                sql: "legal_category IS NULL OR legal_category IN ('GSL', 'P', 'POM')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

            migrationBuilder.CreateIndex(
                name: "ix_lab_specimens_parent",
                table: "lab_specimens",
                column: "parent_specimen_id");

            migrationBuilder.CreateIndex(
                name: "ux_lab_specimens_storage",
                table: "lab_specimens",
                columns: new[] { "storage_rack", "storage_position" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_lab_specimens_parent",
                table: "lab_specimens",
                sql: "parent_specimen_id IS NULL OR parent_specimen_id <> id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_lab_specimens_storage",
                table: "lab_specimens",
                sql: "(storage_rack IS NULL) = (storage_position IS NULL) AND (storage_rack IS NULL OR status = 'received')");

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resource_identifiers_lookup",
                table: "fhir_resource_identifiers",
                columns: new[] { "resource_type", "system", "value" });

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resource_identifiers_resource",
                table: "fhir_resource_identifiers",
                column: "resource_id");

            migrationBuilder.CreateIndex(
                name: "ux_fhir_resource_versions_version",
                table: "fhir_resource_versions",
                columns: new[] { "resource_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resources_patient_type",
                table: "fhir_resources",
                columns: new[] { "patient_id", "resource_type" });

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resources_type_updated",
                table: "fhir_resources",
                columns: new[] { "resource_type", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_lab_critical_calls_report",
                table: "lab_critical_calls",
                column: "report_id");

            migrationBuilder.CreateIndex(
                name: "ux_lab_critical_calls_result",
                table: "lab_critical_calls",
                column: "result_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_maintenance_log_analyser",
                table: "lab_maintenance_log",
                columns: new[] { "analyser", "performed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_lab_qc_results_target",
                table: "lab_qc_results",
                columns: new[] { "target_id", "measured_at" });

            migrationBuilder.CreateIndex(
                name: "IX_lab_qc_targets_test_code",
                table: "lab_qc_targets",
                column: "test_code");

            migrationBuilder.CreateIndex(
                name: "ux_lab_qc_targets",
                table: "lab_qc_targets",
                columns: new[] { "analyser", "test_code", "level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_lab_stock_items_name",
                table: "lab_stock_items",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_lab_stock_lots_lot",
                table: "lab_stock_lots",
                columns: new[] { "item_id", "lot_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_stock_movements_lot",
                table: "lab_stock_movements",
                columns: new[] { "lot_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_access_requests_patient",
                table: "patient_access_requests",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_patient_access_requests_status_due",
                table: "patient_access_requests",
                columns: new[] { "status", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_identifiers_patient",
                table: "patient_identifiers",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ux_patient_identifiers_system_value",
                table: "patient_identifiers",
                columns: new[] { "system", "value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_adverse_reactions_patient_id",
                table: "pharmacy_adverse_reactions",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_adverse_reactions_vmp_id",
                table: "pharmacy_adverse_reactions",
                column: "vmp_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_purchase_order_lines_pack_id",
                table: "pharmacy_purchase_order_lines",
                column: "pack_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_purchase_order_lines_purchase_order_id_pack_id",
                table: "pharmacy_purchase_order_lines",
                columns: new[] { "purchase_order_id", "pack_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_purchase_orders_location_id",
                table: "pharmacy_purchase_orders",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_purchase_orders_status",
                table: "pharmacy_purchase_orders",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_reorder_levels_location_id",
                table: "pharmacy_reorder_levels",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_reorder_levels_pack_id_location_id",
                table: "pharmacy_reorder_levels",
                columns: new[] { "pack_id", "location_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_stock_take_lines_batch_id",
                table: "pharmacy_stock_take_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_stock_take_lines_stock_take_id_batch_id",
                table: "pharmacy_stock_take_lines",
                columns: new[] { "stock_take_id", "batch_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_stock_takes_location_id_at",
                table: "pharmacy_stock_takes",
                columns: new[] { "location_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_sched_referrals_patient",
                table: "sched_referrals",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_sched_referrals_running_received",
                table: "sched_referrals",
                columns: new[] { "clock_stopped_on", "received_on" });

            migrationBuilder.CreateIndex(
                name: "ix_sched_reminders_status_due",
                table: "sched_reminders",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ux_sched_reminders_appointment_channel_days",
                table: "sched_reminders",
                columns: new[] { "appointment_id", "channel", "days_before" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_sched_reminders_reference",
                table: "sched_reminders",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_builds_rota_id",
                table: "wf_rota_builds",
                column: "rota_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_builds_status_requested_at",
                table: "wf_rota_builds",
                columns: new[] { "status", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_builds_team_id",
                table: "wf_rota_builds",
                column: "team_id");

            migrationBuilder.AddForeignKey(
                name: "FK_lab_specimens_lab_specimens_parent_specimen_id",
                table: "lab_specimens",
                column: "parent_specimen_id",
                principalTable: "lab_specimens",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_lab_specimens_lab_specimens_parent_specimen_id",
                table: "lab_specimens");

            migrationBuilder.DropTable(
                name: "fhir_resource_identifiers");

            migrationBuilder.DropTable(
                name: "fhir_resource_versions");

            migrationBuilder.DropTable(
                name: "lab_critical_calls");

            migrationBuilder.DropTable(
                name: "lab_maintenance_log");

            migrationBuilder.DropTable(
                name: "lab_qc_results");

            migrationBuilder.DropTable(
                name: "lab_stock_movements");

            migrationBuilder.DropTable(
                name: "patient_access_requests");

            migrationBuilder.DropTable(
                name: "patient_identifiers");

            migrationBuilder.DropTable(
                name: "pharmacy_adverse_reactions");

            migrationBuilder.DropTable(
                name: "pharmacy_purchase_order_lines");

            migrationBuilder.DropTable(
                name: "pharmacy_reorder_levels");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_take_lines");

            migrationBuilder.DropTable(
                name: "sched_referrals");

            migrationBuilder.DropTable(
                name: "sched_reminder_opt_outs");

            migrationBuilder.DropTable(
                name: "sched_reminders");

            migrationBuilder.DropTable(
                name: "wf_rota_builds");

            migrationBuilder.DropTable(
                name: "fhir_resources");

            migrationBuilder.DropTable(
                name: "lab_qc_targets");

            migrationBuilder.DropTable(
                name: "lab_stock_lots");

            migrationBuilder.DropTable(
                name: "pharmacy_purchase_orders");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_takes");

            migrationBuilder.DropTable(
                name: "lab_stock_items");

            migrationBuilder.DropIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_tpr2010_range",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_packs_legal_category",
                table: "pharmacy_packs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

            migrationBuilder.DropIndex(
                name: "ix_lab_specimens_parent",
                table: "lab_specimens");

            migrationBuilder.DropIndex(
                name: "ux_lab_specimens_storage",
                table: "lab_specimens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lab_specimens_parent",
                table: "lab_specimens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lab_specimens_storage",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "referral_id",
                table: "sched_appointments");

            migrationBuilder.DropColumn(
                name: "protocol",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "tpr2010",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "legal_category",
                table: "pharmacy_packs");

            migrationBuilder.DropColumn(
                name: "parent_specimen_id",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "rejection_seen_at",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "retrieved_at",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "retrieved_by",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "storage_position",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "storage_rack",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "stored_at",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "stored_by",
                table: "lab_specimens");

            migrationBuilder.AlterColumn<double>(
                name: "pddx",
                table: "physics_calibrations",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations",
                sql: "pddx >= 63 AND pddx <= 86");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine')");
        }
    }
}
