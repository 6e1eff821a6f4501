using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingRemindersReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "delivered_at",
                table: "sched_reminders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delivery_status",
                table: "sched_reminders",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "receipt_checked_at",
                table: "sched_reminders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sched_reminder_preferences",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    preferred = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_reminder_preferences", x => x.patient_id);
                    table.CheckConstraint("ck_sched_reminder_preferences_channel", "preferred IS NULL OR preferred IN ('sms', 'email', 'letter')");
                    table.CheckConstraint("ck_sched_reminder_preferences_email", "(preferred IS NULL OR preferred <> 'email' OR email IS NOT NULL) AND (email IS NULL OR email LIKE '%_@_%')");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sched_reminder_preferences");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "sched_reminders");

            migrationBuilder.DropColumn(
                name: "delivery_status",
                table: "sched_reminders");

            migrationBuilder.DropColumn(
                name: "receipt_checked_at",
                table: "sched_reminders");
        }
    }
}
