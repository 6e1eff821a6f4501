using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PartialRebookedFromIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sched_appointments_rebooked_from_id",
                table: "sched_appointments");

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_rebooked_from",
                table: "sched_appointments",
                column: "rebooked_from_id",
                filter: "rebooked_from_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sched_appointments_rebooked_from",
                table: "sched_appointments");

            migrationBuilder.CreateIndex(
                name: "IX_sched_appointments_rebooked_from_id",
                table: "sched_appointments",
                column: "rebooked_from_id");
        }
    }
}
