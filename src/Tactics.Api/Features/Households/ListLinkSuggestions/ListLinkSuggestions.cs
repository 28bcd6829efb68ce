using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.ListLinkSuggestions;

public sealed record ListLinkSuggestionsQuery(Guid HouseholdId, string? Status, int? Limit, string? Cursor) : IQuery<CursorPage<LinkSuggestionResponse>>;

public sealed class ListLinkSuggestionsValidator : AbstractValidator<ListLinkSuggestionsQuery>
{
    public ListLinkSuggestionsValidator()
    {
        RuleFor(q => q.HouseholdId).NotEmpty();
        RuleFor(q => q.Status).MustBeEnumName<ListLinkSuggestionsQuery, LinkSuggestionStatus>();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>The household's link suggestions the caller may see, newest first; a referent's list (police, parquet, SAPV reaching the household).</summary>
public sealed class ListLinkSuggestionsHandler(TacticsDbContext db, HouseholdAccess access, HouseholdView view)
    : IQueryHandler<ListLinkSuggestionsQuery, CursorPage<LinkSuggestionResponse>>
{
    public async ValueTask<CursorPage<LinkSuggestionResponse>> Handle(ListLinkSuggestionsQuery query, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(query.HouseholdId, cancellationToken);
        if (!await access.MaySeeSuggestionsAsync(household.Id, "reads link suggestions", cancellationToken))
        {
            return new CursorPage<LinkSuggestionResponse>([], null);
        }
        var limit = query.Limit ?? Cursor.DefaultLimit;

        var id = household.Id;
        var suggestions = access.Visible(db.HouseholdLinkSuggestions.AsNoTracking()).Where(s => s.HouseholdAId == id || s.HouseholdBId == id);
        if (query.Status is not null)
        {
            var status = EnumNames.Parse<LinkSuggestionStatus>(query.Status);
            suggestions = suggestions.Where(s => s.Status == status);
        }
        if (TimeIdCursor.TryParse(query.Cursor, out var after) && after is { } last)
        {
            suggestions = suggestions.Where(s => EF.Functions.LessThan(ValueTuple.Create(s.CreatedAt, s.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await suggestions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, s => TimeIdCursor.Key(s.CreatedAt, s.Id));
        return new CursorPage<LinkSuggestionResponse>([.. page.Items.Select(s => view.Suggestion(s, id))], page.NextCursor);
    }
}
