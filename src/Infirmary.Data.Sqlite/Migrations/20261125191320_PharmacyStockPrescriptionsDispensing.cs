using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyStockPrescriptionsDispensing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bnf_labels",
                table: "pharmacy_vmps",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cd_schedule",
                table: "pharmacy_vmps",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "pharmacy_packs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amp_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    gtin = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    size = table.Column<int>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_packs", x => x.id);
                    table.CheckConstraint("ck_pharmacy_packs_gtin", "length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*'");
                    table.CheckConstraint("ck_pharmacy_packs_size", "size > 0");
                    table.ForeignKey(
                        name: "FK_pharmacy_packs_pharmacy_amps_amp_id",
                        column: x => x.amp_id,
                        principalTable: "pharmacy_amps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_packs_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_prescriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    prescriber_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    prescriber_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    written_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    allergies = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    current_medicines = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    weight_kg = table.Column<double>(type: "REAL", nullable: true),
                    age_years = table.Column<double>(type: "REAL", nullable: true),
                    checked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    query = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_prescriptions", x => x.id);
                    table.CheckConstraint("ck_pharmacy_prescriptions_checked", "status <> 'approved' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_prescriptions_status", "status IN ('awaiting-check', 'queried', 'approved')");
                    table.CheckConstraint("ck_pharmacy_prescriptions_type", "type IN ('inpatient', 'discharge', 'outpatient')");
                    table.CheckConstraint("ck_pharmacy_prescriptions_weight", "weight_kg IS NULL OR (weight_kg > 0 AND weight_kg <= 500)");
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_stock_locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_stock_locations", x => x.id);
                    table.CheckConstraint("ck_pharmacy_stock_locations_kind", "kind IN ('store', 'ward', 'clinic')");
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_prescription_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    prescription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    alert_id = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    rule_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    severity = table.Column<int>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    mechanism = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    advice = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    override_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    overridden_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    overridden_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    overridden_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_prescription_alerts", x => x.id);
                    table.CheckConstraint("ck_pharmacy_prescription_alerts_override", "(override_reason IS NULL AND overridden_by_id IS NULL AND overridden_at IS NULL) OR (length(override_reason) >= 10 AND overridden_by_id IS NOT NULL AND overridden_by_name IS NOT NULL AND overridden_at IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_prescription_alerts_severity", "severity BETWEEN 1 AND 4");
                    table.ForeignKey(
                        name: "FK_pharmacy_prescription_alerts_pharmacy_prescriptions_prescription_id",
                        column: x => x.prescription_id,
                        principalTable: "pharmacy_prescriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_prescription_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    prescription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_prescription_events", x => x.id);
                    table.CheckConstraint("ck_pharmacy_prescription_events_action", "action IN ('written', 'override', 'query', 'amend', 'approve')");
                    table.ForeignKey(
                        name: "FK_pharmacy_prescription_events_pharmacy_prescriptions_prescription_id",
                        column: x => x.prescription_id,
                        principalTable: "pharmacy_prescriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_prescription_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    prescription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    product_code = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    product_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    dose_mg = table.Column<double>(type: "REAL", nullable: false),
                    route = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    frequency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    directions = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    quantity_unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_prescription_items", x => x.id);
                    table.CheckConstraint("ck_pharmacy_prescription_items_dose", "dose_mg > 0");
                    table.CheckConstraint("ck_pharmacy_prescription_items_quantity", "quantity > 0");
                    table.ForeignKey(
                        name: "FK_pharmacy_prescription_items_pharmacy_prescriptions_prescription_id",
                        column: x => x.prescription_id,
                        principalTable: "pharmacy_prescriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_pharmacy_prescription_items_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_stock_batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pack_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    expiry = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    quarantined = table.Column<bool>(type: "INTEGER", nullable: false),
                    quarantine_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_stock_batches", x => x.id);
                    table.CheckConstraint("ck_pharmacy_stock_batches_batch_number", "length(batch_number) BETWEEN 1 AND 20");
                    table.CheckConstraint("ck_pharmacy_stock_batches_quantity", "quantity >= 0");
                    table.ForeignKey(
                        name: "FK_pharmacy_stock_batches_pharmacy_packs_pack_id",
                        column: x => x.pack_id,
                        principalTable: "pharmacy_packs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_stock_batches_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_cd_register",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    drug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    strength = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    form = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    change = table.Column<int>(type: "INTEGER", nullable: false),
                    balance = table.Column<int>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    witness_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    witness_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    reference = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_cd_register", x => x.id);
                    table.CheckConstraint("ck_pharmacy_cd_register_balance", "balance >= 0");
                    table.CheckConstraint("ck_pharmacy_cd_register_kind", "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine')");
                    table.CheckConstraint("ck_pharmacy_cd_register_witness", "witness_id IS NOT NULL AND witness_id <> by_id");
                    table.ForeignKey(
                        name: "FK_pharmacy_cd_register_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_cd_register_pharmacy_stock_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "pharmacy_stock_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_cd_register_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_dispensings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    prescription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    rounding = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    scanned_serial = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    dispensed_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    dispensed_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    dispensed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_dispensings", x => x.id);
                    table.CheckConstraint("ck_pharmacy_dispensings_checked", "status <> 'checked' OR (checked_by_id IS NOT NULL AND checked_at IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_dispensings_checker_not_dispenser", "checked_by_id IS NULL OR checked_by_id <> dispensed_by_id");
                    table.CheckConstraint("ck_pharmacy_dispensings_quantity", "quantity > 0");
                    table.CheckConstraint("ck_pharmacy_dispensings_status", "status IN ('awaiting-check', 'checked')");
                    table.ForeignKey(
                        name: "FK_pharmacy_dispensings_pharmacy_prescription_items_item_id",
                        column: x => x.item_id,
                        principalTable: "pharmacy_prescription_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_dispensings_pharmacy_prescriptions_prescription_id",
                        column: x => x.prescription_id,
                        principalTable: "pharmacy_prescriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_pharmacy_dispensings_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_stock_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    change = table.Column<int>(type: "INTEGER", nullable: false),
                    balance = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    reference = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_stock_movements", x => x.id);
                    table.CheckConstraint("ck_pharmacy_stock_movements_balance", "balance >= 0");
                    table.CheckConstraint("ck_pharmacy_stock_movements_kind", "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine')");
                    table.CheckConstraint("ck_pharmacy_stock_movements_reason", "length(reason) >= 1");
                    table.ForeignKey(
                        name: "FK_pharmacy_stock_movements_pharmacy_stock_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "pharmacy_stock_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_vmps_cd_schedule",
                table: "pharmacy_vmps",
                sql: "cd_schedule IS NULL OR cd_schedule BETWEEN 1 AND 5");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_cd_register_batch_id",
                table: "pharmacy_cd_register",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_cd_register_drug_location",
                table: "pharmacy_cd_register",
                columns: new[] { "vmp_id", "location_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_cd_register_location_id",
                table: "pharmacy_cd_register",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_dispensings_batch_id",
                table: "pharmacy_dispensings",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_dispensings_prescription_id",
                table: "pharmacy_dispensings",
                column: "prescription_id");

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_dispensings_status",
                table: "pharmacy_dispensings",
                columns: new[] { "status", "dispensed_at" });

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_dispensings_item",
                table: "pharmacy_dispensings",
                column: "item_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_packs_amp_id",
                table: "pharmacy_packs",
                column: "amp_id");

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_packs_vmp",
                table: "pharmacy_packs",
                column: "vmp_id");

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_packs_gtin",
                table: "pharmacy_packs",
                column: "gtin",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_prescription_alerts_alert",
                table: "pharmacy_prescription_alerts",
                columns: new[] { "prescription_id", "alert_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_prescription_events_prescription",
                table: "pharmacy_prescription_events",
                columns: new[] { "prescription_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_prescription_items_vmp_id",
                table: "pharmacy_prescription_items",
                column: "vmp_id");

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_prescription_items_position",
                table: "pharmacy_prescription_items",
                columns: new[] { "prescription_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_prescriptions_patient",
                table: "pharmacy_prescriptions",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_prescriptions_status",
                table: "pharmacy_prescriptions",
                columns: new[] { "status", "written_at" });

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_stock_batches_location_expiry",
                table: "pharmacy_stock_batches",
                columns: new[] { "location_id", "expiry" });

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_stock_batches_pack_batch_location",
                table: "pharmacy_stock_batches",
                columns: new[] { "pack_id", "batch_number", "location_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_stock_locations_code",
                table: "pharmacy_stock_locations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_stock_movements_batch",
                table: "pharmacy_stock_movements",
                columns: new[] { "batch_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_stock_movements_reference",
                table: "pharmacy_stock_movements",
                column: "reference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_cd_register");

            migrationBuilder.DropTable(
                name: "pharmacy_dispensings");

            migrationBuilder.DropTable(
                name: "pharmacy_prescription_alerts");

            migrationBuilder.DropTable(
                name: "pharmacy_prescription_events");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_movements");

            migrationBuilder.DropTable(
                name: "pharmacy_prescription_items");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_batches");

            migrationBuilder.DropTable(
                name: "pharmacy_prescriptions");

            migrationBuilder.DropTable(
                name: "pharmacy_packs");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_locations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_vmps_cd_schedule",
                table: "pharmacy_vmps");

            migrationBuilder.DropColumn(
                name: "bnf_labels",
                table: "pharmacy_vmps");

            migrationBuilder.DropColumn(
                name: "cd_schedule",
                table: "pharmacy_vmps");
        }
    }
}
