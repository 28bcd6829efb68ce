using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Notifications;

/// <summary>Receivers that fail for a stretch, with time compressed by a fake clock: nothing is lost, attempts keep the schedule.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class RetryScheduleTests(ApiFixture api)
{
    /// <summary>A fake clock at the real time (so the StandardWebhooks verifier accepts the first timestamps), on a whole second.</summary>
    private static FakeTimeProvider Clock() =>
        new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>Asserts the next attempt is due after the schedule's delay for this attempt, within the documented jitter.</summary>
    private static DateTimeOffset AssertScheduled(JsonElement delivery, int failedAttempts, DateTimeOffset failedAt)
    {
        Assert.Equal("retrying", delivery.Status());
        Assert.Equal(failedAttempts, delivery.Attempts());
        var next = delivery.At("nextAttemptAt")!.Value;
        var delay = WebhookRetrySchedule.Delays[failedAttempts - 1];
        Assert.InRange(next - failedAt, delay - TimeSpan.FromMilliseconds(1), delay * (1 + WebhookRetrySchedule.MaxJitter) + TimeSpan.FromMilliseconds(1));
        return next;
    }

    [Fact]
    public async Task A_receiver_answering_503_for_a_stretch_gets_the_event_on_schedule_with_valid_signatures()
    {
        var clock = Clock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour = (_, context) =>
        {
            context.Response.StatusCode = receiver.Requests.Count <= 3 ? 503 : 200;
            return Task.CompletedTask;
        };
        var subscription = await TestSubscription.CreateAsync(api, "health-cpvs-bruxelles", receiver.Url, EventCatalogue.CustodyReleased);
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        var eventId = await host.RaiseAsync(EventCatalogue.CustodyReleased, null, "health-cpvs-bruxelles");

        await host.Pump.RunOnceAsync();
        for (var failed = 1; failed <= 3; failed++)
        {
            var delivery = await subscription.RequiredDelivery(eventId);
            Assert.Equal(503, delivery.GetProperty("lastStatusCode").GetInt32());
            Assert.Equal(clock.GetUtcNow(), delivery.At("lastAttemptAt"));
            var next = AssertScheduled(delivery, failed, clock.GetUtcNow());

            // Not a moment early...
            clock.SetUtcNow(next - TimeSpan.FromMilliseconds(1));
            await host.Pump.RunOnceAsync();
            Assert.Equal(failed, receiver.For(eventId).Count());
            // ...and at once when due.
            clock.SetUtcNow(next);
            await host.Pump.RunOnceAsync();
            Assert.Equal(failed + 1, receiver.For(eventId).Count());
        }

        var done = await subscription.RequiredDelivery(eventId);
        Assert.Equal("delivered", done.Status());
        Assert.Equal(4, done.Attempts());
        Assert.Equal(clock.GetUtcNow(), done.At("deliveredAt"));
        Assert.All(receiver.For(eventId), request =>
        {
            Assert.Equal(eventId, request.Id);
            request.Verify(subscription.Secret);
        });
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task Timeouts_and_refused_connections_are_retried_to_the_last_attempt_then_dead_lettered_and_a_manual_retry_delivers()
    {
        var clock = Clock();
        var receiver = await WebhookReceiver.StartAsync();
        var port = receiver.Port;
        receiver.Behaviour = async (_, context) => await Task.Delay(Timeout.Infinite, context.RequestAborted);
        var subscription = await TestSubscription.CreateAsync(api, "perpetrator-support-praxis", receiver.Url, EventCatalogue.MeasureExpiring);
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        var eventId = await host.RaiseAsync(EventCatalogue.MeasureExpiring, null, "perpetrator-support-praxis");
        var start = clock.GetUtcNow();

        // Attempt 1 hangs until the 15 s attempt timeout (on the application's clock) gives up.
        var first = host.Pump.RunOnceAsync();
        await WebhookReceiver.Eventually(() => receiver.For(eventId).Any(), TimeSpan.FromSeconds(20), "the first attempt reaches the receiver");
        clock.Advance(TimeSpan.FromSeconds(15));
        await first.WaitAsync(TimeSpan.FromSeconds(20));
        var timedOut = await subscription.RequiredDelivery(eventId);
        Assert.Equal("timeout", timedOut.GetProperty("lastError").GetString());
        Assert.Equal(start, timedOut.At("lastAttemptAt"));
        var next = AssertScheduled(timedOut, 1, clock.GetUtcNow());

        // Then the receiver is down: every connection is refused, until the schedule runs out.
        await receiver.DisposeAsync();
        for (var failed = 2; failed <= WebhookRetrySchedule.MaxAttempts; failed++)
        {
            clock.SetUtcNow(next);
            await host.Pump.RunOnceAsync();
            var delivery = await subscription.RequiredDelivery(eventId);
            Assert.Equal("connection_failed", delivery.GetProperty("lastError").GetString());
            Assert.Equal(clock.GetUtcNow(), delivery.At("lastAttemptAt"));
            if (failed < WebhookRetrySchedule.MaxAttempts) next = AssertScheduled(delivery, failed, clock.GetUtcNow());
        }

        var dead = await subscription.RequiredDelivery(eventId);
        Assert.Equal("dead_lettered", dead.Status());
        Assert.Equal(12, dead.Attempts());
        Assert.Null(dead.At("nextAttemptAt"));
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromHours(24), "the schedule spans at least 24 hours");
        clock.Advance(TimeSpan.FromDays(2));
        await host.Pump.RunOnceAsync();
        Assert.Equal(12, (await subscription.RequiredDelivery(eventId)).Attempts());

        // The receiver is back: a manual retry sends the same event, with the same id.
        await using var back = await WebhookReceiver.StartAsync(port);
        var retry = await subscription.Admin.PostAsync($"/api/v1/webhook-subscriptions/{subscription.Id}/deliveries/{dead.GetProperty("id").GetGuid()}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await host.Pump.RunOnceAsync();
        var delivered = await subscription.RequiredDelivery(eventId);
        Assert.Equal("delivered", delivered.Status());
        Assert.Equal(13, delivered.Attempts());
        var received = Assert.Single(back.For(eventId));
        Assert.True(received.IsSignedWith(subscription.Secret));

        var again = await subscription.Admin.PostAsync($"/api/v1/webhook-subscriptions/{subscription.Id}/deliveries/{dead.GetProperty("id").GetGuid()}/retry", null);
        await again.AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:webhook-delivery-not-retryable");
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task Retry_after_is_honoured_in_seconds_and_as_a_date()
    {
        var clock = Clock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour = (_, context) =>
        {
            var count = receiver.Requests.Count;
            context.Response.StatusCode = count <= 2 ? 503 : 200;
            if (count == 1) context.Response.Headers.RetryAfter = "120";
            if (count == 2) context.Response.Headers.RetryAfter = (clock.GetUtcNow() + TimeSpan.FromMinutes(10)).ToString("r");
            return Task.CompletedTask;
        };
        var subscription = await TestSubscription.CreateAsync(api, "cpas-saint-josse", receiver.Url, EventCatalogue.TaskAssigned);
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        var eventId = await host.RaiseAsync(EventCatalogue.TaskAssigned, null, "cpas-saint-josse");

        await host.Pump.RunOnceAsync();
        var afterSeconds = await subscription.RequiredDelivery(eventId);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(120), afterSeconds.At("nextAttemptAt"));

        clock.SetUtcNow(afterSeconds.At("nextAttemptAt")!.Value);
        await host.Pump.RunOnceAsync();
        var afterDate = await subscription.RequiredDelivery(eventId);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(10), afterDate.At("nextAttemptAt"));

        clock.SetUtcNow(afterDate.At("nextAttemptAt")!.Value);
        await host.Pump.RunOnceAsync();
        Assert.Equal("delivered", (await subscription.RequiredDelivery(eventId)).Status());
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task A_410_disables_the_subscription_and_dead_letters_its_pending_deliveries()
    {
        var clock = Clock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour = (_, context) =>
        {
            context.Response.StatusCode = receiver.Requests.Count == 1 ? 503 : 410;
            return Task.CompletedTask;
        };
        var subscription = await TestSubscription.CreateAsync(api, "victim-support-refuge-bruxelles", receiver.Url, EventCatalogue.CaseRiskRaised);
        await using var host = DispatcherHost.Start(api, loop: false, clock);

        var waiting = await host.RaiseAsync(EventCatalogue.CaseRiskRaised, null, "victim-support-refuge-bruxelles");
        await host.Pump.RunOnceAsync();
        Assert.Equal("retrying", (await subscription.RequiredDelivery(waiting)).Status());

        var gone = await host.RaiseAsync(EventCatalogue.CaseRiskRaised, null, "victim-support-refuge-bruxelles");
        await host.Pump.RunOnceAsync();

        var goneDelivery = await subscription.RequiredDelivery(gone);
        Assert.Equal("dead_lettered", goneDelivery.Status());
        Assert.Equal(410, goneDelivery.GetProperty("lastStatusCode").GetInt32());
        var waitingDelivery = await subscription.RequiredDelivery(waiting);
        Assert.Equal("dead_lettered", waitingDelivery.Status());
        Assert.Equal("subscription_disabled", waitingDelivery.GetProperty("lastError").GetString());
        var disabled = await subscription.Get();
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        Assert.Equal("gone", disabled.GetProperty("disabledReason").GetString());

        // Nothing more goes to it, and it cannot be retried into a receiver that asked to be left alone.
        clock.Advance(TimeSpan.FromHours(1));
        var later = await host.RaiseAsync(EventCatalogue.CaseRiskRaised, null, "victim-support-refuge-bruxelles");
        await host.Pump.RunOnceAsync();
        Assert.Null(await subscription.Delivery(later));
        Assert.Equal(2, receiver.Requests.Count(r => r.Id == waiting || r.Id == gone));
        var retry = await subscription.Admin.PostAsync($"/api/v1/webhook-subscriptions/{subscription.Id}/deliveries/{waitingDelivery.GetProperty("id").GetGuid()}/retry", null);
        await retry.AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:webhook-subscription-disabled");
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task A_receiver_deduplicating_on_webhook_id_applies_an_event_once_when_its_2xx_was_lost()
    {
        var clock = Clock();
        var applied = new List<string>();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour = (request, context) =>
        {
            var firstTime = !applied.Contains(request.Id);
            if (firstTime) applied.Add(request.Id);
            if (receiver.Requests.Count == 1)
            {
                context.Abort(); // applied, but the 2xx never reaches the sender
                return Task.CompletedTask;
            }
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        };
        var subscription = await TestSubscription.CreateAsync(api, "parquet-antwerpen", receiver.Url, EventCatalogue.DecisionRecorded);
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        var eventId = await host.RaiseAsync(EventCatalogue.DecisionRecorded, null, "parquet-antwerpen");

        await host.Pump.RunOnceAsync();
        var lost = await subscription.RequiredDelivery(eventId);
        clock.SetUtcNow(AssertScheduled(lost, 1, clock.GetUtcNow()));
        await host.Pump.RunOnceAsync();

        Assert.Equal(2, receiver.For(eventId).Count());
        Assert.Equal([eventId], applied);
        Assert.Equal("delivered", (await subscription.RequiredDelivery(eventId)).Status());
        Assert.All(receiver.For(eventId), request => request.Verify(subscription.Secret));
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task During_a_secret_rotation_deliveries_verify_with_both_secrets_then_only_with_the_new_one()
    {
        var clock = Clock();
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "sapv-5345", receiver.Url, EventCatalogue.CaseOpened);
        var rotation = await subscription.Admin.PostAsync($"/api/v1/webhook-subscriptions/{subscription.Id}/secret-rotation", null);
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        var rotated = await rotation.Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(subscription.Secret, newSecret);
        var overlapEnds = rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        await using var host = DispatcherHost.Start(api, loop: false, clock);

        var during = await host.RaiseAsync(EventCatalogue.CaseOpened, null, "sapv-5345");
        await host.Pump.RunOnceAsync();
        var both = Assert.Single(receiver.For(during));
        Assert.Equal(2, both.Signature.Split(' ').Distinct().Count());
        both.Verify(subscription.Secret);
        both.Verify(newSecret);

        clock.SetUtcNow(overlapEnds + TimeSpan.FromSeconds(1));
        var after = await host.RaiseAsync(EventCatalogue.CaseOpened, null, "sapv-5345");
        await host.Pump.RunOnceAsync();
        var single = Assert.Single(receiver.For(after));
        Assert.Single(single.Signature.Split(' '));
        Assert.True(single.IsSignedWith(newSecret));
        Assert.False(single.IsSignedWith(subscription.Secret));
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task The_receiver_address_is_checked_again_at_delivery_time()
    {
        // Subscribed where loopback was allowed; delivered by an instance that allows it no more (as if DNS had changed).
        var clock = Clock();
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "coordination-olista", receiver.Url, EventCatalogue.ReferralReceived);
        await using var strict = DispatcherHost.Start(api, loop: false, clock, new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:AllowLoopback"] = "false",
        });
        var eventId = await strict.RaiseAsync(EventCatalogue.ReferralReceived, null, "coordination-olista");

        await strict.Pump.RunOnceAsync();

        Assert.Empty(receiver.For(eventId));
        var refused = await subscription.RequiredDelivery(eventId);
        Assert.Equal("address_refused", refused.GetProperty("lastError").GetString());
        AssertScheduled(refused, 1, clock.GetUtcNow());
        await subscription.DeleteAsync();
    }

    [Fact]
    public async Task A_failing_receiver_host_opens_its_own_circuit_only()
    {
        var clock = Clock();
        await using var failing = await WebhookReceiver.StartAsync();
        failing.Behaviour = (_, context) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        };
        await using var healthy = await WebhookReceiver.StartAsync();
        var broken = await TestSubscription.CreateAsync(api, "justice-house-bruxelles", failing.Url, EventCatalogue.MeasureLifted);
        var working = await TestSubscription.CreateAsync(api, "justice-house-bruxelles", healthy.Url, EventCatalogue.MeasureLifted);
        await using var host = DispatcherHost.Start(api, loop: false, clock, new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:CircuitBreakerMinimumThroughput"] = "2",
        });

        var first = await host.RaiseAsync(EventCatalogue.MeasureLifted, null, "justice-house-bruxelles");
        var second = await host.RaiseAsync(EventCatalogue.MeasureLifted, null, "justice-house-bruxelles");
        await host.Pump.RunOnceAsync();
        Assert.Equal(2, failing.Requests.Count(r => r.Id == first || r.Id == second));

        // The failing host's circuit is open: the next attempt is refused before it is sent, and scheduled like any failure.
        var third = await host.RaiseAsync(EventCatalogue.MeasureLifted, null, "justice-house-bruxelles");
        await host.Pump.RunOnceAsync();
        Assert.Empty(failing.For(third));
        var shortCircuited = await broken.RequiredDelivery(third);
        Assert.Equal("circuit_open", shortCircuited.GetProperty("lastError").GetString());
        AssertScheduled(shortCircuited, 1, clock.GetUtcNow());

        // Another receiver is another circuit.
        Assert.Single(healthy.For(third));
        Assert.Equal("delivered", (await working.RequiredDelivery(third)).Status());
        await broken.DeleteAsync();
        await working.DeleteAsync();
    }
}
