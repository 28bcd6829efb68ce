using Tactics.Api.Domain.Notifications;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Dispatch;

/// <summary>Who hears of one event, and the category it belongs to (a task event's from its task's kind).</summary>
/// <param name="Agencies">The agencies whose inbox (and matching webhooks) receive it.</param>
/// <param name="Category">The category the inbox item shows.</param>
public sealed record EventAudience(IReadOnlyCollection<string> Agencies, DataCategory Category);

/// <summary>
/// Decides which agencies hear of an event: their inbox always, their matching webhook subscriptions too.
/// Called by the dispatcher inside its transaction, in its scope (so an implementation may use the DbContext).
/// Implemented by <see cref="Recipients.CaseEventRecipients"/>: the catalogue's audience rule of each event
/// (<see cref="EventCatalogue.Audience"/>), each candidate judged by the sharing policy at dispatch time.
/// </summary>
public interface IEventRecipients
{
    /// <summary>The audience of each event of a batch, by event id (set-based: one dispatch pass resolves a batch).</summary>
    ValueTask<IReadOnlyDictionary<string, EventAudience>> ResolveAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);
}
