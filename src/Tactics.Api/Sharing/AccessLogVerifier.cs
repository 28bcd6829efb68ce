using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>The first entry whose hash or link does not match: where the record was altered.</summary>
public sealed record BrokenLink(Guid CaseId, long Sequence, Guid EntryId);

public sealed record AccessLogVerification(long EntriesChecked, BrokenLink? FirstBrokenLink);

/// <summary>
/// Walks the chains of the cases an agency owns, recomputing each hash and checking each link to the previous entry.
/// A dpo verifies its own agency's cases (DESIGN.md, access log row): one of them by id, or all of them; a case its agency
/// does not own (or that does not exist) is none of its business, and the count never includes another agency's entries.
/// </summary>
public sealed class AccessLogVerifier(TacticsDbContext db)
{
    /// <summary>Null when <paramref name="caseId"/> is given and the agency does not own that case (answer it as a case that does not exist).</summary>
    public async Task<AccessLogVerification?> VerifyOwnedAsync(string ownerAgency, Guid? caseId, CancellationToken cancellationToken)
    {
        var owned = db.Cases.AsNoTracking().Where(c => c.OwnerAgency == ownerAgency);
        if (caseId is not null)
        {
            owned = owned.Where(c => c.Id == caseId);
            if (!await owned.AnyAsync(cancellationToken)) return null;
        }
        var ownedIds = owned.Select(c => c.Id);
        return await VerifyAsync(db.AccessLog.AsNoTracking().Where(e => ownedIds.Contains(e.CaseId)), cancellationToken);
    }

    private static async Task<AccessLogVerification> VerifyAsync(IQueryable<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        long checkedCount = 0;
        Guid? currentCase = null;
        var expectedPrevious = AccessLogEntry.GenesisHash;
        long expectedSequence = 1;
        await foreach (var entry in entries.OrderBy(e => e.CaseId).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.CaseId != currentCase)
            {
                currentCase = entry.CaseId;
                expectedPrevious = AccessLogEntry.GenesisHash;
                expectedSequence = 1;
            }
            checkedCount++;
            if (entry.Sequence != expectedSequence || entry.PreviousHash != expectedPrevious || entry.Hash != entry.ComputeHash())
            {
                return new AccessLogVerification(checkedCount, new BrokenLink(entry.CaseId, entry.Sequence, entry.Id));
            }
            expectedPrevious = entry.Hash;
            expectedSequence++;
        }
        return new AccessLogVerification(checkedCount, null);
    }
}
