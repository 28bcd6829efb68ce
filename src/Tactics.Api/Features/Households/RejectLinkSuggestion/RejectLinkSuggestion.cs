using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Households;
using Tactics.Api.Features.Households.GetLinkSuggestion;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.RejectLinkSuggestion;

/// <summary>Rejects a pending link suggestion: the households stay apart, and the same reason is never suggested again for them.</summary>
/// <param name="Reason">Why they are not one household (shown to the caller's agency only).</param>
public sealed record RejectLinkSuggestionCommand([property: MaxLength(HouseholdLinkSuggestion.ReasonMaxLength)] string Reason)
    : ICommand<LinkSuggestionResponse>
{
    [JsonIgnore] public Guid HouseholdId { get; init; }
    [JsonIgnore] public Guid SuggestionId { get; init; }
}

public sealed class RejectLinkSuggestionValidator : AbstractValidator<RejectLinkSuggestionCommand>
{
    public RejectLinkSuggestionValidator()
    {
        RuleFor(c => c.HouseholdId).NotEmpty();
        RuleFor(c => c.SuggestionId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(HouseholdLinkSuggestion.ReasonMaxLength)
            .Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("Say why the households are not one.");
    }
}

public sealed class RejectLinkSuggestionHandler(TacticsDbContext db, HouseholdAccess access, HouseholdMerger merger, HouseholdView view,
    ICurrentUser user, TimeProvider time) : ICommandHandler<RejectLinkSuggestionCommand, LinkSuggestionResponse>
{
    public async ValueTask<LinkSuggestionResponse> Handle(RejectLinkSuggestionCommand command, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(command.HouseholdId, cancellationToken);
        var found = await GetLinkSuggestionHandler.FindVisible(db, access, household.Id, command.SuggestionId, "rejects link suggestions", cancellationToken);
        found.EnsurePending();

        // The households first, as a merge takes them, so a rejection and a merge of the same pair queue in one order.
        await merger.LockAsync(household.Id, found.OtherThan(household.Id), cancellationToken);
        var suggestion = await db.HouseholdLinkSuggestions
            .FromSql($"SELECT * FROM household_link_suggestions WHERE id = {found.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        suggestion.EnsurePending();
        suggestion.Reject(command.Reason.Trim(), user.AgencyCode, user.UserId, time.UtcNowStored());
        return view.Suggestion(suggestion, household.Id);
    }
}
