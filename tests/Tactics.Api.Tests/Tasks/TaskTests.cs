using System.Net;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Tasks;

public sealed class TaskTests(ApiFixture api)
{
    [Fact]
    public async Task Completing_the_task_records_who_told_the_victim_when_and_how()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);
        var contactedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());

        var before = DateTimeOffset.UtcNow;
        var body = CustodyRequests.CompletionBody().With("contactedAt", contactedAt.ToString("O"));
        var task = await (await sapv.CompleteTask(taskId, body)).Json();

        Assert.Equal("completed", task.GetProperty("status").GetString());
        var completion = task.GetProperty("completion");
        Assert.Equal("reached", completion.GetProperty("outcome").GetString());
        Assert.Equal("phone", completion.GetProperty("how").GetString());
        Assert.Equal("Victim informed of the release and its conditions.", completion.GetProperty("note").GetString());
        Assert.Equal("user-of-sapv-5344", completion.GetProperty("completedBy").GetString());
        Assert.Equal("sapv-5344", completion.GetProperty("completedByAgency").GetString());
        Assert.Equal(contactedAt, completion.GetProperty("contactedAt").GetDateTimeOffset());
        Assert.InRange(completion.GetProperty("completedAt").GetDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(task.ToString(), (await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json()).ToString());
        Assert.Contains(taskId, await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=completed"));
        Assert.DoesNotContain(taskId, await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=open"));
        Assert.DoesNotContain(taskId, await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=overdue"));
        await (await sapv.CompleteTask(taskId, CustodyRequests.CompletionBody("declined"))).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:task-already-completed");
    }

    [Fact]
    public async Task Only_the_assignee_completes_a_task_and_others_never_learn_of_it()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);

        // The parquet whose release raised the task reads it but does not complete it.
        await (await parquet.CompleteTask(taskId, CustodyRequests.CompletionBody())).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:task-not-assigned-to-caller");
        // The zone's police hears of the task only once it escalated (DESIGN.md, "Side records are case data too").
        foreach (var agency in new[] { "police-5344", "sapv-5339", "cpas-saint-josse" })
        {
            using var client = await api.ClientFor(agency);
            await (await client.CompleteTask(taskId, CustodyRequests.CompletionBody())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await client.GetAsync($"/api/v1/tasks/{taskId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
    }

    [Theory]
    [InlineData("""{ "how": "phone" }""", "outcome")]
    [InlineData("""{ "outcome": "maybe", "how": "phone" }""", "outcome")]
    [InlineData("""{ "outcome": "unreachable", "how": "phone" }""", "outcome")]
    [InlineData("""{ "outcome": "reached" }""", "how")]
    [InlineData("""{ "outcome": "reached", "how": "pigeon" }""", "how")]
    [InlineData("""{ "outcome": "reached", "how": "phone", "contactedAt": "2999-01-01T00:00:00Z" }""", "contactedAt")]
    public async Task A_completion_is_validated_field_by_field_and_a_refused_one_leaves_the_task_open(string body, string field)
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);

        await (await sapv.CompleteTask(taskId, JsonNode.Parse(body)!)).AssertValidationProblem(field);
        Assert.Equal("open", (await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_completion_replays_its_idempotency_key()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);
        var key = Guid.NewGuid().ToString();

        var first = await sapv.CompleteTask(taskId, CustodyRequests.CompletionBody("declined"), key);
        var replay = await sapv.CompleteTask(taskId, CustodyRequests.CompletionBody("declined"), key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.Json()).ToString(), (await replay.Json()).ToString());
    }

    [Theory]
    [InlineData("?status=late", "status")]
    [InlineData("?assigned=team", "assigned")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?cursor=not-a-cursor!", "cursor")]
    public async Task The_task_list_refuses_unknown_filters(string query, string field)
    {
        using var sapv = await api.ClientFor("sapv-5344");
        await (await sapv.GetAsync($"/api/v1/tasks{query}")).AssertValidationProblem(field);
    }

    [Fact]
    public async Task The_task_list_pages_with_a_cursor_soonest_due_first()
    {
        using var parquet = await api.ClientFor("parquet-antwerpen");
        using var sapv = await api.ClientFor("sapv-5345");
        var body = CaseRequests.OpenCaseBody("Antwerp").With("victim.address.postcode", "2000").With("victim.address.commune", "Antwerpen");
        var opened = await parquet.OpenCase(body);
        var soon = DateTimeOffset.UtcNow.AddDays(400);
        var (_, later) = await parquet.Release(opened.Id, CustodyRequests.ScheduledBody(soon.AddDays(1)));
        var (_, earlier) = await parquet.Release(opened.Id, CustodyRequests.ScheduledBody(soon));

        var all = await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=open");
        Assert.True(all.IndexOf(earlier) < all.IndexOf(later), "soonest due first");
        Assert.True(all.IndexOf(earlier) >= 0);
        var first = await (await sapv.GetAsync("/api/v1/tasks?limit=1")).Json();
        Assert.Single(first.GetProperty("items").EnumerateArray());
        Assert.True(first.TryGetProperty("nextCursor", out _));
    }
}
