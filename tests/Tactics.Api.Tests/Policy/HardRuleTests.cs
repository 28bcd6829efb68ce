using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Npgsql;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>The rules no basis overrides, each over HTTP against PostgreSQL.</summary>
public sealed class HardRuleTests(ApiFixture api)
{
    [Fact]
    public async Task Health_data_leaves_its_agency_only_with_consent()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        await police.GrantConsent(caseId, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity"]);
        var recordId = await cpvs.AddRecord(caseId, "health", "Findings recorded at the CPVS.");

        // The CPVS reads its own record; the owner police, legal mission and all, does not.
        var own = await (await cpvs.GetAsync($"/api/v1/cases/{caseId}/records")).Json();
        Assert.Contains(own.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == recordId);
        var byPolice = await (await police.GetAsync($"/api/v1/cases/{caseId}/records")).Json();
        Assert.Empty(byPolice.GetProperty("items").EnumerateArray());
        Assert.Contains("health:consent_required", SharingKit.Withheld(byPolice));
        await (await police.GetAsync($"/api/v1/cases/{caseId}/records/{recordId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // With the victim's consent for health, recorded by the CPVS that holds it (its own record), the parquet reads it.
        await cpvs.GrantConsent(caseId, SharingKit.ToAgency("parquet-bruxelles"), ["health"]);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var byParquet = await (await parquet.GetAsync($"/api/v1/cases/{caseId}/records")).Json();
        Assert.Contains(byParquet.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == recordId);
    }

    [Fact]
    public async Task Perpetrator_support_never_sees_the_victims_contact_whatever_consent_says()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");

        var refused = await police.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new
        {
            recipient = new { agencyCode = "perpetrator-support-praxis" },
            categories = new[] { "identity", "contact" },
            purpose = "follow_up",
            validFrom = DateTimeOffset.UtcNow.AddDays(-1),
            validUntil = DateTimeOffset.UtcNow.AddDays(30),
            obtained = new { how = "written" },
        });
        await refused.AssertValidationProblem("categories");

        await police.GrantConsent(caseId, SharingKit.ToAgency("perpetrator-support-praxis"), ["identity"]);
        await police.GrantConsent(caseId, new System.Text.Json.Nodes.JsonObject { ["agencyKind"] = "perpetrator_support" }, ["identity"]);
        using var praxis = await api.ClientFor("perpetrator-support-praxis");
        var (body, _) = await praxis.GetCase(caseId);
        Assert.Contains("contact:protected_contact", SharingKit.Withheld(body));
        Assert.False(body.GetProperty("victim").TryGetProperty("phone", out _));
        Assert.False(body.GetProperty("victim").TryGetProperty("address", out _));
        Assert.Equal("Amina", body.GetProperty("victim").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task A_confidential_address_goes_only_to_its_recorder_and_the_police_of_the_victims_zone()
    {
        var caseId = await api.OpenCaseAs("sapv-5344", postcode: "1210", confidential: true);

        foreach (var (agency, sees) in new[] { ("sapv-5344", true), ("police-5344", true), ("parquet-bruxelles", false) })
        {
            using var client = await api.ClientFor(agency);
            var (body, _) = await client.GetCase(caseId);
            Assert.True(sees == body.GetProperty("victim").TryGetProperty("address", out _), $"{agency} address visibility");
            Assert.True(sees != SharingKit.Withheld(body).Contains("contact:protected_contact"), $"{agency} withheld");
        }
    }

    [Fact]
    public async Task Internal_notes_never_leave_their_agency()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        var noteId = await police.AddRecord(caseId, "internal_notes", "Colleague to call back tomorrow.");

        foreach (var agency in new[] { "sapv-5344", "parquet-bruxelles" })
        {
            using var other = await api.ClientFor(agency);
            var records = await (await other.GetAsync($"/api/v1/cases/{caseId}/records")).Json();
            Assert.DoesNotContain(records.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == noteId);
            Assert.Contains("internal_notes:never_shared", SharingKit.Withheld(records));
        }
        var own = await (await police.GetAsync($"/api/v1/cases/{caseId}/records")).Json();
        Assert.Contains(own.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == noteId);

        // No consent may carry them.
        var refused = await police.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new
        {
            recipient = new { agencyCode = "cpas-saint-josse" },
            categories = new[] { "internal_notes" },
            purpose = "follow_up",
            validFrom = DateTimeOffset.UtcNow,
            obtained = new { how = "verbal" },
        });
        await refused.AssertValidationProblem("categories[0]");
    }

