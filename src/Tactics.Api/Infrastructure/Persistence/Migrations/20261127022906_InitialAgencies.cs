using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialAgencies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agencies",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    judicial_district = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    police_zone = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    communes = table.Column<List<string>>(type: "text[]", nullable: false),
                    postcodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    hours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    referent_email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    referent_function = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    referent_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agencies", x => x.code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agencies_kind",
                table: "agencies",
                column: "kind");

            migrationBuilder.CreateIndex(
                name: "IX_agencies_postcodes",
                table: "agencies",
                column: "postcodes")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agencies");
        }
    }
}
