using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures.GetMeasure;

public sealed record GetMeasureQuery(Guid CaseId, Guid MeasureId) : IQuery<MeasureResponse>;

public sealed class GetMeasureValidator : AbstractValidator<GetMeasureQuery>
{
    public GetMeasureValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.MeasureId).NotEmpty();
    }
}

public sealed class GetMeasureHandler(ICaseAccess access, TacticsDbContext db, TimeProvider time) : IQueryHandler<GetMeasureQuery, MeasureResponse>
{
    public async ValueTask<MeasureResponse> Handle(GetMeasureQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var measure = await db.ProtectiveMeasures.AsNoTracking().SingleOrDefaultAsync(m => m.Id == query.MeasureId && m.CaseId == grant.Case.Id, cancellationToken);
        // Not seeing measures, the caller may not learn that one exists.
        return (measure is null ? null : MeasureView.Render(measure, time.GetUtcNow(), grant.Visibility)) ?? throw new NotFoundException("measure");
    }
}
