using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LaboratoryCriticalCallsStorageAliquots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "parent_specimen_id",
                table: "lab_specimens",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "rejection_seen_at",
                table: "lab_specimens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "retrieved_at",
                table: "lab_specimens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retrieved_by",
                table: "lab_specimens",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "storage_position",
                table: "lab_specimens",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "storage_rack",
                table: "lab_specimens",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "stored_at",
                table: "lab_specimens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stored_by",
                table: "lab_specimens",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "lab_critical_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    result_id = table.Column<Guid>(type: "uuid", nullable: false),
                    report_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    phoned_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phoned_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phoned_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    read_back_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    called_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    logged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_critical_calls", x => x.id);
                    table.CheckConstraint("ck_lab_critical_calls_phoned_to", "phoned_to <> ''");
                    table.CheckConstraint("ck_lab_critical_calls_read_back", "read_back_confirmed = TRUE");
                    table.ForeignKey(
                        name: "FK_lab_critical_calls_lab_reports_report_id",
                        column: x => x.report_id,
                        principalTable: "lab_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lab_critical_calls_lab_results_result_id",
                        column: x => x.result_id,
                        principalTable: "lab_results",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lab_specimens_parent",
                table: "lab_specimens",
                column: "parent_specimen_id");

            migrationBuilder.CreateIndex(
                name: "ux_lab_specimens_storage",
                table: "lab_specimens",
                columns: new[] { "storage_rack", "storage_position" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_lab_specimens_parent",
                table: "lab_specimens",
                sql: "parent_specimen_id IS NULL OR parent_specimen_id <> id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_lab_specimens_storage",
                table: "lab_specimens",
                sql: "(storage_rack IS NULL) = (storage_position IS NULL) AND (storage_rack IS NULL OR status = 'received')");

            migrationBuilder.CreateIndex(
                name: "ix_lab_critical_calls_report",
                table: "lab_critical_calls",
                column: "report_id");

            migrationBuilder.CreateIndex(
                name: "ux_lab_critical_calls_result",
                table: "lab_critical_calls",
                column: "result_id",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_lab_specimens_lab_specimens_parent_specimen_id",
                table: "lab_specimens",
                column: "parent_specimen_id",
                principalTable: "lab_specimens",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_lab_specimens_lab_specimens_parent_specimen_id",
                table: "lab_specimens");

            migrationBuilder.DropTable(
                name: "lab_critical_calls");

            migrationBuilder.DropIndex(
                name: "ix_lab_specimens_parent",
                table: "lab_specimens");

            migrationBuilder.DropIndex(
                name: "ux_lab_specimens_storage",
                table: "lab_specimens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lab_specimens_parent",
                table: "lab_specimens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lab_specimens_storage",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "parent_specimen_id",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "rejection_seen_at",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "retrieved_at",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "retrieved_by",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "storage_position",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "storage_rack",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "stored_at",
                table: "lab_specimens");

            migrationBuilder.DropColumn(
                name: "stored_by",
                table: "lab_specimens");
        }
    }
}
