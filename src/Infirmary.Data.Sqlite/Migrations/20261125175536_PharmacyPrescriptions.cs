using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyPrescriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_prescription_alerts");

            migrationBuilder.DropTable(
                name: "pharmacy_prescription_events");

            migrationBuilder.DropTable(
                name: "pharmacy_prescription_items");

            migrationBuilder.DropTable(
                name: "pharmacy_prescriptions");
        }
    }
}
