using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Decisions.ListDecisions;

public sealed record ListDecisionsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<DecisionResponse>>;

public sealed class ListDecisionsValidator : AbstractValidator<ListDecisionsQuery>
{
    public ListDecisionsValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>
/// The decisions of a case the caller may read, in the order they were taken, filtered before paging: those on PVs for a caller
/// that sees judicial data, and those on disclosures for the addressed parquet alone (<see cref="BoardPolicy.ForDecision"/>).
/// </summary>
public sealed class ListDecisionsHandler(ICaseAccess access, TacticsDbContext db, CaseView view) : IQueryHandler<ListDecisionsQuery, CaseDataPage<DecisionResponse>>
{
    public async ValueTask<CaseDataPage<DecisionResponse>> Handle(ListDecisionsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var caller = access.Caller;
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        var seesJudicial = grant.Visibility.Sees(DataCategory.Judicial);
        var addressed = caller.Kind == AgencyKind.Parquet ? caller.AgencyCode : null;
        // The policy's rule as a query, so hidden decisions never shorten a page; each row is checked against it again below.
        var decisions = db.Decisions.AsNoTracking().Where(d => d.CaseId == grant.Case.Id
            && ((d.AddressedParquet == null && seesJudicial) || (addressed != null && d.AddressedParquet == addressed)));
        if (after is { } last)
        {
            decisions = decisions.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.DecidedAt, d.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await decisions.OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, d => TimeIdCursor.Key(d.DecidedAt, d.Id));
        return view.Page(new CursorPage<DecisionResponse>([.. page.Items.Select(d => DecisionResponse.For(d, caller, grant.Visibility)).OfType<DecisionResponse>()],
            page.NextCursor), grant.Visibility);
    }
}
