using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyStock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pharmacy_packs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    vmp_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amp_id = table.Column<Guid>(type: "uuid", nullable: true),
                    gtin = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_packs", x => x.id);
                    table.CheckConstraint("ck_pharmacy_packs_gtin", "gtin ~ '^[0-9]{14}$'");
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
                name: "pharmacy_stock_locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_stock_locations", x => x.id);
                    table.CheckConstraint("ck_pharmacy_stock_locations_kind", "kind IN ('store', 'ward', 'clinic')");
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_stock_batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pack_id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    expiry = table.Column<DateOnly>(type: "date", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    quarantined = table.Column<bool>(type: "boolean", nullable: false),
                    quarantine_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "pharmacy_stock_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    change = table.Column<int>(type: "integer", nullable: false),
                    balance = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    reference = table.Column<Guid>(type: "uuid", nullable: true)
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
                name: "pharmacy_stock_movements");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_batches");

            migrationBuilder.DropTable(
                name: "pharmacy_packs");

            migrationBuilder.DropTable(
                name: "pharmacy_stock_locations");
        }
    }
}
