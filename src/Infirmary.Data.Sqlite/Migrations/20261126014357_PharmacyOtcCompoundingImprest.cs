using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyOtcCompoundingImprest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

            migrationBuilder.AddColumn<int>(
                name: "price_pence",
                table: "pharmacy_packs",
                type: "INTEGER",
                nullable: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_compounding_ingredients");

            migrationBuilder.DropTable(
                name: "pharmacy_imprest_levels");

            migrationBuilder.DropTable(
                name: "pharmacy_sale_lines");

            migrationBuilder.DropTable(
                name: "pharmacy_compoundings");

            migrationBuilder.DropTable(
                name: "pharmacy_sales");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_packs_price",
                table: "pharmacy_packs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

            migrationBuilder.DropColumn(
                name: "price_pence",
                table: "pharmacy_packs");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");
        }
    }
}
