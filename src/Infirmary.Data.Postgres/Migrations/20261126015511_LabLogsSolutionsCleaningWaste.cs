using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LabLogsSolutionsCleaningWaste : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lab_cleaning_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    item = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    agent_lot = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    cycle = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    indicator_passed = table.Column<bool>(type: "boolean", nullable: true),
                    performed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    performed_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    performed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_cleaning_log", x => x.id);
                    table.CheckConstraint("ck_lab_cleaning_log_indicator", "(kind = 'sterilisation') = (indicator_passed IS NOT NULL)");
                    table.CheckConstraint("ck_lab_cleaning_log_item", "item <> '' AND method <> ''");
                    table.CheckConstraint("ck_lab_cleaning_log_kind", "kind IN ('cleaning', 'disinfection', 'sterilisation')");
                });

            migrationBuilder.CreateTable(
                name: "lab_solution_preparations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    solution = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    lot_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    quantity = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    prepared_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    prepared_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    prepared_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_solution_preparations", x => x.id);
                    table.CheckConstraint("ck_lab_solution_preparations_quantity", "quantity <> ''");
                    table.CheckConstraint("ck_lab_solution_preparations_solution", "solution <> ''");
                });

            migrationBuilder.CreateTable(
                name: "lab_waste_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: false),
                    unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    consignment_note = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    carrier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    collected_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_waste_log", x => x.id);
                    table.CheckConstraint("ck_lab_waste_log_category", "category IN ('infectious-orange', 'infectious-yellow', 'sharps', 'cytotoxic', 'anatomical', 'chemical', 'offensive', 'domestic')");
                    table.CheckConstraint("ck_lab_waste_log_consignment", "category IN ('offensive', 'domestic') OR (consignment_note IS NOT NULL AND consignment_note <> '')");
                    table.CheckConstraint("ck_lab_waste_log_quantity", "quantity > 0");
                    table.CheckConstraint("ck_lab_waste_log_unit", "unit IN ('kg', 'L', 'containers')");
                });

            migrationBuilder.CreateTable(
                name: "lab_solution_ingredients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    preparation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    lot_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    amount = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_solution_ingredients", x => x.id);
                    table.CheckConstraint("ck_lab_solution_ingredients_lot", "lot_number <> ''");
                    table.CheckConstraint("ck_lab_solution_ingredients_name", "name <> ''");
                    table.ForeignKey(
                        name: "FK_lab_solution_ingredients_lab_solution_preparations_preparat~",
                        column: x => x.preparation_id,
                        principalTable: "lab_solution_preparations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lab_cleaning_log_performed",
                table: "lab_cleaning_log",
                column: "performed_at");

            migrationBuilder.CreateIndex(
                name: "ix_lab_solution_ingredients_lot",
                table: "lab_solution_ingredients",
                column: "lot_number");

            migrationBuilder.CreateIndex(
                name: "ix_lab_solution_ingredients_preparation",
                table: "lab_solution_ingredients",
                column: "preparation_id");

            migrationBuilder.CreateIndex(
                name: "ix_lab_solution_preparations_prepared",
                table: "lab_solution_preparations",
                column: "prepared_at");

            migrationBuilder.CreateIndex(
                name: "ux_lab_solution_preparations_lot",
                table: "lab_solution_preparations",
                column: "lot_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lab_waste_log_collected",
                table: "lab_waste_log",
                column: "collected_at");

            migrationBuilder.CreateIndex(
                name: "ix_lab_waste_log_consignment",
                table: "lab_waste_log",
                column: "consignment_note");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lab_cleaning_log");

            migrationBuilder.DropTable(
                name: "lab_solution_ingredients");

            migrationBuilder.DropTable(
                name: "lab_waste_log");

            migrationBuilder.DropTable(
                name: "lab_solution_preparations");
        }
    }
}
