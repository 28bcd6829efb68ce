using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Webhooks.ListWebhookSubscriptions;

public sealed record ListWebhookSubscriptionsQuery(int? Limit, string? Cursor) : IQuery<CursorPage<WebhookSubscriptionResponse>>;

public sealed class ListWebhookSubscriptionsValidator : AbstractValidator<ListWebhookSubscriptionsQuery>
{
    public ListWebhookSubscriptionsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor();
    }
}

public sealed class ListWebhookSubscriptionsHandler(TacticsDbContext db, ICurrentUser user)
    : IQueryHandler<ListWebhookSubscriptionsQuery, CursorPage<WebhookSubscriptionResponse>>
{
    public async ValueTask<CursorPage<WebhookSubscriptionResponse>> Handle(ListWebhookSubscriptionsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        Cursor.TryDecode(query.Cursor, out var after);

        var subscriptions = db.WebhookSubscriptions.AsNoTracking().Where(s => s.AgencyCode == user.AgencyCode);
        if (after is not null)
        {
            // Ids are UUIDv7: their text order is their creation order.
            subscriptions = subscriptions.Where(s => string.Compare(s.Id.ToString(), after) > 0);
        }
        var rows = await subscriptions.OrderBy(s => s.Id).Take(limit + 1).ProjectToResponse().ToListAsync(cancellationToken);
        return Cursor.Page(rows, limit, s => s.Id.ToString());
    }
}
