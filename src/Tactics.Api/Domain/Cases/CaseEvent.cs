namespace Tactics.Api.Domain.Cases;

/// <summary>
/// Something that happened to a case, written in the same transaction as the change itself. Events are thin:
/// a type, a time, ids and the acting agency; never personal data (they can feed notifications as they are).
/// </summary>
public sealed class CaseEvent
{
    private CaseEvent() { }

    /// <summary>Ids only its outbox event carries (<c>consentId</c>, <c>consultationId</c>, ...): not stored with the timeline entry.</summary>
    private readonly Dictionary<string, string> _announcedIds = [];

    /// <summary>Agencies a named audience names (the participants of a consultation): for its outbox event only.</summary>
    private readonly List<string> _named = [];

    internal CaseEvent(Guid caseId, int number, string type, DateTimeOffset occurredAt, string actorAgency, Guid? incidentId, Guid? riskAssessmentId,
        Guid? householdId = null, Guid? custodyEventId = null, Guid? measureId = null, Guid? taskId = null,
        IReadOnlyDictionary<string, Guid>? announcedIds = null, IEnumerable<string>? named = null, IReadOnlyDictionary<string, string>? announcedUserIds = null)
    {
        foreach (var (key, id) in announcedIds ?? new Dictionary<string, Guid>()) _announcedIds[key] = id.ToString();
        // A user id (an assignee's) is an id of the identity provider, not personal data of the case.
        foreach (var (key, id) in announcedUserIds ?? new Dictionary<string, string>()) _announcedIds[key] = id;
        _named.AddRange(named ?? []);
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
        foreach (var (key, id) in _announcedIds) ids[key] = id;
        return ids;
    }

    /// <summary>The agencies this event names for its audience (the catalogue's named rules); empty for the others.</summary>
    public IReadOnlyList<string> NamedAgencies() => _named;
}
