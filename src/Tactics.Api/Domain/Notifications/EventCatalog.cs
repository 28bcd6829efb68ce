namespace Tactics.Api.Domain.Notifications;

/// <summary>The data category an event belongs to: a recipient's basis must cover it (DESIGN.md, the sharing policy).</summary>
public enum EventCategory
{
    Core,
    Facts,
    Risk,
    Judicial,
    Measures,
}

/// <summary>The event catalogue of API-EXAMPLES.md: dotted lower-case names, each in one category.</summary>
public static class EventTypes
{
    public const int MaxLength = 64;

    public const string CaseOpened = "case.opened";
    public const string CaseClosed = "case.closed";
    public const string CaseReopened = "case.reopened";
    public const string CaseHouseholdLinked = "case.household_linked";
    public const string CaseIncidentRecorded = "case.incident_recorded";
    public const string CaseRiskRaised = "case.risk_raised";
    public const string CaseConsentGranted = "case.consent_granted";
    public const string CaseConsentRevoked = "case.consent_revoked";
    public const string CaseConsultationOpened = "case.consultation_opened";
    public const string CustodyDetained = "custody.detained";
    public const string CustodyReleaseScheduled = "custody.release_scheduled";
    public const string CustodyReleased = "custody.released";
    public const string CustodyLeaveGranted = "custody.leave_granted";
    public const string MeasureImposed = "measure.imposed";
    public const string MeasureLifted = "measure.lifted";
    public const string MeasureExpiring = "measure.expiring";
    public const string DecisionRecorded = "decision.recorded";
    public const string DecisionOverdue = "decision.overdue";
    public const string ReferralReceived = "referral.received";
    public const string ReferralAccepted = "referral.accepted";
    public const string ReferralRejected = "referral.rejected";
    public const string TaskAssigned = "task.assigned";
    public const string TaskEscalated = "task.escalated";
    public const string HouseholdConfirmationRequested = "household.confirmation_requested";

    public static IReadOnlyDictionary<string, EventCategory> Categories { get; } = new Dictionary<string, EventCategory>
    {
        [CaseOpened] = EventCategory.Core,
        [CaseClosed] = EventCategory.Core,
        [CaseReopened] = EventCategory.Core,
        [CaseHouseholdLinked] = EventCategory.Core,
        [CaseIncidentRecorded] = EventCategory.Facts,
        [CaseRiskRaised] = EventCategory.Risk,
        [CaseConsentGranted] = EventCategory.Core,
        [CaseConsentRevoked] = EventCategory.Core,
        [CaseConsultationOpened] = EventCategory.Core,
        [CustodyDetained] = EventCategory.Judicial,
        [CustodyReleaseScheduled] = EventCategory.Judicial,
        [CustodyReleased] = EventCategory.Judicial,
        [CustodyLeaveGranted] = EventCategory.Judicial,
        [MeasureImposed] = EventCategory.Measures,
        [MeasureLifted] = EventCategory.Measures,
        [MeasureExpiring] = EventCategory.Measures,
        [DecisionRecorded] = EventCategory.Judicial,
        [DecisionOverdue] = EventCategory.Judicial,
        [ReferralReceived] = EventCategory.Core,
        [ReferralAccepted] = EventCategory.Core,
        [ReferralRejected] = EventCategory.Core,
        [TaskAssigned] = EventCategory.Core,
        [TaskEscalated] = EventCategory.Core,
        // Named audience: the other side's referents' agencies of a two-sided confirmation; no case id, so no follower hears of it.
        [HouseholdConfirmationRequested] = EventCategory.Core,
    };

    public static IReadOnlyList<string> All { get; } = [.. Categories.Keys];

    public static bool IsKnown(string? type) => type is not null && Categories.ContainsKey(type);
}
