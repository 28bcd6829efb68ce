
namespace Tactics.Api.Domain.Tasks;

/// <summary>The kinds of follow-up task (DESIGN.md).</summary>
public enum TaskKind
{
    /// <summary>Tell the victim the author is (or will be) released, and on what conditions.</summary>
    InformVictim,
    EvaCallback,
    ProactiveContact,
}

/// <summary>Where a task stands at a given moment: open until due, then overdue, until completed.</summary>
public enum CaseTaskStatus
{
    Open,
    Overdue,
    Completed,
}

/// <summary>How the victim was (or could not be) reached.</summary>
public enum TaskOutcome
{
    Reached,
    Unreachable,
    Declined,
}

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

    public CaseTask(Guid id, Guid caseId, TaskKind kind, string assigneeAgency, string escalationAgency, Guid? custodyEventId,
        DateTimeOffset createdAt, DateTimeOffset dueAt)
    {
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

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }

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
        : DueAt <= now ? CaseTaskStatus.Overdue
        : CaseTaskStatus.Open;

    public void Complete(TaskOutcome outcome, ContactMethod how, string? note, DateTimeOffset contactedAt, string user, string agency, DateTimeOffset now)
    {
        if (CompletedAt is not null) throw new DomainRuleException(DomainRule.TaskAlreadyCompleted, "The task is already completed.");
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
        if (EscalatedAt is not null || CompletedAt is not null || DueAt > now)
        {
            throw new InvalidOperationException("Only an open task past its due time escalates, and once.");
        }
        EscalatedAt = now;
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
