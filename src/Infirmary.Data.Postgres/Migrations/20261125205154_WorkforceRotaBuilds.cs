using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    weeks = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    requested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    time_limit_seconds = table.Column<double>(type: "double precision", nullable: false),
                    elapsed_seconds = table.Column<double>(type: "double precision", nullable: false),
                    solutions = table.Column<int>(type: "integer", nullable: false),
                    objective = table.Column<long>(type: "bigint", nullable: true),
                    bound = table.Column<long>(type: "bigint", nullable: true),
                    problem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: true)
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
