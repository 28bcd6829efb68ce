namespace Tactics.Api.Features.Notifications;

/// <summary>The <c>Notifications</c> configuration section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public DispatcherOptions Dispatcher { get; set; } = new();
    public WebhookOptions Webhooks { get; set; } = new();
}

/// <summary><c>Notifications:Dispatcher</c>: the hosted service that turns outbox rows into inbox items and webhook deliveries.</summary>
public sealed class DispatcherOptions
{
    /// <summary>Runs the dispatcher in this instance; any number of instances may run it on one database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the dispatcher sleeps when idle; a commit in this process that writes events wakes it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public int OutboxBatchSize { get; set; } = 100;
    public int DeliveryBatchSize { get; set; } = 20;

    /// <summary>Webhook attempts in flight at once in this instance.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>A claimed delivery whose instance died is claimed again after this lease.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary><c>Notifications:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Accepts receiver URLs on loopback addresses, over http too (local run and tests only).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>One attempt's timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>After a secret rotation, deliveries carry both signatures for this long.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Base64 of 32 random bytes: the AES-256-GCM key that encrypts signing secrets at rest. Required.</summary>
    public string SecretEncryptionKey { get; set; } = "";

    /// <summary>Failures within a minute, at a ratio of one in two, that open a receiver host's circuit.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>How long an open circuit refuses attempts to that host.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
