using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.RiskAssessments.GetRiskAssessment;

public sealed record GetRiskAssessmentQuery(Guid CaseId, Guid AssessmentId) : IQuery<RiskAssessmentResponse>;

public sealed class GetRiskAssessmentValidator : AbstractValidator<GetRiskAssessmentQuery>
{
    public GetRiskAssessmentValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.AssessmentId).NotEmpty();
    }
}

public sealed class GetRiskAssessmentHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<GetRiskAssessmentQuery, RiskAssessmentResponse>
{
    public async ValueTask<RiskAssessmentResponse> Handle(GetRiskAssessmentQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadEntriesAsync(query.CaseId, cancellationToken);
        var assessment = await db.RiskAssessments.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == query.AssessmentId && r.CaseId == grant.Case.Id, cancellationToken);
        var own = assessment?.AssessedBy == access.Caller.AgencyCode;
        // An assessment is risk data: a caller without risk, or whose only link is its own assessments, reads only its own.
        if (assessment is null || (!own && !grant.Visibility.Sees(DataCategory.Risk))) throw new NotFoundException("risk assessment");
        return RiskAssessmentView.Render(assessment, own ? grant.Visibility.WithOwnEntry(DataCategory.Core, DataCategory.Risk) : grant.Visibility);
    }
}
