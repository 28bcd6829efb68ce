using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Tasks.Deadlines;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Custody;

/// <summary>
/// The flagship flow: a release reaches the victim's zone and its SAPV, gives the SAPV a task, and the task escalates
/// when not done in time. These tests run dispatchers and a deadline monitor over the shared database, so they share
/// the dispatcher collection (one at a time) and look only at their own case's events.
/// </summary>
[Collection(DispatcherCollection.Name)]
public sealed class ReleaseChainTests(ApiFixture api)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A fake clock at the real time, on a whole second (tokens and webhook timestamps stay valid).</summary>
    private static FakeTimeProvider Clock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private async Task<HttpClient> ClientOf(DispatcherHost host, string agency)
    {
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await api.TokenFor(agency));
        return client;
    }

    private async Task<List<OutboxProbe.RaisedEvent>> Escalations(Guid caseId, Guid taskId) =>
        [.. (await api.EventsOf(caseId)).Where(e => e.Type == EventCatalogue.TaskEscalated && e.Data["taskId"] == taskId.ToString())];

    [Fact]
    public async Task A_release_reaches_the_police_zone_and_the_sapv_of_the_victims_address_who_do_not_follow_the_case_with_ids_only()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "sapv-5344", receiver.Url, EventCatalogue.CustodyReleased, EventCatalogue.TaskAssigned);
        await using var host = DispatcherHost.Start(api, loop: true);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var lastName = $"Victim{Guid.NewGuid():N}"[..16];
        var opened = await parquet.OpenCase(CaseRequests.OpenCaseBody(lastName));

        var (custody, taskId) = await parquet.Release(opened.Id);

        bool Mine(ReceivedWebhook hook) => hook.Body.Contains(opened.Id.ToString(), StringComparison.Ordinal);
        await WebhookReceiver.Eventually(() => receiver.Requests.Count(Mine) >= 2, Patience, "the SAPV's receiver gets the release and its task");
        var hooks = receiver.Requests.Where(Mine).ToList();
        Assert.Equal(["custody.released", "task.assigned"], hooks.Select(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("type").GetString()).Order());
        foreach (var hook in hooks)
        {
            hook.Verify(subscription.Secret);
            var payload = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal(["id", "type", "timestamp", "data"], payload.EnumerateObject().Select(p => p.Name));
            Assert.Equal(hook.Id, payload.GetProperty("id").GetString());
            // Ids only: every data member is an id, and nothing of the victim travels.
            Assert.All(payload.GetProperty("data").EnumerateObject(), member =>
            {
                Assert.Contains(member.Name, new[] { "caseId", "custodyEventId", "taskId" });
                Assert.True(Guid.TryParse(member.Value.GetString(), out _), $"{member.Name} is an id");
            });
            foreach (var personal in new[] { lastName, "Amina", "Marc", "Limite", "1210", "Saint-Josse", "+3247", "90041712324", "noContact", "500" })
            {
                Assert.DoesNotContain(personal, hook.Body, StringComparison.OrdinalIgnoreCase);
            }
        }
        var release = JsonDocument.Parse(hooks.Single(h => h.Body.Contains("custody.released")).Body).RootElement.GetProperty("data");
        Assert.Equal(custody.GetProperty("id").GetGuid(), release.GetProperty("custodyEventId").GetGuid());
        Assert.Equal(taskId, release.GetProperty("taskId").GetGuid());

        // Both inboxes of the zone, though neither follows nor owns the case; the task only to its assignee.
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        await WebhookReceiver.Eventually(() => police.InboxItems(opened.Id, EventCatalogue.CustodyReleased).Result.Count == 1, Patience, "police-5344's inbox");
        Assert.Single(await sapv.InboxItems(opened.Id, EventCatalogue.CustodyReleased));
        Assert.Single(await sapv.InboxItems(opened.Id, EventCatalogue.TaskAssigned));
        Assert.Empty(await police.InboxItems(opened.Id, EventCatalogue.TaskAssigned));
        using var otherZone = await api.ClientFor("police-5339");
        Assert.Empty(await otherZone.InboxItems(opened.Id, EventCatalogue.CustodyReleased));
        var item = Assert.Single(await police.InboxItems(opened.Id, EventCatalogue.CustodyReleased));
        Assert.Equal("judicial", item.GetProperty("category").GetString());
        Assert.DoesNotContain(lastName, item.ToString());
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task An_inform_victim_task_not_completed_in_time_escalates_once_to_the_zone_police_and_the_case_owner()
    {
        var clock = Clock();
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        using var parquet = await ClientOf(host, "parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);
        using var sapv = await ClientOf(host, "sapv-5344");
        var due = (await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json()).GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(2), due);
        var monitor = host.Factory.Services.GetRequiredService<DeadlineMonitor>();

        // Not a moment early...
        clock.SetUtcNow(due - TimeSpan.FromMilliseconds(1));
        await monitor.RunOnceAsync();
        Assert.Empty(await Escalations(opened.Id, taskId));
        // ...at once when due, and only once however often the monitor passes.
        clock.SetUtcNow(due);
        await monitor.RunOnceAsync();
        clock.Advance(TimeSpan.FromMinutes(30));
        await monitor.RunOnceAsync();
        var escalation = Assert.Single(await Escalations(opened.Id, taskId));
        Assert.Equal(new Dictionary<string, string> { ["caseId"] = opened.Id.ToString(), ["taskId"] = taskId.ToString() }, escalation.Data);
        Assert.Equal(due, escalation.OccurredAt);

        await host.Pump.RunOnceAsync();
        // The assignee, the agency escalated to and the owner, each seeing judicial.
        Assert.Equal(["parquet-bruxelles", "police-5344", "sapv-5344"], await api.InboxesOf(escalation.Id));
        var task = await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json();
        Assert.Equal("overdue", task.GetProperty("status").GetString());
        Assert.Equal(due, task.GetProperty("escalatedAt").GetDateTimeOffset());
        Assert.Contains(taskId, await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=overdue"));

        // Once escalated, the zone's police may tell the victim itself.
        using var police = await ClientOf(host, "police-5344");
        var done = await (await police.CompleteTask(taskId, CustodyRequests.CompletionBody())).Json();
        Assert.Equal("police-5344", done.GetProperty("completion").GetProperty("completedByAgency").GetString());
    }

    [Fact]
    public async Task Completing_the_task_in_time_stops_its_escalation()
    {
        var clock = Clock();
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        using var parquet = await ClientOf(host, "parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);
        using var sapv = await ClientOf(host, "sapv-5344");
        var completed = await (await sapv.CompleteTask(taskId, CustodyRequests.CompletionBody())).Json();
        Assert.Equal(clock.GetUtcNow(), completed.GetProperty("completion").GetProperty("completedAt").GetDateTimeOffset());

        clock.Advance(TimeSpan.FromHours(3));
        await host.Factory.Services.GetRequiredService<DeadlineMonitor>().RunOnceAsync();

        Assert.Empty(await Escalations(opened.Id, taskId));
        var task = await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json();
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.False(task.TryGetProperty("escalatedAt", out _));
    }

    [Fact]
    public async Task Two_monitors_on_one_database_escalate_a_task_once()
    {
        var clock = Clock();
        await using var one = DispatcherHost.Start(api, loop: false, clock);
        await using var two = DispatcherHost.Start(api, loop: false, clock);
        using var parquet = await ClientOf(one, "parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);

        clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(
            one.Factory.Services.GetRequiredService<DeadlineMonitor>().RunOnceAsync(),
            two.Factory.Services.GetRequiredService<DeadlineMonitor>().RunOnceAsync(),
            one.Factory.Services.GetRequiredService<DeadlineMonitor>().RunOnceAsync());

        Assert.Single(await Escalations(opened.Id, taskId));
    }

    [Fact]
    public async Task A_rolled_back_release_sends_nothing()
    {
        await using var failing = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        }, services => services.AddSingleton<IInterceptor, FailAfterSavingCustody>());
        using var broken = failing.CreateClient();
        broken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await api.TokenFor("parquet-bruxelles"));
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();

        // The release, its task and its events were written, then the transaction failed: all of it rolls back.
        var response = await broken.PostCustodyEvent(opened.Id, CustodyRequests.ReleasedBody());
        await response.AssertProblem(HttpStatusCode.InternalServerError, "urn:tactics:problem:internal");

        await using var host = DispatcherHost.Start(api, loop: false);
        await host.Pump.RunOnceAsync();
        Assert.Equal(["case.opened"], (await api.EventsOf(opened.Id)).Select(e => e.Type));
        Assert.Equal(opened.ETag, (await parquet.GetCase(opened.Id)).ETag);
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
            Assert.False(await db.CustodyEvents.AnyAsync(e => e.CaseId == opened.Id));
            Assert.False(await db.Tasks.AnyAsync(t => t.CaseId == opened.Id));
            // The owner hears of its case's opening (it sees core); of the rolled-back release, no one hears.
            Assert.False(await db.Notifications.AnyAsync(n => n.CaseId == opened.Id && n.Type != EventCatalogue.CaseOpened));
        }

        // The same release, committed this time, reaches the zone.
        await parquet.Release(opened.Id);
        await host.Pump.RunOnceAsync();
        using var police = await api.ClientFor("police-5344");
        Assert.Single(await police.InboxItems(opened.Id, EventCatalogue.CustodyReleased));
    }

    /// <summary>Fails a save that wrote a custody event, after its rows reached the database and before the commit.</summary>
    private sealed class FailAfterSavingCustody : SaveChangesInterceptor
    {
        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<CustodyEvent>().Any()
                ? throw new InvalidOperationException("Simulated failure between the writes and the commit.")
                : ValueTask.FromResult(result);
    }
}
