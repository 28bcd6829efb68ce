using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.RiskAssessments.ListRiskAssessments;

public sealed record ListRiskAssessmentsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<RiskAssessmentResponse>>, ICaseChildListQuery;

public sealed class ListRiskAssessmentsValidator : CaseChildListValidator<ListRiskAssessmentsQuery>;

/// <summary>The history of a case's risk assessments, oldest first; the last one sets the case's level.</summary>
public sealed class ListRiskAssessmentsHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<ListRiskAssessmentsQuery, CaseDataPage<RiskAssessmentResponse>>
{
    private static readonly TimeIdKeyset<RiskAssessment> Keyset = new(r => r.AssessedAt, r => r.Id);

    public async ValueTask<CaseDataPage<RiskAssessmentResponse>> Handle(ListRiskAssessmentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadEntriesAsync(query.CaseId, cancellationToken);
        var me = access.Caller.AgencyCode;
        var assessments = db.RiskAssessments.AsNoTracking().Where(r => r.CaseId == grant.Case.Id);
        // An assessment is risk data, who made it and when included (as its timeline entry is): a caller without risk, or whose
        // only link is its own assessments, lists only its own. Filtered before paging.
        if (!grant.Visibility.Sees(DataCategory.Risk)) assessments = assessments.Where(r => r.AssessedBy == me);
        var page = await Keyset.PageAsync(assessments, query, cancellationToken);
        return CaseDataPage.Of(page,
            r => RiskAssessmentView.Render(r, r.AssessedBy == me ? grant.Visibility.WithOwnEntry(DataCategory.Core, DataCategory.Risk) : grant.Visibility),
            grant.Visibility);
    }
}
