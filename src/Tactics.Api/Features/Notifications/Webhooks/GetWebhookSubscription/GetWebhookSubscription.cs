using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Webhooks.GetWebhookSubscription;

public sealed record GetWebhookSubscriptionQuery(Guid Id) : IQuery<WebhookSubscriptionResponse>;

public sealed class GetWebhookSubscriptionHandler(TacticsDbContext db, ICurrentUser user)
    : IQueryHandler<GetWebhookSubscriptionQuery, WebhookSubscriptionResponse>
{
    public async ValueTask<WebhookSubscriptionResponse> Handle(GetWebhookSubscriptionQuery query, CancellationToken cancellationToken) =>
        await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.Id == query.Id && s.AgencyCode == user.AgencyCode)
            .ProjectToResponse()
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("webhook subscription");
}
