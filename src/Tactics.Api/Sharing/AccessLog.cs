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
            access.Granted.OrderBy(g => g.Key).Select(g => $"{EnumNames.Name(g.Key)}:{BasisName(g.Value)}"),
            access.Withheld.OrderBy(w => w.Key).Select(w => $"{EnumNames.Name(w.Key)}:{EnumNames.Name(w.Value)}"),
            Activity.Current?.TraceId.ToString() ?? "");
    }

    /// <summary>A basis as the contract spells it (<c>case_consultation_458ter</c>, <c>imminent_danger_458bis</c>).</summary>
    public static string BasisName(SharingBasis basis) => basis switch
    {
        SharingBasis.CaseConsultation458ter => "case_consultation_458ter",
        SharingBasis.ImminentDanger458bis => "imminent_danger_458bis",
        _ => EnumNames.Name(basis),
    };

    /// <summary>
    /// A basis as stored, in the contract's spelling: rows written before the spelling was fixed say
    /// <c>case_consultation458ter</c> and <c>imminent_danger458bis</c>. The log is append-only, so readers map them.
    /// </summary>
    public static string ReadBasis(string stored) => stored switch
    {
        "case_consultation458ter" => BasisName(SharingBasis.CaseConsultation458ter),
        "imminent_danger458bis" => BasisName(SharingBasis.ImminentDanger458bis),
        _ => stored,
    };

    /// <summary>A stored <c>category:basis</c> pair in the contract's spelling.</summary>
    public static string ReadGranted(string pair)
    {
        var at = pair.IndexOf(':');
        return at < 0 ? pair : $"{pair[..at]}:{ReadBasis(pair[(at + 1)..])}";
    }

    private static long ChainLockKey(Guid caseId) => BitConverter.ToInt64(caseId.ToByteArray(), 0);
}
