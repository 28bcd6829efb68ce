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

/// <summary>Who took an access and when, read from the request when it happened (a denial is written later, outside it).</summary>
public sealed record AccessActor(string UserId, string AgencyCode, string AgencyKind, string RequestId, DateTimeOffset At);

/// <summary>A denial waiting to be written by <see cref="DenialWriter"/>.</summary>
public sealed record PendingDenial(AccessRecord Access, AccessActor Actor);

/// <summary>
/// Appends access-log entries. A permitted access is written in the caller's own transaction, so that
/// without its entry there is no read. A denial is only scheduled during the request: it is written after the response,
/// in a transaction of its own, by <see cref="DenialWriter"/>, and only when the case exists (DESIGN.md, the access-log row
/// of "Side records are case data too"): a random id leaves no chain, and an unreachable case's 404 costs no more than a
/// nonexistent one's.
/// </summary>
public sealed class AccessLog(TacticsDbContext db, ICurrentUser user, TimeProvider time, IHttpContextAccessor http, DenialQueue denials)
{
    public async Task RecordAsync(AccessRecord access, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case data is read and logged inside one transaction: mark the request as audited.");
        }
        db.AccessLog.Add(await NextEntryAsync(db, access, Actor(), cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Schedules a denial: queued once the response is complete (at once outside a request), then written by
    /// <see cref="DenialWriter"/>. No query runs here, whether the case exists or not.
    /// </summary>
    public void RecordDenial(AccessRecord access)
    {
        var denial = new PendingDenial(access, Actor());
        if (http.HttpContext is { } context)
        {
            context.Response.OnCompleted(() =>
            {
                denials.Enqueue(denial);
                return Task.CompletedTask;
            });
        }
        else
        {
            denials.Enqueue(denial);
        }
    }

    /// <summary>The caller and the instant of this access.</summary>
    private AccessActor Actor() =>
        new(user.UserId, user.AgencyCode, EnumNames.Name(user.AgencyKind), Activity.Current?.TraceId.ToString() ?? "", time.GetUtcNow());

    /// <summary>
    /// Writes a scheduled denial in a transaction of its own, when its case exists; returns whether it wrote one.
    /// Called by <see cref="DenialWriter"/>, never within a request.
    /// </summary>
    public static async Task<bool> WriteDenialAsync(TacticsDbContext context, PendingDenial denial, CancellationToken cancellationToken)
    {
        // Most denials are for ids that never existed: one lookup, no transaction, no chain lock.
        if (!await context.Cases.AnyAsync(c => c.Id == denial.Access.CaseId, cancellationToken)) return false;
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            context.ChangeTracker.Clear();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var entry = await NextEntryAsync(context, denial.Access, denial.Actor, cancellationToken);
            // Under the chain lock: a case deleted meanwhile gets no entry, and an id that never existed never gets a chain.
            if (!await context.Cases.AnyAsync(c => c.Id == denial.Access.CaseId, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
            context.AccessLog.Add(entry);
            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    private static async Task<AccessLogEntry> NextEntryAsync(TacticsDbContext context, AccessRecord access, AccessActor actor, CancellationToken cancellationToken)
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
            actor.At,
            actor.UserId,
            actor.AgencyCode,
            actor.AgencyKind,
            EnumNames.Name(access.Action),
            access.Operation,
            access.Permitted ? "permitted" : "denied",
            access.Granted.OrderBy(g => g.Key).Select(g => $"{EnumNames.Name(g.Key)}:{BasisName(g.Value)}"),
            access.Withheld.OrderBy(w => w.Key).Select(w => $"{EnumNames.Name(w.Key)}:{EnumNames.Name(w.Value)}"),
            actor.RequestId);
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
