using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Webhooks.Delivery;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Webhooks.CreateWebhookSubscription;

/// <summary>Body of <c>POST /webhook-subscriptions</c>.</summary>
/// <param name="Url">The receiver: an https URL whose host resolves to public addresses only.</param>
/// <param name="EventTypes">Event types of the catalogue to deliver, e.g. <c>custody.released</c>.</param>
public sealed record CreateWebhookSubscriptionCommand(
    [property: MaxLength(WebhookSubscription.MaxUrlLength)] string Url,
    [property: BoundedItems(WebhookSubscription.MaxEventTypes, EventCatalogue.MaxLength)] IReadOnlyList<string> EventTypes)
    : ICommand<WebhookSubscriptionCreatedResponse>;

public sealed class CreateWebhookSubscriptionValidator : AbstractValidator<CreateWebhookSubscriptionCommand>
{
    public CreateWebhookSubscriptionValidator(ReceiverAddressPolicy receivers)
    {
        RuleFor(c => c.Url).NotEmpty().MaximumLength(WebhookSubscription.MaxUrlLength)
            .CustomAsync(async (url, context, ct) =>
            {
                if (await receivers.RefusalAsync(url, ct) is { } refusal) context.AddFailure(refusal);
            });
        RuleFor(c => c.EventTypes).NotNull()
            .Must(types => types.Count is > 0 and <= WebhookSubscription.MaxEventTypes)
            .WithMessage($"Give one to {WebhookSubscription.MaxEventTypes} event types.");
        RuleForEach(c => c.EventTypes).Must(EventCatalogue.IsDeliverable)
            .WithMessage("Must be an event type of the catalogue that reaches partners (timeline-only types never do), e.g. custody.released.");
    }
}

public sealed class CreateWebhookSubscriptionHandler(TacticsDbContext db, ICurrentUser user, WebhookSecrets secrets, TimeProvider time)
    : ICommandHandler<CreateWebhookSubscriptionCommand, WebhookSubscriptionCreatedResponse>
{
    public async ValueTask<WebhookSubscriptionCreatedResponse> Handle(CreateWebhookSubscriptionCommand command, CancellationToken cancellationToken)
    {
        if (await db.WebhookSubscriptions.AnyAsync(s => s.AgencyCode == user.AgencyCode && s.Url == command.Url
                && s.Status == SubscriptionStatus.Active, cancellationToken))
        {
            throw new ConflictException(ProblemTypes.DuplicateWebhookSubscription,
                "The agency already has an active subscription for this URL: change its event types by replacing it.");
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var secret = WebhookSecrets.NewSecret();
        var subscription = new WebhookSubscription(id, user.AgencyCode, command.Url, command.EventTypes,
            secrets.Protect(secret, id), user.UserId, now);
        db.WebhookSubscriptions.Add(subscription);
        return subscription.ToCreatedResponse(secret);
    }
}
