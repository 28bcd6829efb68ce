using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing.Ledger;

/// <summary>
/// The consent ledger as the D+2 flow asks it: does the case hold an active consent with purpose <c>proactive_contact</c> for a SAPV
/// (<see cref="SideRecordPolicy.AllowsProactiveContact"/>)? The ledger's entries stay the policy's: features get the answer, not the entries.
/// </summary>
public static class ProactiveContactConsents
{
    private sealed record Entry(Guid Id, string? RecipientAgencyCode, AgencyKind? RecipientKind, ConsentPurpose Purpose,
        DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, bool Revoked);

    /// <summary>
    /// Which SAPVs the case's consents allow a proactive contact for at <paramref name="now"/>; consents and revocations recorded in this
    /// unit of work (not saved yet) count.
    /// </summary>
    public static async Task<Func<string, bool>> ForCaseAsync(TacticsDbContext db, Guid caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await db.ConsentGrants.AsNoTracking()
            .Where(g => g.CaseId == caseId && g.Purpose == ConsentPurpose.ProactiveContact)
            .Select(g => new Entry(g.Id, g.RecipientAgencyCode, g.RecipientKind, g.Purpose, g.ValidFrom, g.ValidUntil,
                db.ConsentRevocations.Any(r => r.ConsentId == g.Id)))
            .ToListAsync(cancellationToken);
        var recorded = db.ConsentGrants.Local.Where(g => g.CaseId == caseId && g.Purpose == ConsentPurpose.ProactiveContact)
            .Select(g => new Entry(g.Id, g.RecipientAgencyCode, g.RecipientKind, g.Purpose, g.ValidFrom, g.ValidUntil, false));
        var revokedNow = db.ConsentRevocations.Local.Where(r => r.CaseId == caseId).Select(r => r.ConsentId).ToHashSet();
        List<Entry> entries = [.. stored.Concat(recorded).DistinctBy(c => c.Id).Select(c => revokedNow.Contains(c.Id) ? c with { Revoked = true } : c)];
        return sapv => entries.Any(c => SideRecordPolicy.AllowsProactiveContact(c.RecipientAgencyCode, c.RecipientKind, c.Purpose, c.ValidFrom,
            c.ValidUntil, c.Revoked, sapv, now));
    }

    /// <summary>The open proactive-contact tasks whose consent no longer holds at <paramref name="now"/> (revoked or expired), oldest first.</summary>
    public static IQueryable<Guid> LapsedTasks(TacticsDbContext db, DateTimeOffset now) =>
        db.Tasks.Where(t => t.Kind == TaskKind.ProactiveContact && t.CompletedAt == null && t.CancelledAt == null
                && !db.ConsentGrants.Any(g => g.CaseId == t.CaseId && g.Purpose == ConsentPurpose.ProactiveContact
                    && (g.RecipientAgencyCode == t.AssigneeAgency || (g.RecipientAgencyCode == null && g.RecipientKind == AgencyKind.Sapv))
                    && g.ValidFrom <= now && (g.ValidUntil == null || g.ValidUntil > now)
                    && !db.ConsentRevocations.Any(r => r.ConsentId == g.Id)))
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Select(t => t.Id);
}
