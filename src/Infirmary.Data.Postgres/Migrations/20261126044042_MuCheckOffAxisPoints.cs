using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MuCheckOffAxisPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "off_axis_cm",
                table: "physics_mu_checks",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "off_axis_ratio",
                table: "physics_mu_checks",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "off_axis_table",
                table: "physics_mu_checks",
                type: "character varying(200000)",
                maxLength: 200000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "off_axis_cm",
                table: "physics_mu_checks");

            migrationBuilder.DropColumn(
                name: "off_axis_ratio",
                table: "physics_mu_checks");

            migrationBuilder.DropColumn(
                name: "off_axis_table",
                table: "physics_mu_checks");
        }
    }
}
