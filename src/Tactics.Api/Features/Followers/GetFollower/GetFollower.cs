using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Followers.GetFollower;

public sealed record GetFollowerQuery(Guid CaseId, string AgencyCode) : IQuery<FollowerResponse>;

public sealed class GetFollowerValidator : AbstractValidator<GetFollowerQuery>
{
    public GetFollowerValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.AgencyCode).NotEmpty().MaximumLength(FollowerResponse.AgencyCodeMaxLength);
    }
}

public sealed class GetFollowerHandler(ICaseAccess access, TacticsDbContext db, CaseFactsLoader loader) : IQueryHandler<GetFollowerQuery, FollowerResponse>
{
    public async ValueTask<FollowerResponse> Handle(GetFollowerQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var coverage = new FollowerCoverage(access, loader);
        var follower = await db.CaseFollowers.AsNoTracking()
            .SingleOrDefaultAsync(f => f.CaseId == grant.Case.Id && f.AgencyCode == query.AgencyCode, cancellationToken);
        // A follower entry the caller may not see answers as one that does not exist.
        if (follower is null || !await coverage.SeesAsync(grant, follower.AgencyCode, cancellationToken))
        {
            throw new NotFoundException("follower");
        }
        return FollowerResponse.From(follower);
    }
}
