using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures.ListComplianceReports;

public sealed record ListComplianceReportsQuery(Guid CaseId, Guid MeasureId, int? Limit, string? Cursor)
    : IQuery<CaseDataPage<ComplianceReportResponse>>, ICaseChildListQuery;

public sealed record GetComplianceReportQuery(Guid CaseId, Guid MeasureId, Guid ReportId) : IQuery<ComplianceReportResponse>;

public sealed class ListComplianceReportsValidator : CaseChildListValidator<ListComplianceReportsQuery>
{
    public ListComplianceReportsValidator() => RuleFor(q => q.MeasureId).NotEmpty();
}

public sealed class GetComplianceReportValidator : AbstractValidator<GetComplianceReportQuery>
{
    public GetComplianceReportValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.MeasureId).NotEmpty();
        RuleFor(q => q.ReportId).NotEmpty();
    }
}

/// <summary>
/// The reports on one measure, oldest first. Measures through and through: to a caller that does not see <c>measures</c>,
/// the measure and its reports answer as if they did not exist (404).
/// </summary>
public sealed class ComplianceReportQueriesHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<ListComplianceReportsQuery, CaseDataPage<ComplianceReportResponse>>, IQueryHandler<GetComplianceReportQuery, ComplianceReportResponse>
{
    private static readonly TimeIdKeyset<ComplianceReport> Keyset = new(r => r.RecordedAt, r => r.Id);

    public async ValueTask<CaseDataPage<ComplianceReportResponse>> Handle(ListComplianceReportsQuery query, CancellationToken cancellationToken)
    {
        var grant = await MeasureAsync(query.CaseId, query.MeasureId, cancellationToken);
        var reports = db.ComplianceReports.AsNoTracking().Where(r => r.CaseId == grant.Case.Id && r.MeasureId == query.MeasureId);
        var page = await Keyset.PageAsync(reports, query, cancellationToken);
        return CaseDataPage.Of(page, r => MeasureView.Render(r, grant.Visibility)!, grant.Visibility);
    }

    public async ValueTask<ComplianceReportResponse> Handle(GetComplianceReportQuery query, CancellationToken cancellationToken)
    {
        var grant = await MeasureAsync(query.CaseId, query.MeasureId, cancellationToken);
        var report = await db.ComplianceReports.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == query.ReportId && r.MeasureId == query.MeasureId && r.CaseId == grant.Case.Id, cancellationToken);
        return (report is null ? null : MeasureView.Render(report, grant.Visibility)) ?? throw new NotFoundException("compliance report");
    }

    /// <summary>The case as the caller may read it, once the measure is known to exist on it and to be in the caller's sight.</summary>
    private async Task<CaseReadGrant> MeasureAsync(Guid caseId, Guid measureId, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(caseId, withPersons: false, cancellationToken);
        if (!grant.Visibility.Sees(DataCategory.Measures)
            || !await db.ProtectiveMeasures.AnyAsync(m => m.Id == measureId && m.CaseId == grant.Case.Id, cancellationToken))
        {
            throw new NotFoundException("measure");
        }
        return grant;
    }
}
