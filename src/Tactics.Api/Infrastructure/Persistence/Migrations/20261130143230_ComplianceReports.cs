using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "violence_type",
                table: "incidents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "compliance_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    measure_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    recorded_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_compliance_reports", x => x.id);
                    table.ForeignKey(
                        name: "FK_compliance_reports_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_compliance_reports_protective_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "protective_measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            // A report is never rewritten: a later finding is a new report.
            migrationBuilder.Sql(AppendOnly.Protect("compliance_reports"));

            migrationBuilder.CreateIndex(
                name: "IX_incidents_violence_type_case_id",
                table: "incidents",
                columns: new[] { "violence_type", "case_id" },
                filter: "violence_type IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_compliance_reports_case_id_measure_id_recorded_at_id",
                table: "compliance_reports",
                columns: new[] { "case_id", "measure_id", "recorded_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_compliance_reports_measure_id",
                table: "compliance_reports",
                column: "measure_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnly.Unprotect("compliance_reports"));

            migrationBuilder.DropTable(
                name: "compliance_reports");

            migrationBuilder.DropIndex(
                name: "IX_incidents_violence_type_case_id",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "violence_type",
                table: "incidents");
        }
    }
}
