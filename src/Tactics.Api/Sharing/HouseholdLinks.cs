using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>A case whose household link may be shown: its id, its household, the caller's view of it, and whether the caller reaches another case of that household when already known.</summary>
public sealed record HouseholdLinkCandidate(Guid CaseId, Guid HouseholdId, CaseVisibility Visibility, bool? ReachesAnotherCaseOfHousehold = null);

/// <summary>
/// Gathers the facts of the household-link rule for the request's caller and lets <see cref="SideRecordPolicy.SeesHouseholdLink"/>
/// decide: whether it reaches the case by legal mission (its visibility), and whether it reaches another case of the
/// household (<see cref="ICaseAccess.Reachable"/>). A household the caller may not know of answers like one that does not exist.
/// </summary>
public sealed class HouseholdLinks(ICaseAccess access, TacticsDbContext db)
{
    /// <summary>The ids of the cases among <paramref name="cases"/> whose household link the caller sees.</summary>
    public async Task<IReadOnlySet<Guid>> ShownAsync(IReadOnlyCollection<HouseholdLinkCandidate> cases, CancellationToken cancellationToken)
    {
        var shown = cases.Where(c => c.ReachesAnotherCaseOfHousehold is { } another
                ? SideRecordPolicy.SeesHouseholdLink(c.Visibility, another)
                : SideRecordPolicy.ReachesByLegalMission(c.Visibility))
            .Select(c => c.CaseId).ToHashSet();
        // Only the cases whose answer is not known yet cost a query.
        var rest = cases.Where(c => !shown.Contains(c.CaseId) && c.ReachesAnotherCaseOfHousehold is null).ToList();
        if (rest.Count == 0) return shown;
        var households = rest.Select(c => c.HouseholdId).Distinct().ToList();
        var reached = await access.Reachable().Where(c => households.Contains(c.HouseholdId))
            .Select(c => new { c.Id, c.HouseholdId }).ToListAsync(cancellationToken);
        foreach (var candidate in rest)
        {
            var another = reached.Any(r => r.HouseholdId == candidate.HouseholdId && r.Id != candidate.CaseId);
            if (SideRecordPolicy.SeesHouseholdLink(candidate.Visibility, another)) shown.Add(candidate.CaseId);
        }
        return shown;
    }

    /// <summary>Whether the caller sees the household link of this one case (the rule of <see cref="ICaseAccess.ShowsHouseholdLinkAsync"/>).</summary>
    public Task<bool> ShownAsync(HouseholdLinkCandidate @case, CancellationToken cancellationToken) =>
        @case.ReachesAnotherCaseOfHousehold is { } another
            ? Task.FromResult(SideRecordPolicy.SeesHouseholdLink(@case.Visibility, another))
            : access.ShowsHouseholdLinkAsync(@case.CaseId, @case.HouseholdId, @case.Visibility, cancellationToken);

    /// <summary>
    /// Whether the caller may know of the household: it sees the household link of one of its cases, or of a case that the
    /// household's standing merge moved out of it. Nothing is decided for a household with no case the caller reaches, so a
    /// household it may not know of and one that does not exist cost the same.
    /// </summary>
    public async Task<bool> KnowsHouseholdAsync(Guid householdId, CancellationToken cancellationToken)
    {
        var moved = db.Households.Where(h => h.Id == householdId && h.MergeId != null)
            .SelectMany(h => db.HouseholdMergeMoves.Where(m => m.MergeId == h.MergeId).Select(m => m.CaseId));
        var reached = await access.Reachable().Where(c => c.HouseholdId == householdId || moved.Contains(c.Id))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.HouseholdId }).ToListAsync(cancellationToken);
        if (reached.Count == 0) return false;
        // Two reached cases in one household: each is "another case" of the other's household.
        if (reached.GroupBy(c => c.HouseholdId).Any(g => g.Count() > 1)) return true;
        foreach (var @case in reached)
        {
            if (await access.VisibilityForRoutingAsync(@case.Id, cancellationToken) is not { } visibility) continue;
            if (await ShownAsync(new HouseholdLinkCandidate(@case.Id, @case.HouseholdId, visibility), cancellationToken)) return true;
        }
        return false;
    }
}
