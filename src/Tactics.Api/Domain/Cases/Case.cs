using Tactics.Api.Domain.Board;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Decisions;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Sharing;

namespace Tactics.Api.Domain.Cases;

/// <summary>
/// The shared case file of one victim: who is involved, who owns it, its status and risk level.
/// Every change and every append (incident, risk assessment) raises the counters of the scopes it touches
/// (<see cref="Changes"/>: each caller's ETag and <c>updatedAt</c> come from the scopes it sees) and <see cref="Version"/>, the
/// concurrency token, and writes its <see cref="CaseEvent"/> in the same transaction.
/// </summary>
public sealed class Case
{
    private readonly List<CaseChild> _children = [];
    private readonly List<Incident> _incidents = [];
    private readonly List<RiskAssessment> _riskAssessments = [];
    private readonly List<CaseEvent> _events = [];
    private readonly List<CustodyEvent> _custodyEvents = [];
    private readonly List<ProtectiveMeasure> _measures = [];
    private readonly List<CaseTask> _tasks = [];

    private Case() { }

    private Case(Guid id, Guid householdId, string ownerAgency, Person victim, Person? author, IEnumerable<CaseChild> children, DateTimeOffset now)
    {
        Id = id;
        HouseholdId = householdId;
        OwnerAgency = ownerAgency;
        Victim = victim;
        VictimId = victim.Id;
        Author = author;
        AuthorId = author?.Id;
        _children.AddRange(children);
        Status = CaseStatus.Open;
        CreatedAt = now;
        UpdatedAt = now;
        Version = 1;
    }

    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }

    /// <summary>The agency code of the owner: the agency that opened the case.</summary>
    public string OwnerAgency { get; private set; } = "";

    /// <summary>
    /// Set on a case a 458bis disclosure opened: it gives territory to no one but this parquet (and never joins a
    /// household) until that parquet confirms a link suggestion raised by it (DESIGN.md, "What no write may do", act 6).
    /// </summary>
    public string? ConfinedToAgency { get; private set; }

    public CaseStatus Status { get; private set; }
    public string? ClosedReason { get; private set; }

    /// <summary>The latest risk assessment's effective level; null until the first assessment.</summary>
    public RiskLevel? RiskLevel { get; private set; }

    public Guid VictimId { get; private set; }
    public Person Victim { get; private set; } = null!;
    public Guid? AuthorId { get; private set; }
    public Person? Author { get; private set; }
    public IReadOnlyList<CaseChild> Children => _children;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Raised by every change and append: the concurrency token, never shown (a caller's ETag comes from <see cref="Changes"/>).</summary>
    public int Version { get; private set; }

    /// <summary>The change counters per scope (category, household link, agency): what each caller's ETag and <c>updatedAt</c> are made of.</summary>
    public CaseChanges Changes { get; private set; } = CaseChanges.None;

    /// <summary>The number of the case's last event (writers of a case are serialised, so numbers never collide).</summary>
    public int LastEventNumber { get; private set; }

    /// <summary>Appended to, never loaded whole: queries read incidents, assessments and events on their own.</summary>
    public IReadOnlyCollection<Incident> Incidents => _incidents;
    public IReadOnlyCollection<RiskAssessment> RiskAssessments => _riskAssessments;
    public IReadOnlyCollection<CaseEvent> Events => _events;
    public IReadOnlyCollection<CustodyEvent> CustodyEvents => _custodyEvents;
    public IReadOnlyCollection<ProtectiveMeasure> Measures => _measures;
    public IReadOnlyCollection<CaseTask> Tasks => _tasks;

    public Sharing.CaseCore Core => new(Id, HouseholdId, Status, RiskLevel, OwnerAgency, CreatedAt, Changes);

    public static Case Open(Guid householdId, string ownerAgency, Person victim, Person? author, IEnumerable<CaseChild> children, DateTimeOffset now)
    {
        var @case = new Case(Guid.NewGuid(), householdId, ownerAgency, victim, author, children, now);
        @case.Raise(EventCatalogue.CaseOpened, now, ownerAgency);
        return @case;
    }

    /// <summary>A case opened by a 458bis disclosure reaches the addressed parquet alone (act 6).</summary>
    public void ConfineTo(string parquetAgency) => ConfinedToAgency = parquetAgency;

    /// <summary>The addressed parquet confirmed a link: the case now reaches others by the ordinary rules.</summary>
    public void EndConfinement() => ConfinedToAgency = null;

    public Incident RecordIncident(Incident incident, string actorAgency, DateTimeOffset now)
    {
        EnsureOpen();
        _incidents.Add(incident);
        Touch(now, CaseChanges.Category(DataCategory.Facts), CaseChanges.Agency(actorAgency));
        Raise(EventCatalogue.CaseIncidentRecorded, now, actorAgency, incidentId: incident.Id);
        return incident;
    }

    /// <summary>The case's level becomes the assessment's effective level; a rise is an event of its own.</summary>
    public RiskAssessment AssessRisk(RiskAssessment assessment, string actorAgency, DateTimeOffset now)
    {
        EnsureOpen();
        var previous = RiskLevel;
        _riskAssessments.Add(assessment);
        RiskLevel = assessment.EffectiveLevel;
        // riskLevel is core, derived from the assessment: core changes only when the level does.
        Touch(now, previous == RiskLevel
            ? [CaseChanges.Category(DataCategory.Risk), CaseChanges.Agency(actorAgency)]
            : [CaseChanges.Category(DataCategory.Risk), CaseChanges.Agency(actorAgency), CaseChanges.Category(DataCategory.Core)]);
        Raise(EventCatalogue.CaseRiskAssessed, now, actorAgency, riskAssessmentId: assessment.Id);
        if (previous is null || assessment.EffectiveLevel > previous)
        {
            Raise(EventCatalogue.CaseRiskRaised, now, actorAgency, riskAssessmentId: assessment.Id);
        }
        return assessment;
    }

    /// <summary>Applies new contact details to the victim and the author at once (one event, one new version).</summary>
    public bool ChangeContact((string? Phone, Address? Address)? victim, (string? Phone, Address? Address)? author, string actorAgency, DateTimeOffset now)
    {
        if (victim is null && author is null) return false;
        EnsureOpen();
        var changed = victim is { } v && Victim.ChangeContact(v.Phone, v.Address);
        if (author is { } a)
        {
            changed |= (Author ?? throw new InvalidOperationException("The case names no author.")).ChangeContact(a.Phone, a.Address);
        }
        if (!changed) return false;
        Touch(now, CaseChanges.Category(DataCategory.Contact));
        Raise(EventCatalogue.CaseContactChanged, now, actorAgency);
        return true;
    }

    /// <summary>
    /// Moves the case into another household (a match on opening or on an incident, a merge, an undo):
    /// a change of its core data, with a <c>case.household_linked</c> event naming the household.
    /// A closed case moves too: it still belongs to its household's history.
    /// </summary>
    public void LinkToHousehold(Guid householdId, string actorAgency, DateTimeOffset now)
    {
        if (householdId == HouseholdId) return;
        HouseholdId = householdId;
        Touch(now, CaseChanges.Household);
        Raise(EventCatalogue.CaseHouseholdLinked, now, actorAgency, householdId: householdId);
    }

    /// <summary>
    /// Records that an article 458ter case consultation opens: only on a high or critical case (the risk that justifies sharing
    /// without consent), where <paramref name="missionRiskLevel"/> is the level of the latest assessment by an agency with
    /// <c>risk</c> in its legal mission (an assessment by anyone else never opens a consultation). The consultation itself, its
    /// participants and its end date, is the sharing ledger's (Sharing.Ledger.ConsultationLedger stores it).
    /// </summary>
    public void OpenConsultation(RiskLevel? missionRiskLevel, Guid consultationId, IReadOnlyCollection<string> participants, string actorAgency, DateTimeOffset now)
    {
        EnsureOpen();
        if (missionRiskLevel is not (Cases.RiskLevel.High or Cases.RiskLevel.Critical))
        {
            throw new DomainRuleException(DomainRule.HighRiskRequired,
                "A 458ter case consultation is opened on a case whose risk level is high or critical: assess the risk first.");
        }
        // The consultation's entry is seen by its participants, its opener and the owner (DESIGN.md, side records).
        Touch(now, [.. participants.Append(actorAgency).Append(OwnerAgency).Select(CaseChanges.Agency)]);
        Raise(EventCatalogue.CaseConsultationOpened, now, actorAgency,
            announcedIds: new Dictionary<string, Guid> { ["consultationId"] = consultationId }, named: participants);
    }

    public void Close(string reason, string actorAgency, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        EnsureOpen();
        Status = CaseStatus.Closed;
        ClosedReason = reason;
        // The status is core; the reason, free text, is facts.
        Touch(now, CaseChanges.Category(DataCategory.Core), CaseChanges.Category(DataCategory.Facts));
        Raise(EventCatalogue.CaseClosed, now, actorAgency);
    }

    public void Reopen(string actorAgency, DateTimeOffset now)
    {
        if (Status == CaseStatus.Open) return;
        Status = CaseStatus.Open;
        ClosedReason = null;
        Touch(now, CaseChanges.Category(DataCategory.Core), CaseChanges.Category(DataCategory.Facts));
        Raise(EventCatalogue.CaseReopened, now, actorAgency);
    }

    /// <summary>
    /// Something was appended to the case outside its own fields (a consent, a revocation, an agency record...):
    /// the counters of the <paramref name="scopes"/> that see it are raised, and the event goes on the timeline.
    /// <paramref name="announcedIds"/> are ids its event carries to its audience (<c>consentId</c>): the catalogue's named rules read them.
    /// </summary>
    public void RecordAppend(string eventType, string actorAgency, DateTimeOffset now, IReadOnlyCollection<string> scopes,
        IReadOnlyDictionary<string, Guid>? announcedIds = null)
    {
        Touch(now, scopes);
        Raise(eventType, now, actorAgency, announcedIds: announcedIds);
    }

    /// <summary>The actor of what time alone brings about (an overdue task, a measure about to end).</summary>
    public const string DeadlineActor = "deadline-monitor";

    /// <summary>
    /// A task of this case escalated (its deadline passed): <c>task.escalated</c>, on the timeline and through the outbox like
    /// every other event. Nothing of the case itself changed, so its version stays. The case row must be locked by the caller.
    /// </summary>
    public void TaskEscalated(CaseTask task, DateTimeOffset now)
    {
        if (task.CaseId != Id) throw new InvalidOperationException("The task belongs to another case.");
        task.Escalate(now);
        Raise(EventCatalogue.TaskEscalated, now, DeadlineActor, taskId: task.Id);
    }

    /// <summary>
    /// A task of this case escalated before its deadline, at its third unreachable attempt (<see cref="CaseTask.CountAttempt"/>
    /// already marked it): <c>task.escalated</c>, like the deadline's escalation. The case row must be locked by the caller.
    /// </summary>
    public void TaskEscalatedByAttempts(CaseTask task, string actorAgency, DateTimeOffset now)
    {
        if (task.CaseId != Id) throw new InvalidOperationException("The task belongs to another case.");
        Raise(EventCatalogue.TaskEscalated, now, actorAgency, taskId: task.Id);
    }

    /// <summary>
    /// A follow-up task a PV (or a consent to it) calls for: <c>task.assigned</c>, and the scopes of those it shows to raised: the
    /// assignee's (a task is an entry addressed to it) and the task's category (its timeline entry's). The case row must be locked
    /// by the caller.
    /// </summary>
    public void AssignTask(CaseTask task, string actorAgency, DateTimeOffset now)
    {
        if (task.CaseId != Id) throw new InvalidOperationException("The task belongs to another case.");
        _tasks.Add(task);
        Touch(now, CaseChanges.Agency(task.AssigneeAgency), CaseChanges.Category(SideRecordPolicy.CategoryOf(task.Kind)));
        Raise(EventCatalogue.TaskAssigned, now, actorAgency, incidentId: task.IncidentId, taskId: task.Id);
    }

    /// <summary>A task no longer called for (its consent ended) is cancelled; its assignee's scope moves. The case row must be locked by the caller.</summary>
    public void CancelTask(CaseTask task, DateTimeOffset now)
    {
        if (task.CaseId != Id) throw new InvalidOperationException("The task belongs to another case.");
        task.Cancel(now);
        Touch(now, task.EscalatedAt is null
            ? [CaseChanges.Agency(task.AssigneeAgency)]
            : [CaseChanges.Agency(task.AssigneeAgency), CaseChanges.Agency(task.EscalationAgency)]);
    }

    /// <summary>A measure of this case ends soon: <c>measure.expiring</c>, once. The case row must be locked by the caller.</summary>
    public void MeasureExpiring(ProtectiveMeasure measure, DateTimeOffset now)
    {
        if (measure.CaseId != Id) throw new InvalidOperationException("The measure belongs to another case.");
        measure.AnnounceExpiry(now);
        Raise(EventCatalogue.MeasureExpiring, now, DeadlineActor, measureId: measure.Id);
    }

    /// <summary>
    /// Appends a custody event (judicial). A release comes with the task of informing the victim, assigned in the
    /// same change: both are events of the case (<c>custody.*</c> names the task, <c>task.assigned</c> follows).
    /// </summary>
    public CustodyEvent RecordCustodyEvent(CustodyEvent custody, CaseTask? informVictim, string actorAgency, DateTimeOffset now)
    {
        EnsureOpen();
        _custodyEvents.Add(custody);
        if (informVictim is not null) _tasks.Add(informVictim);
        Touch(now, informVictim?.AssigneeAgency is { } assignee
            ? [CaseChanges.Category(DataCategory.Judicial), CaseChanges.Agency(assignee)]
            : [CaseChanges.Category(DataCategory.Judicial)]);
        Raise(EventCatalogue.ForCustody(custody.Kind), now, actorAgency, custodyEventId: custody.Id, taskId: informVictim?.Id);
        if (informVictim is not null)
        {
            Raise(EventCatalogue.TaskAssigned, now, actorAgency, custodyEventId: custody.Id, taskId: informVictim.Id);
        }
        return custody;
    }

    public ProtectiveMeasure ImposeMeasure(ProtectiveMeasure measure, string actorAgency, DateTimeOffset now)
    {
        EnsureOpen();
        _measures.Add(measure);
        Touch(now, CaseChanges.Category(DataCategory.Measures));
        Raise(EventCatalogue.MeasureImposed, now, actorAgency, measureId: measure.Id);
        return measure;
    }

    /// <summary>Lifts one of this case's measures, with the reason; the measure must be loaded (tracked) by the caller.</summary>
    public void LiftMeasure(ProtectiveMeasure measure, string reason, string actorAgency, string actorUser, DateTimeOffset now)
    {
        if (measure.CaseId != Id) throw new InvalidOperationException("The measure belongs to another case.");
        EnsureOpen();
        measure.Lift(reason, actorAgency, actorUser, now);
        Touch(now, CaseChanges.Category(DataCategory.Measures));
        Raise(EventCatalogue.MeasureLifted, now, actorAgency, measureId: measure.Id);
    }

    /// <summary>
    /// A justice house reports on one of this case's measures: the case changes for those who see <c>measures</c>; a breach
    /// raises <c>measure.breached</c> (ids only: the case, the measure, the report). Compliance and an unreachable author are on the report alone.
    /// </summary>
    public void ReportCompliance(ProtectiveMeasure measure, ComplianceReport report, string actorAgency, DateTimeOffset now)
    {
        if (measure.CaseId != Id || report.MeasureId != measure.Id) throw new InvalidOperationException("The report belongs to another measure.");
        EnsureOpen();
        Touch(now, CaseChanges.Category(DataCategory.Measures));
        if (report.Status == ComplianceStatus.Breach)
        {
            Raise(EventCatalogue.MeasureBreached, now, actorAgency, measureId: measure.Id,
                announcedIds: new Dictionary<string, Guid> { ["complianceReportId"] = report.Id });
        }
    }

    /// <summary>
    /// Records a parquet decision on one of this case's board items, which it clears; a <c>no_contact</c> order comes with its
    /// protective measure(s), imposed here like any other (<c>measure.imposed</c>). A decision on a PV is judicial and raises
    /// <c>decision.recorded</c>, naming the police of the PV's zone (<paramref name="pvZonePolice"/>); a decision on a 458bis
    /// disclosure is the addressed parquet's alone: it changes that parquet's entries and raises no event.
    /// </summary>
    public void RecordDecision(ParquetDecision decision, BoardItem item, IReadOnlyCollection<ProtectiveMeasure> measures,
        IReadOnlyCollection<string> pvZonePolice, string actorAgency, DateTimeOffset now)
    {
        if (decision.CaseId != Id || item.CaseId != Id) throw new InvalidOperationException("The decision belongs to another case.");
        EnsureOpen();
        item.Decide(decision.Id, now);
        foreach (var measure in measures) ImposeMeasure(measure, actorAgency, now);
        if (decision.OnDisclosure)
        {
            Touch(now, CaseChanges.Agency(decision.AddressedParquet!));
            return;
        }
        Touch(now, CaseChanges.Category(DataCategory.Judicial));
        Raise(EventCatalogue.DecisionRecorded, now, actorAgency, incidentId: decision.IncidentId,
            announcedIds: new Dictionary<string, Guid> { ["decisionId"] = decision.Id }, named: pvZonePolice);
    }

    /// <summary>
    /// A 458bis disclosure reached this case: <c>disclosure.received</c> for the addressed parquet alone (act 6), whose entries
    /// change; the discloser and the case's followers hear nothing. The case row must be locked by the caller.
    /// </summary>
    public void DisclosureReceived(Guid disclosureId, string parquetAgency, string discloserAgency, DateTimeOffset now)
    {
        Touch(now, CaseChanges.Agency(parquetAgency));
        Raise(EventCatalogue.DisclosureReceived, now, discloserAgency,
            announcedIds: new Dictionary<string, Guid> { ["disclosureId"] = disclosureId }, named: [parquetAgency]);
    }

    /// <summary>
    /// A board item of this case passed its due date undecided: <c>decision.overdue</c>, once, to the parquet(s) that decide it,
    /// with the item's id and its assignee's user id. Nothing of the case changed. The case row must be locked by the caller.
    /// </summary>
    public void DecisionOverdue(BoardItem item, IReadOnlyCollection<string> parquets, DateTimeOffset now)
    {
        if (item.CaseId != Id) throw new InvalidOperationException("The board item belongs to another case.");
        item.AnnounceOverdue(now);
        Raise(EventCatalogue.DecisionOverdue, now, DeadlineActor, announcedIds: new Dictionary<string, Guid> { ["boardItemId"] = item.Id },
            named: parquets, announcedUserIds: item.AssignedTo is { } assignee ? new Dictionary<string, string> { ["assigneeId"] = assignee } : null);
    }

    /// <summary>A closed case accepts nothing but reopening.</summary>
    public void EnsureOpen()
    {
        if (Status == CaseStatus.Closed)
        {
            throw new DomainRuleException(DomainRule.CaseClosed, "The case is closed: reopen it first (PATCH with status open).");
        }
    }

    private void Raise(string type, DateTimeOffset now, string actorAgency, Guid? incidentId = null, Guid? riskAssessmentId = null,
        Guid? householdId = null, Guid? custodyEventId = null, Guid? measureId = null, Guid? taskId = null,
        IReadOnlyDictionary<string, Guid>? announcedIds = null, IEnumerable<string>? named = null, IReadOnlyDictionary<string, string>? announcedUserIds = null) =>
        _events.Add(new CaseEvent(Id, ++LastEventNumber, type, now, actorAgency, incidentId, riskAssessmentId, householdId, custodyEventId, measureId, taskId,
            announcedIds, named, announcedUserIds));

    private void Touch(DateTimeOffset now, params IReadOnlyCollection<string> scopes)
    {
        UpdatedAt = now;
        Version++;
        Changes = Changes.Raise(now, scopes);
    }
}
