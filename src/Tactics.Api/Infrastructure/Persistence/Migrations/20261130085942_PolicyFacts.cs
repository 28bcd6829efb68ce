using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PolicyFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_household_link_suggestions_pending_pair",
                table: "household_link_suggestions");

            migrationBuilder.AddColumn<string>(
                name: "address_recorded_by",
                table: "persons",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "gives_territory",
                table: "incidents",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "household_link_suggestions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_confirmed_at",
                table: "household_link_suggestions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "first_confirmed_by_agency",
                table: "household_link_suggestions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "first_confirmed_by_user",
                table: "household_link_suggestions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "confined_to_agency",
                table: "cases",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_household_link_suggestions_pending_pair",
                table: "household_link_suggestions",
                columns: new[] { "household_a_id", "household_b_id" },
                unique: true,
                filter: "status IN ('pending', 'awaiting_other_side')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_household_link_suggestions_pending_pair",
                table: "household_link_suggestions");

            migrationBuilder.DropColumn(
                name: "address_recorded_by",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "gives_territory",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "first_confirmed_at",
                table: "household_link_suggestions");

            migrationBuilder.DropColumn(
                name: "first_confirmed_by_agency",
                table: "household_link_suggestions");

            migrationBuilder.DropColumn(
                name: "first_confirmed_by_user",
                table: "household_link_suggestions");

            migrationBuilder.DropColumn(
                name: "confined_to_agency",
                table: "cases");

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "household_link_suggestions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.CreateIndex(
                name: "ux_household_link_suggestions_pending_pair",
                table: "household_link_suggestions",
                columns: new[] { "household_a_id", "household_b_id" },
                unique: true,
                filter: "status = 'pending'");
        }
    }
}
