using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LabOrdersSpecimensResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lab_orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    patient_birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    patient_nhs_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    requested_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requested_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    priority = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    clinical_details = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    requested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_orders", x => x.id);
                    table.CheckConstraint("ck_lab_orders_location", "location <> ''");
                    table.CheckConstraint("ck_lab_orders_priority", "priority IN ('routine', 'urgent')");
                });

            migrationBuilder.CreateTable(
                name: "lab_panels",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    loinc_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    turnaround_hours = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_panels", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "lab_tests",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    loinc_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    units = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    specimen_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    container = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    volume_ml = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    turnaround_hours = table.Column<int>(type: "integer", nullable: false),
                    critical_low = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true),
                    critical_high = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_tests", x => x.code);
                    table.CheckConstraint("ck_lab_tests_critical", "critical_low IS NULL OR critical_high IS NULL OR critical_low < critical_high");
                    table.CheckConstraint("ck_lab_tests_kind", "kind IN ('numeric', 'text')");
                    table.CheckConstraint("ck_lab_tests_turnaround", "turnaround_hours > 0");
                    table.CheckConstraint("ck_lab_tests_units", "kind = 'text' OR units IS NOT NULL");
                    table.CheckConstraint("ck_lab_tests_volume", "volume_ml > 0");
                });

            migrationBuilder.CreateTable(
                name: "lab_unmatched_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    placer_number = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    filler_number = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    patient_text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    service = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    observation_count = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_unmatched_results", x => x.id);
                    table.ForeignKey(
                        name: "FK_lab_unmatched_results_lab_inbound_messages_inbound_message_~",
                        column: x => x.inbound_message_id,
                        principalTable: "lab_inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_specimens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    accession = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    specimen_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    container = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    volume_ml = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    collected_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    collected_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    received_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    rejected_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    rejected_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    rejection_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_specimens", x => x.id);
                    table.CheckConstraint("ck_lab_specimens_collected", "status NOT IN ('collected', 'received') OR (collected_at IS NOT NULL AND collected_by IS NOT NULL)");
                    table.CheckConstraint("ck_lab_specimens_reason", "rejection_reason IS NULL OR rejection_reason IN ('unlabelled', 'mislabelled', 'haemolysed', 'insufficient', 'wrong-container')");
                    table.CheckConstraint("ck_lab_specimens_received", "status <> 'received' OR (received_at IS NOT NULL AND received_by IS NOT NULL)");
                    table.CheckConstraint("ck_lab_specimens_rejected", "status <> 'rejected' OR (rejection_reason IS NOT NULL AND rejected_at IS NOT NULL AND rejected_by IS NOT NULL)");
                    table.CheckConstraint("ck_lab_specimens_status", "status IN ('awaiting-collection', 'collected', 'received', 'rejected')");
                    table.ForeignKey(
                        name: "FK_lab_specimens_lab_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "lab_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_panel_members",
                columns: table => new
                {
                    panel_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    test_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_panel_members", x => new { x.panel_code, x.test_code });
                    table.ForeignKey(
                        name: "FK_lab_panel_members_lab_panels_panel_code",
                        column: x => x.panel_code,
                        principalTable: "lab_panels",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_panel_members_lab_tests_test_code",
                        column: x => x.test_code,
                        principalTable: "lab_tests",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_reference_ranges",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    test_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    age_from_days = table.Column<int>(type: "integer", nullable: false),
                    age_to_days = table.Column<int>(type: "integer", nullable: true),
                    low = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true),
                    high = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_reference_ranges", x => x.id);
                    table.CheckConstraint("ck_lab_reference_ranges_age", "age_from_days >= 0 AND (age_to_days IS NULL OR age_to_days > age_from_days)");
                    table.CheckConstraint("ck_lab_reference_ranges_limits", "(low IS NOT NULL OR high IS NOT NULL) AND (low IS NULL OR high IS NULL OR low < high)");
                    table.CheckConstraint("ck_lab_reference_ranges_sex", "sex IN ('Any', 'Male', 'Female')");
                    table.ForeignKey(
                        name: "FK_lab_reference_ranges_lab_tests_test_code",
                        column: x => x.test_code,
                        principalTable: "lab_tests",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_order_tests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    test_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ordered_as = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    specimen_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_order_tests", x => x.id);
                    table.ForeignKey(
                        name: "FK_lab_order_tests_lab_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "lab_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_order_tests_lab_specimens_specimen_id",
                        column: x => x.specimen_id,
                        principalTable: "lab_specimens",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_order_tests_lab_tests_test_code",
                        column: x => x.test_code,
                        principalTable: "lab_tests",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    specimen_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    first_filed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_filed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    validated_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    validated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    validated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    authorised_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    authorised_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    authorised_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    amended = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_reports", x => x.id);
                    table.CheckConstraint("ck_lab_reports_authorised", "status <> 'authorised' OR (authorised_by_id IS NOT NULL AND authorised_at IS NOT NULL)");
                    table.CheckConstraint("ck_lab_reports_status", "status IN ('awaiting-validation', 'validated', 'authorised')");
                    table.CheckConstraint("ck_lab_reports_two_people", "authorised_by_id IS NULL OR authorised_by_id <> validated_by_id");
                    table.CheckConstraint("ck_lab_reports_validated", "status = 'awaiting-validation' OR (validated_by_id IS NOT NULL AND validated_at IS NOT NULL)");
                    table.ForeignKey(
                        name: "FK_lab_reports_lab_specimens_specimen_id",
                        column: x => x.specimen_id,
                        principalTable: "lab_specimens",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lab_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    report_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    test_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    code = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    value = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    numeric_value = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    units = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    reference_range = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    flag = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    analyser_flag = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    previous_value = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    previous_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    observed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    filed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    superseded = table.Column<bool>(type: "boolean", nullable: false),
                    superseded_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    superseded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    superseded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    amendment_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_results", x => x.id);
                    table.CheckConstraint("ck_lab_results_flag", "flag IS NULL OR flag IN ('N', 'L', 'H', 'LL', 'HH')");
                    table.ForeignKey(
                        name: "FK_lab_results_lab_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalTable: "lab_inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_results_lab_reports_report_id",
                        column: x => x.report_id,
                        principalTable: "lab_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_results_lab_tests_test_code",
                        column: x => x.test_code,
                        principalTable: "lab_tests",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "lab_panels",
                columns: new[] { "code", "loinc_code", "name", "turnaround_hours" },
                values: new object[,]
                {
                    { "FBC", "58410-2", "Full blood count", 4 },
                    { "LFT", "24325-3", "Liver function tests", 4 },
                    { "UE", "24362-6", "Urea and electrolytes (U&E)", 4 }
                });

            migrationBuilder.InsertData(
                table: "lab_tests",
                columns: new[] { "code", "container", "critical_high", "critical_low", "kind", "loinc_code", "name", "specimen_type", "turnaround_hours", "units", "volume_ml" },
                values: new object[,]
                {
                    { "ALB", "SST (gold)", null, null, "numeric", "1751-7", "Albumin", "Serum", 4, "g/L", 5m },
                    { "ALP", "SST (gold)", null, null, "numeric", "6768-6", "Alkaline phosphatase", "Serum", 4, "U/L", 5m },
                    { "ALT", "SST (gold)", null, null, "numeric", "1742-6", "Alanine aminotransferase", "Serum", 4, "U/L", 5m },
                    { "BILI", "SST (gold)", null, null, "numeric", "14631-6", "Bilirubin (total)", "Serum", 4, "umol/L", 5m },
                    { "CREAT", "SST (gold)", 354m, null, "numeric", "14682-9", "Creatinine", "Serum", 4, "umol/L", 5m },
                    { "CRP", "SST (gold)", null, null, "numeric", "1988-5", "C-reactive protein", "Serum", 4, "mg/L", 5m },
                    { "HB", "EDTA (purple)", 200m, 70m, "numeric", "718-7", "Haemoglobin", "Blood", 4, "g/L", 4m },
                    { "HBA1C", "EDTA (purple)", null, null, "numeric", "59261-8", "HbA1c (IFCC)", "Blood", 72, "mmol/mol", 2m },
                    { "INR", "Sodium citrate (light blue)", 8.0m, null, "numeric", "6301-6", "Prothrombin time INR", "Plasma", 4, "{INR}", 2.7m },
                    { "K", "SST (gold)", 6.5m, 2.5m, "numeric", "2823-3", "Potassium", "Serum", 4, "mmol/L", 5m },
                    { "NA", "SST (gold)", 160m, 120m, "numeric", "2951-2", "Sodium", "Serum", 4, "mmol/L", 5m },
                    { "PLT", "EDTA (purple)", 1000m, 20m, "numeric", "777-3", "Platelet count", "Blood", 4, "10*9/L", 4m },
                    { "URCUL", "Sterile universal (white)", null, null, "text", "630-4", "Urine culture (MSU)", "Urine (mid-stream)", 72, null, 10m },
                    { "UREA", "SST (gold)", 30m, null, "numeric", "22664-7", "Urea", "Serum", 4, "mmol/L", 5m },
                    { "WBC", "EDTA (purple)", 30m, 1.0m, "numeric", "6690-2", "White cell count", "Blood", 4, "10*9/L", 4m }
                });

            migrationBuilder.InsertData(
                table: "lab_panel_members",
                columns: new[] { "panel_code", "test_code", "position" },
                values: new object[,]
                {
                    { "FBC", "HB", 1 },
                    { "FBC", "PLT", 3 },
                    { "FBC", "WBC", 2 },
                    { "LFT", "ALB", 4 },
                    { "LFT", "ALP", 2 },
                    { "LFT", "ALT", 1 },
                    { "LFT", "BILI", 3 },
                    { "UE", "CREAT", 4 },
                    { "UE", "K", 2 },
                    { "UE", "NA", 1 },
                    { "UE", "UREA", 3 }
                });

            migrationBuilder.InsertData(
                table: "lab_reference_ranges",
                columns: new[] { "id", "age_from_days", "age_to_days", "high", "low", "sex", "test_code" },
                values: new object[,]
                {
                    { 1, 6570, null, 180m, 130m, "Male", "HB" },
                    { 2, 6570, null, 165m, 115m, "Female", "HB" },
                    { 3, 365, 6570, 150m, 110m, "Any", "HB" },
                    { 4, 6570, null, 11.0m, 4.0m, "Any", "WBC" },
                    { 5, 365, 6570, 13.0m, 5.0m, "Any", "WBC" },
                    { 6, 365, null, 400m, 150m, "Any", "PLT" },
                    { 7, 0, null, 146m, 133m, "Any", "NA" },
                    { 8, 6570, null, 5.3m, 3.5m, "Any", "K" },
                    { 9, 365, 6570, 5.5m, 3.5m, "Any", "K" },
                    { 10, 6570, null, 7.8m, 2.5m, "Any", "UREA" },
                    { 11, 6570, null, 104m, 59m, "Male", "CREAT" },
                    { 12, 6570, null, 84m, 45m, "Female", "CREAT" },
                    { 13, 6570, null, 41m, null, "Male", "ALT" },
                    { 14, 6570, null, 33m, null, "Female", "ALT" },
                    { 15, 6570, null, 130m, 30m, "Any", "ALP" },
                    { 16, 6570, null, 21m, null, "Any", "BILI" },
                    { 17, 6570, null, 50m, 35m, "Any", "ALB" },
                    { 18, 0, null, 5m, null, "Any", "CRP" },
                    { 19, 6570, null, 41m, 20m, "Any", "HBA1C" },
                    { 20, 6570, null, 1.2m, 0.8m, "Any", "INR" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_lab_order_tests_specimen_id",
                table: "lab_order_tests",
                column: "specimen_id");

            migrationBuilder.CreateIndex(
                name: "IX_lab_order_tests_test_code",
                table: "lab_order_tests",
                column: "test_code");

            migrationBuilder.CreateIndex(
                name: "ux_lab_order_tests_test",
                table: "lab_order_tests",
                columns: new[] { "order_id", "test_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_orders_patient",
                table: "lab_orders",
                columns: new[] { "patient_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_lab_orders_requester",
                table: "lab_orders",
                columns: new[] { "requested_by_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ux_lab_orders_number",
                table: "lab_orders",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lab_panel_members_test_code",
                table: "lab_panel_members",
                column: "test_code");

            migrationBuilder.CreateIndex(
                name: "ux_lab_reference_ranges_band",
                table: "lab_reference_ranges",
                columns: new[] { "test_code", "sex", "age_from_days" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_reports_patient",
                table: "lab_reports",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_lab_reports_status",
                table: "lab_reports",
                columns: new[] { "status", "last_filed_at" });

            migrationBuilder.CreateIndex(
                name: "ux_lab_reports_specimen",
                table: "lab_reports",
                column: "specimen_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_inbound_message_id",
                table: "lab_results",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_lab_results_patient_test",
                table: "lab_results",
                columns: new[] { "patient_id", "test_code", "filed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_report_id",
                table: "lab_results",
                column: "report_id");

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_test_code",
                table: "lab_results",
                column: "test_code");

            migrationBuilder.CreateIndex(
                name: "IX_lab_specimens_order_id",
                table: "lab_specimens",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_lab_specimens_status",
                table: "lab_specimens",
                columns: new[] { "status", "order_id" });

            migrationBuilder.CreateIndex(
                name: "ux_lab_specimens_accession",
                table: "lab_specimens",
                column: "accession",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_lab_tests_loinc_code",
                table: "lab_tests",
                column: "loinc_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lab_unmatched_results_inbound_message_id",
                table: "lab_unmatched_results",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_lab_unmatched_results_received_at",
                table: "lab_unmatched_results",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lab_order_tests");

            migrationBuilder.DropTable(
                name: "lab_panel_members");

            migrationBuilder.DropTable(
                name: "lab_reference_ranges");

            migrationBuilder.DropTable(
                name: "lab_results");

            migrationBuilder.DropTable(
                name: "lab_unmatched_results");

            migrationBuilder.DropTable(
                name: "lab_panels");

            migrationBuilder.DropTable(
                name: "lab_reports");

            migrationBuilder.DropTable(
                name: "lab_tests");

            migrationBuilder.DropTable(
                name: "lab_specimens");

            migrationBuilder.DropTable(
                name: "lab_orders");
        }
    }
}
