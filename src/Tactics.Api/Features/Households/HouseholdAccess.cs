using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Households;

/// <summary>
/// Who may know of a household: a caller that reaches (through <see cref="ICaseAccess"/>) a case in it, or a case
/// that a standing merge moved out of it. Anything else answers exactly like a household that does not exist.
/// </summary>
public sealed class HouseholdAccess(ICaseAccess cases, TacticsDbContext db, ICurrentUser user)
{
    /// <summary>The ids of the household's cases the caller reaches: never another one, nor how many are hidden.</summary>
    public IQueryable<Guid> ReachableCaseIds(Guid householdId) =>
        cases.Reachable().Where(c => c.HouseholdId == householdId).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id);

    /// <summary>The household (no tracking) when the caller may know of it; else the 404 of a household that does not exist.</summary>
    public async Task<Household> ReachAsync(Guid householdId, CancellationToken cancellationToken) =>
        await Reached(db.Households.AsNoTracking().Where(h => h.Id == householdId)).SingleOrDefaultAsync(cancellationToken)
        ?? throw NotFound();

    /// <summary>Whether the caller may know of the household.</summary>
    public Task<bool> ReachesAsync(Guid householdId, CancellationToken cancellationToken) =>
        Reached(db.Households.Where(h => h.Id == householdId)).AnyAsync(cancellationToken);

    /// <summary>The 403 for anyone but a <c>referent</c> (asked after the 404, so it tells nothing of unknown households).</summary>
    public void RequireReferent(string action)
    {
        if (!user.HasRole(UserRoles.Referent))
        {
            throw new ForbiddenException(ProblemTypes.RoleRequired, $"Only a referent {action}.");
        }
    }

    public static NotFoundException NotFound() => new("household");

    private IQueryable<Household> Reached(IQueryable<Household> households)
    {
        var reachable = cases.Reachable();
        return households.Where(h => reachable.Any(c => c.HouseholdId == h.Id)
            || (h.MergeId != null && db.HouseholdMergeMoves.Any(m => m.MergeId == h.MergeId && reachable.Any(c => c.Id == m.CaseId))));
    }
}
