using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households;

/// <summary>
/// Merges and undoes merges inside the command's transaction. Locks are always taken in one order: the two
/// households (by id), then their cases, then their suggestions, so concurrent merges queue instead of crossing.
/// </summary>
public sealed class HouseholdMerger(TacticsDbContext db, ICurrentUser user, TimeProvider time)
{
    /// <summary>Locks both households (<c>FOR UPDATE</c>) and loads them, tracked and fresh.</summary>
    public async Task<(Household Household, Household Other)> LockAsync(Guid householdId, Guid otherHouseholdId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Household merges run inside the command's transaction (TransactionBehavior).");
        }
        Guid[] ids = [householdId, otherHouseholdId];
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM households WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", cancellationToken);
        var households = await db.Households.Where(h => ids.Contains(h.Id)).ToListAsync(cancellationToken);
        return (households.Single(h => h.Id == householdId), households.Single(h => h.Id == otherHouseholdId));
    }

    /// <summary>
    /// Moves every case of <paramref name="other"/> into <paramref name="household"/> (both locked by <see cref="LockAsync"/>),
    /// confirms <paramref name="confirming"/> if given, and supersedes the absorbed household's other pending suggestions.
    /// </summary>
    public async Task<HouseholdMerge> MergeAsync(Household household, Household other, MergeKind kind, string reason,
        HouseholdLinkSuggestion? confirming, CancellationToken cancellationToken)
    {
        var otherId = other.Id;
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE household_id = {otherId} ORDER BY id FOR UPDATE", cancellationToken);
        var cases = await db.Cases.Where(c => c.HouseholdId == otherId).ToListAsync(cancellationToken);

        var now = time.UtcNowStored();
        var merge = HouseholdMerge.Perform(household, other, cases, kind, confirming?.Id, reason, user.AgencyCode, user.UserId, now);
        db.HouseholdMerges.Add(merge);
        confirming?.Confirm(merge.Id, user.AgencyCode, user.UserId, now);

        var pending = await PendingSuggestionsOf(otherId, cancellationToken);
        foreach (var suggestion in pending.Where(s => !ReferenceEquals(s, confirming)))
        {
            suggestion.Supersede(merge.Id);
        }

        // A confirmed link is what ends a disclosure-opened case's confinement (act 6); a manual merge never involves one.
        if (confirming is not null)
        {
            var householdId = household.Id;
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM cases WHERE household_id = {householdId} AND confined_to_agency IS NOT NULL ORDER BY id FOR UPDATE", cancellationToken);
            var kept = await db.Cases.Where(c => c.HouseholdId == householdId && c.ConfinedToAgency != null).ToListAsync(cancellationToken);
            foreach (var @case in cases.Concat(kept).Where(c => c.ConfinedToAgency is not null)) @case.EndConfinement();
        }
        return merge;
    }

    /// <summary>Whether either household holds a case a 458bis disclosure opened that is still confined to its parquet.</summary>
    public Task<bool> AnyConfinedAsync(Guid householdId, Guid otherHouseholdId, CancellationToken cancellationToken) =>
        db.Cases.AnyAsync(c => (c.HouseholdId == householdId || c.HouseholdId == otherHouseholdId) && c.ConfinedToAgency != null, cancellationToken);

    /// <summary>Undoes a merge: each moved case back where it was, the absorbed household restored, its suggestions pending again.</summary>
    public async Task<HouseholdMerge> UndoAsync(Guid mergeId, string reason, CancellationToken cancellationToken)
    {
        var sides = await db.HouseholdMerges.AsNoTracking().Where(m => m.Id == mergeId)
            .Select(m => new { m.HouseholdId, m.OtherHouseholdId }).SingleAsync(cancellationToken);
        var (household, other) = await LockAsync(sides.HouseholdId, sides.OtherHouseholdId, cancellationToken);
        var merge = await db.HouseholdMerges.Include(m => m.Moves).SingleAsync(m => m.Id == mergeId, cancellationToken);

        var caseIds = merge.Moves.Select(m => m.CaseId).ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = ANY({caseIds}) ORDER BY id FOR UPDATE", cancellationToken);
        var cases = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToListAsync(cancellationToken);

        merge.Undo(household, other, cases, reason, user.AgencyCode, user.UserId, time.UtcNowStored());
        await ConfineAgainAsync(merge, cancellationToken);
        var decided = await db.HouseholdLinkSuggestions.FromSql($"SELECT * FROM household_link_suggestions WHERE merge_id = {mergeId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        foreach (var suggestion in decided) suggestion.Reinstate(merge.Id);
        return merge;
    }

    /// <summary>
    /// An undo puts a disclosure-opened case back where it was before the merge that ended its confinement: alone in its
    /// household, confined again to its parquet, so the undo widens no one's reach (act 6). A case some other standing merge
    /// still links keeps its link, and stays unconfined.
    /// </summary>
    private async Task ConfineAgainAsync(HouseholdMerge merge, CancellationToken cancellationToken)
    {
        Guid[] sides = [merge.HouseholdId, merge.OtherHouseholdId];
        var openedByDisclosure = await db.Cases
            .Where(c => sides.Contains(c.HouseholdId) && c.ConfinedToAgency == null
                && db.Disclosures.Any(d => d.CaseId == c.Id && d.ParquetAgency == c.OwnerAgency && d.At == c.CreatedAt))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        if (openedByDisclosure.Count == 0) return;

        await db.SaveChangesAsync(cancellationToken);
        var mergeId = merge.Id;
        foreach (var caseId in openedByDisclosure)
        {
            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            var householdId = @case.HouseholdId;
            var linkedStill = await db.HouseholdMerges.AnyAsync(m => m.Id != mergeId && m.UndoneAt == null
                && (m.HouseholdId == householdId || m.OtherHouseholdId == householdId), cancellationToken)
                || await db.Cases.AnyAsync(c => c.HouseholdId == householdId && c.Id != caseId, cancellationToken);
            if (!linkedStill) @case.ConfineTo(@case.OwnerAgency);
        }
    }

    private Task<List<HouseholdLinkSuggestion>> PendingSuggestionsOf(Guid householdId, CancellationToken cancellationToken) =>
        db.HouseholdLinkSuggestions
            .FromSql($"SELECT * FROM household_link_suggestions WHERE status = 'pending' AND (household_a_id = {householdId} OR household_b_id = {householdId}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
}
