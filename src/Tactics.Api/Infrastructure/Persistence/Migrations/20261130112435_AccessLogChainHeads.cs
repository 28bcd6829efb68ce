using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccessLogChainHeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_log_chain_heads",
                columns: table => new
                {
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log_chain_heads", x => x.case_id);
                });

            // Every chain written so far gets its head: the sequence and hash of its latest entry.
            migrationBuilder.Sql("""
                INSERT INTO access_log_chain_heads (case_id, last_sequence, last_hash)
                SELECT DISTINCT ON (case_id) case_id, sequence, hash
                FROM access_log
                ORDER BY case_id, sequence DESC;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log_chain_heads");
        }
    }
}
