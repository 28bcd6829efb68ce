using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Followers.FollowCase;

/// <summary>The caller's agency follows the case (the body is <c>{}</c>: an agency follows in its own name only).</summary>
public sealed record FollowCaseCommand : ICommand<CaseFollowed>
{
    [JsonIgnore] public Guid CaseId { get; init; }
}

/// <summary>The follower, and whether this request started the following (201) or found it already there (200).</summary>
public sealed record CaseFollowed(Guid CaseId, FollowerResponse Follower, bool Started) : ICreatedResource
{
    public Guid ResourceId => CaseId;
    public string Location => CaseRoutes.Follower(CaseId, Follower.AgencyCode);
    public string? ETag => null;
    public int Status => Started ? StatusCodes.Status201Created : StatusCodes.Status200OK;
}

public sealed class FollowCaseValidator : AbstractValidator<FollowCaseCommand>
{
    public FollowCaseValidator() => RuleFor(c => c.CaseId).NotEmpty();
}

/// <summary>
/// Following is idempotent by nature: the case's row lock serialises two follows of one agency, and the second finds
/// the first one's row (same <c>since</c>). It changes nothing of the case file itself, so the case's ETag stays.
/// </summary>
public sealed class FollowCaseHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user, TimeProvider time)
    : ICommandHandler<FollowCaseCommand, CaseFollowed>
{
    public async ValueTask<CaseFollowed> Handle(FollowCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.Follow], ifMatch: null, ifMatchRequired: false, cancellationToken);
        var existing = await db.CaseFollowers.AsNoTracking()
            .SingleOrDefaultAsync(f => f.CaseId == @case.Id && f.AgencyCode == user.AgencyCode, cancellationToken);
        if (existing is not null)
        {
            return new CaseFollowed(@case.Id, FollowerResponse.From(existing), Started: false);
        }
        var follower = new CaseFollower(@case.Id, user.AgencyCode, user.UserId, time.UtcNowStored());
        db.CaseFollowers.Add(follower);
        return new CaseFollowed(@case.Id, FollowerResponse.From(follower), Started: true);
    }
}
