using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.Tasks;

namespace Tactics.Api.Features.Tasks;

/// <summary>A follow-up task of an agency about a case.</summary>
/// <param name="Id">The task id.</param>
/// <param name="CaseId">The case it is about.</param>
/// <param name="Kind">inform_victim, eva_callback or proactive_contact.</param>
/// <param name="Status">open, overdue (past due and not completed) or completed.</param>
/// <param name="AssigneeAgency">The code of the agency that must do it.</param>
/// <param name="AssigneeUserId">A person of that agency, when one is named.</param>
/// <param name="EscalationAgency">The code of the agency that hears of it (with the case owner) when it is overdue.</param>
/// <param name="CustodyEventId">The custody event that called for it, if any.</param>
/// <param name="CreatedAt">When it was assigned (UTC).</param>
/// <param name="DueAt">When it must be done by (UTC).</param>
/// <param name="EscalatedAt">When it escalated, being overdue (UTC); absent if it did not.</param>
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
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? EscalatedAt,
    TaskCompletionResponse? Completion)
{
    public static TaskResponse From(CaseTask task, DateTimeOffset now) => new(
        task.Id, task.CaseId, task.Kind, task.StatusAt(now), task.AssigneeAgency, task.AssigneeUserId, task.EscalationAgency, task.CustodyEventId,
        task.CreatedAt, task.DueAt, task.EscalatedAt,
        task.Completion is { } done
            ? new TaskCompletionResponse(done.Outcome, done.How, done.Note, done.ContactedAt, done.CompletedBy, done.CompletedByAgency, done.CompletedAt)
            : null);
}

/// <summary>What completing the task recorded: who told the victim, when and how.</summary>
/// <param name="Outcome">reached, unreachable or declined.</param>
/// <param name="How">The channel: phone, in_person, video_call, message, letter or other.</param>
/// <param name="Note">What was said or tried.</param>
/// <param name="ContactedAt">When the victim was contacted (or the attempt made), UTC.</param>
/// <param name="CompletedBy">The user who completed it (the token's subject).</param>
/// <param name="CompletedByAgency">That user's agency.</param>
/// <param name="CompletedAt">When it was recorded (UTC).</param>
public sealed record TaskCompletionResponse(
    TaskOutcome Outcome,
    ContactMethod How,
    [property: MaxLength(CaseTask.MaxNoteLength)] string? Note,
    DateTimeOffset ContactedAt,
    [property: MaxLength(100)] string CompletedBy,
    [property: MaxLength(64)] string CompletedByAgency,
    DateTimeOffset CompletedAt);
