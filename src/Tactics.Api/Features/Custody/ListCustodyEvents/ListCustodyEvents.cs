using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Custody.ListCustodyEvents;

public sealed record ListCustodyEventsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<CustodyEventResponse>>;

public sealed class ListCustodyEventsValidator : AbstractValidator<ListCustodyEventsQuery>
{
    public ListCustodyEventsValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

public sealed class ListCustodyEventsHandler(ICaseAccess access, TacticsDbContext db, CaseView view)
    : IQueryHandler<ListCustodyEventsQuery, CaseDataPage<CustodyEventResponse>>
{
    public async ValueTask<CaseDataPage<CustodyEventResponse>> Handle(ListCustodyEventsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        if (!grant.Visibility.Sees(DataCategory.Judicial))
        {
            return view.Page(new CursorPage<CustodyEventResponse?>([], null), DataCategory.Judicial, grant.Visibility);
        }
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        var events = db.CustodyEvents.AsNoTracking().Where(e => e.CaseId == grant.Case.Id);
        if (after is { } last)
        {
            events = events.Where(e => EF.Functions.GreaterThan(ValueTuple.Create(e.RecordedAt, e.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await events.OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).Take(limit + 1)
            .Select(e => new { Custody = e, TaskId = db.Tasks.Where(t => t.CustodyEventId == e.Id).Select(t => (Guid?)t.Id).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, r => TimeIdCursor.Key(r.Custody.RecordedAt, r.Custody.Id));
        return view.Page(new CursorPage<CustodyEventResponse?>([.. page.Items.Select(r => view.CustodyEvent(r.Custody, r.TaskId, grant.Visibility))], page.NextCursor),
            DataCategory.Judicial, grant.Visibility);
    }
}
