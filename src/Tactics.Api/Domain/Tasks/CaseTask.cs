
namespace Tactics.Api.Domain.Tasks;

/// <summary>The kinds of follow-up task (DESIGN.md).</summary>
public enum TaskKind
{
    /// <summary>Tell the victim the author is (or will be) released, and on what conditions.</summary>
    InformVictim,
    EvaCallback,
    ProactiveContact,
}

/// <summary>Where a task stands at a given moment: open until due, then overdue, until completed (or cancelled).</summary>
public enum CaseTaskStatus
{
    Open,
    Overdue,
    Completed,
    /// <summary>No longer called for: a proactive contact whose consent was revoked or expired.</summary>
    Cancelled,
}

/// <summary>
/// How a completed task ended. <c>unreachable</c> is kept for tasks completed before attempts existed: an unreachable victim is
/// now an attempt (<see cref="AttemptOutcome"/>), and a completion is <c>reached</c> or <c>declined</c> (<see cref="CompletionOutcome"/>).
/// </summary>
public enum TaskOutcome
{
    Reached,
    Unreachable,
    Declined,
}

/// <summary>The final outcomes a completion takes.</summary>
public enum CompletionOutcome
{
    Reached,
    Declined,
}

/// <summary>A try that did not end the task.</summary>
public enum AttemptOutcome
{
    Unreachable,
    LeftMessage,
}

/// <summary>The roadmap's D+2 checklist, recorded when a proactive contact is completed.</summary>
public sealed record ContactChecklist(bool FrameworkExplained, bool HearingPrepared, bool HousingChecked, bool IncomeChecked);

/// <summary>The channel used to reach the victim.</summary>
public enum ContactMethod
{
    Phone,
    InPerson,
    VideoCall,
    Message,
    Letter,
    Other,
}

/// <summary>What completing a task records: who told the victim, when and how.</summary>
public sealed record TaskCompletion(TaskOutcome Outcome, ContactMethod How, string? Note, DateTimeOffset ContactedAt,
    string CompletedBy, string CompletedByAgency, DateTimeOffset CompletedAt);

/// <summary>
/// A deadline-bound task of one agency about a case (e.g. inform the victim of a release). Not completed by
/// <see cref="DueAt"/>, it escalates once: to <see cref="EscalationAgency"/> (the zone's police) and the case owner.
/// </summary>
public sealed class CaseTask
{
    public const int MaxNoteLength = 2000;

    private CaseTask() { }

    /// <summary>After this many unreachable attempts the task escalates (its one escalation).</summary>
    public const int UnreachableAttemptsBeforeEscalation = 3;

    public CaseTask(Guid id, Guid caseId, TaskKind kind, string assigneeAgency, string escalationAgency, Guid? custodyEventId,
        DateTimeOffset createdAt, DateTimeOffset dueAt, string? assigneeUserId = null, Guid? incidentId = null)
    {
        AssigneeUserId = assigneeUserId;
        IncidentId = incidentId;
        Id = id;
        CaseId = caseId;
        Kind = kind;
        AssigneeAgency = assigneeAgency;
        EscalationAgency = escalationAgency;
        CustodyEventId = custodyEventId;
        CreatedAt = createdAt;
        DueAt = dueAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public TaskKind Kind { get; private set; }

    /// <summary>The agency that must do it.</summary>
    public string AssigneeAgency { get; private set; } = "";

    /// <summary>A person of that agency, when one is named (the agency's referent mapping); otherwise the whole agency.</summary>
    public string? AssigneeUserId { get; private set; }

    /// <summary>Who hears of it when it is overdue (with the case owner): the police zone of the victim's address.</summary>
    public string EscalationAgency { get; private set; } = "";

    /// <summary>The custody event that called for it, if any.</summary>
    public Guid? CustodyEventId { get; private set; }

    /// <summary>The PV that called for it (an EVA call-back, a proactive contact), if any.</summary>
    public Guid? IncidentId { get; private set; }

    /// <summary>The complaint PV that followed the PV of an EVA call-back (<c>followsIncidentId</c>), linked so no time is lost.</summary>
    public Guid? FollowUpIncidentId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }

    /// <summary>When it stopped being called for (its consent revoked or expired).</summary>
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>The unreachable attempts so far; the third escalates the task.</summary>
    public int UnreachableAttempts { get; private set; }

