namespace Tactics.Api.Domain.Tasks;

/// <summary>
/// One try at reaching the victim for a task that did not end it: the victim was unreachable, or a message was left. What
/// happened is never refused: a try outside the victim's safe-contact windows, or a message left where the preferences
/// forbid it, is recorded and flagged.
/// </summary>
public sealed class TaskAttempt
{
    private TaskAttempt() { }

    public TaskAttempt(Guid taskId, Guid caseId, AttemptOutcome outcome, DateTimeOffset at, ContactMethod how, string? note,
        bool outsideWindow, bool againstPreferences, string recordedBy, string recordedByAgency, DateTimeOffset recordedAt)
    {
        Id = Guid.CreateVersion7(recordedAt);
        TaskId = taskId;
        CaseId = caseId;
        Outcome = outcome;
        At = at;
        How = how;
        Note = note;
        OutsideWindow = outsideWindow;
        AgainstPreferences = againstPreferences;
        RecordedBy = recordedBy;
        RecordedByAgency = recordedByAgency;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public Guid CaseId { get; private set; }
    public AttemptOutcome Outcome { get; private set; }

    /// <summary>When the try was made.</summary>
    public DateTimeOffset At { get; private set; }

    public ContactMethod How { get; private set; }
    public string? Note { get; private set; }

    /// <summary>Made outside every safe-contact window of the victim (Europe/Brussels time).</summary>
    public bool OutsideWindow { get; private set; }

    /// <summary>A message left where the victim's preferences say none may be.</summary>
    public bool AgainstPreferences { get; private set; }

    public string RecordedBy { get; private set; } = "";
    public string RecordedByAgency { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
}
