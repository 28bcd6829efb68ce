namespace Tactics.Api.Domain.Cases;

/// <summary>
/// Something that happened to a case, written in the same transaction as the change itself. Events are thin:
/// a type, a time, ids and the acting agency; never personal data (they can feed notifications as they are).
/// </summary>
public sealed class CaseEvent
{
    private CaseEvent() { }

    internal CaseEvent(Guid caseId, int number, string type, DateTimeOffset occurredAt, string actorAgency, Guid? incidentId, Guid? riskAssessmentId,
        Guid? householdId = null)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        Number = number;
        Type = type;
        OccurredAt = occurredAt;
        ActorAgency = actorAgency;
        IncidentId = incidentId;
        RiskAssessmentId = riskAssessmentId;
        HouseholdId = householdId;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>1, 2, 3... within the case: the order of its events, even of those written in one change.</summary>
    public int Number { get; private set; }

    public string Type { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    public string ActorAgency { get; private set; } = "";
    public Guid? IncidentId { get; private set; }
    public Guid? RiskAssessmentId { get; private set; }

    /// <summary>The household the case joined, for <c>case.household_linked</c>.</summary>
    public Guid? HouseholdId { get; private set; }
}

/// <summary>The event types of a case, as the event catalogue spells them (dotted, lower case).</summary>
public static class CaseEventTypes
{
    public const string Opened = "case.opened";
    public const string Closed = "case.closed";
    public const string Reopened = "case.reopened";
    public const string ContactChanged = "case.contact_changed";
    public const string IncidentRecorded = "case.incident_recorded";
    public const string RiskAssessed = "case.risk_assessed";
    public const string RiskRaised = "case.risk_raised";
    public const string ConsentGranted = "case.consent_granted";
    public const string ConsentRevoked = "case.consent_revoked";
    public const string RecordAdded = "case.record_added";
    public const string HouseholdLinked = "case.household_linked";
    public const string ConsultationOpened = "case.consultation_opened";

    public const int MaxLength = 64;
}