    [Fact]
    public async Task No_basis_gets_exactly_the_answer_of_a_case_that_does_not_exist()
    {
        var caseId = await api.OpenCaseAs("police-5345", postcode: "2000");
        using var cpas = await api.ClientFor("cpas-saint-josse");

        foreach (var path in new[] { "", "/timeline", "/incidents", "/risk-assessments", "/consents", "/records" })
        {
            var hidden = await (await cpas.GetAsync($"/api/v1/cases/{caseId}{path}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            var missing = await (await cpas.GetAsync($"/api/v1/cases/{Guid.NewGuid()}{path}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            foreach (var member in new[] { "status", "type", "title", "detail" })
            {
                Assert.Equal(missing.GetProperty(member).ToString(), hidden.GetProperty(member).ToString());
            }
        }
    }

    [Fact]
    public async Task Lists_never_reveal_cases_the_caller_cannot_see()
    {
        var hidden = await api.OpenCaseAs("police-5344");
        var consented = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        await police.GrantConsent(consented, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);

        using var cpas = await api.ClientFor("cpas-saint-josse");
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await cpas.GetAsync($"/api/v1/cases?limit=200{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);

        Assert.Contains(consented, ids);
        Assert.DoesNotContain(hidden, ids);
    }

    [Fact]
    public async Task A_revoked_consent_hides_the_case_on_the_next_request_with_the_same_token()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        var consentId = await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["identity", "children"]);
        using var cpas = await api.ClientFor("cpas-saint-josse");

        var (before, _) = await cpas.GetCase(caseId);
        Assert.Equal(["core", "identity", "children"], SharingKit.Visible(before));

        await police.RevokeConsent(caseId, consentId);

        await (await cpas.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task An_expired_consent_opens_nothing()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        await police.GrantConsent(caseId, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity"],
            validFrom: DateTimeOffset.UtcNow.AddDays(-30), validUntil: DateTimeOffset.UtcNow.AddSeconds(-1));
        using var refuge = await api.ClientFor("victim-support-refuge-bruxelles");
        await (await refuge.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task The_consent_ledger_is_append_only()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        var consentId = await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["children"]);
        await police.RevokeConsent(caseId, consentId);

        var ledger = await (await police.GetAsync($"/api/v1/cases/{caseId}/consents")).Json();
        var entry = Assert.Single(ledger.GetProperty("items").EnumerateArray());
        Assert.Equal("revoked", entry.GetProperty("status").GetString());
        Assert.Equal(["children"], entry.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        await (await police.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents/{consentId}/revocation", new { reason = "Again." }))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:consent-already-revoked");

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "UPDATE consent_grants SET categories = ARRAY['social','health'] WHERE id = @id",
            "DELETE FROM consent_revocations WHERE consent_id = @id",
            "DELETE FROM consent_grants WHERE id = @id",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", consentId);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public async Task Every_access_is_on_the_record_with_its_basis_and_denials_too()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await sapv.GetCase(caseId);
        await (await cpas.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        using var ownerReferent = await api.ClientFor("police-5344", "referent");
        // The denial is written after its response: wait briefly for it.
        var log = await AccessLog.DeniedAccesses.WaitForLog(ownerReferent, caseId,
            l => l.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("agencyCode").GetString() == "cpas-saint-josse"));
        var entries = log.GetProperty("items").EnumerateArray().ToList();
        var sapvRead = Assert.Single(entries, e => e.GetProperty("agencyCode").GetString() == "sapv-5344");
        Assert.Equal("permitted", sapvRead.GetProperty("outcome").GetString());
        Assert.Equal("GetCase", sapvRead.GetProperty("operation").GetString());
        Assert.Contains("identity:legal_mission", sapvRead.GetProperty("granted").EnumerateArray().Select(g => g.GetString()));
        Assert.Contains("health:consent_required", sapvRead.GetProperty("withheld").EnumerateArray().Select(g => g.GetString()));
        var denial = Assert.Single(entries, e => e.GetProperty("agencyCode").GetString() == "cpas-saint-josse");
        Assert.Equal("denied", denial.GetProperty("outcome").GetString());
        Assert.DoesNotContain("Amina", log.ToString());

        // The SAPV's dpo sees its own agency's entries only; a plain member of the owner gets 403; a stranger 404.
        using var sapvDpo = await api.ClientFor("sapv-5344", "dpo");
        var own = await (await sapvDpo.GetAsync($"/api/v1/cases/{caseId}/access-log")).Json();
        Assert.All(own.GetProperty("items").EnumerateArray(), e => Assert.Equal("sapv-5344", e.GetProperty("agencyCode").GetString()));
        Assert.NotEmpty(own.GetProperty("items").EnumerateArray());
        using var member = await api.ClientFor("police-5344", "member");
        await (await member.GetAsync($"/api/v1/cases/{caseId}/access-log")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
        using var strangerDpo = await api.ClientFor("police-5345", "dpo");
        await (await strangerDpo.GetAsync($"/api/v1/cases/{caseId}/access-log")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        using var dpo = await api.ClientFor("police-5344", "dpo");
        var verification = await (await dpo.GetAsync($"/api/v1/access-log/verification?caseId={caseId}")).Json();
        Assert.True(verification.GetProperty("intact").GetBoolean());
    }
}
