using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyControlledDrugs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "cd_schedule",
                table: "pharmacy_vmps",
                type: "INTEGER",
                nullable: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_cd_register");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_vmps_cd_schedule",
                table: "pharmacy_vmps");

            migrationBuilder.DropColumn(
                name: "cd_schedule",
                table: "pharmacy_vmps");
        }
    }
}
