using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Households;

/// <summary>The addresses of household resources, for <c>Location</c> headers.</summary>
public static class HouseholdRoutes
{
    public static string Household(Guid householdId) => $"/api/v1/households/{householdId}";
    public static string Merge(Guid householdId, Guid mergeId) => $"/api/v1/households/{householdId}/merges/{mergeId}";
}

/// <summary>
/// Renders households, suggestions and merges for the caller. Case ids are those the caller reaches
/// (<see cref="ICaseAccess.Reachable"/>), never another one nor how many are hidden; a suggestion carries ids, a reason
/// code and a status, never the data that matched.
/// </summary>
public sealed class HouseholdView(TacticsDbContext db, ICaseAccess cases, HouseholdAccess access, ICurrentUser user)
{
    /// <summary>The most case ids a household answer lists (<c>GET /cases?householdId=</c> pages through all of them).</summary>
    public const int MaxCaseIds = Cursor.MaxLimit;

    public async Task<HouseholdResponse> HouseholdAsync(Household household, CancellationToken cancellationToken)
    {
        var caseIds = await access.ReachableCaseIds(household.Id).Take(MaxCaseIds).ToListAsync(cancellationToken);
        HouseholdMergedIntoResponse? mergedInto = null;
        if (household is { MergedIntoId: { } into, MergeId: { } mergeId })
        {
            var mergedAt = await db.HouseholdMerges.AsNoTracking().Where(m => m.Id == mergeId).Select(m => m.MergedAt).SingleAsync(cancellationToken);
            mergedInto = new HouseholdMergedIntoResponse(into, mergeId, mergedAt);
        }
        return new HouseholdResponse(household.Id, household.CreatedAt, caseIds, mergedInto);
    }

    public LinkSuggestionResponse Suggestion(HouseholdLinkSuggestion suggestion, Guid householdId) => new(
        suggestion.Id,
        householdId,
        suggestion.OtherThan(householdId),
        suggestion.Reason,
        suggestion.Status,
        suggestion.CreatedAt,
        suggestion.DecidedAt,
        suggestion.DecidedByAgency,
        // Free text that may name people of the other household: for the agency that wrote it only.
        suggestion.DecidedByAgency == user.AgencyCode ? suggestion.RejectionReason : null,
        suggestion.MergeId,
        suggestion.FirstConfirmedByAgency is { } firstAgency
            ? new ActorResponse(firstAgency, suggestion.FirstConfirmedByUser!, suggestion.FirstConfirmedAt!.Value)
            : null);

