using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class HospitalNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "hospital_number",
                table: "patients",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "patient_number_counters",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    next_value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_number_counters", x => x.name);
                    table.CheckConstraint("ck_patient_number_counters_next_positive", "next_value >= 1");
                });

            migrationBuilder.CreateIndex(
                name: "ux_patients_hospital_number",
                table: "patients",
                column: "hospital_number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_number_counters");

            migrationBuilder.DropIndex(
                name: "ux_patients_hospital_number",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "hospital_number",
                table: "patients");
        }
    }
}
