using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CustodyMeasuresTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "custody_event_id",
                table: "case_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "measure_id",
                table: "case_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "task_id",
                table: "case_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "custody_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    leave_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    leave_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    has_conditions = table.Column<bool>(type: "boolean", nullable: false),
                    condition_no_contact = table.Column<bool>(type: "boolean", nullable: false),
                    condition_no_approach_to_victim_address = table.Column<bool>(type: "boolean", nullable: false),
                    condition_perimeter_meters = table.Column<int>(type: "integer", nullable: true),
                    condition_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_custody_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "protective_measures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ordered_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    imposed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    imposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lifted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lifted_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    lifted_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    lift_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    expiry_announced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_protective_measures", x => x.id);
                    table.ForeignKey(
                        name: "FK_protective_measures_agencies_ordered_by",
                        column: x => x.ordered_by,
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_protective_measures_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    assignee_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    assignee_user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    escalation_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    custody_event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    completed_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    contact_method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    contacted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tasks", x => x.id);
                    table.ForeignKey(
                        name: "FK_tasks_agencies_assignee_agency",
                        column: x => x.assignee_agency,
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_tasks_agencies_escalation_agency",
                        column: x => x.escalation_agency,
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_tasks_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_tasks_custody_events_custody_event_id",
                        column: x => x.custody_event_id,
                        principalTable: "custody_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_custody_events_case_id_recorded_at_id",
                table: "custody_events",
                columns: new[] { "case_id", "recorded_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_protective_measures_case_id_imposed_at_id",
                table: "protective_measures",
                columns: new[] { "case_id", "imposed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_protective_measures_ordered_by",
                table: "protective_measures",
                column: "ordered_by");

            migrationBuilder.CreateIndex(
                name: "ix_protective_measures_expiry_due",
                table: "protective_measures",
                column: "valid_until",
                filter: "lifted_at IS NULL AND expiry_announced_at IS NULL AND valid_until IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_assignee_agency_due_at_id",
                table: "tasks",
                columns: new[] { "assignee_agency", "due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_case_id",
                table: "tasks",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_custody_event_id",
                table: "tasks",
                column: "custody_event_id");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_escalation_agency",
                table: "tasks",
                column: "escalation_agency");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_escalation_due",
                table: "tasks",
                column: "due_at",
                filter: "completed_at IS NULL AND escalated_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "protective_measures");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "custody_events");

            migrationBuilder.DropColumn(
                name: "custody_event_id",
                table: "case_events");

            migrationBuilder.DropColumn(
                name: "measure_id",
                table: "case_events");

            migrationBuilder.DropColumn(
                name: "task_id",
                table: "case_events");
        }
    }
}
