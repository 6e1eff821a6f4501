using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infirmary.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditChains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_events_Sequence",
                table: "audit_events");

            migrationBuilder.AddColumn<int>(
                name: "Chain",
                table: "audit_events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_Chain_Sequence",
                table: "audit_events",
                columns: new[] { "Chain", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_events_Chain_Sequence",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "Chain",
                table: "audit_events");

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_Sequence",
                table: "audit_events",
                column: "Sequence",
                unique: true);
        }
    }
}
