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
/// Each candidate is an explicit agency for the facts loader: one query for the agencies of the batch, then the facts of
/// every (agency, case) pair of the batch in two queries, whatever the number of agencies, and the policy's decisions in
/// memory. No one is impersonated: no request, no scope and no access-log entry per recipient (routing reads no case data).
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
        // A code that names no agency hears nothing.
        var batch = pairs.Where(p => agencies.ContainsKey(p.Agency)).GroupBy(p => p.Agency)
            .Select(g => (agencies[g.Key], (IReadOnlyCollection<Guid>)[.. g.Select(p => p.CaseId).Distinct()]))
            .ToList();
        foreach (var ((agency, caseId), loaded) in await facts.LoadAsync(batch, cancellationToken))
        {
            var agencyFacts = agencies[agency];
            var visibility = CaseVisibilities.Decide(new SharingCaller(agencyFacts.Code, agencyFacts.Kind, NoRoles), loaded, now);
            if (visibility.Sees(DataCategory.Core)) result[(agency, caseId)] = visibility;
        }
        return result;
    }
}
