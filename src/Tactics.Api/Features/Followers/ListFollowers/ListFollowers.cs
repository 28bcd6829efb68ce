using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Followers.ListFollowers;

public sealed record ListFollowersQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<FollowerResponse>>;

public sealed class ListFollowersValidator : AbstractValidator<ListFollowersQuery>
{
    public ListFollowersValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor();
    }
}

/// <summary>
/// The agencies following a case, by agency code (who, since when; no user and no personal data): the caller's own entry,
/// and for the owner those of followers whose basis covers only what the owner sees (<see cref="SideRecordPolicy.ForFollower"/>).
/// </summary>
public sealed class ListFollowersHandler(ICaseAccess access, TacticsDbContext db, CaseFactsLoader loader)
    : IQueryHandler<ListFollowersQuery, CaseDataPage<FollowerResponse>>
{
    public async ValueTask<CaseDataPage<FollowerResponse>> Handle(ListFollowersQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var coverage = new FollowerCoverage(access, loader);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        Cursor.TryDecode(query.Cursor, out var after);

        var followers = db.CaseFollowers.AsNoTracking().Where(f => f.CaseId == grant.Case.Id);
        // Filtered before paging: a follower the caller may not know of leaves no gap and no cursor.
        var page = await FilteredPage.CollectAsync<Domain.CaseSharing.CaseFollower>(
            async (last, take, ct) =>
            {
                var from = last?.AgencyCode ?? after;
                var rows = from is not null ? followers.Where(f => string.Compare(f.AgencyCode, from) > 0) : followers;
                return await rows.OrderBy(f => f.AgencyCode).Take(take).ToListAsync(ct);
            },
            (f, ct) => coverage.SeesAsync(grant, f.AgencyCode, ct),
            limit, f => f.AgencyCode, cancellationToken);
        return CaseDataPage.Of(page, FollowerResponse.From, grant.Visibility);
    }
}
