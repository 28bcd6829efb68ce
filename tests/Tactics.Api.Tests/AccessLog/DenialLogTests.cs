using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.AccessLog;

/// <summary>Denials are written after the response, outside the request's transaction: tests wait for them briefly.</summary>
public static class DeniedAccesses
{
    /// <summary>The case's access-log rows, straight from the table.</summary>
    public static async Task<List<AccessLogEntry>> Rows(this ApiFixture api, Guid caseId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TacticsDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.CaseId == caseId).OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>Polls (30 s at most: a full test run queues many denials) until the case has a denial of the agency, and returns it.</summary>
    public static async Task<AccessLogEntry> WaitForDenial(this ApiFixture api, Guid caseId, string agencyCode)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var denial = (await api.Rows(caseId)).FirstOrDefault(e => e.AgencyCode == agencyCode && e.Outcome == "denied");
            if (denial is not null)
            {
                TestContext.Current.SendDiagnosticMessage($"Denial written {(DateTime.UtcNow - deadline.AddSeconds(-30)).TotalMilliseconds:F0} ms into the wait");
                return denial;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No denial of {agencyCode} on the case was written after the response.");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the case's access log as <paramref name="client"/> reads it until <paramref name="found"/> holds.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitForLog(HttpClient client, Guid caseId, Func<System.Text.Json.JsonElement, bool> found)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var log = await (await client.GetAsync($"/api/v1/cases/{caseId}/access-log")).Json();
            if (found(log) || DateTime.UtcNow >= deadline) return log;
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// Denials are logged only for cases that exist, after the response, never in the request's transaction (DESIGN.md, the
/// access-log row of "Side records are case data too"): a random id leaves no chain behind it.
/// </summary>
public sealed class DenialLogTests(ApiFixture api)
{
    [Fact]
    public async Task A_404_on_a_random_id_leaves_no_access_log_row_and_one_on_an_unreachable_case_is_logged_as_a_denial()
    {
        using var owner = await api.ClientFor("police-5344");
        var hidden = (await owner.OpenCase()).Id;
        using var stranger = await api.ClientFor("police-5339");
        var random = Guid.NewGuid();

        await (await stranger.GetAsync($"/api/v1/cases/{random}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await stranger.PatchCase(random, """{ "status": "closed", "closedReason": "Handled elsewhere." }""", "\"x\"")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await stranger.GetAsync($"/api/v1/cases/{hidden}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // Denials are written in the order they were scheduled: once the unreachable case's is there, the random id's were handled.
        var denial = await api.WaitForDenial(hidden, "police-5339");
        Assert.Equal("read", denial.Action);
        Assert.Equal("GetCase", denial.Operation);
        Assert.Empty(denial.Granted);
        Assert.Equal("user-of-police-5339", denial.UserId);
        Assert.Empty(await api.Rows(random));

        // The chain the denial joined still verifies.
        using var dpo = await api.ClientFor("police-5344", "dpo");
        var verification = await (await dpo.GetAsync($"/api/v1/access-log/verification?caseId={hidden}")).Json();
        Assert.True(verification.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_write_denied_on_an_unreachable_case_is_logged_after_the_response()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var stranger = await api.ClientFor("police-5339");

        await (await stranger.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Handled elsewhere." }""", opened.ETag)).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        var denial = await api.WaitForDenial(opened.Id, "police-5339");
        Assert.Equal("write", denial.Action);
        Assert.Equal("denied", denial.Outcome);
    }

    [Fact]
    public async Task A_403_on_a_case_the_caller_reads_but_may_not_act_on_is_logged_as_a_denial()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();

        // The owner police reads its case, but only the competent parquet reads 458bis disclosures.
        await (await owner.GetAsync($"/api/v1/cases/{opened.Id}/disclosures")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");

        var denial = await api.WaitForDenial(opened.Id, "police-5344");
        Assert.Equal("read", denial.Action);
        Assert.Empty(denial.Granted);
    }

    [Fact]
    public async Task A_denial_staged_before_a_stop_is_written_by_the_next_pass_and_one_for_an_id_that_never_existed_leaves_nothing()
    {
        // As if an instance staged two denials and stopped before writing them: the outbox keeps them for the next pass.
        var caseId = await Policy.SharingKit.OpenCaseAs(api, "police-5345", postcode: "2000");
        var random = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
            db.DenialOutbox.AddRange(
                new StagedDenial(caseId, "read", "GetCase", "staged-user", "police-5339", "police", "staged-request", at),
                new StagedDenial(random, "read", "GetCase", "staged-user", "police-5339", "police", "staged-request", at));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        // The next pass: the writer looks at the outbox when a denial is staged (or every 30 s).
        api.Factory.Services.GetRequiredService<Tactics.Api.Sharing.DenialOutbox>().Wake();

        var denial = await api.WaitForDenial(caseId, "police-5339");
        Assert.Equal(("staged-user", "staged-request", "denied"), (denial.UserId, denial.RequestId, denial.Outcome));

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await db.DenialOutbox.AnyAsync(d => d.CaseId == random || d.CaseId == caseId, TestContext.Current.CancellationToken))
            {
                Assert.True(DateTime.UtcNow < deadline, "The staged denials stayed in the outbox.");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
            Assert.False(await db.AccessLog.AnyAsync(e => e.CaseId == random, TestContext.Current.CancellationToken));
            Assert.False(await db.AccessLogChainHeads.AnyAsync(h => h.CaseId == random, TestContext.Current.CancellationToken));
        }
    }
}
