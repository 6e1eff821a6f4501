using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingWaitingListAndReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "referral_id",
                table: "sched_appointments",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sched_referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    specialty = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    referrer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    clock_stopped_on = table.Column<DateOnly>(type: "date", nullable: true),
                    stop_reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    stop_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    stopped_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    stopped_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    added_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    added_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    added_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_referrals", x => x.id);
                    table.CheckConstraint("ck_sched_referrals_priority", "priority IN ('routine', 'urgent', 'two-week-wait')");
                    table.CheckConstraint("ck_sched_referrals_stop_after_receipt", "clock_stopped_on IS NULL OR clock_stopped_on >= received_on");
                    table.CheckConstraint("ck_sched_referrals_stop_complete", "(clock_stopped_on IS NULL AND stop_reason IS NULL AND stopped_by_id IS NULL) OR (clock_stopped_on IS NOT NULL AND stop_reason IS NOT NULL AND stopped_by_id IS NOT NULL AND stopped_by_name IS NOT NULL)");
                    table.CheckConstraint("ck_sched_referrals_stop_reason", "stop_reason IS NULL OR stop_reason IN ('treated', 'not-treating', 'active-monitoring', 'patient-declined', 'did-not-attend', 'no-longer-needed', 'deceased', 'transferred')");
                    table.CheckConstraint("ck_sched_referrals_text", "specialty <> '' AND referrer <> ''");
                    table.CheckConstraint("ck_sched_referrals_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "sched_reminder_opt_outs",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_reminder_opt_outs", x => new { x.patient_id, x.channel });
                    table.CheckConstraint("ck_sched_reminder_opt_outs_channel", "channel IN ('sms', 'email', 'letter')");
                });

            migrationBuilder.CreateTable(
                name: "sched_reminders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    days_before = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reference = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    notify_id = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_reminders", x => x.id);
                    table.CheckConstraint("ck_sched_reminders_attempts", "attempts >= 0");
                    table.CheckConstraint("ck_sched_reminders_channel", "channel IN ('sms', 'email', 'letter')");
                    table.CheckConstraint("ck_sched_reminders_claim", "status <> 'sending' OR (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)");
                    table.CheckConstraint("ck_sched_reminders_sent_with_id", "status <> 'sent' OR (notify_id IS NOT NULL AND sent_at IS NOT NULL)");
                    table.CheckConstraint("ck_sched_reminders_status", "status IN ('pending', 'sending', 'sent', 'failed', 'withdrawn', 'suppressed')");
                    table.ForeignKey(
                        name: "FK_sched_reminders_sched_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalTable: "sched_appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_sched_referrals_patient",
                table: "sched_referrals",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_sched_referrals_running_received",
                table: "sched_referrals",
                columns: new[] { "clock_stopped_on", "received_on" });

            migrationBuilder.CreateIndex(
                name: "ix_sched_reminders_status_due",
                table: "sched_reminders",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ux_sched_reminders_appointment_channel_days",
                table: "sched_reminders",
                columns: new[] { "appointment_id", "channel", "days_before" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_sched_reminders_reference",
                table: "sched_reminders",
                column: "reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sched_referrals");

            migrationBuilder.DropTable(
                name: "sched_reminder_opt_outs");

            migrationBuilder.DropTable(
                name: "sched_reminders");

            migrationBuilder.DropIndex(
                name: "ix_sched_appointments_referral",
                table: "sched_appointments");

            migrationBuilder.DropColumn(
                name: "referral_id",
                table: "sched_appointments");
        }
    }
}
