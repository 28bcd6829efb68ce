using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Decisions;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Decisions.ListDecisions;

public sealed record ListDecisionsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<DecisionResponse>>, ICaseChildListQuery;

public sealed class ListDecisionsValidator : CaseChildListValidator<ListDecisionsQuery>;

/// <summary>
/// The decisions of a case the caller may read, in the order they were taken, filtered before paging: those on PVs for a caller
/// that sees judicial data, and those on disclosures for the addressed parquet alone (<see cref="BoardPolicy.ForDecision"/>).
/// </summary>
public sealed class ListDecisionsHandler(ICaseAccess access, TacticsDbContext db) : IQueryHandler<ListDecisionsQuery, CaseDataPage<DecisionResponse>>
{
    private static readonly TimeIdKeyset<ParquetDecision> Keyset = new(d => d.DecidedAt, d => d.Id);

    public async ValueTask<CaseDataPage<DecisionResponse>> Handle(ListDecisionsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var caller = access.Caller;
        var seesJudicial = grant.Visibility.Sees(DataCategory.Judicial);
        var addressed = caller.Kind == AgencyKind.Parquet ? caller.AgencyCode : null;
        // The policy's rule as a query, so hidden decisions never shorten a page; each row is checked against it again below.
        var decisions = db.Decisions.AsNoTracking().Where(d => d.CaseId == grant.Case.Id
            && ((d.AddressedParquet == null && seesJudicial) || (addressed != null && d.AddressedParquet == addressed)));
        var page = await Keyset.PageAsync(decisions, query, cancellationToken);
        var shown = new CursorPage<DecisionResponse>([.. page.Items.Select(d => DecisionResponse.For(d, caller, grant.Visibility)).OfType<DecisionResponse>()],
            page.NextCursor);
        return CaseDataPage.Of(shown, d => d, grant.Visibility);
    }
}
