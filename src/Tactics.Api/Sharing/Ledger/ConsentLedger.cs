using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Time;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing.Ledger;

/// <summary>
/// The victim's consent ledger of a case: the only writer of its entries, and their reader for the features. Append-only: a
/// revocation is an entry of its own. It decides nothing about who sees an entry: callers filter with <see cref="SideRecordPolicy"/>.
/// </summary>
public sealed class ConsentLedger(TacticsDbContext db, ICurrentUser user, TimeProvider time)
{
    /// <summary>Adds a consent recorded now by the caller (saved with the request's change).</summary>
    public ConsentEntry Record(Guid caseId, NewConsent consent)
    {
        var grant = new ConsentGrant(caseId, consent.RecipientAgencyCode, consent.RecipientKind, consent.Categories, consent.Purpose,
            consent.ValidFrom, consent.ValidUntil, consent.ObtainedHow, consent.ObtainedDetails, user.AgencyCode, user.UserId, time.UtcNowStored());
        db.ConsentGrants.Add(grant);
        return Entry(grant, null);
    }

    /// <summary>Adds the caller's revocation of a consent, effective now (saved with the request's change); the entry with it.</summary>
    public ConsentEntry Revoke(ConsentEntry consent, string reason)
    {
        var revocation = new ConsentRevocation(consent.Id, consent.CaseId, reason, user.AgencyCode, user.UserId, time.UtcNowStored());
        db.ConsentRevocations.Add(revocation);
        return consent with { Revocation = Entry(revocation) };
    }

    /// <summary>One entry of the case's ledger with its revocation, or null.</summary>
    public async Task<ConsentEntry?> FindAsync(Guid caseId, Guid consentId, CancellationToken cancellationToken)
    {
        var row = await Rows(caseId).SingleOrDefaultAsync(e => e.Grant.Id == consentId, cancellationToken);
        return row is null ? null : Entry(row.Grant, row.Revocation);
    }

    /// <summary>Every entry of the case's ledger with its revocation, in no particular order.</summary>
    public async Task<List<ConsentEntry>> EntriesAsync(Guid caseId, CancellationToken cancellationToken) =>
        [.. (await Rows(caseId).ToListAsync(cancellationToken)).Select(r => Entry(r.Grant, r.Revocation))];

    /// <summary>
    /// A page of the case's entries the caller may see, oldest first, after the cursor's key: entries that are not
    /// <paramref name="visible"/> are left out before paging, so they never shorten a page.
    /// </summary>
    public async Task<CursorPage<ConsentEntry>> PageAsync(Guid caseId, (DateTimeOffset At, Guid Id)? after, int limit, Func<ConsentEntry, bool> visible,
        CancellationToken cancellationToken)
    {
        var page = await Keyset.CollectAsync(Rows(caseId), after, limit, row => visible(Entry(row.Grant, row.Revocation)), cancellationToken);
        return new CursorPage<ConsentEntry>([.. page.Items.Select(row => Entry(row.Grant, row.Revocation))], page.NextCursor);
    }

    private static readonly TimeIdKeyset<LedgerRow> Keyset = new(e => e.Grant.RecordedAt, e => e.Grant.Id);

    private IQueryable<LedgerRow> Rows(Guid caseId) =>
        db.ConsentGrants.AsNoTracking().Where(g => g.CaseId == caseId)
            .Select(g => new LedgerRow { Grant = g, Revocation = db.ConsentRevocations.FirstOrDefault(r => r.ConsentId == g.Id) });

    private static ConsentEntry Entry(ConsentGrant grant, ConsentRevocation? revocation) => new(
        grant.Id, grant.CaseId, grant.RecipientAgencyCode, grant.RecipientKind, grant.Categories, grant.Purpose, grant.ValidFrom, grant.ValidUntil,
        grant.ObtainedHow, grant.ObtainedDetails, grant.RecordedByAgency, grant.RecordedByUser, grant.RecordedAt,
        revocation is null ? null : Entry(revocation));

    private static ConsentRevocationEntry Entry(ConsentRevocation revocation) =>
        new(revocation.Id, revocation.Reason, revocation.RevokedByAgency, revocation.RevokedByUser, revocation.RevokedAt);

    private sealed class LedgerRow
    {
        public required ConsentGrant Grant { get; init; }
        public ConsentRevocation? Revocation { get; init; }
    }
}
