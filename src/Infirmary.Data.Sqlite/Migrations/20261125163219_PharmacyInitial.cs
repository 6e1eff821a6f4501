using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pharmacy_vtms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_vtms", x => x.id);
                    table.CheckConstraint("ck_pharmacy_vtms_code", "length(code) BETWEEN 6 AND 18 AND code NOT GLOB '*[^0-9]*'");
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_vmps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    vtm_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    strength = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    form = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    route = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    unit_dose = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    bnf_class = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_vmps", x => x.id);
                    table.CheckConstraint("ck_pharmacy_vmps_code", "length(code) BETWEEN 6 AND 18 AND code NOT GLOB '*[^0-9]*'");
                    table.ForeignKey(
                        name: "FK_pharmacy_vmps_pharmacy_vtms_vtm_id",
                        column: x => x.vtm_id,
                        principalTable: "pharmacy_vtms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_amps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    brand = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    supplier = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_amps", x => x.id);
                    table.CheckConstraint("ck_pharmacy_amps_code", "length(code) BETWEEN 6 AND 18 AND code NOT GLOB '*[^0-9]*'");
                    table.ForeignKey(
                        name: "FK_pharmacy_amps_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pharmacy_vmp_ingredients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    substance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    strength_mg = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_vmp_ingredients", x => x.id);
                    table.CheckConstraint("ck_pharmacy_vmp_ingredients_position", "position >= 1");
                    table.CheckConstraint("ck_pharmacy_vmp_ingredients_strength", "strength_mg > 0");
                    table.ForeignKey(
                        name: "FK_pharmacy_vmp_ingredients_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_amps_vmp",
                table: "pharmacy_amps",
                column: "vmp_id");

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_amps_code",
                table: "pharmacy_amps",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_vmp_ingredients_position",
                table: "pharmacy_vmp_ingredients",
                columns: new[] { "vmp_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_vmp_ingredients_substance",
                table: "pharmacy_vmp_ingredients",
                columns: new[] { "vmp_id", "substance" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_vmps_bnf_class",
                table: "pharmacy_vmps",
                column: "bnf_class");

            migrationBuilder.CreateIndex(
                name: "ix_pharmacy_vmps_name",
                table: "pharmacy_vmps",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_vmps_vtm_id",
                table: "pharmacy_vmps",
                column: "vtm_id");

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_vmps_code",
                table: "pharmacy_vmps",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_vtms_code",
                table: "pharmacy_vtms",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_pharmacy_vtms_name",
                table: "pharmacy_vtms",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_amps");

            migrationBuilder.DropTable(
                name: "pharmacy_vmp_ingredients");

            migrationBuilder.DropTable(
                name: "pharmacy_vmps");

            migrationBuilder.DropTable(
                name: "pharmacy_vtms");
        }
    }
}
