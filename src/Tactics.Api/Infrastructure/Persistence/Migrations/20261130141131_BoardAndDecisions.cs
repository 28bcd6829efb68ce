using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BoardAndDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "board_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    disclosure_id = table.Column<Guid>(type: "uuid", nullable: true),
                    police_zone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    parquet_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    assigned_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    decision_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    overdue_announced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_board_items", x => x.id);
                    table.ForeignKey(
                        name: "FK_board_items_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_board_items_disclosures_disclosure_id",
                        column: x => x.disclosure_id,
                        principalTable: "disclosures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_board_items_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    board_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    disclosure_id = table.Column<Guid>(type: "uuid", nullable: true),
                    addressed_parquet = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    hearing_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    measures = table.Column<string>(type: "jsonb", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    decided_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    decided_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => x.id);
                    table.ForeignKey(
                        name: "FK_decisions_board_items_board_item_id",
                        column: x => x.board_item_id,
                        principalTable: "board_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_decisions_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_board_items_case_id",
                table: "board_items",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_board_items_disclosure_id",
                table: "board_items",
                column: "disclosure_id",
                unique: true,
                filter: "disclosure_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_board_items_incident_id",
                table: "board_items",
                column: "incident_id",
                unique: true,
                filter: "incident_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_board_items_open_by_parquet",
                table: "board_items",
                columns: new[] { "parquet_agency", "due_at" },
                filter: "decided_at IS NULL AND parquet_agency IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_board_items_open_by_zone",
                table: "board_items",
                columns: new[] { "police_zone", "due_at" },
                filter: "decided_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_board_items_overdue_due",
                table: "board_items",
                column: "due_at",
                filter: "decided_at IS NULL AND overdue_announced_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_decisions_board_item_id",
                table: "decisions",
                column: "board_item_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_decisions_case_id_decided_at_id",
                table: "decisions",
                columns: new[] { "case_id", "decided_at", "id" });

            // The board lists what is recorded from now on: the PVs and disclosures recorded before it are written as decided
            // (without a decision), so they never appear on it and take no decision.
            migrationBuilder.Sql("""
                INSERT INTO board_items (id, case_id, kind, incident_id, police_zone, received_at, due_at, decided_at)
                SELECT gen_random_uuid(), i.case_id, i.kind, i.id, i.police_zone, i.recorded_at, i.recorded_at + interval '7 days', now()
                FROM incidents i WHERE i.kind IN ('family_dispute_report', 'complaint');
                INSERT INTO board_items (id, case_id, kind, disclosure_id, parquet_agency, received_at, due_at, decided_at)
                SELECT gen_random_uuid(), d.case_id, 'disclosure', d.id, d.parquet_agency, d.at, d.at + interval '2 days', now()
                FROM disclosures d;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropTable(
                name: "board_items");
        }
    }
}