    public async Task<List<MergeResponse>> MergesAsync(IReadOnlyList<Guid> mergeIds, CancellationToken cancellationToken)
    {
        var merges = await db.HouseholdMerges.AsNoTracking().Include(m => m.Moves).Where(m => mergeIds.Contains(m.Id)).ToListAsync(cancellationToken);
        var moved = merges.SelectMany(m => m.Moves).Select(m => m.CaseId).Distinct().ToList();
        var reached = (await cases.Reachable().Where(c => moved.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        return [.. mergeIds.Select(id => merges.Single(m => m.Id == id)).Select(m => Merge(m, reached))];
    }

    public async Task<MergeResponse> MergeAsync(Guid mergeId, CancellationToken cancellationToken) =>
        (await MergesAsync([mergeId], cancellationToken)).Single();

    private static MergeResponse Merge(HouseholdMerge merge, IReadOnlySet<Guid> reached) => new(
        merge.Id,
        merge.HouseholdId,
        merge.OtherHouseholdId,
        merge.Kind,
        merge.SuggestionId,
        merge.Reason,
        new ActorResponse(merge.MergedByAgency, merge.MergedByUser, merge.MergedAt),
        [.. merge.Moves.Where(m => reached.Contains(m.CaseId)).OrderBy(m => m.CaseId).Select(m => m.CaseId)],
        merge.UndoneAt is { } undoneAt ? new MergeUndoResponse(new ActorResponse(merge.UndoneByAgency!, merge.UndoneByUser!, undoneAt), merge.UndoReason!) : null);
}

/// <summary>A household: the cases of one couple or family, across zones.</summary>
/// <param name="Id">The household id.</param>
/// <param name="CreatedAt">When it was created (UTC): with the first case of the couple.</param>
/// <param name="CaseIds">The ids of its cases the caller reaches, oldest first (at most 200; <c>GET /cases?householdId=</c> pages through them). Cases the caller does not reach are neither listed nor counted.</param>
/// <param name="MergedInto">Set while the household is merged into another: its cases are there.</param>
public sealed record HouseholdResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    [property: MaxLength(HouseholdView.MaxCaseIds)] IReadOnlyList<Guid> CaseIds,
    HouseholdMergedIntoResponse? MergedInto);

/// <summary>Where a merged household's cases went.</summary>
/// <param name="HouseholdId">The household it was merged into.</param>
/// <param name="MergeId">The merge (undoable).</param>
/// <param name="MergedAt">When (UTC).</param>
public sealed record HouseholdMergedIntoResponse(Guid HouseholdId, Guid MergeId, DateTimeOffset MergedAt);

/// <summary>A suggestion that two households are one: ids, a reason code and a status only, never the data that matched.</summary>
/// <param name="Id">The suggestion id.</param>
/// <param name="HouseholdId">The household of the route.</param>
/// <param name="OtherHouseholdId">The other household suggested.</param>
/// <param name="Reason"><c>same_address</c>, <c>same_name_and_birth_date</c>, or <c>same_national_number_pair</c> (the pair was not joined at once: opened by an agency without legal mission, or a disclosure-opened case).</param>
/// <param name="Status"><c>pending</c>, <c>awaiting_other_side</c> (one side's referent confirmed; a referent of the other household's side merges), <c>confirmed</c> (merged), <c>rejected</c>, or <c>superseded</c> (a household of it was merged otherwise).</param>
/// <param name="CreatedAt">When matching found it (UTC).</param>
/// <param name="DecidedAt">When a referent confirmed or rejected it (UTC).</param>
/// <param name="DecidedByAgency">The agency of that referent.</param>
/// <param name="RejectionReason">Why it was rejected; shown to the deciding agency only.</param>
/// <param name="MergeId">The merge that confirmed or superseded it.</param>
/// <param name="FirstConfirmed">The first side's confirmation of a two-sided one: who, and when.</param>
public sealed record LinkSuggestionResponse(
    Guid Id,
    Guid HouseholdId,
    Guid OtherHouseholdId,
    LinkReason Reason,
    LinkSuggestionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    [property: MaxLength(64)] string? DecidedByAgency,
    [property: MaxLength(HouseholdLinkSuggestion.ReasonMaxLength)] string? RejectionReason,
    Guid? MergeId,
    ActorResponse? FirstConfirmed);

/// <summary>A merge: the other household's cases moved into this one, with who, when and why; undoable.</summary>
/// <param name="Id">The merge id.</param>
/// <param name="HouseholdId">The household that received the cases.</param>
/// <param name="OtherHouseholdId">The household merged into it.</param>
/// <param name="Kind"><c>manual</c> or <c>confirmed_suggestion</c>.</param>
/// <param name="SuggestionId">The link suggestion it confirmed, if any.</param>
/// <param name="Reason">Why, as the referent wrote it.</param>
/// <param name="Merged">Who merged, and when.</param>
/// <param name="MovedCaseIds">The moved cases the caller reaches (an undo puts each back where it was).</param>
/// <param name="Undo">Set once the merge was undone.</param>
public sealed record MergeResponse(
    Guid Id,
    Guid HouseholdId,
    Guid OtherHouseholdId,
    MergeKind Kind,
    Guid? SuggestionId,
    [property: MaxLength(HouseholdMerge.ReasonMaxLength)] string Reason,
    ActorResponse Merged,
    [property: MaxLength(10000)] IReadOnlyList<Guid> MovedCaseIds,
    MergeUndoResponse? Undo);

/// <summary>The undo of a merge.</summary>
/// <param name="Undone">Who undid it, and when.</param>
/// <param name="Reason">Why, as the referent wrote it.</param>
public sealed record MergeUndoResponse(ActorResponse Undone, [property: MaxLength(HouseholdMerge.ReasonMaxLength)] string Reason);

/// <summary>Who did something, and when.</summary>
/// <param name="Agency">The agency code.</param>
/// <param name="UserId">The user (the token's <c>sub</c>).</param>
/// <param name="At">When (UTC).</param>
public sealed record ActorResponse([property: MaxLength(64)] string Agency, [property: MaxLength(100)] string UserId, DateTimeOffset At);
