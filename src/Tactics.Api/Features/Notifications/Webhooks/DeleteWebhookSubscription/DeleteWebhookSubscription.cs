using Mediator;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Webhooks.DeleteWebhookSubscription;

/// <summary>Removes the subscription and its deliveries: nothing more is sent to it.</summary>
public sealed record DeleteWebhookSubscriptionCommand(Guid Id) : ICommand<Unit>;

public sealed class DeleteWebhookSubscriptionHandler(TacticsDbContext db, ICurrentUser user)
    : ICommandHandler<DeleteWebhookSubscriptionCommand, Unit>
{
    public async ValueTask<Unit> Handle(DeleteWebhookSubscriptionCommand command, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.FindOwnAsync(command.Id, user.AgencyCode, cancellationToken);
        db.WebhookSubscriptions.Remove(subscription);
        return Unit.Value;
    }
}
