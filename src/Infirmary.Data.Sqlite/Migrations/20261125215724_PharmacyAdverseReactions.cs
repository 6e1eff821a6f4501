using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyAdverseReactions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pharmacy_adverse_reactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    vmp_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    substance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reaction = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    onset_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    serious = table.Column<bool>(type: "INTEGER", nullable: false),
                    serious_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reporter_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reporter_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pharmacy_adverse_reactions", x => x.id);
                    table.CheckConstraint("ck_pharmacy_adverse_reactions_outcome", "outcome IN ('recovered', 'recovering', 'continuing', 'recovered-with-sequelae', 'fatal', 'unknown')");
                    table.CheckConstraint("ck_pharmacy_adverse_reactions_serious", "serious = (serious_reason IS NOT NULL)");
                    table.CheckConstraint("ck_pharmacy_adverse_reactions_type", "type IN ('allergy', 'intolerance')");
                    table.ForeignKey(
                        name: "FK_pharmacy_adverse_reactions_pharmacy_vmps_vmp_id",
                        column: x => x.vmp_id,
                        principalTable: "pharmacy_vmps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_adverse_reactions_patient_id",
                table: "pharmacy_adverse_reactions",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "IX_pharmacy_adverse_reactions_vmp_id",
                table: "pharmacy_adverse_reactions",
                column: "vmp_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pharmacy_adverse_reactions");
        }
    }
}
