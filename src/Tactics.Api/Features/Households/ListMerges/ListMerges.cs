using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.ListMerges;

public sealed record ListMergesQuery(Guid HouseholdId, int? Limit, string? Cursor) : IQuery<CursorPage<MergeResponse>>;

public sealed class ListMergesValidator : AbstractValidator<ListMergesQuery>
{
    public ListMergesValidator()
    {
        RuleFor(q => q.HouseholdId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>The merges the household took part in (either side, undone ones too), newest first.</summary>
public sealed class ListMergesHandler(TacticsDbContext db, HouseholdAccess access, HouseholdView view)
    : IQueryHandler<ListMergesQuery, CursorPage<MergeResponse>>
{
    public async ValueTask<CursorPage<MergeResponse>> Handle(ListMergesQuery query, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(query.HouseholdId, cancellationToken);
        access.RequireReferent("reads household merges");
        var limit = query.Limit ?? Cursor.DefaultLimit;

        var id = household.Id;
        var merges = db.HouseholdMerges.AsNoTracking().Where(m => m.HouseholdId == id || m.OtherHouseholdId == id);
        if (TimeIdCursor.TryParse(query.Cursor, out var after) && after is { } last)
        {
            merges = merges.Where(m => EF.Functions.LessThan(ValueTuple.Create(m.MergedAt, m.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await merges.OrderByDescending(m => m.MergedAt).ThenByDescending(m => m.Id).Take(limit + 1)
            .Select(m => new { m.Id, m.MergedAt }).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, m => TimeIdCursor.Key(m.MergedAt, m.Id));
        return new CursorPage<MergeResponse>(await view.MergesAsync([.. page.Items.Select(m => m.Id)], cancellationToken), page.NextCursor);
    }
}
