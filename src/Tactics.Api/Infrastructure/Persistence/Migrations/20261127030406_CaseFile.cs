using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CaseFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_households", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    route = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    etag = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => new { x.agency, x.user_id, x.route, x.key });
                });

            migrationBuilder.CreateTable(
                name: "persons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    national_number_key = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    national_number_cipher = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: true),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    address_box = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    address_commune = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    address_confidential = table.Column<bool>(type: "boolean", nullable: true),
                    address_number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    address_postcode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    address_street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_persons", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    closed_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    risk_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    victim_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    last_event_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                    table.ForeignKey(
                        name: "FK_cases_agencies_owner_agency",
                        column: x => x.owner_agency,
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_cases_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_cases_persons_author_id",
                        column: x => x.author_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_cases_persons_victim_id",
                        column: x => x.victim_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_children",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    birth_year = table.Column<int>(type: "integer", nullable: false),
                    present_at_incidents = table.Column<bool>(type: "boolean", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_children", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_children_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    risk_assessment_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    pv_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    police_zone = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    facts = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    children_present = table.Column<bool>(type: "boolean", nullable: true),
                    children_impact = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    risk_weapons = table.Column<bool>(type: "boolean", nullable: true),
                    risk_threats = table.Column<bool>(type: "boolean", nullable: true),
                    risk_history = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    immediate_measure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    immediate_measure_details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    orientation = table.Column<string[]>(type: "text[]", nullable: false),
                    injured_party_declaration = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    accompanied_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    follows_incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                    table.ForeignKey(
                        name: "FK_incidents_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_incidents_incidents_follows_incident_id",
                        column: x => x.follows_incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risk_assessments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    computed_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    override_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    override_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    assessed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    assessed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    children_present_or_impacted_answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    children_present_or_impacted_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    escalation_answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    escalation_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    stalking_or_cyber_harassment_answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    stalking_or_cyber_harassment_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    victim_isolation_answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    victim_isolation_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    weapons_threats_alcohol_drugs_answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    weapons_threats_alcohol_drugs_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_assessments", x => x.id);
                    table.ForeignKey(
                        name: "FK_risk_assessments_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_children_case_id",
                table: "case_children",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_number",
                table: "case_events",
                columns: new[] { "case_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_author_id",
                table: "cases",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "IX_cases_household_id",
                table: "cases",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_cases_owner_agency_created_at_id",
                table: "cases",
                columns: new[] { "owner_agency", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_cases_victim_id",
                table: "cases",
                column: "victim_id");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_records_created_at",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_case_id_recorded_at_id",
                table: "incidents",
                columns: new[] { "case_id", "recorded_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_follows_incident_id",
                table: "incidents",
                column: "follows_incident_id");

            migrationBuilder.CreateIndex(
                name: "ux_incidents_police_zone_pv_number",
                table: "incidents",
                columns: new[] { "police_zone", "pv_number" },
                unique: true,
                filter: "pv_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_persons_national_number_key",
                table: "persons",
                column: "national_number_key");

            migrationBuilder.CreateIndex(
                name: "IX_risk_assessments_case_id_assessed_at_id",
                table: "risk_assessments",
                columns: new[] { "case_id", "assessed_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_children");

            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "risk_assessments");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "households");

            migrationBuilder.DropTable(
                name: "persons");
        }
    }
}
