using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SearchByBirthDateAndName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_patients_birth_date",
                table: "patients");

            migrationBuilder.CreateIndex(
                name: "ix_patients_birth_family",
                table: "patients",
                columns: new[] { "birth_date", "family_name_search" })
                .Annotation("Relational:Collation", new[] { null, "C" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_patients_birth_family",
                table: "patients");

            migrationBuilder.CreateIndex(
                name: "ix_patients_birth_date",
                table: "patients",
                column: "birth_date");
        }
    }
}
