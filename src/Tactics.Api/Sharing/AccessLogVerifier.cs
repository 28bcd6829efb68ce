using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>The first entry whose hash or link does not match: where the record was altered.</summary>
public sealed record BrokenLink(Guid CaseId, long Sequence, Guid EntryId);

public sealed record AccessLogVerification(long EntriesChecked, BrokenLink? FirstBrokenLink);

/// <summary>Walks every case's chain, recomputing each hash and checking each link to the previous entry.</summary>
public sealed class AccessLogVerifier(TacticsDbContext db)
{
    public async Task<AccessLogVerification> VerifyAsync(Guid? caseId, CancellationToken cancellationToken)
    {
        var entries = db.AccessLog.AsNoTracking();
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
