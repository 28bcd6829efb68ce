using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>What each candidate agency may see of each case of a dispatch batch, decided by the one sharing policy.</summary>
public interface IAgencyVisibilities
{
    /// <summary>
    /// The visibility of each (agency, case) pair at <paramref name="now"/>; a pair is absent when the agency has no basis
    /// on the case (or the case, or the agency, does not exist).
    /// </summary>
    Task<IReadOnlyDictionary<(string Agency, Guid CaseId), CaseVisibility>> DecideAsync(
        IReadOnlyCollection<(string Agency, Guid CaseId)> pairs, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// Each candidate is an explicit agency for the facts loader: one query for the agencies of the batch, then, per agency,
/// the facts of its cases of the batch and the policy's decisions in memory. No one is impersonated: no request, no
/// scope and no access-log entry per recipient (routing reads no case data).
/// </summary>
internal sealed class AgencyVisibilities(CaseFactsLoader facts) : IAgencyVisibilities
{
    /// <summary>Routing decides for the agency, not for a user: no user role widens or narrows what an agency hears of.</summary>
    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>();

    public async Task<IReadOnlyDictionary<(string Agency, Guid CaseId), CaseVisibility>> DecideAsync(
        IReadOnlyCollection<(string Agency, Guid CaseId)> pairs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string Agency, Guid CaseId), CaseVisibility>();
        if (pairs.Count == 0) return result;
        var agencies = await facts.AgenciesAsync([.. pairs.Select(p => p.Agency).Distinct()], cancellationToken);
        foreach (var agency in pairs.GroupBy(p => p.Agency))
        {
            // A code that names no agency hears nothing.
            if (!agencies.TryGetValue(agency.Key, out var policyAgency)) continue;
            var visibilities = await facts.VisibilitiesAsync(policyAgency, NoRoles, [.. agency.Select(p => p.CaseId).Distinct()], now, cancellationToken);
            foreach (var (caseId, visibility) in visibilities) result[(agency.Key, caseId)] = visibility;
        }
        return result;
    }
}
