using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LaboratoryInterfaceInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lab_inbound_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    remote_address = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    sending_application = table.Column<string>(type: "character varying(227)", maxLength: 227, nullable: false),
                    sending_facility = table.Column<string>(type: "character varying(227)", maxLength: 227, nullable: false),
                    message_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    control_id = table.Column<string>(type: "character varying(199)", maxLength: 199, nullable: false),
                    raw_text = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_inbound_messages", x => x.id);
                    table.CheckConstraint("ck_lab_inbound_messages_channel", "channel IN ('mllp', 'http')");
                    table.CheckConstraint("ck_lab_inbound_messages_control_id", "control_id <> ''");
                    table.CheckConstraint("ck_lab_inbound_messages_status", "status IN ('stored', 'processed', 'error')");
                });

            migrationBuilder.CreateTable(
                name: "lab_interface_errors",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    remote_address = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    excerpt = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_interface_errors", x => x.id);
                    table.CheckConstraint("ck_lab_interface_errors_channel", "channel IN ('mllp', 'http')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_lab_inbound_messages_received_at",
                table: "lab_inbound_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ux_lab_inbound_messages_sender_control_id",
                table: "lab_inbound_messages",
                columns: new[] { "sending_application", "sending_facility", "control_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_interface_errors_occurred_at",
                table: "lab_interface_errors",
                column: "occurred_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lab_inbound_messages");

            migrationBuilder.DropTable(
                name: "lab_interface_errors");
        }
    }
}
