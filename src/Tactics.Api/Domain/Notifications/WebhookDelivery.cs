namespace Tactics.Api.Domain.Notifications;

public enum DeliveryStatus
{
    /// <summary>No attempt yet; due at <c>NextAttemptAt</c>.</summary>
    Pending,

    /// <summary>The last attempt failed; the next one is due at <c>NextAttemptAt</c>.</summary>
    Retrying,

    Delivered,

    /// <summary>Every scheduled attempt failed, or the receiver answered 410 Gone: only a manual retry sends it again.</summary>
    DeadLettered,
}

/// <summary>
/// One event to one subscription. Its schedule lives here, in the database, so retries survive restarts;
/// the same event id goes out on every attempt so receivers can drop duplicates.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 64;

    private WebhookDelivery() { }

    public WebhookDelivery(Guid id, Guid subscriptionId, OutboxEvent outboxEvent, string payload, DateTimeOffset now)
    {
        Id = id;
        SubscriptionId = subscriptionId;
        EventId = outboxEvent.Id;
        EventType = outboxEvent.Type;
        Payload = payload;
        Status = DeliveryStatus.Pending;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public string EventId { get; private set; } = "";
    public string EventType { get; private set; } = "";

    /// <summary>The exact JSON body signed and sent on every attempt: ids only.</summary>
    public string Payload { get; private set; } = "";

    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? LastStatusCode { get; private set; }

    /// <summary>What went wrong, as a code (<c>http_status</c>, <c>timeout</c>, <c>connection_failed</c>, ...), never a receiver's text.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Set when a worker claims the delivery; only that claim may record the attempt's outcome.</summary>
    public Guid? ClaimToken { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    public void RecordSuccess(int statusCode, DateTimeOffset attemptedAt)
    {
        Attempts++;
        LastAttemptAt = attemptedAt;
        LastStatusCode = statusCode;
        LastError = null;
        Status = DeliveryStatus.Delivered;
        DeliveredAt = attemptedAt;
        NextAttemptAt = null;
        Release();
    }

    /// <summary>
    /// Counts the failed attempt made at <paramref name="attemptedAt"/> and schedules the next one from
    /// <paramref name="now"/> (the attempt's end), or dead-letters after the last.
    /// </summary>
    public void RecordFailure(int? statusCode, string error, TimeSpan? retryAfter, DateTimeOffset attemptedAt, DateTimeOffset now, double jitter)
    {
        Attempts++;
        LastAttemptAt = attemptedAt;
        LastStatusCode = statusCode;
        LastError = error;
        var delay = WebhookRetrySchedule.DelayAfter(Attempts, jitter, retryAfter);
        if (delay is null)
        {
            Status = DeliveryStatus.DeadLettered;
            NextAttemptAt = null;
        }
        else
        {
            Status = DeliveryStatus.Retrying;
            NextAttemptAt = now + delay.Value;
        }
        Release();
    }

    /// <summary>410 Gone: the receiver asks never to be called again.</summary>
    public void RecordGone(DateTimeOffset attemptedAt)
    {
        Attempts++;
        LastAttemptAt = attemptedAt;
        LastStatusCode = 410;
        LastError = "gone";
        Status = DeliveryStatus.DeadLettered;
        NextAttemptAt = null;
        Release();
    }

    /// <summary>The receiver is gone (410) or the subscription was disabled: no further attempt.</summary>
    public void DeadLetter(string error)
    {
        Status = DeliveryStatus.DeadLettered;
        NextAttemptAt = null;
        LastError ??= error;
        Release();
    }

    /// <summary>A manual retry: one more attempt now. If it fails past the schedule's end, the delivery is dead-lettered again.</summary>
    public bool CanRetryManually => Status is DeliveryStatus.Retrying or DeliveryStatus.DeadLettered;

    public void RetryNow(DateTimeOffset now)
    {
        Status = DeliveryStatus.Retrying;
        NextAttemptAt = now;
        Release();
    }

    private void Release()
    {
        ClaimToken = null;
        LockedUntil = null;
    }
}
