using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.SafeContacts;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.SafeContacts;

namespace Tactics.Api.Features.Tasks;

/// <summary>A follow-up task of an agency about a case.</summary>
/// <param name="Id">The task id.</param>
/// <param name="CaseId">The case it is about.</param>
/// <param name="Kind">inform_victim, eva_callback or proactive_contact.</param>
/// <param name="Status">open, overdue (past due and not completed), completed, or cancelled (a proactive contact whose consent ended).</param>
/// <param name="AssigneeAgency">The code of the agency that must do it.</param>
/// <param name="AssigneeUserId">A person of that agency, when one is named (an EVA referent mapped for the victim's postcode).</param>
/// <param name="EscalationAgency">The code of the agency that hears of it (with the case owner) when it escalates.</param>
/// <param name="CustodyEventId">The custody event that called for it, if any.</param>
/// <param name="IncidentId">The family-dispute PV that called for it (eva_callback, proactive_contact), if any.</param>
/// <param name="FollowUpIncidentId">The complaint PV that followed that PV (<c>followsIncidentId</c>), linked to its EVA call-back.</param>
/// <param name="CreatedAt">When it was assigned (UTC).</param>
/// <param name="DueAt">When it must be done by (UTC).</param>
/// <param name="EscalatedAt">When it escalated (overdue, or at its third unreachable attempt) (UTC); absent if it did not.</param>
/// <param name="CancelledAt">When it was cancelled (UTC); absent unless it was.</param>
/// <param name="UnreachableAttempts">How many attempts found the victim unreachable; the third escalates the task.</param>
/// <param name="NextAttemptAt">When to try again, after an unreachable attempt (UTC).</param>
/// <param name="LatestAttempt">Its latest attempt, if any.</param>
/// <param name="OtherContactAttempt">For a contact task: the latest attempt of the other contact task of the same PV (the EVA call-back's
/// for a proactive contact, and the reverse); for the agency working on it while it sees contact.</param>
/// <param name="SafeContact">For a contact task: the victim's safe-contact preferences; for the agency working on it while it sees contact, never for
/// perpetrator support.</param>
/// <param name="Completion">Who did it, when and how; absent until completed.</param>
public sealed record TaskResponse(
    Guid Id,
    Guid CaseId,
    TaskKind Kind,
    CaseTaskStatus Status,
    [property: MaxLength(64)] string AssigneeAgency,
    [property: MaxLength(100)] string? AssigneeUserId,
    [property: MaxLength(64)] string EscalationAgency,
    Guid? CustodyEventId,
    Guid? IncidentId,
    Guid? FollowUpIncidentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset? CancelledAt,
    [property: Range(0, int.MaxValue)] int UnreachableAttempts,
    DateTimeOffset? NextAttemptAt,
    TaskAttemptResponse? LatestAttempt,
    OtherContactAttemptResponse? OtherContactAttempt,
    SafeContactResponse? SafeContact,
    TaskCompletionResponse? Completion)
{
    public static TaskResponse From(CaseTask task, DateTimeOffset now, TaskAttempt? latest = null, (CaseTask Task, TaskAttempt Attempt)? other = null,
        SafeContact? safeContact = null) => new(
        task.Id, task.CaseId, task.Kind, task.StatusAt(now), task.AssigneeAgency, task.AssigneeUserId, task.EscalationAgency, task.CustodyEventId,
        task.IncidentId, task.FollowUpIncidentId, task.CreatedAt, task.DueAt, task.EscalatedAt, task.CancelledAt, task.UnreachableAttempts, task.NextAttemptAt,
        latest is null ? null : TaskAttemptResponse.From(latest),
        other is { } o ? new OtherContactAttemptResponse(o.Task.Id, o.Task.Kind, o.Attempt.Outcome, o.Attempt.At, o.Attempt.How, o.Attempt.RecordedByAgency) : null,
        safeContact is null ? null : SafeContactResponse.From(safeContact),
        task.Completion is { } done
            ? new TaskCompletionResponse(done.Outcome, done.How, done.Note, done.ContactedAt, done.CompletedBy, done.CompletedByAgency, done.CompletedAt,
                task.Checklist is { } c ? new ContactChecklistResponse(c.FrameworkExplained, c.HearingPrepared, c.HousingChecked, c.IncomeChecked) : null,
                task.AppointmentAt)
            : null);
}

