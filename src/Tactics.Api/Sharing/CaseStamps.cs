using System.Globalization;
using System.Text;
using Tactics.Api.Common.Http;
using Tactics.Api.Domain.Cases;

namespace Tactics.Api.Sharing;

/// <summary>A caller's ETag of a case and the time of the latest change it sees.</summary>
public sealed record CaseStamp(string ETag, DateTimeOffset UpdatedAt);

/// <summary>
/// What a caller's ETag and <c>updatedAt</c> of a case are made of (DESIGN.md, "No existence oracle"): the counters of the
/// categories it sees, of the household link when it sees it, and of the entries addressed to its agency or its kind (its own
/// entries, the consents and consultations naming it, the tasks assigned to it). Nothing else: activity in a scope it cannot
/// see changes neither.
/// </summary>
public static class CaseStamps
{
    /// <summary>The scopes the caller sees, in a fixed order.</summary>
    public static IReadOnlyList<string> VisibleScopes(SharingCaller caller, CaseVisibility visibility, bool showsHouseholdLink)
    {
        var scopes = visibility.Granted.Keys.Order().Select(CaseChanges.Category).ToList();
        if (showsHouseholdLink) scopes.Add(CaseChanges.Household);
        scopes.Add(CaseChanges.Agency(caller.AgencyCode));
        scopes.Add(CaseChanges.Kind(caller.Kind));
        return scopes;
    }

    public static CaseStamp For(Guid caseId, DateTimeOffset createdAt, CaseChanges changes, SharingCaller caller, CaseVisibility visibility,
        bool showsHouseholdLink)
    {
        var content = new StringBuilder(caseId.ToString("N"));
        var updatedAt = createdAt;
        foreach (var scope in VisibleScopes(caller, visibility, showsHouseholdLink))
        {
            var change = changes.Of(scope);
            content.Append('|').Append(scope).Append('=').Append(change.Count.ToString(CultureInfo.InvariantCulture));
            if (change.Count > 0 && change.At > updatedAt) updatedAt = change.At;
        }
        return new CaseStamp(ETags.Seal(content.ToString()), updatedAt);
    }
}
