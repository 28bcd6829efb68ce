using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConsentLedgerAndSharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agency_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    author_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    author_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agency_records", x => x.id);
                    table.ForeignKey(
                        name: "FK_agency_records_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_consultations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    participants = table.Column<List<string>>(type: "text[]", nullable: false),
                    purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opened_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    opened_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_consultations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_followers",
                columns: table => new
                {
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    followed_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_followers", x => new { x.case_id, x.agency_code });
                    table.ForeignKey(
                        name: "FK_case_followers_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consent_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient_agency_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    recipient_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    categories = table.Column<string[]>(type: "text[]", nullable: false),
                    purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    obtained_how = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    obtained_details = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    recorded_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consent_grants", x => x.id);
                    table.ForeignKey(
                        name: "FK_consent_grants_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "disclosures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parquet_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    discloser_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    discloser_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_disclosures", x => x.id);
                    table.ForeignKey(
                        name: "FK_disclosures_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consent_revocations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    consent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    revoked_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    revoked_by_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consent_revocations", x => x.id);
                    table.ForeignKey(
                        name: "FK_consent_revocations_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_consent_revocations_consent_grants_consent_id",
                        column: x => x.consent_id,
                        principalTable: "consent_grants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agency_records_case_id_at",
                table: "agency_records",
                columns: new[] { "case_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_case_consultations_case_id",
                table: "case_consultations",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_followers_agency_code",
                table: "case_followers",
                column: "agency_code");

            migrationBuilder.CreateIndex(
                name: "IX_consent_grants_case_id",
                table: "consent_grants",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_consent_revocations_case_id",
                table: "consent_revocations",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_consent_revocations_consent_id",
                table: "consent_revocations",
                column: "consent_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_disclosures_case_id",
                table: "disclosures",
                column: "case_id");

            // The consent ledger is append-only: a later write never rewrites an earlier consent.
            migrationBuilder.Sql(AppendOnly.Protect("consent_grants", referenced: true));
            migrationBuilder.Sql(AppendOnly.Protect("consent_revocations"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnly.Unprotect("consent_revocations"));
            migrationBuilder.Sql(AppendOnly.Unprotect("consent_grants"));

            migrationBuilder.DropTable(
                name: "agency_records");

            migrationBuilder.DropTable(
                name: "case_consultations");

            migrationBuilder.DropTable(
                name: "case_followers");

            migrationBuilder.DropTable(
                name: "consent_revocations");

            migrationBuilder.DropTable(
                name: "disclosures");

            migrationBuilder.DropTable(
                name: "consent_grants");
        }
    }
}
