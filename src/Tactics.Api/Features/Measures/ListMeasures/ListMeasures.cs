using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures.ListMeasures;

public sealed record ListMeasuresQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<MeasureResponse>>;

public sealed class ListMeasuresValidator : AbstractValidator<ListMeasuresQuery>
{
    public ListMeasuresValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

public sealed class ListMeasuresHandler(ICaseAccess access, TacticsDbContext db, CaseView view, TimeProvider time)
    : IQueryHandler<ListMeasuresQuery, CaseDataPage<MeasureResponse>>
{
    public async ValueTask<CaseDataPage<MeasureResponse>> Handle(ListMeasuresQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        if (!grant.Visibility.Sees(DataCategory.Measures))
        {
            return view.Page(new CursorPage<MeasureResponse?>([], null), DataCategory.Measures, grant.Visibility);
        }
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        var measures = db.ProtectiveMeasures.AsNoTracking().Where(m => m.CaseId == grant.Case.Id);
        if (after is { } last)
        {
            measures = measures.Where(m => EF.Functions.GreaterThan(ValueTuple.Create(m.ImposedAt, m.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await measures.OrderBy(m => m.ImposedAt).ThenBy(m => m.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, m => TimeIdCursor.Key(m.ImposedAt, m.Id));
        var now = time.GetUtcNow();
        return view.Page(new CursorPage<MeasureResponse?>([.. page.Items.Select(m => view.Measure(m, now, grant.Visibility))], page.NextCursor),
            DataCategory.Measures, grant.Visibility);
    }
}
