using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RecordsMergeAndCaseNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "replaced_by_id",
                table: "patients",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "patient_case_note_locations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_case_note_locations", x => x.id);
                    table.CheckConstraint("ck_patient_case_note_locations_kind", "kind IN ('Library', 'Clinic', 'Ward', 'SecretaryOffice', 'OffSiteStore')");
                });

            migrationBuilder.CreateTable(
                name: "patient_merges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target_patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    proposed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    proposed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    proposed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    unmerged_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    unmerged_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    unmerged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    unmerge_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_merges", x => x.id);
                    table.CheckConstraint("ck_patient_merges_decided", "(status = 'Proposed' AND decided_by_id IS NULL) OR (status <> 'Proposed' AND decided_by_id IS NOT NULL AND decided_at IS NOT NULL)");
                    table.CheckConstraint("ck_patient_merges_not_self", "source_patient_id <> target_patient_id");
                    table.CheckConstraint("ck_patient_merges_second_person", "decided_by_id IS NULL OR decided_by_id <> proposed_by_id");
                    table.CheckConstraint("ck_patient_merges_status", "status IN ('Proposed', 'Completed', 'Rejected', 'Unmerged')");
                    table.CheckConstraint("ck_patient_merges_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "fk_patient_merges_source",
                        column: x => x.source_patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_patient_merges_target",
                        column: x => x.target_patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "patient_case_note_volumes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    volume_number = table.Column<int>(type: "integer", nullable: false),
                    barcode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    location_id = table.Column<int>(type: "integer", nullable: false),
                    holder = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    location_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    missing = table.Column<bool>(type: "boolean", nullable: false),
                    missing_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    missing_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_case_note_volumes", x => x.id);
                    table.CheckConstraint("ck_patient_case_note_volumes_missing", "(missing = false AND missing_since IS NULL) OR (missing <> false AND missing_since IS NOT NULL)");
                    table.CheckConstraint("ck_patient_case_note_volumes_number", "volume_number >= 1");
                    table.CheckConstraint("ck_patient_case_note_volumes_version_positive", "version >= 1");
                    table.ForeignKey(
                        name: "fk_patient_case_note_volumes_location",
                        column: x => x.location_id,
                        principalTable: "patient_case_note_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_patient_case_note_volumes_patient",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "patient_merge_moves",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    merge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    table_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    key_column = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    column_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    row_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_merge_moves", x => x.id);
                    table.ForeignKey(
                        name: "fk_patient_merge_moves_merge",
                        column: x => x.merge_id,
                        principalTable: "patient_merges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "patient_case_note_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    volume_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_location_id = table.Column<int>(type: "integer", nullable: true),
                    to_location_id = table.Column<int>(type: "integer", nullable: false),
                    holder = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    moved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    moved_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    moved_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_case_note_movements", x => x.id);
                    table.CheckConstraint("ck_patient_case_note_movements_method", "method IN ('created', 'scan', 'click', 'missing')");
                    table.ForeignKey(
                        name: "fk_patient_case_note_movements_from",
                        column: x => x.from_location_id,
                        principalTable: "patient_case_note_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_patient_case_note_movements_to",
                        column: x => x.to_location_id,
                        principalTable: "patient_case_note_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_patient_case_note_movements_volume",
                        column: x => x.volume_id,
                        principalTable: "patient_case_note_volumes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "patient_case_note_locations",
                columns: new[] { "id", "active", "code", "kind", "name" },
                values: new object[,]
                {
                    { 1, true, "LIB", "Library", "Health records library" },
                    { 2, true, "OFFSITE", "OffSiteStore", "Off-site records store" },
                    { 3, true, "CLIN-OPD-A", "Clinic", "Outpatients clinic A" },
                    { 4, true, "CLIN-CARD", "Clinic", "Cardiology clinic" },
                    { 5, true, "CLIN-ORTH", "Clinic", "Fracture and orthopaedic clinic" },
                    { 6, true, "WARD-7", "Ward", "Ward 7 (general medicine)" },
                    { 7, true, "WARD-12", "Ward", "Ward 12 (surgery)" },
                    { 8, true, "SEC-CARD", "SecretaryOffice", "Cardiology secretaries' office" },
                    { 9, true, "SEC-ORTH", "SecretaryOffice", "Orthopaedic secretaries' office" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_patients_replaced_by",
                table: "patients",
                column: "replaced_by_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_patients_replaced_by_inactive",
                table: "patients",
                sql: "replaced_by_id IS NULL OR (active = false AND replaced_by_id <> id)");

            migrationBuilder.CreateIndex(
                name: "ux_patient_case_note_locations_code",
                table: "patient_case_note_locations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_patient_case_note_movements_from_location_id",
                table: "patient_case_note_movements",
                column: "from_location_id");

            migrationBuilder.CreateIndex(
                name: "IX_patient_case_note_movements_to_location_id",
                table: "patient_case_note_movements",
                column: "to_location_id");

            migrationBuilder.CreateIndex(
                name: "ix_patient_case_note_movements_volume",
                table: "patient_case_note_movements",
                columns: new[] { "volume_id", "moved_at" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_case_note_volumes_location_since",
                table: "patient_case_note_volumes",
                columns: new[] { "location_id", "location_since" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_case_note_volumes_patient",
                table: "patient_case_note_volumes",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ux_patient_case_note_volumes_barcode",
                table: "patient_case_note_volumes",
                column: "barcode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_patient_merge_moves_row",
                table: "patient_merge_moves",
                columns: new[] { "merge_id", "table_name", "column_name", "row_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_patient_merges_status",
                table: "patient_merges",
                columns: new[] { "status", "proposed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_merges_target",
                table: "patient_merges",
                column: "target_patient_id");

            migrationBuilder.CreateIndex(
                name: "ux_patient_merges_source_open",
                table: "patient_merges",
                column: "source_patient_id",
                unique: true,
                filter: "status IN ('Proposed', 'Completed')");

            migrationBuilder.AddForeignKey(
                name: "fk_patients_replaced_by",
                table: "patients",
                column: "replaced_by_id",
                principalTable: "patients",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_patients_replaced_by",
                table: "patients");

            migrationBuilder.DropTable(
                name: "patient_case_note_movements");

            migrationBuilder.DropTable(
                name: "patient_merge_moves");

            migrationBuilder.DropTable(
                name: "patient_case_note_volumes");

            migrationBuilder.DropTable(
                name: "patient_merges");

            migrationBuilder.DropTable(
                name: "patient_case_note_locations");

            migrationBuilder.DropIndex(
                name: "ix_patients_replaced_by",
                table: "patients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_patients_replaced_by_inactive",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "replaced_by_id",
                table: "patients");
        }
    }
}
