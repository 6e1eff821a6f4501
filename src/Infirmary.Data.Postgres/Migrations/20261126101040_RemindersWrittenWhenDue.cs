using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RemindersWrittenWhenDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments");

            migrationBuilder.DropIndex(
                name: "ux_sched_appointments_clinician_start_held",
                table: "sched_appointments");

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_booked_start",
                table: "sched_appointments",
                column: "starts_at",
                filter: "status = 'booked'");

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments",
                column: "referral_id",
                filter: "referral_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sched_appointments_booked_start",
                table: "sched_appointments");

            migrationBuilder.DropIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments");

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ux_sched_appointments_clinician_start_held",
                table: "sched_appointments",
                columns: new[] { "clinician_id", "place", "starts_at" },
                unique: true,
                filter: "status <> 'cancelled' AND NOT overbooked");
        }
    }
}
