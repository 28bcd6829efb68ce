namespace Tactics.Api.Sharing;

/// <summary>Every category of one case for one caller, through the one decision function.</summary>
public static class CaseVisibilities
{
    public static CaseVisibility Decide(SharingCaller caller, LoadedCaseFacts loaded, DateTimeOffset now)
    {
        var granted = new Dictionary<DataCategory, SharingBasis>();
        var withheld = new List<WithheldCategory>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            var decision = SharingPolicy.Decide(caller, loaded.Facts, category, SharingAction.Read, now);
            if (decision.Permitted && category == DataCategory.Contact && loaded.ContactProtected)
            {
                decision = SharingDecision.Deny(WithheldReason.ProtectedContact);
            }
            if (decision.Permitted) granted[category] = decision.Basis!.Value;
            else withheld.Add(new WithheldCategory(category, decision.Reason!.Value));
        }
        var ownerWithMission = loaded.Facts.OwnerAgency == caller.AgencyCode && loaded.Facts.InCallerTerritory && LegalMission.HasTerritory(caller.Kind);
        return new CaseVisibility(granted, withheld, ownerWithMission);
    }
}
