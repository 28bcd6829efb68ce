using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Custody.GetCustodyEvent;

public sealed record GetCustodyEventQuery(Guid CaseId, Guid CustodyEventId) : IQuery<CustodyEventResponse>;

public sealed class GetCustodyEventValidator : AbstractValidator<GetCustodyEventQuery>
{
    public GetCustodyEventValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.CustodyEventId).NotEmpty();
    }
}

public sealed class GetCustodyEventHandler(ICaseAccess access, TacticsDbContext db) : IQueryHandler<GetCustodyEventQuery, CustodyEventResponse>
{
    public async ValueTask<CustodyEventResponse> Handle(GetCustodyEventQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var row = await db.CustodyEvents.AsNoTracking()
            .Where(e => e.Id == query.CustodyEventId && e.CaseId == grant.Case.Id)
            .Select(e => new { Custody = e, TaskId = db.Tasks.Where(t => t.CustodyEventId == e.Id).Select(t => (Guid?)t.Id).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        // Not seeing judicial data, the caller may not learn that the event exists.
        return (row is null ? null : CustodyView.Render(row.Custody, row.TaskId, grant.Visibility)) ?? throw new NotFoundException("custody event");
    }
}
