using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Webhooks.ListWebhookDeliveries;

public sealed record ListWebhookDeliveriesQuery(Guid SubscriptionId, string? Status, int? Limit, string? Cursor)
    : IQuery<CursorPage<WebhookDeliveryResponse>>;

public sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveriesQuery>
{
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(q => q.Status).MustBeEnumName<ListWebhookDeliveriesQuery, DeliveryStatus>().When(q => q.Status is not null);
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor();
    }
}

/// <summary>The subscription's deliveries, newest first.</summary>
public sealed class ListWebhookDeliveriesHandler(TacticsDbContext db, ICurrentUser user)
    : IQueryHandler<ListWebhookDeliveriesQuery, CursorPage<WebhookDeliveryResponse>>
{
    public async ValueTask<CursorPage<WebhookDeliveryResponse>> Handle(ListWebhookDeliveriesQuery query, CancellationToken cancellationToken)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == query.SubscriptionId && s.AgencyCode == user.AgencyCode, cancellationToken))
        {
            throw new NotFoundException("webhook subscription");
        }

        var limit = query.Limit ?? Cursor.DefaultLimit;
        Cursor.TryDecode(query.Cursor, out var after);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == query.SubscriptionId);
        if (query.Status is not null)
        {
            var status = EnumNames.Parse<DeliveryStatus>(query.Status);
            deliveries = deliveries.Where(d => d.Status == status);
        }
        if (after is not null)
        {
            // Ids are UUIDv7: their text order is their creation order.
            deliveries = deliveries.Where(d => string.Compare(d.Id.ToString(), after) < 0);
        }
        var rows = await deliveries.OrderByDescending(d => d.Id).Take(limit + 1).ProjectToResponse().ToListAsync(cancellationToken);
        return Cursor.Page(rows, limit, d => d.Id.ToString());
    }
}
