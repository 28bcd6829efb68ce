using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Followers;

/// <summary>
/// Which follower entries of a case the caller sees (<see cref="SideRecordPolicy.ForFollower"/>): its own, and, for the case
/// owner, those of followers whose basis covers only categories the owner sees. What a follower's basis covers is decided by
/// <see cref="SharingPolicy.Decide"/> for that follower, from the case's consents, consultations, its own entries and its mission's reach.
/// </summary>
internal sealed class FollowerCoverage(TacticsDbContext db, ICaseAccess access)
{
    private (List<ConsentFact> Consents, List<ConsultationFact> Consultations)? _ledger;

    public async Task<bool> SeesAsync(CaseReadGrant grant, string followerAgency, CancellationToken cancellationToken)
    {
        var caller = access.Caller;
        if (caller.AgencyCode == followerAgency) return true;
        if (caller.AgencyCode != grant.Case.OwnerAgency) return false;
        var covers = await CoversAsync(grant.Case.Id, grant.Case.OwnerAgency, followerAgency, cancellationToken);
        return SideRecordPolicy.ForFollower(caller, grant.Case.OwnerAgency, followerAgency, covers, grant.Visibility);
    }

    private async Task<IReadOnlyList<DataCategory>> CoversAsync(Guid caseId, string ownerAgency, string followerAgency, CancellationToken cancellationToken)
    {
        var kind = await db.Agencies.AsNoTracking().Where(a => a.Code == followerAgency).Select(a => (Domain.Agencies.AgencyKind?)a.Kind)
            .SingleOrDefaultAsync(cancellationToken);
        // An agency that left the directory covers nothing the owner could not see.
        if (kind is null) return [];
        _ledger ??= await LedgerAsync(caseId, cancellationToken);
        var follower = new SharingCaller(followerAgency, kind.Value, new HashSet<string>());
        var ownEntries = await db.AgencyRecords.AnyAsync(r => r.CaseId == caseId && r.AuthorAgency == followerAgency, cancellationToken)
            || await db.RiskAssessments.AnyAsync(r => r.CaseId == caseId && r.AssessedBy == followerAgency, cancellationToken);
        var facts = new CaseSharingFacts(caseId, ownerAgency, await access.MissionReachesAsync(followerAgency, caseId, cancellationToken), ownEntries,
            _ledger.Value.Consents, _ledger.Value.Consultations);
        return [.. Enum.GetValues<DataCategory>().Where(c => SharingPolicy.Decide(follower, facts, c, SharingAction.Read, access.Now).Permitted)];
    }

    private async Task<(List<ConsentFact>, List<ConsultationFact>)> LedgerAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var consents = await db.ConsentGrants.AsNoTracking().Where(g => g.CaseId == caseId)
            .Select(g => new { Grant = g, RevokedAt = db.ConsentRevocations.Where(r => r.ConsentId == g.Id).Select(r => (DateTimeOffset?)r.RevokedAt).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var consultations = await db.CaseConsultations.AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        return ([.. consents.Select(g => new ConsentFact(g.Grant.Id, g.Grant.RecipientAgencyCode, g.Grant.RecipientKind, g.Grant.Categories.ToHashSet(),
                g.Grant.ValidFrom, g.Grant.ValidUntil, g.RevokedAt))],
            [.. consultations.Select(c => new ConsultationFact(c.Participants.ToHashSet(), c.Until))]);
    }
}
