using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Incidents.ListIncidents;

public sealed record ListIncidentsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<IncidentResponse>>, ICaseChildListQuery;

public sealed class ListIncidentsValidator : CaseChildListValidator<ListIncidentsQuery>;

public sealed class ListIncidentsHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<ListIncidentsQuery, CaseDataPage<IncidentResponse>>
{
    private static readonly TimeIdKeyset<Incident> Keyset = new(i => i.RecordedAt, i => i.Id);

    public async ValueTask<CaseDataPage<IncidentResponse>> Handle(ListIncidentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var incidents = db.Incidents.AsNoTracking().Where(i => i.CaseId == grant.Case.Id);
        // An incident is facts, its existence, kind, zone and dates included (as its timeline entry and its event are): a caller
        // without facts lists only the incidents its own zone recorded. Filtered before paging.
        if (!grant.Visibility.Sees(DataCategory.Facts))
        {
            var me = access.Caller.AgencyCode;
            incidents = incidents.Where(i => i.RecordedBy == me);
        }
        var page = await Keyset.PageAsync(incidents, query, cancellationToken);
        return CaseDataPage.Of(page, i => IncidentView.Render(i, grant.Visibility), grant.Visibility);
    }
}
