using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.GetLinkSuggestion;

public sealed record GetLinkSuggestionQuery(Guid HouseholdId, Guid SuggestionId) : IQuery<LinkSuggestionResponse>;

public sealed class GetLinkSuggestionValidator : AbstractValidator<GetLinkSuggestionQuery>
{
    public GetLinkSuggestionValidator()
    {
        RuleFor(q => q.HouseholdId).NotEmpty();
        RuleFor(q => q.SuggestionId).NotEmpty();
    }
}

public sealed class GetLinkSuggestionHandler(TacticsDbContext db, HouseholdAccess access, HouseholdView view)
    : IQueryHandler<GetLinkSuggestionQuery, LinkSuggestionResponse>
{
    public async ValueTask<LinkSuggestionResponse> Handle(GetLinkSuggestionQuery query, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(query.HouseholdId, cancellationToken);
        var suggestion = await FindVisible(db, access, household.Id, query.SuggestionId, "reads link suggestions", cancellationToken);
        return view.Suggestion(suggestion, household.Id);
    }

    /// <summary>
    /// The suggestion (no tracking) when the caller may see it (<see cref="HouseholdAccess.MaySeeSuggestionsAsync"/>,
    /// <see cref="HouseholdAccess.Visible"/>); else the 404 of one that does not exist.
    /// </summary>
    internal static async Task<HouseholdLinkSuggestion> FindVisible(TacticsDbContext db, HouseholdAccess access, Guid householdId, Guid suggestionId,
        string action, CancellationToken cancellationToken)
    {
        if (!await access.MaySeeSuggestionsAsync(householdId, action, cancellationToken)) throw new NotFoundException("link suggestion");
        return await Find(access.Visible(db.HouseholdLinkSuggestions.AsNoTracking()), householdId, suggestionId, cancellationToken);
    }

    /// <summary>The suggestion when it concerns the household; else the 404 of one that does not exist.</summary>
    internal static async Task<HouseholdLinkSuggestion> Find(IQueryable<HouseholdLinkSuggestion> suggestions, Guid householdId, Guid suggestionId,
        CancellationToken cancellationToken) =>
        await suggestions.SingleOrDefaultAsync(s => s.Id == suggestionId && (s.HouseholdAId == householdId || s.HouseholdBId == householdId), cancellationToken)
        ?? throw new NotFoundException("link suggestion");
}
