using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyStockTakeReorderOrders : Migration
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

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register",
                sql: "kind IN ('receipt', 'transfer-out', 'transfer-in', 'issue', 'dispense', 'quarantine', 'stock-take', 'sale')");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_purchase_order_lines");

            migrationBuilder.DropTable(
                name: "pharmacy_reorder_levels");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_take_lines");

            migrationBuilder.DropTable(
                name: "pharmacy_purchase_orders");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_takes");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_stock_movements_kind",
                table: "pharmacy_stock_movements");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_cd_register_kind",
                table: "pharmacy_cd_register");

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
