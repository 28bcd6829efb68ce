using System.ComponentModel.DataAnnotations;
using Riok.Mapperly.Abstractions;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Inbox;

/// <summary>An item of the agency's inbox: a thin event; details are fetched with the agency's own token, through the policy.</summary>
/// <param name="Id">The inbox item's id (acknowledge it with this id).</param>
/// <param name="EventId">The event's id, the same as the <c>webhook-id</c> of its webhook deliveries.</param>
/// <param name="Type">Event type, e.g. <c>custody.released</c>.</param>
/// <param name="Category">The data category the event belongs to.</param>
/// <param name="CaseId">The case it is about, if any.</param>
/// <param name="Data">Ids only: <c>caseId</c> and the others the event names (<c>taskId</c>, ...).</param>
/// <param name="OccurredAt">When the change happened.</param>
/// <param name="ReceivedAt">When it reached the inbox.</param>
/// <param name="Acknowledged">Whether someone of the agency acknowledged it.</param>
/// <param name="AcknowledgedAt">When it was first acknowledged.</param>
/// <param name="AcknowledgedBy">The user id who first acknowledged it.</param>
public sealed record NotificationResponse(
    Guid Id,
    [property: MaxLength(OutboxEventId.Length)] string EventId,
    [property: MaxLength(EventCatalogue.MaxLength)] string Type,
    DataCategory Category,
    Guid? CaseId,
    [property: BoundedMap(8, 64)] IReadOnlyDictionary<string, string> Data,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    bool Acknowledged,
    DateTimeOffset? AcknowledgedAt,
    [property: MaxLength(100)] string? AcknowledgedBy);

[Mapper]
public static partial class NotificationMappers
{
    public static partial IQueryable<NotificationResponse> ProjectToResponse(this IQueryable<Notification> notifications);

    [MapperIgnoreSource(nameof(Notification.AgencyCode))]
    private static partial NotificationResponse ToResponse(Notification notification);
}
