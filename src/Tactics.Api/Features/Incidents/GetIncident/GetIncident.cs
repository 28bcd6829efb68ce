using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Incidents.GetIncident;

public sealed record GetIncidentQuery(Guid CaseId, Guid IncidentId) : IQuery<IncidentResponse>;

public sealed class GetIncidentValidator : AbstractValidator<GetIncidentQuery>
{
    public GetIncidentValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.IncidentId).NotEmpty();
    }
}

public sealed class GetIncidentHandler(ICaseAccess access, TacticsDbContext db) : IQueryHandler<GetIncidentQuery, IncidentResponse>
{
    public async ValueTask<IncidentResponse> Handle(GetIncidentQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == query.IncidentId && i.CaseId == grant.Case.Id, cancellationToken);
        // An incident is facts: one the caller may not see is answered as one that does not exist.
        if (incident is null || !access.DecideEntry(grant.Case.Id, DataCategory.Facts, incident.RecordedBy).Permitted)
        {
            throw new NotFoundException("incident");
        }
        return IncidentView.Render(incident, grant.Visibility);
    }
}
