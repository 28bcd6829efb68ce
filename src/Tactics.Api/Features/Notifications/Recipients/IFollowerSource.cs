using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>
/// The extension point for followers: the agencies following a case whose basis covers a category. The followers
/// feature replaces <see cref="NoFollowers"/> with one query of <c>case_followers</c> and one call of the sharing
/// policy per follower (<c>SharingPolicy.Decide(follower, case, category, Read, now)</c>), registered in its own setup.
/// </summary>
public interface IFollowerSource
{
    ValueTask<IReadOnlyCollection<string>> FollowersCoveringAsync(Guid caseId, EventCategory category, CancellationToken cancellationToken);
}

/// <summary>Until cases can be followed: nobody.</summary>
internal sealed class NoFollowers : IFollowerSource
{
    public ValueTask<IReadOnlyCollection<string>> FollowersCoveringAsync(Guid caseId, EventCategory category, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyCollection<string>>([]);
}
