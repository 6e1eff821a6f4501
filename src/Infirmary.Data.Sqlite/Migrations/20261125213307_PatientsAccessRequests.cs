using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PatientsAccessRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patient_access_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    requester_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    relationship = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    extension_months = table.Column<int>(type: "INTEGER", nullable: false),
                    extension_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    disclosure_note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    disclosed_export = table.Column<string>(type: "TEXT", nullable: true),
                    created_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_access_requests", x => x.id);
                    table.CheckConstraint("ck_patient_access_requests_disclosed", "status <> 'Disclosed' OR (disclosure_note IS NOT NULL AND disclosed_export IS NOT NULL)");
                    table.CheckConstraint("ck_patient_access_requests_due", "due_on > received_on");
                    table.CheckConstraint("ck_patient_access_requests_extension", "(extension_months = 0 AND extension_reason IS NULL) OR (extension_months BETWEEN 1 AND 2 AND extension_reason IS NOT NULL)");
                    table.CheckConstraint("ck_patient_access_requests_status", "status IN ('Received', 'IdentityVerified', 'InProgress', 'Disclosed', 'Refused', 'Withdrawn')");
                    table.CheckConstraint("ck_patient_access_requests_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "fk_patient_access_requests_patient",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_patient_access_requests_patient",
                table: "patient_access_requests",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_patient_access_requests_status_due",
                table: "patient_access_requests",
                columns: new[] { "status", "due_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_access_requests");
        }
    }
}
