using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Webhooks.Delivery;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Dispatch;

/// <summary>
/// The dispatcher's work, in passes any number of instances can run on one database:
/// (1) claim unprocessed outbox rows (<c>FOR UPDATE SKIP LOCKED</c>, in one transaction with everything they
/// produce), write one inbox notification per recipient agency and one delivery per matching active subscription,
/// mark the rows processed; (2) claim due deliveries under a lease and send each concurrently, recording the outcome.
/// </summary>
public sealed class NotificationPump(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    TimeProvider time,
    IOptionsMonitor<NotificationOptions> options,
    ILogger<NotificationPump> logger)
{
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();

    private DispatcherOptions Settings => options.CurrentValue.Dispatcher;

    public int InFlight => _inFlight.Count;

    /// <summary>One pass of both stages, waiting for the attempts it started: tests drive the dispatcher with it.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        while (await DispatchOutboxAsync(cancellationToken) > 0)
        {
        }
        await StartDueDeliveriesAsync(cancellationToken);
        await WhenIdleAsync();
    }

    /// <summary>Waits for every attempt in flight.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_inFlight.Values);

    /// <summary>Dispatches one batch of outbox rows; returns how many were claimed.</summary>
    public async Task<int> DispatchOutboxAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DispatchBatchAsync(Settings.OutboxBatchSize, null, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One bad event must not hold back the others: retry the batch one event at a time.
            logger.LogWarning("Outbox batch failed with {ExceptionType}; dispatching one event at a time", exception.GetType().Name);
            var dispatched = 0;
            for (var i = 0; i < Settings.OutboxBatchSize; i++)
            {
                string? claimed = null;
                try
                {
                    if (await DispatchBatchAsync(1, id => claimed = id, cancellationToken) == 0) break;
                    dispatched++;
                }
                catch (Exception single) when (single is not OperationCanceledException && claimed is not null)
                {
                    logger.LogError("Event {EventId} could not be dispatched ({ExceptionType}); postponed", claimed, single.GetType().Name);
                    await PostponeAsync(claimed, cancellationToken);
                }
            }
            return dispatched;
        }
    }

    private async Task<int> DispatchBatchAsync(int batchSize, Action<string>? onClaimed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var recipients = scope.ServiceProvider.GetRequiredService<IEventRecipients>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var events = await db.OutboxEvents.FromSql($"""
                SELECT * FROM outbox_events
                WHERE processed_at IS NULL AND (dispatch_after IS NULL OR dispatch_after <= {now})
                ORDER BY occurred_at, id
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (events.Count == 0) return 0;

            foreach (var outboxEvent in events) onClaimed?.Invoke(outboxEvent.Id);
            await DispatchAsync(db, recipients, events, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return events.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// Set-based, so a backlog drains fast: recipients of the whole batch at once, then the agencies and the active
    /// subscriptions they name in one query each, and the inbox items and deliveries of every event.
    /// </summary>
    private static async Task DispatchAsync(TacticsDbContext db, IEventRecipients recipients, IReadOnlyList<OutboxEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        var resolved = await recipients.ResolveAsync(events, ct);
        var named = resolved.Values.SelectMany(audience => audience.Agencies).Distinct().ToList();
        // Codes that name no agency are dropped rather than failing the event for everyone else.
        var agencies = (await db.Set<Agency>().Where(a => named.Contains(a.Code)).Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var subscriptions = await db.WebhookSubscriptions
            .Where(s => agencies.Contains(s.AgencyCode) && s.Status == SubscriptionStatus.Active)
            .Select(s => new { s.Id, s.AgencyCode, s.EventTypes })
            .ToListAsync(ct);

        foreach (var outboxEvent in events)
        {
            var audience = resolved.GetValueOrDefault(outboxEvent.Id) ?? new EventAudience([], outboxEvent.Category);
            var recipientsOfEvent = audience.Agencies.Where(agencies.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var agency in recipientsOfEvent)
            {
                db.Notifications.Add(new Notification(Guid.CreateVersion7(now), agency, outboxEvent, audience.Category, now));
            }

            var matching = subscriptions.Where(s => recipientsOfEvent.Contains(s.AgencyCode) && s.EventTypes.Contains(outboxEvent.Type)).ToList();
            if (matching.Count > 0)
            {
                var payload = WebhookPayload.Serialize(outboxEvent);
                foreach (var subscription in matching)
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery(Guid.CreateVersion7(now), subscription.Id, outboxEvent, payload, now));
                }
            }
            outboxEvent.MarkProcessed(now);
        }
    }

    private async Task PostponeAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var after = time.GetUtcNow().AddMinutes(1);
        await db.OutboxEvents.Where(e => e.Id == eventId).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.DispatchFailures, e => e.DispatchFailures + 1)
            .SetProperty(e => e.DispatchAfter, after), cancellationToken);
    }

    /// <summary>
    /// Claims due deliveries, batch after batch while free slots remain and full batches come back, and starts each
    /// attempt; returns how many.
    /// </summary>
    public async Task<int> StartDueDeliveriesAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        while (true)
        {
            var free = Settings.MaxConcurrentDeliveries - _inFlight.Count;
            if (free <= 0) return started;
            var limit = Math.Min(free, Settings.DeliveryBatchSize);
            var claimed = await ClaimDueAsync(limit, cancellationToken);
            foreach (var delivery in claimed)
            {
                var attempt = Task.Run(() => AttemptAsync(delivery, cancellationToken), CancellationToken.None);
                _inFlight[delivery.DeliveryId] = attempt;
                _ = attempt.ContinueWith(_ => _inFlight.TryRemove(delivery.DeliveryId, out var _), TaskScheduler.Default);
            }
            started += claimed.Count;
            if (claimed.Count < limit) return started;
        }
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var now = time.GetUtcNow();
        var lease = now + Settings.DeliveryLease;
        var token = Guid.NewGuid();
        // One statement: lock due rows nobody holds, stamp them with this claim, commit at once; the send happens
        // outside any transaction, and a crashed instance's claim lapses with its lease.
        var ids = await db.Database.SqlQuery<Guid>($"""
            UPDATE webhook_deliveries AS d SET claim_token = {token}, locked_until = {lease}
            FROM (SELECT id FROM webhook_deliveries
                  WHERE status IN ('pending', 'retrying') AND next_attempt_at <= {now}
                    AND (locked_until IS NULL OR locked_until <= {now})
                  ORDER BY next_attempt_at
                  LIMIT {limit}
                  FOR UPDATE SKIP LOCKED) AS due
            WHERE d.id = due.id
            RETURNING d.id AS "Value"
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0) return [];

        var rows = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Join(db.WebhookSubscriptions.AsNoTracking(), d => d.SubscriptionId, s => s.Id, (d, s) => new { Delivery = d, Subscription = s })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row => new ClaimedDelivery(
            row.Delivery.Id, token, row.Subscription.Id, row.Subscription.Status == SubscriptionStatus.Active, row.Subscription.Url,
            row.Subscription.SigningSecrets(now), row.Delivery.EventId, row.Delivery.Payload))];
    }

    private async Task AttemptAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = delivery.SubscriptionActive
                ? await sender.SendAsync(delivery, cancellationToken)
                : null;
            await RecordAsync(delivery, outcome, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The claim lapses with its lease and the delivery is tried again: at least once, never lost.
            logger.LogError("Delivery {DeliveryId} attempt could not be recorded ({ExceptionType})", delivery.DeliveryId, exception.GetType().Name);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the lease lapses and another instance (or this one, restarted) tries again.
        }
    }

    private async Task RecordAsync(ClaimedDelivery claimed, AttemptOutcome? outcome, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == claimed.DeliveryId, ct);
                if (delivery is null || delivery.ClaimToken != claimed.ClaimToken) return; // deleted, or claimed again meanwhile
                var now = time.GetUtcNow();
                switch (outcome)
                {
                    case null:
                        delivery.DeadLetter("subscription_disabled");
                        break;
                    case { Result: AttemptResult.Delivered }:
                        delivery.RecordSuccess(outcome.StatusCode ?? 200, outcome.AttemptedAt);
                        break;
                    case { Result: AttemptResult.Gone }:
                        delivery.RecordGone(outcome.AttemptedAt);
                        var subscription = await db.WebhookSubscriptions.SingleAsync(s => s.Id == claimed.SubscriptionId, ct);
                        subscription.Disable("gone", now);
                        await db.WebhookDeliveries
                            .Where(d => d.SubscriptionId == claimed.SubscriptionId && d.Id != delivery.Id
                                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying))
                            .ExecuteUpdateAsync(set => set
                                .SetProperty(d => d.Status, DeliveryStatus.DeadLettered)
                                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                                .SetProperty(d => d.LastError, "subscription_disabled"), ct);
                        break;
                    default:
                        delivery.RecordFailure(outcome.StatusCode, outcome.Error ?? "send_failed", outcome.RetryAfter, outcome.AttemptedAt, now, Random.Shared.NextDouble());
                        break;
                }
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another claim took over (its lease had lapsed): its outcome stands.
        }
    }
}
