using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "date_of_death",
                table: "patients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sched_clinics",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    specialty = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    site = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    room = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    clinician_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinician_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_clinics", x => x.id);
                    table.CheckConstraint("ck_sched_clinics_names", "name <> '' AND specialty <> '' AND site <> '' AND room <> ''");
                    table.CheckConstraint("ck_sched_clinics_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "sched_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinic_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recurrence = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    day_of_week = table.Column<int>(type: "INTEGER", nullable: false),
                    start_time = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    end_time = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    slot_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    slot_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_templates", x => x.id);
                    table.CheckConstraint("ck_sched_templates_capacity", "capacity >= 1 AND capacity <= 20");
                    table.CheckConstraint("ck_sched_templates_day_of_week", "day_of_week >= 0 AND day_of_week <= 6");
                    table.CheckConstraint("ck_sched_templates_recurrence", "recurrence IN ('weekly', 'fortnightly')");
                    table.CheckConstraint("ck_sched_templates_slot_minutes", "slot_minutes >= 5 AND slot_minutes <= 240");
                    table.CheckConstraint("ck_sched_templates_slot_type", "slot_type IN ('new', 'follow-up', 'urgent', 'telephone', 'video')");
                    table.CheckConstraint("ck_sched_templates_times", "end_time > start_time");
                    table.CheckConstraint("ck_sched_templates_validity", "valid_to IS NULL OR valid_to >= valid_from");
                    table.ForeignKey(
                        name: "FK_sched_templates_sched_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "sched_clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sched_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinic_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    template_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    cancel_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    cancelled_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    cancelled_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_sessions", x => x.id);
                    table.CheckConstraint("ck_sched_sessions_cancelled_with_reason", "status <> 'cancelled' OR (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL AND cancelled_by_id IS NOT NULL)");
                    table.CheckConstraint("ck_sched_sessions_status", "status IN ('active', 'cancelled')");
                    table.CheckConstraint("ck_sched_sessions_times", "ends_at > starts_at");
                    table.ForeignKey(
                        name: "FK_sched_sessions_sched_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "sched_clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sched_sessions_sched_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "sched_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sched_slots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinic_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinician_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    place = table.Column<int>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_slots", x => x.id);
                    table.UniqueConstraint("ak_sched_slots_booking_copy", x => new { x.id, x.clinician_id, x.place, x.starts_at, x.ends_at });
                    table.CheckConstraint("ck_sched_slots_place", "place >= 1");
                    table.CheckConstraint("ck_sched_slots_status", "status IN ('free', 'busy')");
                    table.CheckConstraint("ck_sched_slots_times", "ends_at > starts_at");
                    table.CheckConstraint("ck_sched_slots_type", "type IN ('new', 'follow-up', 'urgent', 'telephone', 'video')");
                    table.ForeignKey(
                        name: "FK_sched_slots_sched_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "sched_clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sched_slots_sched_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sched_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sched_appointments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    slot_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinic_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    clinician_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    place = table.Column<int>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    booked_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    booked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    booked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    overbooked = table.Column<bool>(type: "INTEGER", nullable: false),
                    overbook_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    overbooked_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    overbooked_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    walk_in = table.Column<bool>(type: "INTEGER", nullable: false),
                    rebooked_from_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancellation_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    cancelled_by = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    cancelled_by_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    cancelled_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    arrived_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    seen_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    outcome_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sched_appointments", x => x.id);
                    table.CheckConstraint("ck_sched_appointments_arrival", "status NOT IN ('arrived', 'seen', 'left') OR arrived_at IS NOT NULL");
                    table.CheckConstraint("ck_sched_appointments_cancellation_complete", "status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL AND cancelled_by IS NOT NULL AND cancelled_by_id IS NOT NULL)");
                    table.CheckConstraint("ck_sched_appointments_cancelled_by", "cancelled_by IS NULL OR cancelled_by IN ('patient', 'hospital')");
                    table.CheckConstraint("ck_sched_appointments_overbook_recorded", "overbooked = 0 OR (overbook_reason IS NOT NULL AND overbooked_by_id IS NOT NULL AND overbooked_by_name IS NOT NULL)");
                    table.CheckConstraint("ck_sched_appointments_status", "status IN ('booked', 'cancelled', 'arrived', 'seen', 'did-not-attend', 'left')");
                    table.CheckConstraint("ck_sched_appointments_times", "ends_at > starts_at");
                    table.CheckConstraint("ck_sched_appointments_type", "type IN ('new', 'follow-up', 'urgent', 'telephone', 'video')");
                    table.CheckConstraint("ck_sched_appointments_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "FK_sched_appointments_sched_appointments_rebooked_from_id",
                        column: x => x.rebooked_from_id,
                        principalTable: "sched_appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sched_appointments_slot_copy",
                        columns: x => new { x.slot_id, x.clinician_id, x.place, x.starts_at, x.ends_at },
                        principalTable: "sched_slots",
                        principalColumns: new[] { "id", "clinician_id", "place", "starts_at", "ends_at" },
                        onDelete: ReferentialAction.Restrict);
                });

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
                name: "ix_sched_appointments_clinic_start",
                table: "sched_appointments",
                columns: new[] { "clinic_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sched_appointments_patient_start",
                table: "sched_appointments",
                columns: new[] { "patient_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "IX_sched_appointments_rebooked_from_id",
                table: "sched_appointments",
                column: "rebooked_from_id");

            migrationBuilder.CreateIndex(
                name: "IX_sched_appointments_slot_id_clinician_id_place_starts_at_ends_at",
                table: "sched_appointments",
                columns: new[] { "slot_id", "clinician_id", "place", "starts_at", "ends_at" });

            migrationBuilder.CreateIndex(
                name: "ux_sched_appointments_clinician_start_held",
                table: "sched_appointments",
                columns: new[] { "clinician_id", "place", "starts_at" },
                unique: true,
                filter: "status <> 'cancelled' AND overbooked = 0");

            migrationBuilder.CreateIndex(
                name: "ux_sched_appointments_slot_held",
                table: "sched_appointments",
                column: "slot_id",
                unique: true,
                filter: "status <> 'cancelled' AND overbooked = 0");

            migrationBuilder.CreateIndex(
                name: "ix_sched_clinics_clinician",
                table: "sched_clinics",
                column: "clinician_id");

            migrationBuilder.CreateIndex(
                name: "ix_sched_clinics_site_room",
                table: "sched_clinics",
                columns: new[] { "site", "room" });

            migrationBuilder.CreateIndex(
                name: "ix_sched_sessions_clinic_date",
                table: "sched_sessions",
                columns: new[] { "clinic_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ux_sched_sessions_template_date",
                table: "sched_sessions",
                columns: new[] { "template_id", "date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sched_slots_clinic_start",
                table: "sched_slots",
                columns: new[] { "clinic_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sched_slots_status_start",
                table: "sched_slots",
                columns: new[] { "status", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ux_sched_slots_session_start_place",
                table: "sched_slots",
                columns: new[] { "session_id", "starts_at", "place" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sched_templates_clinic",
                table: "sched_templates",
                column: "clinic_id");

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

            // Written by hand (ADR 0030): SQLite's stand-in for the exclusion constraint.
            foreach (var sql in Infirmary.Scheduling.Data.SchedulingDatabaseRules.SqliteUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Infirmary.Scheduling.Data.SchedulingDatabaseRules.SqliteDown);

            migrationBuilder.DropTable(
                name: "sched_transport_requests");

            migrationBuilder.DropTable(
                name: "sched_appointments");

            migrationBuilder.DropTable(
                name: "sched_slots");

            migrationBuilder.DropTable(
                name: "sched_sessions");

            migrationBuilder.DropTable(
                name: "sched_templates");

            migrationBuilder.DropTable(
                name: "sched_clinics");

            migrationBuilder.DropColumn(
                name: "date_of_death",
                table: "patients");
        }
    }
}
