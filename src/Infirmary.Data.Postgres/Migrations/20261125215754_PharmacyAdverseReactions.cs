using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    vmp_id = table.Column<Guid>(type: "uuid", nullable: false),
                    substance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reaction = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    onset_date = table.Column<DateOnly>(type: "date", nullable: false),
                    serious = table.Column<bool>(type: "boolean", nullable: false),
                    serious_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reporter_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reporter_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
