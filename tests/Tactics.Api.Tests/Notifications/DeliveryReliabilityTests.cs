using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Outbox;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Sharing;

using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Notifications;

/// <summary>Nothing is lost and nothing is sent that did not happen: the outbox, the dispatcher and the restarts.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class DeliveryReliabilityTests(ApiFixture api)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_rolled_back_change_sends_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "parquet-antwerpen", receiver.Url, EventCatalogue.CustodyReleased);
        await using var host = DispatcherHost.Start(api, loop: false);

        string rolledBack = "";
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                rolledBack = scope.ServiceProvider.GetRequiredService<IEventOutbox>().Raise(EventCatalogue.CustodyReleased, null, recipientAgencyCodes: ["parquet-antwerpen"]);
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
        }
        var committed = await host.RaiseAsync(EventCatalogue.CustodyReleased, null, "parquet-antwerpen");

        await host.Pump.RunOnceAsync();

        Assert.Single(receiver.For(committed));
        Assert.Empty(receiver.For(rolledBack));
        await using var check = host.Factory.Services.CreateAsyncScope();
        var store = check.ServiceProvider.GetRequiredService<TacticsDbContext>();
        Assert.False(await store.OutboxEvents.AnyAsync(e => e.Id == rolledBack));
        Assert.False(await store.Notifications.AnyAsync(n => n.EventId == rolledBack));
        Assert.False(await store.WebhookDeliveries.AnyAsync(d => d.EventId == rolledBack));
        Assert.True(await store.Notifications.AnyAsync(n => n.EventId == committed && n.AgencyCode == "parquet-antwerpen"));
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task An_event_committed_while_no_dispatcher_runs_is_delivered_by_the_next_instance_that_starts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "sapv-5345", receiver.Url, EventCatalogue.CustodyReleased);
        // A case in Antwerp: a release reaches the SAPV where the victim lives.
        var caseId = await api.OpenCaseAs("police-5345", "2000");

        // The instance that committed the change dies before any dispatcher sees the event.
        string eventId;
        await using (var dying = DispatcherHost.Start(api, loop: false))
        {
            eventId = await dying.RaiseAsync(EventCatalogue.CustodyReleased, caseId, "sapv-5345");
        }
        await Task.Delay(500);
        Assert.Empty(receiver.For(eventId));

        await using var restarted = DispatcherHost.Start(api, loop: true);
        await WebhookReceiver.Eventually(() => receiver.For(eventId).Any(), Patience, "the restarted dispatcher delivers the committed event");

        var delivered = Assert.Single(receiver.For(eventId));
        delivered.Verify(subscription.Secret);
        var payload = JsonDocument.Parse(delivered.Body).RootElement;
        Assert.Equal(["id", "type", "timestamp", "data"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(eventId, payload.GetProperty("id").GetString());
        Assert.Equal("custody.released", payload.GetProperty("type").GetString());
        Assert.Equal(["caseId"], payload.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(caseId, payload.GetProperty("data").GetProperty("caseId").GetGuid());

        using var inbox = await api.ClientFor("sapv-5345");
        var page = await inbox.GetFromJsonAsync<JsonElement>("/api/v1/notifications?type=custody.released&limit=200");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), n => n.GetProperty("eventId").GetString() == eventId);
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_each_event_once_per_subscription()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await TestSubscription.CreateAsync(api, "police-5345", receiver.Url, EventCatalogue.MeasureImposed);
        await using var otherReceiver = await WebhookReceiver.StartAsync();
        var second = await TestSubscription.CreateAsync(api, "police-5345", otherReceiver.Url, EventCatalogue.MeasureImposed);
        await using var one = DispatcherHost.Start(api, loop: true);
        await using var two = DispatcherHost.Start(api, loop: true);

        var events = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            events.Add(await (i % 2 == 0 ? one : two).RaiseAsync(EventCatalogue.MeasureImposed, null, "police-5345"));
        }

        await WebhookReceiver.Eventually(() => events.All(e => receiver.For(e).Any() && otherReceiver.For(e).Any()), Patience,
            "every event reaches both subscriptions");
        await Task.Delay(1000); // a double delivery would land now
        Assert.All(events, e =>
        {
            Assert.Single(receiver.For(e));
            Assert.Single(otherReceiver.For(e));
        });
        await using var scope = one.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        Assert.Equal(events.Count, await db.Notifications.CountAsync(n => events.Contains(n.EventId)));
        await first.DeleteAsync();
        await second.DeleteAsync();
    }

    [Fact]
    public async Task One_slow_receiver_does_not_delay_another()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource();
        slow.Behaviour = async (_, context) =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            context.Response.StatusCode = 200;
        };
        await using var fast = await WebhookReceiver.StartAsync();
        var slowSubscription = await TestSubscription.CreateAsync(api, "justice-house-bruxelles", slow.Url, EventCatalogue.CustodyReleaseScheduled);
        var fastSubscription = await TestSubscription.CreateAsync(api, "coordination-olista", fast.Url, EventCatalogue.CustodyReleaseScheduled);
        await using var host = DispatcherHost.Start(api, loop: true);

        var toSlow = await host.RaiseAsync(EventCatalogue.CustodyReleaseScheduled, null, "justice-house-bruxelles");
        await WebhookReceiver.Eventually(() => slow.For(toSlow).Any(), Patience, "the slow receiver gets its request");
        var toFast = await host.RaiseAsync(EventCatalogue.CustodyReleaseScheduled, null, "coordination-olista");

        await WebhookReceiver.Eventually(() => fast.For(toFast).Any(), TimeSpan.FromSeconds(5),
            "the fast receiver is served while the slow one still holds its request");
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        await WebhookReceiver.Eventually(() => host.Pump.InFlight == 0, Patience, "the slow attempt completes");
        Assert.Equal("delivered", (await slowSubscription.RequiredDelivery(toSlow)).Status());
        Assert.Equal("delivered", (await fastSubscription.RequiredDelivery(toFast)).Status());
        await slowSubscription.DeleteAsync();
        await fastSubscription.DeleteAsync();
    }
}
