using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Households;
using Tactics.Api.Features.Households.GetLinkSuggestion;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.ConfirmLinkSuggestion;

public sealed record ConfirmLinkSuggestionCommand(Guid HouseholdId, Guid SuggestionId) : ICommand<LinkSuggestionResponse>;

public sealed class ConfirmLinkSuggestionValidator : AbstractValidator<ConfirmLinkSuggestionCommand>
{
    public ConfirmLinkSuggestionValidator()
    {
        RuleFor(c => c.HouseholdId).NotEmpty();
        RuleFor(c => c.SuggestionId).NotEmpty();
    }
}

/// <summary>A referent confirms a pending suggestion: the other household is merged into this one ("Confirmed suggestion").</summary>
public sealed class ConfirmLinkSuggestionHandler(TacticsDbContext db, HouseholdAccess access, HouseholdMerger merger, HouseholdView view)
    : ICommandHandler<ConfirmLinkSuggestionCommand, LinkSuggestionResponse>
{
    public const string Reason = "Confirmed suggestion";

    public async ValueTask<LinkSuggestionResponse> Handle(ConfirmLinkSuggestionCommand command, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(command.HouseholdId, cancellationToken);
        access.RequireReferent("confirms link suggestions");
        var found = await GetLinkSuggestionHandler.Find(db.HouseholdLinkSuggestions.AsNoTracking(), household.Id, command.SuggestionId, cancellationToken);
        found.EnsurePending();

        var (locked, other) = await merger.LockAsync(household.Id, found.OtherThan(household.Id), cancellationToken);
        var suggestion = await db.HouseholdLinkSuggestions
            .FromSql($"SELECT * FROM household_link_suggestions WHERE id = {found.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        suggestion.EnsurePending();
        await merger.MergeAsync(locked, other, MergeKind.ConfirmedSuggestion, Reason, suggestion, cancellationToken);
        return view.Suggestion(suggestion, household.Id);
    }
}