    /// <summary>When to try again after an unreachable attempt.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>The D+2 checklist, for a completed proactive contact.</summary>
    public ContactChecklist? Checklist { get; private set; }

    /// <summary>The appointment proposed when the victim was reached, if any.</summary>
    public DateTimeOffset? AppointmentAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }
    public string? CompletedBy { get; private set; }
    public string? CompletedByAgency { get; private set; }
    public TaskOutcome? Outcome { get; private set; }
    public ContactMethod? ContactMethod { get; private set; }
    public DateTimeOffset? ContactedAt { get; private set; }
    public string? Note { get; private set; }

    public TaskCompletion? Completion =>
        CompletedAt is { } completedAt
            ? new TaskCompletion(Outcome!.Value, ContactMethod!.Value, Note, ContactedAt!.Value, CompletedBy!, CompletedByAgency!, completedAt)
            : null;

    public CaseTaskStatus StatusAt(DateTimeOffset now) =>
        CompletedAt is not null ? CaseTaskStatus.Completed
        : CancelledAt is not null ? CaseTaskStatus.Cancelled
        : DueAt <= now ? CaseTaskStatus.Overdue
        : CaseTaskStatus.Open;

    /// <summary>Neither completed nor cancelled: attempts and a completion are still taken.</summary>
    public bool IsPending => CompletedAt is null && CancelledAt is null;

    public void Complete(TaskOutcome outcome, ContactMethod how, string? note, DateTimeOffset contactedAt, string user, string agency, DateTimeOffset now,
        ContactChecklist? checklist = null, DateTimeOffset? appointmentAt = null)
    {
        EnsurePending();
        Checklist = checklist;
        AppointmentAt = appointmentAt;
        Outcome = outcome;
        ContactMethod = how;
        Note = note;
        ContactedAt = contactedAt;
        CompletedBy = user;
        CompletedByAgency = agency;
        CompletedAt = now;
    }

    /// <summary>Marks the escalation, once; only an open task past its due time escalates.</summary>
    public void Escalate(DateTimeOffset now)
    {
        if (EscalatedAt is not null || !IsPending || DueAt > now)
        {
            throw new InvalidOperationException("Only an open task past its due time escalates, and once.");
        }
        EscalatedAt = now;
    }

    /// <summary>
    /// Counts an attempt: an unreachable victim schedules the next try <paramref name="retryAfter"/> later, and the third one
    /// escalates the task, unless it already escalated. Returns whether this attempt escalated it.
    /// </summary>
    public bool CountAttempt(AttemptOutcome outcome, DateTimeOffset at, TimeSpan retryAfter, DateTimeOffset now)
    {
        EnsurePending();
        if (outcome != AttemptOutcome.Unreachable) return false;
        UnreachableAttempts++;
        NextAttemptAt = at + retryAfter;
        if (UnreachableAttempts < UnreachableAttemptsBeforeEscalation || EscalatedAt is not null) return false;
        EscalatedAt = now;
        return true;
    }

    /// <summary>No longer called for (a proactive contact's consent ended): it takes no attempt, completion or escalation.</summary>
    public void Cancel(DateTimeOffset now)
    {
        EnsurePending();
        CancelledAt = now;
    }

    /// <summary>Links the complaint that followed this task's PV.</summary>
    public void LinkFollowUp(Guid complaintId) => FollowUpIncidentId = complaintId;

    private void EnsurePending()
    {
        if (CompletedAt is not null) throw new DomainRuleException(DomainRule.TaskAlreadyCompleted, "The task is already completed.");
        if (CancelledAt is not null) throw new DomainRuleException(DomainRule.TaskCancelled, "The task was cancelled: the consent it rested on ended.");
    }

    /// <summary>
    /// When the victim must have been told of a release: <paramref name="within"/> after a release; for a scheduled
    /// one, <paramref name="beforeRelease"/> ahead of it, never sooner than the usual delay and never after the release.
    /// </summary>
    public static DateTimeOffset InformVictimDueAt(DateTimeOffset now, DateTimeOffset? scheduledFor, TimeSpan within, TimeSpan beforeRelease)
    {
        var usual = now + within;
        if (scheduledFor is not { } release) return usual;
        var earliest = usual < release ? usual : release;
        var ahead = release - beforeRelease;
        return ahead > earliest ? ahead : earliest;
    }
}
