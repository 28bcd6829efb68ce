using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Notifications.Dispatch;

/// <summary>
/// Decides which agencies hear of an event: their inbox always, their matching webhook subscriptions too.
/// Called by the dispatcher inside its transaction, in its scope (so an implementation may use the DbContext).
/// Implemented by <see cref="Recipients.CaseEventRecipients"/>: the named agencies, the case's followers whose basis
/// covers <see cref="OutboxEvent.Category"/> and the role rules (a release reaches the victim's police zone and its SAPV).
/// </summary>
public interface IEventRecipients
{
    /// <summary>The recipient agency codes of each event of a batch, by event id (set-based: one dispatch pass resolves a batch).</summary>
    ValueTask<IReadOnlyDictionary<string, IReadOnlyCollection<string>>> ResolveAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);
}
