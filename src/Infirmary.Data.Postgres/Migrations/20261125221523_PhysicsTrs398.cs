using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PhysicsTrs398 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations");

            migrationBuilder.AlterColumn<double>(
                name: "pddx",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "double precision");

            migrationBuilder.AddColumn<string>(
                name: "protocol",
                table: "physics_calibrations",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "TG-51");

            migrationBuilder.AddColumn<double>(
                name: "tpr2010",
                table: "physics_calibrations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations",
                sql: "pddx IS NULL OR (pddx >= 63 AND pddx <= 86)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations",
                sql: "(protocol = 'TG-51' AND pddx IS NOT NULL AND tpr2010 IS NULL) OR (protocol = 'TRS-398' AND tpr2010 IS NOT NULL AND pddx IS NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_tpr2010_range",
                table: "physics_calibrations",
                sql: "tpr2010 IS NULL OR (tpr2010 >= 0.5 AND tpr2010 <= 0.84)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_protocol",
                table: "physics_calibrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_physics_calibrations_tpr2010_range",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "protocol",
                table: "physics_calibrations");

            migrationBuilder.DropColumn(
                name: "tpr2010",
                table: "physics_calibrations");

            migrationBuilder.AlterColumn<double>(
                name: "pddx",
                table: "physics_calibrations",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "double precision",
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_physics_calibrations_pddx_range",
                table: "physics_calibrations",
                sql: "pddx >= 63 AND pddx <= 86");
        }
    }
}
