using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingEnquiries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sched_enquiries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    from_whom = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    action = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_enquiries", x => x.id);
                    table.CheckConstraint("ck_sched_enquiries_channel", "channel IN ('phone', 'email')");
                    table.CheckConstraint("ck_sched_enquiries_from", "from_whom IN ('patient', 'relative', 'carer', 'gp', 'other')");
                    table.CheckConstraint("ck_sched_enquiries_from_named", "from_whom = 'patient' OR from_name IS NOT NULL");
                    table.CheckConstraint("ck_sched_enquiries_summary", "summary <> ''");
                    table.ForeignKey(
                        name: "FK_sched_enquiries_sched_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalTable: "sched_appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sched_enquiries_appointment_id",
                table: "sched_enquiries",
                column: "appointment_id");

            migrationBuilder.CreateIndex(
                name: "ix_sched_enquiries_patient_received",
                table: "sched_enquiries",
                columns: new[] { "patient_id", "received_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sched_enquiries");
        }
    }
}
