using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LaboratoryOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lab_maintenance_log");

            migrationBuilder.DropTable(
                name: "lab_qc_results");

            migrationBuilder.DropTable(
                name: "lab_stock_movements");

            migrationBuilder.DropTable(
                name: "lab_qc_targets");

            migrationBuilder.DropTable(
                name: "lab_stock_lots");

            migrationBuilder.DropTable(
                name: "lab_stock_items");
        }
    }
}
