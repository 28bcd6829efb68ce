using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Tasks.GetTask;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks.CompleteTask;

/// <summary>Completes a task: who told the victim (the caller), when and how. Stops its escalation.</summary>
/// <param name="Outcome">reached, unreachable or declined.</param>
/// <param name="How">The channel: phone, in_person, video_call, message, letter or other.</param>
/// <param name="Note">What was said or tried.</param>
/// <param name="ContactedAt">When the victim was contacted (UTC); defaults to now; not in the future.</param>
public sealed record CompleteTaskCommand(
    [property: Required] TaskOutcome? Outcome,
    [property: Required] ContactMethod? How,
    [property: MaxLength(CaseTask.MaxNoteLength)] string? Note,
    DateTimeOffset? ContactedAt) : ICommand<TaskCompleted>
{
    [JsonIgnore] public Guid TaskId { get; init; }
}

/// <summary>The completed task (answered 200).</summary>
public sealed record TaskCompleted(TaskResponse Task) : ICreatedResource
{
    public Guid ResourceId => Task.Id;
    public string Location => CaseRoutes.Task(Task.Id);
    public string? ETag => null;
    public int Status => StatusCodes.Status200OK;
}

public sealed class CompleteTaskValidator : AbstractValidator<CompleteTaskCommand>
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public CompleteTaskValidator(TimeProvider time)
    {
        RuleFor(c => c.TaskId).NotEmpty();
        RuleFor(c => c.Outcome).NotNull().IsInEnum();
        RuleFor(c => c.How).NotNull().IsInEnum();
        RuleFor(c => c.Note).MaximumLength(CaseTask.MaxNoteLength);
        RuleFor(c => c.ContactedAt)
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.")
            .When(c => c.ContactedAt is not null);
    }
}

/// <summary>
/// The assignee completes its task, or, once it escalated, the agency it escalated to (both while they see the task's
/// category); the agency whose record raised it reads it but gets 403; anyone else the 404 of a task that does not exist.
/// </summary>
public sealed class CompleteTaskHandler(TacticsDbContext db, ICurrentUser user, TimeProvider time, TaskGate gate)
    : ICommandHandler<CompleteTaskCommand, TaskCompleted>
{
    public async ValueTask<TaskCompleted> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        // The row lock orders a completion and the deadline monitor's escalation: one of them sees the other's outcome.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM tasks WHERE id = {command.TaskId} FOR UPDATE", cancellationToken);
        var row = await gate.Rows(db.Tasks.Where(t => t.Id == command.TaskId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("task");
        var decision = await gate.DecideAsync(row, cancellationToken);
        if (!decision.Visible) throw new NotFoundException("task");
        if (!decision.MayComplete)
        {
            throw new ForbiddenException(ProblemTypes.TaskNotAssignedToCaller, "Only the assignee agency completes the task (or, once it escalated, the agency it escalated to).");
        }

        var task = row.Task;
        var now = time.UtcNowStored();
        var contactedAt = command.ContactedAt?.TruncateToStored() ?? now;
        task.Complete(command.Outcome!.Value, command.How!.Value, string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
            contactedAt > now ? now : contactedAt, user.UserId, user.AgencyCode, now);
        await gate.LogAsync([(task, decision)], SharingAction.Write, "CompleteTask", cancellationToken);
        return new TaskCompleted(TaskResponse.From(task, now));
    }
}
