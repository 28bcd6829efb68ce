using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks.RecordAttempt;

/// <summary>Records a try at reaching the victim that did not end the task: unreachable, or a message left.</summary>
/// <param name="Outcome">unreachable or left_message.</param>
/// <param name="At">When the try was made (UTC); defaults to now; not in the future.</param>
/// <param name="How">The channel: phone, in_person, video_call, message, letter or other.</param>
/// <param name="Note">What was tried.</param>
public sealed record RecordAttemptCommand(
    [property: Required] AttemptOutcome? Outcome,
    DateTimeOffset? At,
    [property: Required] ContactMethod? How,
    [property: MaxLength(CaseTask.MaxNoteLength)] string? Note) : ICommand<AttemptRecorded>
{
    [JsonIgnore] public Guid TaskId { get; init; }
}

/// <summary>The recorded attempt (answered 201).</summary>
public sealed record AttemptRecorded(TaskAttemptResponse Attempt) : ICreatedResource
{
    public Guid ResourceId => Attempt.Id;
    public string Location => TaskRoutes.Attempt(Attempt.TaskId, Attempt.Id);
    public string? ETag => null;
}

/// <summary>The addresses of a task's own resources.</summary>
public static class TaskRoutes
{
    public static string Attempt(Guid taskId, Guid attemptId) => $"{CaseRoutes.Task(taskId)}/attempts/{attemptId}";
}

public sealed class RecordAttemptValidator : AbstractValidator<RecordAttemptCommand>
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public RecordAttemptValidator(TimeProvider time)
    {
        RuleFor(c => c.TaskId).NotEmpty();
        RuleFor(c => c.Outcome).NotNull().IsInEnum();
        RuleFor(c => c.How).NotNull().IsInEnum();
        RuleFor(c => c.Note).MaximumLength(CaseTask.MaxNoteLength);
        RuleFor(c => c.At)
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.")
            .When(c => c.At is not null);
    }
}

/// <summary>
/// The agency working on the task (its assignee, or once it escalated the agency it escalated to) records what happened, and it is never
/// refused for when or how it happened: a try outside the victim's safe-contact windows is flagged <c>outsideWindow</c>, a message left
/// where the preferences forbid it <c>againstPreferences</c>. An unreachable victim schedules the next try (<c>Tasks:RetryAfter</c>); the
/// third escalates the task, its one escalation (<c>task.escalated</c>). Access-logged like a completion.
/// </summary>
public sealed class RecordAttemptHandler(TacticsDbContext db, ICurrentUser user, TimeProvider time, TaskGate gate, IOptionsMonitor<TaskOptions> options)
    : ICommandHandler<RecordAttemptCommand, AttemptRecorded>
{
    public async ValueTask<AttemptRecorded> Handle(RecordAttemptCommand command, CancellationToken cancellationToken)
    {
        // The task's row lock orders attempts, the completion and the deadline monitor's escalation.
        var (row, decision) = await gate.WorkOnAsync(command.TaskId,
            "Only the agency working on the task records its attempts (its assignee, or once it escalated, the agency it escalated to).", cancellationToken);
        var task = row.Task;
        var now = time.UtcNowStored();
        var at = command.At?.TruncateToStored() ?? now;
        if (at > now) at = now;
        var outcome = command.Outcome!.Value;
        var preferences = await db.SafeContacts.AsNoTracking().SingleOrDefaultAsync(s => s.CaseId == task.CaseId, cancellationToken);
        var attempt = new TaskAttempt(task.Id, task.CaseId, outcome, at, command.How!.Value, string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
            outsideWindow: preferences?.OutsideWindows(at) == true,
            againstPreferences: outcome == AttemptOutcome.LeftMessage && preferences is { MayLeaveMessage: false },
            user.UserId, user.AgencyCode, now);
        if (task.CountAttempt(outcome, at, options.CurrentValue.RetryAfter, now))
        {
            // Like the deadline's escalation, a case event: the case row is locked for its number.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {task.CaseId} FOR UPDATE", cancellationToken);
            (await db.Cases.SingleAsync(c => c.Id == task.CaseId, cancellationToken)).TaskEscalatedByAttempts(task, user.AgencyCode, now);
        }
        db.TaskAttempts.Add(attempt);
        await gate.LogAsync([(task, decision)], SharingAction.Write, "RecordTaskAttempt", cancellationToken);
        return new AttemptRecorded(TaskAttemptResponse.From(attempt));
    }
}
