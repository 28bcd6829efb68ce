using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Incidents.ListIncidents;

public sealed record ListIncidentsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<IncidentResponse>>;

public sealed class ListIncidentsValidator : AbstractValidator<ListIncidentsQuery>
{
    public ListIncidentsValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

public sealed class ListIncidentsHandler(ICaseAccess access, TacticsDbContext db, CaseView view)
    : IQueryHandler<ListIncidentsQuery, CaseDataPage<IncidentResponse>>
{
    public async ValueTask<CaseDataPage<IncidentResponse>> Handle(ListIncidentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        var incidents = db.Incidents.AsNoTracking().Where(i => i.CaseId == grant.Case.Id);
        // An incident is facts, its existence, kind, zone and dates included (as its timeline entry and its event are): a caller
        // without facts lists only the incidents its own zone recorded. Filtered before paging.
        if (!grant.Visibility.Sees(DataCategory.Facts))
        {
            var me = access.Caller.AgencyCode;
            incidents = incidents.Where(i => i.RecordedBy == me);
        }
        if (after is { } last)
        {
            incidents = incidents.Where(i => EF.Functions.GreaterThan(ValueTuple.Create(i.RecordedAt, i.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await incidents.OrderBy(i => i.RecordedAt).ThenBy(i => i.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, i => TimeIdCursor.Key(i.RecordedAt, i.Id));
        return view.Page(new CursorPage<IncidentResponse>([.. page.Items.Select(i => view.Incident(i, grant.Visibility))], page.NextCursor), grant.Visibility);
    }
}
