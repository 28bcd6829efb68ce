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
    public Task RecordAsync(AccessRecord access, CancellationToken cancellationToken) => RecordAllAsync([access], cancellationToken);

    /// <summary>
    /// Writes the entries of several accesses (a list page: one per case shown) in the caller's transaction, in two statements
    /// whatever their number (<see cref="AppendAsync"/>).
    /// </summary>
    public async Task RecordAllAsync(IReadOnlyCollection<AccessRecord> accesses, CancellationToken cancellationToken)
    {
        if (accesses.Count == 0) return;
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case data is read and logged inside one transaction: mark the request as audited.");
        }
        // What the use case changed so far is written first, as it always was before its entry.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
        var actor = Actor();
        await AppendAsync(db, [.. accesses.Select(a => (a, actor))], cancellationToken);
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
            var turns = await TakeTurnsAsync(context, [denial.Access.CaseId], cancellationToken);
            // Under the chain lock: a case deleted meanwhile gets no entry (and no head), and an id that never existed never gets a chain.
            if (!await context.Cases.AnyAsync(c => c.Id == denial.Access.CaseId, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
            await WriteEntriesAsync(context, [(denial.Access, denial.Actor)], turns, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    /// <summary>The head of a chain as the turn taken found it: the last entry's sequence (0 for none) and hash (the genesis for none).</summary>
    private sealed record ChainTurn(Guid CaseId, long Sequence, string Hash);

    /// <summary>
    /// Appends one entry per access to its case's chain, in two statements however many there are: one that locks every chain
    /// involved (<see cref="TakeTurnsAsync"/>), one that inserts the entries and advances the heads (<see cref="WriteEntriesAsync"/>).
    /// </summary>
    private static async Task AppendAsync(TacticsDbContext context, IReadOnlyList<(AccessRecord Access, AccessActor Actor)> accesses, CancellationToken cancellationToken)
    {
        var turns = await TakeTurnsAsync(context, accesses.Select(a => a.Access.CaseId), cancellationToken);
        await WriteEntriesAsync(context, accesses, turns, cancellationToken);
    }

    /// <summary>
    /// Takes the turn of each chain, in one statement: its head row is created (a chain's first entry) or locked by a no-op
    /// update until the transaction ends, in <c>case_id</c> order so that two writers of overlapping pages never deadlock.
    /// The access log is append-only for this role; its chain heads are not, so a writer never reads a last entry that a
    /// concurrent writer is about to follow.
    /// </summary>
    private static async Task<Dictionary<Guid, ChainTurn>> TakeTurnsAsync(TacticsDbContext context, IEnumerable<Guid> caseIds, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToArray();
        var turns = await context.Database.SqlQuery<ChainTurn>($"""
            INSERT INTO access_log_chain_heads AS h (case_id, last_sequence, last_hash)
            SELECT id, 0, {AccessLogEntry.GenesisHash} FROM unnest({ids}) AS t(id) ORDER BY id
            ON CONFLICT (case_id) DO UPDATE SET last_sequence = h.last_sequence
            RETURNING h.case_id AS "CaseId", h.last_sequence AS "Sequence", h.last_hash AS "Hash"
            """).ToListAsync(cancellationToken);
        return turns.ToDictionary(t => t.CaseId);
    }

    /// <summary>
    /// Inserts the entries, each chained to its case's head (several entries of one case follow each other), and moves every head
    /// to its case's last entry: one statement.
    /// </summary>
    private static async Task WriteEntriesAsync(TacticsDbContext context, IReadOnlyList<(AccessRecord Access, AccessActor Actor)> accesses,
        Dictionary<Guid, ChainTurn> turns, CancellationToken cancellationToken)
    {
        var entries = new List<AccessLogEntry>(accesses.Count);
        foreach (var (access, actor) in accesses)
        {
            var previous = turns[access.CaseId];
            var entry = NewEntry(access, actor, previous.Sequence + 1, previous.Hash);
            turns[access.CaseId] = new ChainTurn(access.CaseId, entry.Sequence, entry.Hash);
            entries.Add(entry);
        }
        var heads = turns.Values.ToArray();
        await context.Database.ExecuteSqlAsync($"""
            WITH entries AS (
                INSERT INTO access_log (id, case_id, sequence, at, user_id, agency_code, agency_kind, action, operation, outcome,
                    granted, withheld, request_id, previous_hash, hash)
                SELECT id, case_id, sequence, at, user_id, agency_code, agency_kind, action, operation, outcome,
                    string_to_array(granted, ','), string_to_array(withheld, ','), request_id, previous_hash, hash
                FROM unnest({entries.Select(e => e.Id).ToArray()}, {entries.Select(e => e.CaseId).ToArray()}, {entries.Select(e => e.Sequence).ToArray()},
                    {entries.Select(e => e.At).ToArray()}, {entries.Select(e => e.UserId).ToArray()}, {entries.Select(e => e.AgencyCode).ToArray()},
                    {entries.Select(e => e.AgencyKind).ToArray()}, {entries.Select(e => e.Action).ToArray()}, {entries.Select(e => e.Operation).ToArray()},
                    {entries.Select(e => e.Outcome).ToArray()}, {entries.Select(e => string.Join(',', e.Granted)).ToArray()},
                    {entries.Select(e => string.Join(',', e.Withheld)).ToArray()}, {entries.Select(e => e.RequestId).ToArray()},
                    {entries.Select(e => e.PreviousHash).ToArray()}, {entries.Select(e => e.Hash).ToArray()})
                    AS t(id, case_id, sequence, at, user_id, agency_code, agency_kind, action, operation, outcome, granted, withheld, request_id, previous_hash, hash)
            )
            UPDATE access_log_chain_heads AS h SET last_sequence = t.sequence, last_hash = t.hash
            FROM unnest({heads.Select(t => t.CaseId).ToArray()}, {heads.Select(t => t.Sequence).ToArray()}, {heads.Select(t => t.Hash).ToArray()})
                AS t(case_id, sequence, hash)
            WHERE h.case_id = t.case_id
            """, cancellationToken);
    }

    /// <summary>The entry of one access, following the entry <paramref name="previousHash"/> at <paramref name="sequence"/> - 1.</summary>
    private static AccessLogEntry NewEntry(AccessRecord access, AccessActor actor, long sequence, string previousHash) =>
        new(access.CaseId,
            sequence,
            previousHash,
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
}
