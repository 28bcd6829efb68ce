using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Decisions.GetDecision;

public sealed record GetDecisionQuery(Guid CaseId, Guid DecisionId) : IQuery<DecisionResponse>;

public sealed class GetDecisionValidator : AbstractValidator<GetDecisionQuery>
{
    public GetDecisionValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.DecisionId).NotEmpty();
    }
}

/// <summary>One decision of a case; 404 for a caller that may not read it (one it may not know of).</summary>
public sealed class GetDecisionHandler(ICaseAccess access, TacticsDbContext db) : IQueryHandler<GetDecisionQuery, DecisionResponse>
{
    public async ValueTask<DecisionResponse> Handle(GetDecisionQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var decision = await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DecisionId && d.CaseId == grant.Case.Id, cancellationToken);
        return (decision is null ? null : DecisionResponse.For(decision, access.Caller, grant.Visibility)) ?? throw new NotFoundException("decision");
    }
}
