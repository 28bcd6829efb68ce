using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccessLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    agency_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    operation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    granted = table.Column<List<string>>(type: "text[]", nullable: false),
                    withheld = table.Column<List<string>>(type: "text[]", nullable: false),
                    request_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    previous_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_agency_code_at",
                table: "access_log",
                columns: new[] { "agency_code", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_case_id_sequence",
                table: "access_log",
                columns: new[] { "case_id", "sequence" },
                unique: true);

            // Append-only: the application's role may insert and read, never update, delete or truncate.
            // The trigger holds even for the owner; the hash chain reveals whatever a superuser changes anyway.
            migrationBuilder.Sql(AppendOnly.Protect("access_log"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnly.Unprotect("access_log"));

            migrationBuilder.DropTable(
                name: "access_log");
        }
    }
}
