using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.CaseSharing;

namespace Tactics.Api.Features.Followers;

/// <summary>An agency following a case.</summary>
/// <param name="AgencyCode">The following agency's code.</param>
/// <param name="Since">When it started following (UTC).</param>
public sealed record FollowerResponse([property: MaxLength(FollowerResponse.AgencyCodeMaxLength)] string AgencyCode, DateTimeOffset Since)
{
    public const int AgencyCodeMaxLength = 64;

    public static FollowerResponse From(CaseFollower follower) => new(follower.AgencyCode, follower.Since);
}
