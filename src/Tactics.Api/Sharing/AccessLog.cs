using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>What one access to a case gave and withheld, category by category.</summary>
public sealed record AccessRecord(
    Guid CaseId,
    SharingAction Action,
    string Operation,
    bool Permitted,
    IReadOnlyDictionary<DataCategory, SharingBasis> Granted,
    IReadOnlyDictionary<DataCategory, WithheldReason> Withheld);

/// <summary>
/// Appends access-log entries. A permitted access is written in the caller's own transaction, so that
/// without its entry there is no read; a denial is written in a transaction of its own, since the
/// request that caused it is about to fail and roll back.
/// </summary>
public sealed class AccessLog(TacticsDbContext db, IDbContextFactory<TacticsDbContext> contexts, ICurrentUser user, TimeProvider time)
{
    public async Task RecordAsync(AccessRecord access, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case data is read and logged inside one transaction: mark the request as audited.");
        }
        db.AccessLog.Add(await NextEntryAsync(db, access, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RecordDenialAsync(AccessRecord access, CancellationToken cancellationToken)
    {
        await using var own = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = own.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            own.ChangeTracker.Clear();
            await using var transaction = await own.Database.BeginTransactionAsync(cancellationToken);
            own.AccessLog.Add(await NextEntryAsync(own, access, cancellationToken));
            await own.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private async Task<AccessLogEntry> NextEntryAsync(TacticsDbContext context, AccessRecord access, CancellationToken cancellationToken)
    {
        // One writer per case chain at a time: the lock lasts until the transaction ends.
        await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey(access.CaseId)})", cancellationToken);
        var previous = await context.AccessLog.AsNoTracking()
            .Where(e => e.CaseId == access.CaseId)
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);

        return new AccessLogEntry(
            access.CaseId,
            (previous?.Sequence ?? 0) + 1,
            previous?.Hash ?? AccessLogEntry.GenesisHash,
            time.GetUtcNow(),
            user.UserId,
            user.AgencyCode,
            EnumNames.Name(user.AgencyKind),
            EnumNames.Name(access.Action),
            access.Operation,
            access.Permitted ? "permitted" : "denied",
            access.Granted.OrderBy(g => g.Key).Select(g => $"{EnumNames.Name(g.Key)}:{EnumNames.Name(g.Value)}"),
            access.Withheld.OrderBy(w => w.Key).Select(w => $"{EnumNames.Name(w.Key)}:{EnumNames.Name(w.Value)}"),
            Activity.Current?.TraceId.ToString() ?? "");
    }

    private static long ChainLockKey(Guid caseId) => BitConverter.ToInt64(caseId.ToByteArray(), 0);
}
