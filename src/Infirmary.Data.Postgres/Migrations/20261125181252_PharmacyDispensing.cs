using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyDispensing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pharmacy_dispensings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    prescription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    rounding = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    scanned_serial = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    dispensed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    dispensed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    dispensed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    checked_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_dispensings");
        }
    }
}
