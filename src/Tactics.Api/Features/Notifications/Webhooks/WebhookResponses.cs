using System.ComponentModel.DataAnnotations;
using Riok.Mapperly.Abstractions;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Webhooks;

/// <summary>A webhook subscription, as its agency's admins see it: never its secret.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Url">The receiver's https URL.</param>
/// <param name="EventTypes">Event types delivered to it.</param>
/// <param name="Status"><c>active</c>, or <c>disabled</c> (the receiver answered 410 Gone).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="SecretRotatedAt">When the secret was last rotated.</param>
/// <param name="PreviousSecretExpiresAt">Until when deliveries are also signed with the secret before the last rotation.</param>
/// <param name="DisabledAt">When it was disabled.</param>
/// <param name="DisabledReason">Why: <c>gone</c> (410).</param>
public sealed record WebhookSubscriptionResponse(
    Guid Id,
    [property: MaxLength(WebhookSubscription.MaxUrlLength)] string Url,
    [property: BoundedItems(WebhookSubscription.MaxEventTypes, EventCatalogue.MaxLength)] IReadOnlyList<string> EventTypes,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SecretRotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset? DisabledAt,
    [property: MaxLength(32)] string? DisabledReason);

/// <summary>A new subscription, with its signing secret: shown this once, never again.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Url">The receiver's https URL.</param>
/// <param name="EventTypes">Event types delivered to it.</param>
/// <param name="Status">Always <c>active</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Secret">The Standard Webhooks signing secret (<c>whsec_</c> + base64): store it now.</param>
public sealed record WebhookSubscriptionCreatedResponse(
    Guid Id,
    [property: MaxLength(WebhookSubscription.MaxUrlLength)] string Url,
    [property: BoundedItems(WebhookSubscription.MaxEventTypes, EventCatalogue.MaxLength)] IReadOnlyList<string> EventTypes,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    [property: MaxLength(100)] string Secret);

/// <summary>The new signing secret after a rotation: shown this once.</summary>
/// <param name="Secret">The new secret; deliveries are signed with it from now on.</param>
/// <param name="PreviousSecretExpiresAt">Until then, deliveries also carry a signature made with the previous secret.</param>
public sealed record WebhookSecretRotatedResponse(
    [property: MaxLength(100)] string Secret,
    DateTimeOffset PreviousSecretExpiresAt);

/// <summary>One event's delivery to a subscription: its state and schedule, never the payload's secrets.</summary>
/// <param name="Id">Delivery id.</param>
/// <param name="EventId">The event id, sent as <c>webhook-id</c> on every attempt.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Status"><c>pending</c>, <c>retrying</c>, <c>delivered</c> or <c>dead_lettered</c>.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="CreatedAt">When the delivery was created.</param>
/// <param name="NextAttemptAt">When the next attempt is due (none once delivered or dead-lettered).</param>
/// <param name="LastAttemptAt">When the last attempt was made.</param>
/// <param name="LastStatusCode">The receiver's status code on the last attempt, if it answered.</param>
/// <param name="LastError">Why the last attempt failed: <c>http_status</c>, <c>timeout</c>, <c>connection_failed</c>, <c>circuit_open</c>, <c>address_refused</c>, <c>gone</c>, <c>subscription_disabled</c>.</param>
/// <param name="DeliveredAt">When the receiver acknowledged it with a 2xx.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    [property: MaxLength(OutboxEventId.Length)] string EventId,
    [property: MaxLength(EventCatalogue.MaxLength)] string EventType,
    DeliveryStatus Status,
    [property: Range(0, 1000)] int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    [property: Range(100, 599)] int? LastStatusCode,
    [property: MaxLength(WebhookDelivery.MaxErrorLength)] string? LastError,
    DateTimeOffset? DeliveredAt);

[Mapper]
public static partial class WebhookMappers
{
    public static partial IQueryable<WebhookSubscriptionResponse> ProjectToResponse(this IQueryable<WebhookSubscription> subscriptions);

    [MapperIgnoreSource(nameof(WebhookSubscription.AgencyCode))]
    [MapperIgnoreSource(nameof(WebhookSubscription.CreatedBy))]
    [MapperIgnoreSource(nameof(WebhookSubscription.ProtectedSecret))]
    [MapperIgnoreSource(nameof(WebhookSubscription.PreviousProtectedSecret))]
    public static partial WebhookSubscriptionResponse ToResponse(this WebhookSubscription subscription);

    [MapperIgnoreSource(nameof(WebhookSubscription.AgencyCode))]
    [MapperIgnoreSource(nameof(WebhookSubscription.CreatedBy))]
    [MapperIgnoreSource(nameof(WebhookSubscription.ProtectedSecret))]
    [MapperIgnoreSource(nameof(WebhookSubscription.PreviousProtectedSecret))]
    [MapperIgnoreSource(nameof(WebhookSubscription.PreviousSecretExpiresAt))]
    [MapperIgnoreSource(nameof(WebhookSubscription.SecretRotatedAt))]
    [MapperIgnoreSource(nameof(WebhookSubscription.DisabledAt))]
    [MapperIgnoreSource(nameof(WebhookSubscription.DisabledReason))]
    public static partial WebhookSubscriptionCreatedResponse ToCreatedResponse(this WebhookSubscription subscription, string secret);

    public static partial IQueryable<WebhookDeliveryResponse> ProjectToResponse(this IQueryable<WebhookDelivery> deliveries);

    [MapperIgnoreSource(nameof(WebhookDelivery.SubscriptionId))]
    [MapperIgnoreSource(nameof(WebhookDelivery.Payload))]
    [MapperIgnoreSource(nameof(WebhookDelivery.ClaimToken))]
    [MapperIgnoreSource(nameof(WebhookDelivery.LockedUntil))]
    [MapperIgnoreSource(nameof(WebhookDelivery.CanRetryManually))]
    public static partial WebhookDeliveryResponse ToResponse(this WebhookDelivery delivery);
}

/// <summary>Finds a subscription of the caller's agency; another agency's answers exactly like a missing one.</summary>
internal static class WebhookSubscriptionLookup
{
    public static async Task<WebhookSubscription> FindOwnAsync(this IQueryable<WebhookSubscription> subscriptions, Guid id, string agencyCode, CancellationToken cancellationToken) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            subscriptions, s => s.Id == id && s.AgencyCode == agencyCode, cancellationToken)
        ?? throw new Common.Errors.NotFoundException("webhook subscription");
}
