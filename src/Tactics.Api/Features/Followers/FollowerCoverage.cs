using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Followers;

/// <summary>
/// Which follower entries of a case the caller sees (<see cref="SideRecordPolicy.ForFollower"/>): its own, and, for the case
/// owner, those of followers whose basis covers only categories the owner sees. What a follower's basis covers is decided by
/// <see cref="SharingPolicy.Decide"/> for that follower, from the case's consents, consultations, its own entries and its mission's reach.
/// </summary>
internal sealed class FollowerCoverage(ICaseAccess access, CaseFactsLoader loader)
{
    public async Task<bool> SeesAsync(CaseReadGrant grant, string followerAgency, CancellationToken cancellationToken)
    {
        var caller = access.Caller;
        if (caller.AgencyCode == followerAgency) return true;
        if (caller.AgencyCode != grant.Case.OwnerAgency) return false;
        var covers = await CoversAsync(grant.Case.Id, followerAgency, cancellationToken);
        return SideRecordPolicy.ForFollower(caller, grant.Case.OwnerAgency, followerAgency, covers, grant.Visibility);
    }

    /// <summary>What the follower's basis covers now: the policy's decision for that agency, loaded for it explicitly.</summary>
    private async Task<IReadOnlyList<DataCategory>> CoversAsync(Guid caseId, string followerAgency, CancellationToken cancellationToken)
    {
        // An agency that left the directory covers nothing the owner could not see.
        if (!(await loader.AgenciesAsync([followerAgency], cancellationToken)).TryGetValue(followerAgency, out var agency)) return [];
        var visibilities = await loader.VisibilitiesAsync(agency, new HashSet<string>(), [caseId], access.Now, cancellationToken);
        return visibilities.TryGetValue(caseId, out var visibility) ? [.. visibility.Granted.Keys] : [];
    }
}
