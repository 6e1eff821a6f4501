using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditChainsHospitalNumbersAndModuleAdditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

            migrationBuilder.DropIndex(
                name: "IX_audit_events_Sequence",
                table: "audit_events");

            migrationBuilder.AddColumn<DateTime>(
                name: "delivered_at",
                table: "sched_reminders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delivery_status",
                table: "sched_reminders",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "receipt_checked_at",
                table: "sched_reminders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "beam_data_number",
                table: "physics_mu_checks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "beam_data_set_id",
                table: "physics_mu_checks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tray",
                table: "physics_mu_checks",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "wedge",
                table: "physics_mu_checks",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "dref_cm",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "i50_cm",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "k_prime_r50",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "kecal",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "modality",
                table: "physics_calibrations",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "photon");

            migrationBuilder.AddColumn<double>(
                name: "pgr",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "r50_cm",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "reading_shifted",
                table: "physics_calibrations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "price_pence",
                table: "pharmacy_packs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "hospital_number",
                table: "patients",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Chain",
                table: "audit_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "lab_cleaning_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    agent_lot = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    cycle = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    indicator_passed = table.Column<bool>(type: "INTEGER", nullable: true),
                    performed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    performed_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_cleaning_log", x => x.id);
                    table.CheckConstraint("ck_lab_cleaning_log_indicator", "(kind = 'sterilisation') = (indicator_passed IS NOT NULL)");
                    table.CheckConstraint("ck_lab_cleaning_log_item", "item <> '' AND method <> ''");
                    table.CheckConstraint("ck_lab_cleaning_log_kind", "kind IN ('cleaning', 'disinfection', 'sterilisation')");
                });

            migrationBuilder.CreateTable(
                name: "lab_solution_preparations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    solution = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    lot_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    quantity = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    prepared_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    prepared_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    prepared_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_solution_preparations", x => x.id);
                    table.CheckConstraint("ck_lab_solution_preparations_quantity", "quantity <> ''");
                    table.CheckConstraint("ck_lab_solution_preparations_solution", "solution <> ''");
                });

            migrationBuilder.CreateTable(
                name: "lab_waste_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", precision: 12, scale: 3, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    consignment_note = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    carrier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    collected_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_waste_log", x => x.id);
                    table.CheckConstraint("ck_lab_waste_log_category", "category IN ('infectious-orange', 'infectious-yellow', 'sharps', 'cytotoxic', 'anatomical', 'chemical', 'offensive', 'domestic')");
                    table.CheckConstraint("ck_lab_waste_log_consignment", "category IN ('offensive', 'domestic') OR (consignment_note IS NOT NULL AND consignment_note <> '')");
                    table.CheckConstraint("ck_lab_waste_log_quantity", "CAST(quantity AS REAL) > 0");
                    table.CheckConstraint("ck_lab_waste_log_unit", "unit IN ('kg', 'L', 'containers')");
                });

            migrationBuilder.CreateTable(
                name: "patient_number_counters",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    next_value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_number_counters", x => x.name);
                    table.CheckConstraint("ck_patient_number_counters_next_positive", "next_value >= 1");
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_compoundings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    product_pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    batch_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    expiry = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    storage = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    prepared_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    prepared_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    prepared_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    rejection_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_compoundings", x => x.id);
                    table.CheckConstraint("ck_pharmacy_compoundings_checker_not_preparer", "checked_by_id IS NULL OR checked_by_id <> prepared_by_id");
                    table.CheckConstraint("ck_pharmacy_compoundings_quantity", "quantity > 0");
                    table.CheckConstraint("ck_pharmacy_compoundings_rejected", "status <> 'rejected' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL AND rejection_reason IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_compoundings_released", "status <> 'released' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL AND batch_id IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_compoundings_status", "status IN ('prepared', 'released', 'rejected')");
                    table.ForeignKey(
                        name: "FK_pharmacy_compoundings_pharmacy_packs_product_pack_id",
                        column: x => x.product_pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_compoundings_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_compoundings_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_imprest_levels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level_packs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_imprest_levels", x => x.id);
                    table.CheckConstraint("ck_pharmacy_imprest_levels_packs", "level_packs >= 1");
                    table.ForeignKey(
                        name: "FK_pharmacy_imprest_levels_pharmacy_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_imprest_levels_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_sales",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sold_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    sold_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    sold_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    protocol_required = table.Column<bool>(type: "INTEGER", nullable: false),
                    for_whom = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    symptoms = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    duration = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    action_taken = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    other_medicines = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    exceptional = table.Column<bool>(type: "INTEGER", nullable: false),
                    exceptional_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    supervised_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    supervised_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    total_pence = table.Column<int>(type: "INTEGER", nullable: false),
                    billing_status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_sales", x => x.id);
                    table.CheckConstraint("ck_pharmacy_sales_billing", "billing_status IN ('unbilled', 'billed')");
                    table.CheckConstraint("ck_pharmacy_sales_exceptional", "NOT exceptional OR (length(exceptional_reason) >= 10 AND supervised_by_id IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_sales_protocol", "NOT protocol_required OR (for_whom IS NOT NULL AND symptoms IS NOT NULL AND duration IS NOT NULL AND other_medicines IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_sales_total", "total_pence >= 0");
                });

            migrationBuilder.CreateTable(
                name: "physics_gamma_analyses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    plan = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    reference_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    evaluated_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reference_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    evaluated_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    shape = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    dose_percent = table.Column<double>(type: "REAL", nullable: false),
                    distance_mm = table.Column<double>(type: "REAL", nullable: false),
                    local = table.Column<bool>(type: "INTEGER", nullable: false),
                    cutoff_percent = table.Column<double>(type: "REAL", nullable: false),
                    tolerance_pass_rate_percent = table.Column<double>(type: "REAL", nullable: false),
                    pass_rate_percent = table.Column<double>(type: "REAL", nullable: false),
                    evaluated_points = table.Column<int>(type: "INTEGER", nullable: false),
                    passed_points = table.Column<int>(type: "INTEGER", nullable: false),
                    max_reference_dose = table.Column<double>(type: "REAL", nullable: false),
                    pass = table.Column<bool>(type: "INTEGER", nullable: false),
                    map_slice = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    map_svg = table.Column<string>(type: "TEXT", maxLength: 4194304, nullable: false),
                    engine_version = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_physics_machines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sched_enquiries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    appointment_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    from_whom = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    from_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_enquiries", x => x.id);
                    table.CheckConstraint("ck_sched_enquiries_channel", "channel IN ('phone', 'email')");
                    table.CheckConstraint("ck_sched_enquiries_from", "from_whom IN ('patient', 'relative', 'carer', 'gp', 'other')");
                    table.CheckConstraint("ck_sched_enquiries_from_named", "from_whom = 'patient' OR from_name IS NOT NULL");
                    table.CheckConstraint("ck_sched_enquiries_summary", "summary <> ''");
                    table.ForeignKey(
                        name: "FK_sched_enquiries_sched_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalTable: "sched_appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sched_reminder_preferences",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    preferred = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_reminder_preferences", x => x.patient_id);
                    table.CheckConstraint("ck_sched_reminder_preferences_channel", "preferred IS NULL OR preferred IN ('sms', 'email', 'letter')");
                    table.CheckConstraint("ck_sched_reminder_preferences_email", "(preferred IS NULL OR preferred <> 'email' OR email IS NOT NULL) AND (email IS NULL OR email LIKE '%_@_%')");
                });

            migrationBuilder.CreateTable(
                name: "lab_solution_ingredients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    preparation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    lot_number = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    amount = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_solution_ingredients", x => x.id);
                    table.CheckConstraint("ck_lab_solution_ingredients_lot", "lot_number <> ''");
                    table.CheckConstraint("ck_lab_solution_ingredients_name", "name <> ''");
                    table.ForeignKey(
                        name: "FK_lab_solution_ingredients_lab_solution_preparations_preparation_id",
                        column: x => x.preparation_id,
                        principalTable: "lab_solution_preparations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_compounding_ingredients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    compounding_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    units = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_compounding_ingredients", x => x.id);
                    table.CheckConstraint("ck_pharmacy_compounding_ingredients_units", "units > 0 AND position >= 1");
                    table.ForeignKey(
                        name: "FK_pharmacy_compounding_ingredients_pharmacy_compoundings_compounding_id",
                        column: x => x.compounding_id,
                        principalTable: "pharmacy_compoundings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_compounding_ingredients_pharmacy_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_compounding_ingredients_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_sale_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sale_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    legal_category = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    packs = table.Column<int>(type: "INTEGER", nullable: false),
                    units = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_price_pence = table.Column<int>(type: "INTEGER", nullable: false),
                    line_pence = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_sale_lines", x => x.id);
                    table.CheckConstraint("ck_pharmacy_sale_lines_category", "legal_category IN ('GSL', 'P')");
                    table.CheckConstraint("ck_pharmacy_sale_lines_packs", "packs >= 1 AND units >= packs");
                    table.CheckConstraint("ck_pharmacy_sale_lines_price", "unit_price_pence >= 0 AND line_pence = packs * unit_price_pence");
                    table.ForeignKey(
                        name: "FK_pharmacy_sale_lines_pharmacy_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_sale_lines_pharmacy_sales_sale_id",
                        column: x => x.sale_id,
                        principalTable: "pharmacy_sales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_sale_lines_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "physics_beams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    energy = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    modality = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    machine_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    frequency = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    all_passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    performed_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    beam_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    csv = table.Column<string>(type: "TEXT", maxLength: 1048576, nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    performed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    check_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    beam_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    beam_energy = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    measured = table.Column<double>(type: "REAL", nullable: true),
                    baseline = table.Column<double>(type: "REAL", nullable: true),
                    value = table.Column<double>(type: "REAL", nullable: true),
                    tolerance = table.Column<double>(type: "REAL", nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    performed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale', 'compounding', 'compounded')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_packs_price",
                table: "pharmacy_packs",
                sql: "price_pence IS NULL OR price_pence >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale', 'compounding', 'compounded')");

            migrationBuilder.CreateIndex(
                name: "ux_patients_hospital_number",
                table: "patients",
                column: "hospital_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_Chain_Sequence",
                table: "audit_events",
                columns: new[] { "Chain", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_cleaning_log_performed",
                table: "lab_cleaning_log",
                column: "performed_at");

            migrationBuilder.CreateIndex(
                name: "ix_lab_solution_ingredients_lot",
                table: "lab_solution_ingredients",
                column: "lot_number");

            migrationBuilder.CreateIndex(
                name: "ix_lab_solution_ingredients_preparation",
                table: "lab_solution_ingredients",
                column: "preparation_id");

            migrationBuilder.CreateIndex(
                name: "ix_lab_solution_preparations_prepared",
                table: "lab_solution_preparations",
                column: "prepared_at");

            migrationBuilder.CreateIndex(
                name: "ux_lab_solution_preparations_lot",
                table: "lab_solution_preparations",
                column: "lot_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_waste_log_collected",
                table: "lab_waste_log",
                column: "collected_at");

            migrationBuilder.CreateIndex(
                name: "ix_lab_waste_log_consignment",
                table: "lab_waste_log",
                column: "consignment_note");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compounding_ingredients_batch_id",
                table: "pharmacy_compounding_ingredients",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compounding_ingredients_compounding_id_position",
                table: "pharmacy_compounding_ingredients",
                columns: new[] { "compounding_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compounding_ingredients_pack_id",
                table: "pharmacy_compounding_ingredients",
                column: "pack_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compoundings_batch_id",
                table: "pharmacy_compoundings",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compoundings_location_id",
                table: "pharmacy_compoundings",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compoundings_product_pack_id",
                table: "pharmacy_compoundings",
                column: "product_pack_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_compoundings_status_prepared_at",
                table: "pharmacy_compoundings",
                columns: new[] { "status", "prepared_at" });

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_imprest_levels_location_id_pack_id",
                table: "pharmacy_imprest_levels",
                columns: new[] { "location_id", "pack_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_imprest_levels_pack_id",
                table: "pharmacy_imprest_levels",
                column: "pack_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_sale_lines_batch_id",
                table: "pharmacy_sale_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_sale_lines_pack_id",
                table: "pharmacy_sale_lines",
                column: "pack_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_sale_lines_sale_id",
                table: "pharmacy_sale_lines",
                column: "sale_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_sales_billing_status_sold_at",
                table: "pharmacy_sales",
                columns: new[] { "billing_status", "sold_at" });

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_sales_patient_id",
                table: "pharmacy_sales",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_sales_sold_at",
                table: "pharmacy_sales",
                column: "sold_at");

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

            migrationBuilder.CreateIndex(
                name: "IX_sched_enquiries_appointment_id",
                table: "sched_enquiries",
                column: "appointment_id");

            migrationBuilder.CreateIndex(
                name: "ix_sched_enquiries_patient_received",
                table: "sched_enquiries",
                columns: new[] { "patient_id", "received_at" });

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
                name: "lab_cleaning_log");

            migrationBuilder.DropTable(
                name: "lab_solution_ingredients");

            migrationBuilder.DropTable(
                name: "lab_waste_log");

            migrationBuilder.DropTable(
                name: "patient_number_counters");

            migrationBuilder.DropTable(
                name: "pharmacy_compounding_ingredients");

            migrationBuilder.DropTable(
                name: "pharmacy_imprest_levels");

            migrationBuilder.DropTable(
                name: "pharmacy_sale_lines");

            migrationBuilder.DropTable(
                name: "physics_beam_data");

            migrationBuilder.DropTable(
                name: "physics_gamma_analyses");

            migrationBuilder.DropTable(
                name: "physics_qa_results");

            migrationBuilder.DropTable(
                name: "sched_enquiries");

            migrationBuilder.DropTable(
                name: "sched_reminder_preferences");

            migrationBuilder.DropTable(
                name: "lab_solution_preparations");

            migrationBuilder.DropTable(
                name: "pharmacy_compoundings");

            migrationBuilder.DropTable(
                name: "pharmacy_sales");

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

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_packs_price",
                table: "pharmacy_packs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

            migrationBuilder.DropIndex(
                name: "ux_patients_hospital_number",
                table: "patients");

            migrationBuilder.DropIndex(
                name: "IX_audit_events_Chain_Sequence",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "sched_reminders");

            migrationBuilder.DropColumn(
                name: "delivery_status",
                table: "sched_reminders");

            migrationBuilder.DropColumn(
                name: "receipt_checked_at",
                table: "sched_reminders");

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

            migrationBuilder.DropColumn(
                name: "price_pence",
                table: "pharmacy_packs");

            migrationBuilder.DropColumn(
                name: "hospital_number",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "Chain",
                table: "audit_events");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations",
                sql: "(protocol = 'TG-51' AND pddx IS NOT NULL AND tpr2010 IS NULL) OR (protocol = 'TRS-398' AND tpr2010 IS NOT NULL AND pddx IS NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_Sequence",
                table: "audit_events",
                column: "Sequence",
                unique: true);
        }
    }
}
