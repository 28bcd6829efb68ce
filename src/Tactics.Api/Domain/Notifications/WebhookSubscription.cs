namespace Tactics.Api.Domain.Notifications;

public enum SubscriptionStatus
{
    Active,
    Disabled,
}

/// <summary>An agency's partner endpoint for events of the types it chose, signed per the Standard Webhooks spec.</summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2000;
    public const int MaxEventTypes = 30;

    private WebhookSubscription() { }

    public WebhookSubscription(Guid id, string agencyCode, string url, IEnumerable<string> eventTypes,
        string protectedSecret, string createdBy, DateTimeOffset now)
    {
        Id = id;
        AgencyCode = agencyCode;
        Url = url;
        EventTypes = [.. eventTypes.Distinct()];
        ProtectedSecret = protectedSecret;
        CreatedBy = createdBy;
        CreatedAt = now;
        Status = SubscriptionStatus.Active;
    }

    public Guid Id { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public string Url { get; private set; } = "";
    public List<string> EventTypes { get; private set; } = [];
    public SubscriptionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    /// <summary>The signing secret, encrypted at rest; shown to the agency once, never read back through the API.</summary>
    public string ProtectedSecret { get; private set; } = "";

    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousProtectedSecret { get; private set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    public DateTimeOffset? SecretRotatedAt { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }
    public string? DisabledReason { get; private set; }

    /// <summary>
    /// The new secret signs from now on; the current one keeps signing beside it until the overlap ends,
    /// so receivers can switch without losing a delivery. A second rotation drops the oldest secret.
    /// </summary>
    public void RotateSecret(string newProtectedSecret, DateTimeOffset now, TimeSpan overlap)
    {
        PreviousProtectedSecret = ProtectedSecret;
        PreviousSecretExpiresAt = now + overlap;
        ProtectedSecret = newProtectedSecret;
        SecretRotatedAt = now;
    }

    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>: the current one, then the previous one during the overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousProtectedSecret is not null && PreviousSecretExpiresAt > now
            ? [ProtectedSecret, PreviousProtectedSecret]
            : [ProtectedSecret];

    public void Disable(string reason, DateTimeOffset now)
    {
        if (Status == SubscriptionStatus.Disabled) return;
        Status = SubscriptionStatus.Disabled;
        DisabledAt = now;
        DisabledReason = reason;
    }
}
