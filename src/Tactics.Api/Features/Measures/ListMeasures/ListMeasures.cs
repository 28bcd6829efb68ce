using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures.ListMeasures;

public sealed record ListMeasuresQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<MeasureResponse>>, ICaseChildListQuery;

public sealed class ListMeasuresValidator : CaseChildListValidator<ListMeasuresQuery>;

public sealed class ListMeasuresHandler(ICaseAccess access, TacticsDbContext db, TimeProvider time)
    : IQueryHandler<ListMeasuresQuery, CaseDataPage<MeasureResponse>>
{
    private static readonly TimeIdKeyset<ProtectiveMeasure> Keyset = new(m => m.ImposedAt, m => m.Id);

    public async ValueTask<CaseDataPage<MeasureResponse>> Handle(ListMeasuresQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        // A measure is measures through and through, that it exists included.
        if (!grant.Visibility.Sees(DataCategory.Measures)) return CaseDataPage.Empty<MeasureResponse>(grant.Visibility);

        var page = await Keyset.PageAsync(db.ProtectiveMeasures.AsNoTracking().Where(m => m.CaseId == grant.Case.Id), query, cancellationToken);
        var now = time.GetUtcNow();
        return CaseDataPage.Of(page, m => MeasureView.Render(m, now, grant.Visibility)!, grant.Visibility);
    }
}
