using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>
/// The extension point for followers: the agencies following a case whose basis covers an event's category, for every
/// (case, category) of a dispatch batch at once. It is answered by one query of <c>case_followers</c> for the batch's cases and one call of the sharing policy per
/// follower and category (<c>SharingPolicy.Decide(follower, case, category, Read, now)</c>), keeping the permitted ones.
/// </summary>
public interface IFollowerSource
{
    ValueTask<IReadOnlyDictionary<(Guid CaseId, EventCategory Category), IReadOnlyCollection<string>>> FollowersCoveringAsync(
        IReadOnlyCollection<(Guid CaseId, EventCategory Category)> wanted, CancellationToken cancellationToken);
}
