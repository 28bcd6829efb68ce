using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tasks_escalation_due",
                table: "tasks");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "appointment_at",
                table: "tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "cancelled_at",
                table: "tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "checklist_framework_explained",
                table: "tasks",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "checklist_hearing_prepared",
                table: "tasks",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "checklist_housing_checked",
                table: "tasks",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "checklist_income_checked",
                table: "tasks",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "follow_up_incident_id",
                table: "tasks",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "incident_id",
                table: "tasks",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                table: "tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "unreachable_attempts",
                table: "tasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "agency_referents",
                columns: table => new
                {
                    agency_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    function = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    postcodes = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agency_referents", x => new { x.agency_code, x.position });
                    table.ForeignKey(
                        name: "FK_agency_referents_agencies_agency_code",
                        column: x => x.agency_code,
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "safe_contacts",
                columns: table => new
                {
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    windows = table.Column<string>(type: "jsonb", nullable: false),
                    may_leave_message = table.Column<bool>(type: "boolean", nullable: false),
                    updated_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_safe_contacts", x => x.case_id);
                    table.ForeignKey(
                        name: "FK_safe_contacts_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "task_attempts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    how = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    outside_window = table.Column<bool>(type: "boolean", nullable: false),
                    against_preferences = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_by_agency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_attempts", x => x.id);
                    table.ForeignKey(
                        name: "FK_task_attempts_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_case_id_incident_id",
                table: "tasks",
                columns: new[] { "case_id", "incident_id" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_follow_up_incident_id",
                table: "tasks",
                column: "follow_up_incident_id");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_incident_id",
                table: "tasks",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_escalation_due",
                table: "tasks",
                column: "due_at",
                filter: "completed_at IS NULL AND cancelled_at IS NULL AND escalated_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_agency_referents_postcodes",
                table: "agency_referents",
                column: "postcodes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_task_attempts_task_id_at_id",
                table: "task_attempts",
                columns: new[] { "task_id", "at", "id" });

            migrationBuilder.AddForeignKey(
                name: "FK_tasks_incidents_follow_up_incident_id",
                table: "tasks",
                column: "follow_up_incident_id",
                principalTable: "incidents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_tasks_incidents_incident_id",
                table: "tasks",
                column: "incident_id",
                principalTable: "incidents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_tasks_incidents_follow_up_incident_id",
                table: "tasks");

            migrationBuilder.DropForeignKey(
                name: "FK_tasks_incidents_incident_id",
                table: "tasks");

            migrationBuilder.DropTable(
                name: "agency_referents");

            migrationBuilder.DropTable(
                name: "safe_contacts");

            migrationBuilder.DropTable(
                name: "task_attempts");

            migrationBuilder.DropIndex(
                name: "IX_tasks_case_id_incident_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_follow_up_incident_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_incident_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_escalation_due",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "appointment_at",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "checklist_framework_explained",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "checklist_hearing_prepared",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "checklist_housing_checked",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "checklist_income_checked",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "follow_up_incident_id",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "incident_id",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "unreachable_attempts",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_escalation_due",
                table: "tasks",
                column: "due_at",
                filter: "completed_at IS NULL AND escalated_at IS NULL");
        }
    }
}
