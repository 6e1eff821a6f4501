using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingTransport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sched_transport_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    appointment_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    appointment_starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    medical_need = table.Column<bool>(type: "INTEGER", nullable: false),
                    mobility_need = table.Column<bool>(type: "INTEGER", nullable: false),
                    mobility = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    escort = table.Column<bool>(type: "INTEGER", nullable: false),
                    escort_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    pickup_address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    return_journey = table.Column<bool>(type: "INTEGER", nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancel_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_transport_requests", x => x.id);
                    table.CheckConstraint("ck_sched_transport_cancelled_with_reason", "status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)");
                    table.CheckConstraint("ck_sched_transport_eligible", "NOT (medical_need = 0 AND mobility_need = 0)");
                    table.CheckConstraint("ck_sched_transport_mobility", "mobility IN ('walking', 'walker', 'wheelchair', 'stretcher')");
                    table.CheckConstraint("ck_sched_transport_pickup", "pickup_address <> ''");
                    table.CheckConstraint("ck_sched_transport_status", "status IN ('requested', 'cancelled')");
                    table.ForeignKey(
                        name: "FK_sched_transport_requests_sched_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalTable: "sched_appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sched_transport_starts",
                table: "sched_transport_requests",
                column: "appointment_starts_at");

            migrationBuilder.CreateIndex(
                name: "ux_sched_transport_appointment_requested",
                table: "sched_transport_requests",
                column: "appointment_id",
                unique: true,
                filter: "status = 'requested'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sched_transport_requests");
        }
    }
}
