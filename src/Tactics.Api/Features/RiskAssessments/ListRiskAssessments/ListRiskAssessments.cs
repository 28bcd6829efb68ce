using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.RiskAssessments.ListRiskAssessments;

public sealed record ListRiskAssessmentsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<RiskAssessmentResponse>>;

public sealed class ListRiskAssessmentsValidator : AbstractValidator<ListRiskAssessmentsQuery>
{
    public ListRiskAssessmentsValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>The history of a case's risk assessments, oldest first; the last one sets the case's level.</summary>
public sealed class ListRiskAssessmentsHandler(ICaseAccess access, TacticsDbContext db, CaseView view)
    : IQueryHandler<ListRiskAssessmentsQuery, CaseDataPage<RiskAssessmentResponse>>
{
    public async ValueTask<CaseDataPage<RiskAssessmentResponse>> Handle(ListRiskAssessmentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadEntriesAsync(query.CaseId, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        var me = access.Caller.AgencyCode;
        var assessments = db.RiskAssessments.AsNoTracking().Where(r => r.CaseId == grant.Case.Id);
        // An assessment is risk data, who made it and when included (as its timeline entry is): a caller without risk, or whose
        // only link is its own assessments, lists only its own. Filtered before paging.
        if (!grant.Visibility.Sees(DataCategory.Risk)) assessments = assessments.Where(r => r.AssessedBy == me);
        if (after is { } last)
        {
            assessments = assessments.Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.AssessedAt, r.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await assessments.OrderBy(r => r.AssessedAt).ThenBy(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, r => TimeIdCursor.Key(r.AssessedAt, r.Id));
        return view.Page(new CursorPage<RiskAssessmentResponse>([.. page.Items.Select(r => view.RiskAssessment(r, r.AssessedBy == me ? grant.Visibility.WithOwnEntry(DataCategory.Core, DataCategory.Risk) : grant.Visibility))], page.NextCursor),
            grant.Visibility);
    }
}
