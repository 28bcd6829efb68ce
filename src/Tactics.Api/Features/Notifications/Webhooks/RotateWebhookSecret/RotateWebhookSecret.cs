using Mediator;
using Microsoft.Extensions.Options;
using Tactics.Api.Features.Notifications.Webhooks.Delivery;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Webhooks.RotateWebhookSecret;

public sealed record RotateWebhookSecretCommand(Guid Id) : ICommand<WebhookSecretRotatedResponse>;

/// <summary>
/// A new secret, shown once; during the overlap (<c>Notifications:Webhooks:SecretRotationOverlap</c>, 24 h by default)
/// deliveries carry a signature with each secret, so the receiver can switch at its own pace.
/// </summary>
public sealed class RotateWebhookSecretHandler(TacticsDbContext db, ICurrentUser user, WebhookSecrets secrets,
    TimeProvider time, IOptions<NotificationOptions> options)
    : ICommandHandler<RotateWebhookSecretCommand, WebhookSecretRotatedResponse>
{
    public async ValueTask<WebhookSecretRotatedResponse> Handle(RotateWebhookSecretCommand command, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.FindOwnAsync(command.Id, user.AgencyCode, cancellationToken);
        var secret = WebhookSecrets.NewSecret();
        subscription.RotateSecret(secrets.Protect(secret, subscription.Id), time.GetUtcNow(), options.Value.Webhooks.SecretRotationOverlap);
        return new WebhookSecretRotatedResponse(secret, subscription.PreviousSecretExpiresAt!.Value);
    }
}
