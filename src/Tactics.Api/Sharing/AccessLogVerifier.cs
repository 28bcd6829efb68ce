using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>The first entry whose hash or link does not match: where the record was altered.</summary>
public sealed record BrokenLink(Guid CaseId, long Sequence, Guid EntryId);

public sealed record AccessLogVerification(long EntriesChecked, BrokenLink? FirstBrokenLink);

/// <summary>
/// Walks the chains of the cases an agency owns, recomputing each hash and checking each link to the previous entry. A dpo
/// verifies the cases its agency owns (DESIGN.md, "Side records", access log): without a case, all of those; a case it does
/// not own, or one that does not exist, is not found (<see cref="OwnsAsync"/>), so that no count tells of another's case.
/// </summary>
public sealed class AccessLogVerifier(TacticsDbContext db)
{
    /// <summary>Whether <paramref name="ownerAgency"/> owns the case (false for a case that does not exist).</summary>
    public Task<bool> OwnsAsync(Guid caseId, string ownerAgency, CancellationToken cancellationToken) =>
        db.Cases.AsNoTracking().AnyAsync(c => c.Id == caseId && c.OwnerAgency == ownerAgency, cancellationToken);

    public async Task<AccessLogVerification> VerifyAsync(Guid? caseId, string ownerAgency, CancellationToken cancellationToken)
    {
        var owned = db.Cases.Where(c => c.OwnerAgency == ownerAgency).Select(c => c.Id);
        var entries = db.AccessLog.AsNoTracking().Where(e => owned.Contains(e.CaseId));
        if (caseId is not null) entries = entries.Where(e => e.CaseId == caseId);

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
