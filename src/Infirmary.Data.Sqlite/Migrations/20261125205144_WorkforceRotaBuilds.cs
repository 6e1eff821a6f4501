using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WorkforceRotaBuilds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "wf_rota_builds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    weeks = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    time_limit_seconds = table.Column<double>(type: "REAL", nullable: false),
                    elapsed_seconds = table.Column<double>(type: "REAL", nullable: false),
                    solutions = table.Column<int>(type: "INTEGER", nullable: false),
                    objective = table.Column<long>(type: "INTEGER", nullable: true),
                    bound = table.Column<long>(type: "INTEGER", nullable: true),
                    problem = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rota_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_rota_builds", x => x.id);
                    table.CheckConstraint("ck_wf_rota_builds_outcome", "(status = 'refused') = (problem IS NOT NULL)");
                    table.CheckConstraint("ck_wf_rota_builds_status", "status IN ('queued', 'running', 'done', 'refused')");
                    table.CheckConstraint("ck_wf_rota_builds_weeks", "weeks BETWEEN 1 AND 12");
                    table.ForeignKey(
                        name: "FK_wf_rota_builds_wf_rotas_rota_id",
                        column: x => x.rota_id,
                        principalTable: "wf_rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_wf_rota_builds_wf_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "wf_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_builds_rota_id",
                table: "wf_rota_builds",
                column: "rota_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_builds_status_requested_at",
                table: "wf_rota_builds",
                columns: new[] { "status", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_builds_team_id",
                table: "wf_rota_builds",
                column: "team_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wf_rota_builds");
        }
    }
}
