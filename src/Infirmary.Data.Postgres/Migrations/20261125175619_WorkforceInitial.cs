using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WorkforceInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "wf_teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_teams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wf_cover_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    shift_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    day = table.Column<int>(type: "integer", nullable: true),
                    skill = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    minimum = table.Column<int>(type: "integer", nullable: false),
                    preferred = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_cover_rules", x => x.id);
                    table.CheckConstraint("ck_wf_cover_rules_numbers", "minimum >= 0 AND preferred >= minimum");
                    table.ForeignKey(
                        name: "FK_wf_cover_rules_wf_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "wf_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "wf_rotas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    solver_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    objective = table.Column<long>(type: "bigint", nullable: true),
                    bound = table.Column<long>(type: "bigint", nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    published_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    published_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_rotas", x => x.id);
                    table.CheckConstraint("ck_wf_rotas_days", "days BETWEEN 1 AND 84");
                    table.CheckConstraint("ck_wf_rotas_published", "(status = 'published') = (published_at IS NOT NULL)");
                    table.CheckConstraint("ck_wf_rotas_status", "status IN ('draft', 'published')");
                    table.ForeignKey(
                        name: "FK_wf_rotas_wf_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "wf_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "wf_shift_definitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    start_minute = table.Column<int>(type: "integer", nullable: false),
                    length_minutes = table.Column<int>(type: "integer", nullable: false),
                    is_night = table.Column<bool>(type: "boolean", nullable: false),
                    forbidden_followers = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_shift_definitions", x => x.id);
                    table.CheckConstraint("ck_wf_shift_definitions_length", "length_minutes > 0 AND length_minutes <= 1440");
                    table.CheckConstraint("ck_wf_shift_definitions_start", "start_minute >= 0 AND start_minute < 1440");
                    table.ForeignKey(
                        name: "FK_wf_shift_definitions_wf_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "wf_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "wf_staff",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    user_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    job_role = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    band = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contracted_minutes_per_week = table.Column<int>(type: "integer", nullable: false),
                    annual_leave_days = table.Column<int>(type: "integer", nullable: false),
                    opted_out_of48_hours = table.Column<bool>(type: "boolean", nullable: false),
                    max_nights_per_four_weeks = table.Column<int>(type: "integer", nullable: false),
                    email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_staff", x => x.id);
                    table.CheckConstraint("ck_wf_staff_contract", "contracted_minutes_per_week >= 0 AND contracted_minutes_per_week <= 4800");
                    table.CheckConstraint("ck_wf_staff_leave", "annual_leave_days >= 0 AND annual_leave_days <= 60");
                    table.ForeignKey(
                        name: "FK_wf_staff_wf_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "wf_teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "wf_rota_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    is_exception = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    after_publishing = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_rota_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_wf_rota_changes_wf_rotas_rota_id",
                        column: x => x.rota_id,
                        principalTable: "wf_rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "wf_leave",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    first_day = table.Column<DateOnly>(type: "date", nullable: false),
                    last_day = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    requested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_leave", x => x.id);
                    table.CheckConstraint("ck_wf_leave_dates", "last_day >= first_day");
                    table.CheckConstraint("ck_wf_leave_kind", "kind IN ('annual', 'sickness', 'study')");
                    table.CheckConstraint("ck_wf_leave_status", "status IN ('requested', 'approved', 'declined')");
                    table.ForeignKey(
                        name: "FK_wf_leave_wf_staff_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "wf_staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "wf_rota_shifts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    shift_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_rota_shifts", x => x.id);
                    table.ForeignKey(
                        name: "FK_wf_rota_shifts_wf_rotas_rota_id",
                        column: x => x.rota_id,
                        principalTable: "wf_rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_wf_rota_shifts_wf_staff_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "wf_staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "wf_shift_preferences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    shift_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    on = table.Column<bool>(type: "boolean", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_shift_preferences", x => x.id);
                    table.CheckConstraint("ck_wf_shift_preferences_priority", "priority BETWEEN 1 AND 3");
                    table.ForeignKey(
                        name: "FK_wf_shift_preferences_wf_staff_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "wf_staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "wf_staff_skills",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_staff_skills", x => x.id);
                    table.ForeignKey(
                        name: "FK_wf_staff_skills_wf_staff_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "wf_staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "wf_swap_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requester_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requester_date = table.Column<DateOnly>(type: "date", nullable: false),
                    other_id = table.Column<Guid>(type: "uuid", nullable: false),
                    other_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    requested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_swap_requests", x => x.id);
                    table.CheckConstraint("ck_wf_swap_requests_status", "status IN ('requested', 'approved', 'declined')");
                    table.CheckConstraint("ck_wf_swap_requests_two_people", "requester_id <> other_id");
                    table.ForeignKey(
                        name: "FK_wf_swap_requests_wf_rotas_rota_id",
                        column: x => x.rota_id,
                        principalTable: "wf_rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_wf_swap_requests_wf_staff_other_id",
                        column: x => x.other_id,
                        principalTable: "wf_staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_wf_swap_requests_wf_staff_requester_id",
                        column: x => x.requester_id,
                        principalTable: "wf_staff",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_wf_cover_rules_team_id",
                table: "wf_cover_rules",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_leave_staff_member_id_first_day",
                table: "wf_leave",
                columns: new[] { "staff_member_id", "first_day" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_changes_rota_id_at",
                table: "wf_rota_changes",
                columns: new[] { "rota_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_shifts_rota_id_staff_member_id_date",
                table: "wf_rota_shifts",
                columns: new[] { "rota_id", "staff_member_id", "date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_rota_shifts_staff_member_id",
                table: "wf_rota_shifts",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_rotas_team_id_start_date",
                table: "wf_rotas",
                columns: new[] { "team_id", "start_date" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_shift_definitions_team_id_code",
                table: "wf_shift_definitions",
                columns: new[] { "team_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_shift_preferences_staff_member_id_date",
                table: "wf_shift_preferences",
                columns: new[] { "staff_member_id", "date" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_staff_team_id",
                table: "wf_staff",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_staff_user_name",
                table: "wf_staff",
                column: "user_name",
                unique: true,
                filter: "user_name IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_wf_staff_skills_staff_member_id_skill",
                table: "wf_staff_skills",
                columns: new[] { "staff_member_id", "skill" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_swap_requests_other_id",
                table: "wf_swap_requests",
                column: "other_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_swap_requests_requester_id",
                table: "wf_swap_requests",
                column: "requester_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_swap_requests_rota_id",
                table: "wf_swap_requests",
                column: "rota_id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_teams_code",
                table: "wf_teams",
                column: "code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wf_cover_rules");

            migrationBuilder.DropTable(
                name: "wf_leave");

            migrationBuilder.DropTable(
                name: "wf_rota_changes");

            migrationBuilder.DropTable(
                name: "wf_rota_shifts");

            migrationBuilder.DropTable(
                name: "wf_shift_definitions");

            migrationBuilder.DropTable(
                name: "wf_shift_preferences");

            migrationBuilder.DropTable(
                name: "wf_staff_skills");

            migrationBuilder.DropTable(
                name: "wf_swap_requests");

            migrationBuilder.DropTable(
                name: "wf_rotas");

            migrationBuilder.DropTable(
                name: "wf_staff");

            migrationBuilder.DropTable(
                name: "wf_teams");
        }
    }
}
