using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.AccessLog;

public sealed class AccessLogChainTests(ApiFixture api)
{
    private async Task AppendAsync(Guid caseId, int count, string agency = "police-5344")
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", "agent-1"), new Claim("agency", agency), new Claim("agency_kind", "police")], "test")),
        };
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<Sharing.AccessLog>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < count; i++)
            {
                await log.RecordAsync(new AccessRecord(caseId, SharingAction.Read, "GetCaseQuery", true,
                    new Dictionary<DataCategory, SharingBasis> { [DataCategory.Core] = SharingBasis.LegalMission, [DataCategory.Facts] = SharingBasis.LegalMission },
                    new Dictionary<DataCategory, WithheldReason> { [DataCategory.Health] = WithheldReason.ConsentRequired }), CancellationToken.None);
            }
            await transaction.CommitAsync();
        });
    }

    private async Task<JsonElement> VerifyAsync(Guid caseId)
    {
        using var dpo = await api.ClientFor("police-5344", "dpo");
        var response = await dpo.GetAsync($"/api/v1/access-log/verification?caseId={caseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJson<JsonElement>());
    }

    /// <summary>A case the verifying dpo's agency (police-5344) owns: its chain starts with the entry of its opening.</summary>
    private Task<Guid> OwnedCaseAsync() => api.OpenCaseAs("police-5344");

    [Fact]
    public async Task Entries_of_a_case_are_chained_and_verify()
    {
        var caseId = await OwnedCaseAsync();
        await AppendAsync(caseId, 3);
        await AppendAsync(caseId, 2, agency: "sapv-5344");

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<TacticsDbContext>().AccessLog
            .Where(e => e.CaseId == caseId).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([1L, 2, 3, 4, 5, 6], entries.Select(e => e.Sequence));
        Assert.Equal(Domain.Audit.AccessLogEntry.GenesisHash, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++) Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        Assert.Equal(["core:legal_mission", "facts:legal_mission"], entries[1].Granted);
        Assert.Equal(["health:consent_required"], entries[1].Withheld);

        var verification = await VerifyAsync(caseId);
        Assert.True(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(6, verification.GetProperty("entriesChecked").GetInt64());
    }

    [Fact]
    public async Task Concurrent_readers_of_one_case_never_fork_its_chain()
    {
        var caseId = await OwnedCaseAsync();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AppendAsync(caseId, 2)));

        var verification = await VerifyAsync(caseId);
        Assert.True(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(13, verification.GetProperty("entriesChecked").GetInt64());
    }

    [Theory]
    [InlineData("UPDATE access_log SET agency_code = 'x' WHERE case_id = @case")]
    [InlineData("DELETE FROM access_log WHERE case_id = @case")]
    [InlineData("TRUNCATE access_log")]
    public async Task The_applications_role_cannot_update_delete_or_truncate_the_log(string sql)
    {
        var caseId = Guid.NewGuid();
        await AppendAsync(caseId, 1);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("case", caseId);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Verification_reports_the_first_edited_entry()
    {
        var caseId = await OwnedCaseAsync();
        await AppendAsync(caseId, 4);

        // Someone with the owner's rights lifts the protections and edits entry 2 behind the API's back.
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("""
                BEGIN;
                GRANT UPDATE ON access_log TO CURRENT_USER;
                ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_or_delete;
                UPDATE access_log SET agency_code = 'police-5345' WHERE case_id = @case AND sequence = 2;
                ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_or_delete;
                REVOKE UPDATE ON access_log FROM CURRENT_USER;
                COMMIT;
                """, connection);
            tamper.Parameters.AddWithValue("case", caseId);
            await tamper.ExecuteNonQueryAsync();
        }

        var verification = await VerifyAsync(caseId);
        Assert.False(verification.GetProperty("intact").GetBoolean());
        var broken = verification.GetProperty("firstBrokenLink");
        Assert.Equal(caseId, broken.GetProperty("caseId").GetGuid());
        Assert.Equal(2, broken.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task A_dpo_verifies_only_the_cases_its_agency_owns()
    {
        // A case another agency owns, that this agency's police reached: its dpo may not verify (nor count) its chain.
        var theirs = await api.OpenCaseAs("sapv-5344");
        await AppendAsync(theirs, 3);
        using var dpo = await api.ClientFor("police-5344", "dpo");
        var hidden = await (await dpo.GetAsync($"/api/v1/access-log/verification?caseId={theirs}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await dpo.GetAsync($"/api/v1/access-log/verification?caseId={Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());

        // Without caseId: every case its agency owns, and no other's entries in the count.
        var mine = await OwnedCaseAsync();
        await AppendAsync(mine, 2);
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var response = await dpo.GetAsync("/api/v1/access-log/verification");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = await response.ReadJson<JsonElement>();
        // Entries of a tampered case of another test may stop the walk early; an intact walk counts exactly the owned cases' entries.
        if (all.GetProperty("intact").GetBoolean())
        {
            var owned = db.Cases.Where(c => c.OwnerAgency == "police-5344").Select(c => c.Id);
            var ownedEntries = await db.AccessLog.CountAsync(e => owned.Contains(e.CaseId));
            var everyEntry = await db.AccessLog.CountAsync();
            Assert.True(all.GetProperty("entriesChecked").GetInt64() <= ownedEntries);
            Assert.True(all.GetProperty("entriesChecked").GetInt64() < everyEntry);
        }
        else
        {
            var broken = all.GetProperty("firstBrokenLink").GetProperty("caseId").GetGuid();
            Assert.True(await db.Cases.AnyAsync(c => c.Id == broken && c.OwnerAgency == "police-5344"));
        }
        // The other agency's dpo verifies its own case.
        using var theirDpo = await api.ClientFor("sapv-5344", "dpo");
        var verified = await (await theirDpo.GetAsync($"/api/v1/access-log/verification?caseId={theirs}")).ReadJson<JsonElement>();
        Assert.Equal(4, verified.GetProperty("entriesChecked").GetInt64());
    }

    [Fact]
    public async Task Only_a_dpo_may_verify_the_log()
    {
        using var member = await api.ClientFor("police-5344", "member", "referent");
        await (await member.GetAsync("/api/v1/access-log/verification")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
    }
}
