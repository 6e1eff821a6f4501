using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PatientsFhirStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fhir_resources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resource_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_resources", x => x.id);
                    table.CheckConstraint("ck_fhir_resources_not_patient", "resource_type <> 'Patient'");
                    table.CheckConstraint("ck_fhir_resources_version_positive", "version >= 1");
                });

            migrationBuilder.CreateTable(
                name: "patient_identifiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    patient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    system = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type_text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_patient_identifiers_patient",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "fhir_resource_identifiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resource_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    system = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_resource_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_fhir_resource_identifiers_resource",
                        column: x => x.resource_id,
                        principalTable: "fhir_resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "fhir_resource_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_resource_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_fhir_resource_versions_resource",
                        column: x => x.resource_id,
                        principalTable: "fhir_resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resource_identifiers_lookup",
                table: "fhir_resource_identifiers",
                columns: new[] { "resource_type", "system", "value" });

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resource_identifiers_resource",
                table: "fhir_resource_identifiers",
                column: "resource_id");

            migrationBuilder.CreateIndex(
                name: "ux_fhir_resource_versions_version",
                table: "fhir_resource_versions",
                columns: new[] { "resource_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resources_patient_type",
                table: "fhir_resources",
                columns: new[] { "patient_id", "resource_type" });

            migrationBuilder.CreateIndex(
                name: "ix_fhir_resources_type_updated",
                table: "fhir_resources",
                columns: new[] { "resource_type", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_identifiers_patient",
                table: "patient_identifiers",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ux_patient_identifiers_system_value",
                table: "patient_identifiers",
                columns: new[] { "system", "value" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fhir_resource_identifiers");

            migrationBuilder.DropTable(
                name: "fhir_resource_versions");

            migrationBuilder.DropTable(
                name: "patient_identifiers");

            migrationBuilder.DropTable(
                name: "fhir_resources");
        }
    }
}
