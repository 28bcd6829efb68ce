namespace Tactics.Api.Domain.Cases;

/// <summary>
/// Something that happened to a case, written in the same transaction as the change itself. Events are thin:
/// a type, a time, ids and the acting agency; never personal data (they can feed notifications as they are).
/// </summary>
public sealed class CaseEvent
{
    private CaseEvent() { }

    internal CaseEvent(Guid caseId, int number, string type, DateTimeOffset occurredAt, string actorAgency, Guid? incidentId, Guid? riskAssessmentId,
        Guid? householdId = null, Guid? custodyEventId = null, Guid? measureId = null, Guid? taskId = null)
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
        CustodyEventId = custodyEventId;
        MeasureId = measureId;
        TaskId = taskId;
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
    public Guid? CustodyEventId { get; private set; }
    public Guid? MeasureId { get; private set; }
    public Guid? TaskId { get; private set; }

    /// <summary>
    /// The ids this event names, keyed as in event payloads (<c>incidentId</c>, <c>taskId</c>, ...): the one place
    /// that turns a case event into the data of its outbox event. A new id column is added here too.
    /// </summary>
    public IReadOnlyDictionary<string, string> Ids()
    {
        var ids = new Dictionary<string, string>();
        if (IncidentId is { } incident) ids["incidentId"] = incident.ToString();
        if (RiskAssessmentId is { } assessment) ids["riskAssessmentId"] = assessment.ToString();
        if (CustodyEventId is { } custody) ids["custodyEventId"] = custody.ToString();
        if (MeasureId is { } measure) ids["measureId"] = measure.ToString();
        if (TaskId is { } task) ids["taskId"] = task.ToString();
        if (HouseholdId is { } household) ids["householdId"] = household.ToString();
        return ids;
    }
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
    public const string CustodyDetained = "custody.detained";
    public const string CustodyReleaseScheduled = "custody.release_scheduled";
    public const string CustodyReleased = "custody.released";
    public const string CustodyLeaveGranted = "custody.leave_granted";
    public const string MeasureImposed = "measure.imposed";
    public const string MeasureLifted = "measure.lifted";
    public const string TaskAssigned = "task.assigned";

    public const int MaxLength = 64;

    public static string ForCustody(Custody.CustodyEventKind kind) => kind switch
    {
        Custody.CustodyEventKind.Detained => CustodyDetained,
        Custody.CustodyEventKind.ReleaseScheduled => CustodyReleaseScheduled,
        Custody.CustodyEventKind.Released => CustodyReleased,
        Custody.CustodyEventKind.LeaveGranted => CustodyLeaveGranted,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
