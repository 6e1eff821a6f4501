using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PharmacyPackLegalCategory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "legal_category",
                table: "pharmacy_packs",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_pharmacy_packs_legal_category",
                table: "pharmacy_packs",
                sql: "legal_category IS NULL OR legal_category IN ('GSL', 'P', 'POM')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_pharmacy_packs_legal_category",
                table: "pharmacy_packs");

            migrationBuilder.DropColumn(
                name: "legal_category",
                table: "pharmacy_packs");
        }
    }
}
