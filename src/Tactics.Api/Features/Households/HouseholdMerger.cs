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
        return merge;
    }

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
        var decided = await db.HouseholdLinkSuggestions.FromSql($"SELECT * FROM household_link_suggestions WHERE merge_id = {mergeId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        foreach (var suggestion in decided) suggestion.Reinstate(merge.Id);
        return merge;
    }

    private Task<List<HouseholdLinkSuggestion>> PendingSuggestionsOf(Guid householdId, CancellationToken cancellationToken) =>
        db.HouseholdLinkSuggestions
            .FromSql($"SELECT * FROM household_link_suggestions WHERE status = 'pending' AND (household_a_id = {householdId} OR household_b_id = {householdId}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
}
