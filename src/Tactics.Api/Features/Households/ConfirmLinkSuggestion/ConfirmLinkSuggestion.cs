using Tactics.Api.Sharing;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Households.GetLinkSuggestion;
using Tactics.Api.Features.Notifications.Outbox;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.ConfirmLinkSuggestion;

public sealed record ConfirmLinkSuggestionCommand(Guid HouseholdId, Guid SuggestionId) : ICommand<LinkSuggestionConfirmed>;

/// <summary>The suggestion after the confirmation; <paramref name="Merged"/> false when it awaits the other side (202).</summary>
public sealed record LinkSuggestionConfirmed(LinkSuggestionResponse Suggestion, bool Merged);

public sealed class ConfirmLinkSuggestionValidator : AbstractValidator<ConfirmLinkSuggestionCommand>
{
    public ConfirmLinkSuggestionValidator()
    {
        RuleFor(c => c.HouseholdId).NotEmpty();
        RuleFor(c => c.SuggestionId).NotEmpty();
    }
}

/// <summary>
/// A referent of police, parquet or SAPV confirms a suggestion it may see (DESIGN.md, act 3). Reaching both households by
/// legal mission, it merges the other household into this one ("Confirmed suggestion"). Reaching this one only, its
/// confirmation is the first side's: the suggestion awaits the other side, whose referents' agencies are told
/// (<c>household.confirmation_requested</c>, ids only), and a referent of the other side then merges. A merge ends the
/// confinement of a disclosure-opened case in either household (act 6).
/// </summary>
public sealed class ConfirmLinkSuggestionHandler(TacticsDbContext db, HouseholdAccess access, HouseholdMerger merger, HouseholdView view,
    ICurrentUser user, IEventOutbox outbox, TimeProvider time) : ICommandHandler<ConfirmLinkSuggestionCommand, LinkSuggestionConfirmed>
{
    public const string Reason = "Confirmed suggestion";

    public async ValueTask<LinkSuggestionConfirmed> Handle(ConfirmLinkSuggestionCommand command, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(command.HouseholdId, cancellationToken);
        var found = await GetLinkSuggestionHandler.FindVisible(db, access, household.Id, command.SuggestionId, "confirms link suggestions", cancellationToken);
        found.EnsurePending();
        var otherId = found.OtherThan(household.Id);

        var (locked, other) = await merger.LockAsync(household.Id, otherId, cancellationToken);
        var suggestion = await db.HouseholdLinkSuggestions
            .FromSql($"SELECT * FROM household_link_suggestions WHERE id = {found.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        suggestion.EnsurePending();

        // The caller reaches this household by legal mission (MaySeeSuggestionsAsync); both sides, or the side the first
        // confirmation did not come from, make the merge.
        var merges = await access.CallerMissionReachesAsync(otherId, cancellationToken)
            || (suggestion.Status == LinkSuggestionStatus.AwaitingOtherSide && suggestion.FirstConfirmedByAgency != user.AgencyCode
                && !await access.MissionReachesAsync(suggestion.FirstConfirmedByAgency!, household.Id, cancellationToken));
        if (merges)
        {
            await merger.MergeAsync(locked, other, MergeKind.ConfirmedSuggestion, Reason, suggestion, cancellationToken);
            return new LinkSuggestionConfirmed(view.Suggestion(suggestion, household.Id), Merged: true);
        }
        if (suggestion.Status == LinkSuggestionStatus.AwaitingOtherSide)
        {
            throw new ConflictException(ProblemTypes.SuggestionNotPending,
                "This side already confirmed this link suggestion: it awaits a referent of the other household.");
        }

        suggestion.ConfirmFirstSide(user.AgencyCode, user.UserId, time.UtcNowStored());
        var otherSide = await OtherSideAgenciesAsync(otherId, cancellationToken);
        if (otherSide.Count > 0)
        {
            outbox.Raise(EventCatalogue.HouseholdConfirmationRequested, caseId: null,
                new Dictionary<string, string> { ["householdId"] = otherId.ToString(), ["suggestionId"] = suggestion.Id.ToString() }, otherSide);
        }
        return new LinkSuggestionConfirmed(view.Suggestion(suggestion, household.Id), Merged: false);
    }

    /// <summary>The agencies whose referents may confirm for the other household: police, parquet and SAPV reaching it by legal mission.</summary>
    private async Task<List<string>> OtherSideAgenciesAsync(Guid otherHouseholdId, CancellationToken cancellationToken)
    {
        var kinds = HouseholdActors.LinkingKinds.ToList();
        var candidates = await db.Agencies.AsNoTracking().Where(a => kinds.Contains(a.Kind) && a.Code != user.AgencyCode)
            .OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(cancellationToken);
        var reaching = new List<string>();
        foreach (var code in candidates)
        {
            if (await access.MissionReachesAsync(code, otherHouseholdId, cancellationToken)) reaching.Add(code);
        }
        return reaching;
    }
}
