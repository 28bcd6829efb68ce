using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tactics.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReachIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_incidents_police_zone_case_id",
                table: "incidents",
                columns: new[] { "police_zone", "case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_consent_grants_recipient_agency_code",
                table: "consent_grants",
                column: "recipient_agency_code");

            migrationBuilder.CreateIndex(
                name: "IX_consent_grants_recipient_kind",
                table: "consent_grants",
                column: "recipient_kind",
                filter: "recipient_agency_code IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_cases_created_at_id",
                table: "cases",
                columns: new[] { "created_at", "id" });

            // The address is a complex property, which the model cannot index: the persons living at an agency's postcodes
            // (territory and act 8 release reach).
            migrationBuilder.Sql("CREATE INDEX \"IX_persons_address_postcode\" ON persons (address_postcode);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_persons_address_postcode\";");

            migrationBuilder.DropIndex(
                name: "IX_incidents_police_zone_case_id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_consent_grants_recipient_agency_code",
                table: "consent_grants");

            migrationBuilder.DropIndex(
                name: "IX_consent_grants_recipient_kind",
                table: "consent_grants");

            migrationBuilder.DropIndex(
                name: "IX_cases_created_at_id",
                table: "cases");
        }
    }
}