/// <summary>What completing the task recorded: who told the victim, when and how.</summary>
/// <param name="Outcome">reached or declined (unreachable only on tasks completed before attempts were recorded on their own).</param>
/// <param name="How">The channel: phone, in_person, video_call, message, letter or other.</param>
/// <param name="Note">What was said or tried.</param>
/// <param name="ContactedAt">When the victim was contacted (or the attempt made), UTC.</param>
/// <param name="CompletedBy">The user who completed it (the token's subject).</param>
/// <param name="CompletedByAgency">That user's agency.</param>
/// <param name="CompletedAt">When it was recorded (UTC).</param>
/// <param name="Checklist">For a proactive contact: the roadmap's D+2 checklist.</param>
/// <param name="AppointmentAt">The appointment proposed to the victim, if any (UTC).</param>
public sealed record TaskCompletionResponse(
    TaskOutcome Outcome,
    ContactMethod How,
    [property: MaxLength(CaseTask.MaxNoteLength)] string? Note,
    DateTimeOffset ContactedAt,
    [property: MaxLength(100)] string CompletedBy,
    [property: MaxLength(64)] string CompletedByAgency,
    DateTimeOffset CompletedAt,
    ContactChecklistResponse? Checklist,
    DateTimeOffset? AppointmentAt);

/// <summary>The D+2 checklist: what the proactive contact covered.</summary>
/// <param name="FrameworkExplained">The procedure and the victim's rights were explained.</param>
/// <param name="HearingPrepared">The hearing was prepared.</param>
/// <param name="HousingChecked">Housing was checked.</param>
/// <param name="IncomeChecked">Income was checked.</param>
public sealed record ContactChecklistResponse(bool FrameworkExplained, bool HearingPrepared, bool HousingChecked, bool IncomeChecked);

/// <summary>One try at reaching the victim that did not end the task.</summary>
/// <param name="Id">The attempt id.</param>
/// <param name="TaskId">Its task.</param>
/// <param name="Outcome">unreachable or left_message.</param>
/// <param name="At">When it was made (UTC).</param>
/// <param name="How">The channel: phone, in_person, video_call, message, letter or other.</param>
/// <param name="Note">What was tried.</param>
/// <param name="OutsideWindow">Made outside every safe-contact window of the victim (Europe/Brussels time).</param>
/// <param name="AgainstPreferences">A message left where the victim's preferences say none may be.</param>
/// <param name="RecordedBy">The user who recorded it.</param>
/// <param name="RecordedByAgency">That user's agency.</param>
/// <param name="RecordedAt">When it was recorded (UTC).</param>
public sealed record TaskAttemptResponse(
    Guid Id,
    Guid TaskId,
    AttemptOutcome Outcome,
    DateTimeOffset At,
    ContactMethod How,
    [property: MaxLength(CaseTask.MaxNoteLength)] string? Note,
    bool OutsideWindow,
    bool AgainstPreferences,
    [property: MaxLength(100)] string RecordedBy,
    [property: MaxLength(64)] string RecordedByAgency,
    DateTimeOffset RecordedAt)
{
    public static TaskAttemptResponse From(TaskAttempt attempt) => new(attempt.Id, attempt.TaskId, attempt.Outcome, attempt.At, attempt.How, attempt.Note,
        attempt.OutsideWindow, attempt.AgainstPreferences, attempt.RecordedBy, attempt.RecordedByAgency, attempt.RecordedAt);
}

/// <summary>The latest attempt of the other contact task of the same PV: who tried, when and how, and what came of it (no note).</summary>
/// <param name="TaskId">The other task.</param>
/// <param name="Kind">Its kind: eva_callback or proactive_contact.</param>
/// <param name="Outcome">unreachable or left_message.</param>
/// <param name="At">When it was made (UTC).</param>
/// <param name="How">The channel.</param>
/// <param name="Agency">The agency that made it.</param>
public sealed record OtherContactAttemptResponse(Guid TaskId, TaskKind Kind, AttemptOutcome Outcome, DateTimeOffset At, ContactMethod How,
    [property: MaxLength(64)] string Agency);
