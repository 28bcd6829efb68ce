using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Notifications.Dispatch;

/// <summary>
/// Decides which agencies hear of an event: their inbox always, their matching webhook subscriptions too.
/// Called by the dispatcher inside its transaction, in its scope (so an implementation may use the DbContext).
/// The case features replace this registration with one that adds the case's followers whose basis covers
/// <see cref="OutboxEvent.Category"/> and the role rules (a release reaches the victim's police zone and its SAPV).
/// </summary>
public interface IEventRecipients
{
    ValueTask<IReadOnlyCollection<string>> ResolveAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken);
}

/// <summary>For now: the agencies the event names itself.</summary>
internal sealed class ExplicitEventRecipients : IEventRecipients
{
    public ValueTask<IReadOnlyCollection<string>> ResolveAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyCollection<string>>(outboxEvent.RecipientAgencyCodes);
}
