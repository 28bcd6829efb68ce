using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Households : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "address_box_key",
                table: "persons",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_key",
                table: "persons",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_birth_key",
                table: "persons",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "merge_id",
                table: "households",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_id",
                table: "households",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "household_id",
                table: "case_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "household_link_suggestions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_a_id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_b_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    decided_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    merge_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_link_suggestions", x => x.id);
                    table.CheckConstraint("ck_household_link_suggestions_ordered_pair", "household_a_id < household_b_id");
                    table.ForeignKey(
                        name: "FK_household_link_suggestions_households_household_a_id",
                        column: x => x.household_a_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_household_link_suggestions_households_household_b_id",
                        column: x => x.household_b_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "household_merges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    other_household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    suggestion_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    merged_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    merged_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    merged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    undone_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    undone_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    undo_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_merges", x => x.id);
                    table.ForeignKey(
                        name: "FK_household_merges_household_link_suggestions_suggestion_id",
                        column: x => x.suggestion_id,
                        principalTable: "household_link_suggestions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_household_merges_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_household_merges_households_other_household_id",
                        column: x => x.other_household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "household_merge_moves",
                columns: table => new
                {
                    merge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_household_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_merge_moves", x => new { x.merge_id, x.case_id });
                    table.ForeignKey(
                        name: "FK_household_merge_moves_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_household_merge_moves_household_merges_merge_id",
                        column: x => x.merge_id,
                        principalTable: "household_merges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_household_merge_moves_households_from_household_id",
                        column: x => x.from_household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_persons_address_key",
                table: "persons",
                column: "address_key");

            migrationBuilder.CreateIndex(
                name: "IX_persons_name_birth_key",
                table: "persons",
                column: "name_birth_key");

            migrationBuilder.CreateIndex(
                name: "IX_households_merge_id",
                table: "households",
                column: "merge_id");

            migrationBuilder.CreateIndex(
                name: "IX_households_merged_into_id",
                table: "households",
                column: "merged_into_id");

            migrationBuilder.CreateIndex(
                name: "IX_household_link_suggestions_household_b_id_created_at",
                table: "household_link_suggestions",
                columns: new[] { "household_b_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_household_link_suggestions_pair_reason",
                table: "household_link_suggestions",
                columns: new[] { "household_a_id", "household_b_id", "reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_household_link_suggestions_pending_pair",
                table: "household_link_suggestions",
                columns: new[] { "household_a_id", "household_b_id" },
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "IX_household_merge_moves_case_id",
                table: "household_merge_moves",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_household_merge_moves_from_household_id",
                table: "household_merge_moves",
                column: "from_household_id");

            migrationBuilder.CreateIndex(
                name: "IX_household_merges_household_id_merged_at_id",
                table: "household_merges",
                columns: new[] { "household_id", "merged_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_household_merges_other_household_id_merged_at_id",
                table: "household_merges",
                columns: new[] { "other_household_id", "merged_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_household_merges_suggestion_id",
                table: "household_merges",
                column: "suggestion_id");

            migrationBuilder.AddForeignKey(
                name: "FK_households_household_merges_merge_id",
                table: "households",
                column: "merge_id",
                principalTable: "household_merges",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_households_households_merged_into_id",
                table: "households",
                column: "merged_into_id",
                principalTable: "households",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_households_household_merges_merge_id",
                table: "households");

            migrationBuilder.DropForeignKey(
                name: "FK_households_households_merged_into_id",
                table: "households");

            migrationBuilder.DropTable(
                name: "household_merge_moves");

            migrationBuilder.DropTable(
                name: "household_merges");

            migrationBuilder.DropTable(
                name: "household_link_suggestions");

            migrationBuilder.DropIndex(
                name: "IX_persons_address_key",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "IX_persons_name_birth_key",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "IX_households_merge_id",
                table: "households");

            migrationBuilder.DropIndex(
                name: "IX_households_merged_into_id",
                table: "households");

            migrationBuilder.DropColumn(
                name: "address_box_key",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "address_key",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "name_birth_key",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "merge_id",
                table: "households");

            migrationBuilder.DropColumn(
                name: "merged_into_id",
                table: "households");

            migrationBuilder.DropColumn(
                name: "household_id",
                table: "case_events");
        }
    }
}
