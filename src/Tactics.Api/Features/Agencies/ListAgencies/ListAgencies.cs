using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Agencies.ListAgencies;

public sealed record ListAgenciesQuery(string? Kind, string? Postcode, int? Limit, string? Cursor)
    : IQuery<CursorPage<AgencyResponse>>;

public sealed class ListAgenciesValidator : AbstractValidator<ListAgenciesQuery>
{
    public ListAgenciesValidator()
    {
        RuleFor(q => q.Kind).MustBeEnumName<ListAgenciesQuery, AgencyKind>().When(q => q.Kind is not null);
        RuleFor(q => q.Postcode).BelgianPostcode().When(q => q.Postcode is not null);
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor();
    }
}

public sealed class ListAgenciesHandler(TacticsDbContext db) : IQueryHandler<ListAgenciesQuery, CursorPage<AgencyResponse>>
{
    public async ValueTask<CursorPage<AgencyResponse>> Handle(ListAgenciesQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        Cursor.TryDecode(query.Cursor, out var after);

        var agencies = db.Agencies.AsNoTracking();
        if (query.Kind is not null)
        {
            var kind = EnumNames.Parse<AgencyKind>(query.Kind);
            agencies = agencies.Where(a => a.Kind == kind);
        }
        if (query.Postcode is not null)
        {
            agencies = agencies.Where(a => a.Postcodes.Contains(query.Postcode));
        }
        if (after is not null)
        {
            agencies = agencies.Where(a => string.Compare(a.Code, after) > 0);
        }

        var rows = await agencies.OrderBy(a => a.Code).Take(limit + 1).ProjectToResponse().ToListAsync(cancellationToken);
        return Cursor.Page(rows, limit, a => a.Code);
    }
}
