using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.GetMerge;

public sealed record GetMergeQuery(Guid HouseholdId, Guid MergeId) : IQuery<MergeResponse>;

public sealed class GetMergeValidator : AbstractValidator<GetMergeQuery>
{
    public GetMergeValidator()
    {
        RuleFor(q => q.HouseholdId).NotEmpty();
        RuleFor(q => q.MergeId).NotEmpty();
    }
}

public sealed class GetMergeHandler(TacticsDbContext db, HouseholdAccess access, HouseholdView view) : IQueryHandler<GetMergeQuery, MergeResponse>
{
    public async ValueTask<MergeResponse> Handle(GetMergeQuery query, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(query.HouseholdId, cancellationToken);
        access.RequireReferent("reads household merges");
        await EnsureOfHousehold(db, household.Id, query.MergeId, cancellationToken);
        return await view.MergeAsync(query.MergeId, cancellationToken);
    }

    /// <summary>The 404 of a merge that does not exist, or that concerns neither side of the household.</summary>
    internal static async Task EnsureOfHousehold(TacticsDbContext db, Guid householdId, Guid mergeId, CancellationToken cancellationToken)
    {
        if (!await db.HouseholdMerges.AnyAsync(m => m.Id == mergeId && (m.HouseholdId == householdId || m.OtherHouseholdId == householdId), cancellationToken))
        {
            throw new NotFoundException("merge");
        }
    }
}
