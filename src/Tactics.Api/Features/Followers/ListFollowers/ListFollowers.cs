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

/// <summary>The agencies following a case, by agency code: core data (who, since when), no user and no personal data.</summary>
public sealed class ListFollowersHandler(ICaseAccess access, TacticsDbContext db, CaseView view)
    : IQueryHandler<ListFollowersQuery, CaseDataPage<FollowerResponse>>
{
    public async ValueTask<CaseDataPage<FollowerResponse>> Handle(ListFollowersQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        Cursor.TryDecode(query.Cursor, out var after);

        var followers = db.CaseFollowers.AsNoTracking().Where(f => f.CaseId == grant.Case.Id);
        if (after is not null)
        {
            followers = followers.Where(f => string.Compare(f.AgencyCode, after) > 0);
        }
        var rows = await followers.OrderBy(f => f.AgencyCode).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, f => f.AgencyCode);
        return view.Page(new CursorPage<FollowerResponse>([.. page.Items.Select(FollowerResponse.From)], page.NextCursor), grant.Visibility);
    }
}
