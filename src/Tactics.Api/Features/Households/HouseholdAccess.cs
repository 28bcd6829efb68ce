using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Households;

/// <summary>
/// Who may know of a household: a caller that sees the household link (<see cref="HouseholdLinks"/>) of a case in it, or of
/// a case that a standing merge moved out of it: it reaches that case by legal mission, or reaches another case of its
/// household. Anything else (a CPAS reaching one case by consent, say) answers exactly like a household that does not exist.
/// </summary>
public sealed class HouseholdAccess(ICaseAccess cases, HouseholdLinks links, TacticsDbContext db, ICurrentUser user)
{
    /// <summary>The ids of the household's cases the caller reaches: never another one, nor how many are hidden.</summary>
    public IQueryable<Guid> ReachableCaseIds(Guid householdId) =>
        cases.Reachable().Where(c => c.HouseholdId == householdId).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id);

    /// <summary>The household (no tracking) when the caller may know of it; else the 404 of a household that does not exist.</summary>
    public async Task<Household> ReachAsync(Guid householdId, CancellationToken cancellationToken)
    {
        if (!await links.KnowsHouseholdAsync(householdId, cancellationToken)) throw NotFound();
        return await db.Households.AsNoTracking().SingleOrDefaultAsync(h => h.Id == householdId, cancellationToken) ?? throw NotFound();
    }

    /// <summary>The 403 for anyone but a <c>referent</c> (asked after the 404, so it tells nothing of unknown households).</summary>
    public void RequireReferent(string action)
    {
        if (!user.HasRole(UserRoles.Referent))
        {
            throw new ForbiddenException(ProblemTypes.RoleRequired, $"Only a referent {action}.");
        }
    }

    /// <summary>The 403 for a referent of a kind that does not link households (act 3: police, parquet and SAPV only).</summary>
    public void RequireLinkingKind(string action)
    {
        if (!HouseholdActors.MayLink(user.AgencyKind))
        {
            throw new ForbiddenException(ProblemTypes.AgencyKindNotAllowed, $"Only a referent of a police zone, a parquet or a SAPV {action}.");
        }
    }

    /// <summary>Whether the caller's agency reaches the household by legal mission (<see cref="MissionReachesAsync"/>).</summary>
    public Task<bool> CallerMissionReachesAsync(Guid householdId, CancellationToken cancellationToken) =>
        MissionReachesAsync(user.AgencyCode, householdId, cancellationToken);

    /// <summary>
    /// Whether <paramref name="agencyCode"/> reaches a case of the household by legal mission (it owns it, or the case lies in
    /// its territory), counting the cases a standing merge moved out of it. The reach that merging and confirming needs
    /// (act 3): a consent or a 458ter consultation gives no territory, so it links no household either.
    /// </summary>
    public async Task<bool> MissionReachesAsync(string agencyCode, Guid householdId, CancellationToken cancellationToken)
    {
        var caseIds = await db.Cases.AsNoTracking().Where(c => c.HouseholdId == householdId).Select(c => c.Id)
            .Union(db.Households.Where(h => h.Id == householdId && h.MergeId != null)
                .SelectMany(h => db.HouseholdMergeMoves.Where(m => m.MergeId == h.MergeId).Select(m => m.CaseId)))
            .ToListAsync(cancellationToken);
        foreach (var caseId in caseIds.Order())
        {
            if (await cases.MissionReachesAsync(agencyCode, caseId, cancellationToken)) return true;
        }
        return false;
    }

    /// <summary>
    /// The link suggestions the caller may see, among <paramref name="suggestions"/> of a household it reaches by legal mission.
    /// One that touches a disclosure-opened (confined) case is for the addressed parquet alone until that parquet confirms
    /// it; from then on (awaiting the other side, or rejected by it) the other side's referents see it too (DESIGN.md, act 6). Never the matched data.
    /// </summary>
    public IQueryable<HouseholdLinkSuggestion> Visible(IQueryable<HouseholdLinkSuggestion> suggestions)
    {
        var me = user.AgencyCode;
        var confined = db.Cases.Where(c => c.ConfinedToAgency != null);
        return suggestions.Where(s =>
            !confined.Any(c => c.HouseholdId == s.HouseholdAId || c.HouseholdId == s.HouseholdBId)
            || confined.Any(c => (c.HouseholdId == s.HouseholdAId || c.HouseholdId == s.HouseholdBId) && c.ConfinedToAgency == me)
            || (s.FirstConfirmedByAgency != null
                && confined.Any(c => (c.HouseholdId == s.HouseholdAId || c.HouseholdId == s.HouseholdBId) && c.ConfinedToAgency == s.FirstConfirmedByAgency)));
    }

    /// <summary>
    /// The gate of every link-suggestion route (after the household's 404): a referent (403), of police, parquet or SAPV (403),
    /// whose agency reaches the household by legal mission; else the household's suggestions are none of its business (false).
    /// </summary>
    public async Task<bool> MaySeeSuggestionsAsync(Guid householdId, string action, CancellationToken cancellationToken)
    {
        RequireReferent(action);
        RequireLinkingKind(action);
        return await CallerMissionReachesAsync(householdId, cancellationToken);
    }

    public static NotFoundException NotFound() => new("household");
}
