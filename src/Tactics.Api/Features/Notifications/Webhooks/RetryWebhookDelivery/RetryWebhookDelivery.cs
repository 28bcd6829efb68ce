using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Webhooks.RetryWebhookDelivery;

public sealed record RetryWebhookDeliveryCommand(Guid SubscriptionId, Guid DeliveryId) : ICommand<WebhookDeliveryResponse>;

/// <summary>
/// A manual retry of a failed or dead-lettered delivery: one more attempt, due now, with the same event id.
/// A dead-lettered delivery whose retry fails again goes back to the dead letters.
/// </summary>
public sealed class RetryWebhookDeliveryHandler(TacticsDbContext db, ICurrentUser user, TimeProvider time)
    : ICommandHandler<RetryWebhookDeliveryCommand, WebhookDeliveryResponse>
{
    public async ValueTask<WebhookDeliveryResponse> Handle(RetryWebhookDeliveryCommand command, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.FindOwnAsync(command.SubscriptionId, user.AgencyCode, cancellationToken);
        var delivery = await db.WebhookDeliveries
            .SingleOrDefaultAsync(d => d.Id == command.DeliveryId && d.SubscriptionId == subscription.Id, cancellationToken)
            ?? throw new NotFoundException("webhook delivery");

        if (subscription.Status != SubscriptionStatus.Active)
        {
            throw new ConflictException(ProblemTypes.WebhookSubscriptionDisabled,
                "The subscription is disabled (its receiver answered 410 Gone): create a new one to receive events again.");
        }
        if (!delivery.CanRetryManually)
        {
            throw new ConflictException(ProblemTypes.WebhookDeliveryNotRetryable,
                "Only a delivery whose last attempt failed, or a dead-lettered one, can be retried.");
        }
        delivery.RetryNow(time.GetUtcNow());
        return delivery.ToResponse();
    }
}
