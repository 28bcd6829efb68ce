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
public sealed record PendingDenial(AccessRecord Access, AccessActor Actor)
{
    /// <summary>Its row in the denial outbox.</summary>
    public StagedDenial Staged() => new(Access.CaseId, EnumNames.Name(Access.Action), Access.Operation, Actor.UserId, Actor.AgencyCode,
        Actor.AgencyKind, Actor.RequestId, Actor.At);

    /// <summary>The denial a staged row stands for.</summary>
    public static PendingDenial From(StagedDenial staged) => new(
        new AccessRecord(staged.CaseId, EnumNames.Parse<SharingAction>(staged.Action), staged.Operation, false,
            new Dictionary<DataCategory, SharingBasis>(), new Dictionary<DataCategory, WithheldReason>()),
        new AccessActor(staged.UserId, staged.AgencyCode, staged.AgencyKind, staged.RequestId, staged.At));
}

/// <summary>
/// Appends access-log entries. A permitted access is written in the caller's own transaction, so that
/// without its entry there is no read. A denial is only scheduled during the request: once the response is complete it is
/// staged in the denial outbox (a row of its own, in a transaction of its own), and <see cref="DenialWriter"/> writes its
/// entry when the case exists (DESIGN.md, the access-log row of "Side records are case data too"): a random id leaves no
/// chain, an unreachable case's 404 costs no more than a nonexistent one's, and a staged denial survives a restart.
/// </summary>
public sealed class AccessLog(TacticsDbContext db, ICurrentUser user, TimeProvider time, IHttpContextAccessor http, DenialOutbox outbox)
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
    /// Schedules a denial: staged in the denial outbox once the response is complete (at once outside a request), then
    /// written by <see cref="DenialWriter"/>. No query runs within the request, whether the case exists or not.
    /// </summary>
    public void RecordDenial(AccessRecord access)
    {
        var denial = new PendingDenial(access, Actor());
        if (http.HttpContext is { } context)
        {
            context.Response.OnCompleted(() => outbox.StageAsync(denial));
        }
        else
        {
            _ = outbox.StageAsync(denial);
        }
    }

    /// <summary>The caller and the instant of this access.</summary>
    private AccessActor Actor() =>
        new(user.UserId, user.AgencyCode, EnumNames.Name(user.AgencyKind), Activity.Current?.TraceId.ToString() ?? "", time.GetUtcNow());

    /// <summary>
    /// Writes the entries of up to <paramref name="batchSize"/> staged denials, oldest first, in one transaction: the rows are
    /// taken with <c>FOR UPDATE SKIP LOCKED</c> (instances share the outbox), those whose case exists get their entry in the
    /// case's chain, and all are removed. Returns how many rows it took. Called by <see cref="DenialWriter"/>, never within a
    /// request; a failure leaves the rows for the next pass.
    /// </summary>
    public static async Task<int> WriteStagedAsync(TacticsDbContext context, int batchSize, CancellationToken cancellationToken)
    {
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            context.ChangeTracker.Clear();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var staged = await context.DenialOutbox
                .FromSql($"SELECT * FROM denial_outbox ORDER BY id LIMIT {batchSize} FOR UPDATE SKIP LOCKED")
                .AsNoTracking().ToListAsync(cancellationToken);
            if (staged.Count == 0) return 0;
            var caseIds = staged.Select(d => d.CaseId).Distinct().ToList();
            // Cases are never deleted: one that exists now exists under its chain lock too. An id that never existed gets no chain.
            var existing = await context.Cases.Where(c => caseIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            var denials = staged.Where(d => existing.Contains(d.CaseId)).Select(PendingDenial.From).Select(d => (d.Access, d.Actor)).ToList();
            if (denials.Count > 0)
            {
                var turns = await TakeTurnsAsync(context, existing, cancellationToken);
                await WriteEntriesAsync(context, denials, turns, cancellationToken);
            }
            var ids = staged.Select(d => d.Id).ToList();
            await context.DenialOutbox.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return staged.Count;
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
            SELECT id, 0, {AccessLogEntry.GenesisHash} FROM unnest({ids}::uuid[]) AS t(id) ORDER BY id
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
                FROM unnest({entries.Select(e => e.Id).ToArray()}::uuid[], {entries.Select(e => e.CaseId).ToArray()}::uuid[], {entries.Select(e => e.Sequence).ToArray()}::bigint[],
                    {entries.Select(e => e.At).ToArray()}::timestamptz[], {entries.Select(e => e.UserId).ToArray()}::text[], {entries.Select(e => e.AgencyCode).ToArray()}::text[],
                    {entries.Select(e => e.AgencyKind).ToArray()}::text[], {entries.Select(e => e.Action).ToArray()}::text[], {entries.Select(e => e.Operation).ToArray()}::text[],
                    {entries.Select(e => e.Outcome).ToArray()}::text[], {entries.Select(e => string.Join(',', e.Granted)).ToArray()}::text[],
                    {entries.Select(e => string.Join(',', e.Withheld)).ToArray()}::text[], {entries.Select(e => e.RequestId).ToArray()}::text[],
                    {entries.Select(e => e.PreviousHash).ToArray()}::text[], {entries.Select(e => e.Hash).ToArray()}::text[])
                    AS t(id, case_id, sequence, at, user_id, agency_code, agency_kind, action, operation, outcome, granted, withheld, request_id, previous_hash, hash)
            )
            UPDATE access_log_chain_heads AS h SET last_sequence = t.sequence, last_hash = t.hash
            FROM unnest({heads.Select(t => t.CaseId).ToArray()}::uuid[], {heads.Select(t => t.Sequence).ToArray()}::bigint[], {heads.Select(t => t.Hash).ToArray()}::text[])
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
