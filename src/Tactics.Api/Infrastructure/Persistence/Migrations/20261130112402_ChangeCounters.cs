using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChangeCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "changes",
                table: "cases",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            // Cases changed before the counters existed keep their history in core, which everyone who reaches them sees:
            // their ETags change once, and no scope of a caller who cannot see it learns anything from it.
            migrationBuilder.Sql("""
                UPDATE cases SET changes = jsonb_build_object('core', jsonb_build_object(
                    'n', version - 1, 'at', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
                WHERE version > 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "changes",
                table: "cases");
        }
    }
}
