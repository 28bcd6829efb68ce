using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Custody.ListCustodyEvents;

public sealed record ListCustodyEventsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<CustodyEventResponse>>, ICaseChildListQuery;

public sealed class ListCustodyEventsValidator : CaseChildListValidator<ListCustodyEventsQuery>;

public sealed class ListCustodyEventsHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<ListCustodyEventsQuery, CaseDataPage<CustodyEventResponse>>
{
    private static readonly TimeIdKeyset<CustodyEvent> Keyset = new(e => e.RecordedAt, e => e.Id);

    public async ValueTask<CaseDataPage<CustodyEventResponse>> Handle(ListCustodyEventsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        // A custody event is judicial through and through, that it exists included.
        if (!grant.Visibility.Sees(DataCategory.Judicial)) return CaseDataPage.Empty<CustodyEventResponse>(grant.Visibility);

        var page = await Keyset.PageAsync(db.CustodyEvents.AsNoTracking().Where(e => e.CaseId == grant.Case.Id), query,
            e => new CustodyRow(e, db.Tasks.Where(t => t.CustodyEventId == e.Id).Select(t => (Guid?)t.Id).FirstOrDefault()), r => r.Custody,
            cancellationToken);
        return CaseDataPage.Of(page, r => CustodyView.Render(r.Custody, r.TaskId, grant.Visibility)!, grant.Visibility);
    }

    private sealed record CustodyRow(CustodyEvent Custody, Guid? TaskId);
}
