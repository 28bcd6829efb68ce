using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Common.Paging;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Tasks;

/// <summary>A task is case data of its category (inform_victim: judicial): never served to an agency that does not see it.</summary>
public sealed class TaskVisibilityTests(ApiFixture api)
{
    [Fact]
    public async Task An_owner_without_judicial_never_learns_of_the_inform_victim_task_of_a_release()
    {
        // The CPAS opened the case: it owns core, identity, contact and children, never judicial.
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var (_, taskId) = await parquet.Release(opened.Id);

        // Its dueAt would give the release time: a 404 as for a task that does not exist.
        var hidden = await (await cpas.GetAsync($"/api/v1/tasks/{taskId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await cpas.GetAsync($"/api/v1/tasks/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        await (await cpas.CompleteTask(taskId, CustodyRequests.CompletionBody())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.DoesNotContain(taskId, await RecordCustodyEventTests.ListedTaskIds(cpas, ""));

        // Nor does its timeline tell of the release or the task.
        var timeline = await (await cpas.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        var types = timeline.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.DoesNotContain("task.assigned", types);
        Assert.DoesNotContain("custody.released", types);
        Assert.DoesNotContain(taskId.ToString(), timeline.ToString());

        // The SAPV of the victim's zone, which sees judicial by legal mission, has it.
        using var sapv = await api.ClientFor("sapv-5344");
        Assert.Equal(HttpStatusCode.OK, (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).StatusCode);
        var sapvTimeline = (await (await sapv.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json()).ToString();
        Assert.Contains("task.assigned", sapvTimeline);
    }

    [Fact]
    public async Task Task_reads_and_completions_are_access_logged_in_the_tasks_category_with_the_basis()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);
        using var sapv = await api.ClientFor("sapv-5344");

        await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json();
        await (await sapv.CompleteTask(taskId, CustodyRequests.CompletionBody())).Json();
        await (await parquet.GetAsync($"/api/v1/tasks/{taskId}")).Json();

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var log = await scope.ServiceProvider.GetRequiredService<TacticsDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.CaseId == opened.Id && (e.Operation == "GetTask" || e.Operation == "CompleteTask"))
            .OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["GetTask:sapv-5344:read", "CompleteTask:sapv-5344:write", "GetTask:parquet-bruxelles:read"],
            log.Select(e => $"{e.Operation}:{e.AgencyCode}:{e.Action}"));
        Assert.All(log, e => Assert.Equal(["judicial:legal_mission"], e.Granted));
        Assert.All(log, e => Assert.Equal("permitted", e.Outcome));
    }

    [Fact]
    public async Task The_task_list_leaves_out_tasks_the_assignee_no_longer_sees_before_paging()
    {
        // Far in the future, a window no other test's task falls in.
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(700 + Random.Shared.Next(0, 300)).ToUnixTimeSeconds());
        using var parquet = await api.ClientFor("parquet-bruxelles");
        using var sapv = await api.ClientFor("sapv-5344");
        var moving = await parquet.OpenCaseIn1210();
        var (_, first) = await parquet.Release(moving.Id, CustodyRequests.ScheduledBody(at));
        var (_, second) = await parquet.Release(moving.Id, CustodyRequests.ScheduledBody(at.AddMinutes(10)));
        var staying = await parquet.OpenCaseIn1210();
        var (_, third) = await parquet.Release(staying.Id, CustodyRequests.ScheduledBody(at.AddMinutes(20)));

        // The victim and the author move to Antwerp: the SAPV of 1210 no longer reaches the first case.
        var (_, etag) = await parquet.GetCase(moving.Id);
        await (await parquet.PatchCase(moving.Id, """
            { "victim": { "address": { "postcode": "2000", "commune": "Antwerpen" } }, "author": { "address": { "postcode": "2000", "commune": "Antwerpen" } } }
            """, etag)).Json();

        var listed = await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=open");
        Assert.DoesNotContain(first, listed);
        Assert.DoesNotContain(second, listed);
        Assert.Contains(third, listed);
        await (await sapv.GetAsync($"/api/v1/tasks/{first}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // A page that starts just before the hidden tasks (due two hours before their release) is the visible one after them,
        // not an empty page with a cursor.
        var justBefore = Cursor.Encode(TimeIdCursor.Key(at.AddHours(-2).AddMinutes(-1), Guid.Empty));
        var page = await (await sapv.GetAsync($"/api/v1/tasks?status=open&limit=1&cursor={justBefore}")).Json();
        Assert.Equal(third, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }
}
