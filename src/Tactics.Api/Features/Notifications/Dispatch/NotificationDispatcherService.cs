using Microsoft.Extensions.Options;
using Tactics.Api.Features.Notifications.Outbox;

namespace Tactics.Api.Features.Notifications.Dispatch;

/// <summary>
/// The dispatcher loop of this instance (<c>Notifications:Dispatcher:Enabled</c>): dispatch the outbox, start due
/// deliveries, and when there was nothing to do sleep for the poll interval or until a local commit wakes it.
/// </summary>
internal sealed class NotificationDispatcherService(
    NotificationPump pump,
    DispatcherSignal signal,
    TimeProvider time,
    IOptionsMonitor<NotificationOptions> options,
    ILogger<NotificationDispatcherService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Webhooks.Delivery.WebhookSecrets.IsValidKey(options.CurrentValue.Webhooks.SecretEncryptionKey))
        {
            logger.LogError("Notifications:Webhooks:SecretEncryptionKey is not base64 of 32 bytes: webhook subscriptions and deliveries will fail");
        }
        if (!options.CurrentValue.Dispatcher.Enabled)
        {
            logger.LogInformation("Notification dispatcher disabled in this instance");
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = options.CurrentValue.Dispatcher.PollInterval;
            try
            {
                var dispatched = await pump.DispatchOutboxAsync(stoppingToken);
                var started = await pump.StartDueDeliveriesAsync(stoppingToken);
                failures = 0;
                if (dispatched > 0 || started > 0) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be down: back off, never die (the rows wait for us in the outbox).
                failures++;
                logger.LogWarning("Notification dispatcher pass failed with {ExceptionType}", exception.GetType().Name);
                var backoff = interval * Math.Pow(2, Math.Min(failures, 10));
                interval = backoff > MaxBackoff ? MaxBackoff : backoff;
            }
            await signal.WaitAsync(interval, time, stoppingToken);
        }

        await pump.WhenIdleAsync();
    }
}
